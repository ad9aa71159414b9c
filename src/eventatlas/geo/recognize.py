"""A spaCy component that repairs place entities with the gazetteer, and reads place hints.

The small English model mislabels Middle-Eastern town names: "HASAKAH" and the first "Raqqa" come
out ORG, "Hasakah" and "Palmyra" PERSON, "Raqqa" NORP. `eventatlas_places` (added right after
"ner") relabels such spans GPE when the gazetteer knows a place by that name and the place is
prominent (a country, an admin1 region, a town of ≥ 5,000 people) or lies in a country the
document already names. Guards keep organisations (SDF, YPG, ISIS), peoples (Kurdish, Arab) and
people (Abu Abdullah ... Abdullah said) as they are. It also extends a place over a following
"province"/"governorate"/"district"/"countryside"/"region" and a preceding compass adjective
("northeastern Syria"), so the mention text carries the hint `place_hint` reads.

Scraped text (FA-KES) drops commas and apostrophes, and the model then glues names together:
the component splits a place off the name run into it ("Aleppo the Syrian Observatory ...",
"Deir al-Zor Syrias"), completes a name cut at its hyphen ("Deir" + "ez-Zor"), and keeps news
outlets named like towns ("SANA reported", "Al-Manar reporter") out of the places. What
marks a name as an organisation's, a people's or a person's is in `lookalikes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from eventatlas.geo.gazetteer import Candidate, Gazetteer, shared_gazetteer
from eventatlas.geo.hints import (
    ACRONYM_MAX,
    COMPASS,
    DESIGNATORS,
    EXTENDABLE,
    facility_follows,
    is_acronym,
    strip_hint_words,
    text_hint,
)
from eventatlas.geo.lookalikes import (
    SPEECH_VERBS,
    forget_person_names,
    looks_like_org,
    looks_like_people,
    looks_like_person,
)
from eventatlas.geo.normalize import fold
from eventatlas.model import Mention

COMPONENT = "eventatlas_places"
PLACE_LABELS = frozenset({"GPE", "LOC"})
# The small model also calls little-known towns products or works of art ("Manbij" PRODUCT).
RELABELLED = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART"})
MIN_POPULATION = 5000
# A town this large is meant by its name alone; smaller ones need a place context.
STRONG_POPULATION = 100_000
MAX_RUN = 3

# Verbs whose direct object is usually a place: "fled Manbij", "recaptured Palmyra".
PLACE_VERBS = frozenset({
    "flee", "leave", "escape", "enter", "reach", "storm", "capture", "seize", "recapture",
    "retake", "besiege", "shell", "bomb", "evacuate", "liberate", "overrun", "surround",
    "encircle", "bombard", "raid", "visit",
})
SETTLEMENT_WORDS = frozenset({"city", "town", "village", "outskirts", "suburb", "suburbs"})
ROUTE_WORDS = frozenset({"road", "highway", "route", "motorway"})
# Words after a news outlet's name: "SANA reporter", "Al-Manar TV".
NEWSROOM_WORDS = frozenset({
    "reporter", "reporters", "correspondent", "correspondents", "tv", "television", "channel",
    "agency", "news", "newspaper", "daily", "radio", "website",
})
# Words that only organisations' names contain.
ORGANISATION_WORDS = frozenset({
    "observatory", "ministry", "council", "committee", "commission", "agency", "organisation",
    "organization", "rights", "union", "coalition", "forces", "army", "front", "party",
    "movement", "network", "institute", "foundation", "office", "department", "court",
})
LOCATIVE_WORDS = frozenset({
    "in", "at", "from", "to", "near", "into", "toward", "towards", "outside", "inside", "across",
    "around", "through", "via", "between", "outskirts", "entered", "captured", "reached",
    "escaped", "fled", "left", "stormed", "besieged", "shelled", "bombed",
})
DASHES = frozenset({"–", "—", "-", "--"})
# Capitalised common nouns that are also town names somewhere.
COMMON_WORDS = frozenset({
    "god", "police", "state", "west", "east", "north", "south", "commissioner", "secretary",
    "justice", "room", "casino", "president", "congress", "senate", "church", "court", "city",
    "county", "hospital", "university", "army", "council", "mayor", "governor", "minister",
    # Generic place words, capitalised in title-case headlines ("F-16 Jets in Area").
    "area", "village", "town", "province", "region", "district", "border", "capital",
    "countryside", "suburb", "suburbs", "camp", "base", "outskirts",
})

if not Span.has_extension("place_hint"):
    Span.set_extension("place_hint", getter=lambda span: place_hint(span))


def place_hint(span: Span) -> str | None:
    """What kind of place the words around `span` say it is, if they say.

    "admin1" (X province/governorate/countryside/region), "admin2" (X district/county),
    "city" (the city/town/village of X), "region" (northern Syria: the wider area, not a town),
    "route" (the road between X and Y: both ends are settlements).
    """
    return text_hint(span.text) or _context_hint(span)


def _context_hint(span: Span) -> str | None:
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    # The span and the few words after it, not `doc.text`: that joins the whole document again.
    window = doc[span.start:min(span.end + 3, len(doc))]
    if facility_follows(window.text, span.end_char - window.start_char):
        return "facility"  # "Al-Hol camp", "Kakuma refugee camp", "Bagram air base"
    if after in DESIGNATORS:
        return DESIGNATORS[after]
    before = [token.lower_ for token in doc[max(span.start - 3, 0):span.start]]
    if before[-2:-1] and before[-1] == "of" and before[-2] in SETTLEMENT_WORDS:
        return "city"
    if before and COMPASS.match(before[-1]):
        return "region"
    return "route" if _in_route(span) else None


def _in_route(span: Span) -> bool:
    """True for X and Y in "the road between X and Y" (also "from X to Y" after a road word)."""
    window = span.doc[max(span.sent.start, span.start - 6):span.start]
    lowered = [token.lower_ for token in window]
    if "between" not in lowered and "from" not in lowered:
        return False
    return any(word in ROUTE_WORDS for word in lowered)


class PlaceRecognizer:
    """The `eventatlas_places` component: relabels gazetteer places, extends hinted spans."""

    def __init__(self, gazetteer: Gazetteer, min_population: int = MIN_POPULATION) -> None:
        self.gazetteer = gazetteer
        self.min_population = min_population

    def __call__(self, doc: Doc) -> Doc:
        countries = self._doc_countries(doc.ents)
        spans: list[Span] = []
        for ent in doc.ents:
            if split := self._split_possessive(ent) or self._split_at_article(ent, countries):
                spans.extend(split)
            elif ent.label_ in RELABELLED and self._is_place(ent, countries):
                spans.append(Span(doc, ent.start, ent.end, label="GPE"))
            elif ent.label_ in PLACE_LABELS and (self._is_organisation(ent)
                                                 or self._is_outlet(ent)):
                spans.append(Span(doc, ent.start, ent.end, label="ORG"))
            else:
                spans.append(ent)
        for run in _propn_runs(doc):
            if split := self._split_possessive(run):
                spans.extend(split)
            elif self._is_place(run, countries):
                spans.append(run)
        spans = [_extend(self._complete_name(span)) if span.label_ in PLACE_LABELS else span
                 for span in spans]
        doc.set_ents(filter_spans(spans))
        forget_person_names(doc)  # read from the entities before this pass
        return doc

    def _split_possessive(self, span: Span) -> list[Span]:
        """"Syrias Aleppo": scraped text (FA-KES) drops the apostrophe of "Syria's", and the
        model reads owner and place as one name. Split off the owner when it is a country or
        region and what follows it starts with a gazetteer name; the possessive itself says
        the second name is a place in the first."""
        if len(span) < 2:
            return []
        doc = span.doc
        if self._possessive_owner(span[0]):
            for end in range(span.end, span.start + 1, -1):
                if self.gazetteer.lookup(doc[span.start + 1:end].text):
                    return [Span(doc, span.start, span.start + 1, label="GPE"),
                            Span(doc, span.start + 1, end, label="GPE")]
        # "near the city of Deir al-Zor Syrias SANA ...": the owner of the next phrase glued
        # to the end of a place name.
        if self._possessive_owner(span[-1]) and self.gazetteer.lookup(span[:-1].text):
            return [Span(doc, span.start, span.end - 1, label="GPE"),
                    Span(doc, span.end - 1, span.end, label="GPE")]
        return []

    def _possessive_owner(self, token: Token) -> bool:
        """"Syrias": a country or region with the apostrophe of its "'s" dropped."""
        if not token.is_title or not token.lower_.endswith("s"):
            return False
        return not self.gazetteer.lookup(token.text) and any(
            c.kind in ("country", "admin1") for c in self.gazetteer.lookup(token.text[:-1]))

    def _split_at_article(self, span: Span, countries: set[str]) -> list[Span]:
        """"Aleppo the Syrian Observatory for Human Rights said": with the comma scraped away
        the model runs a place and the next name into one entity. A lowercase "the" inside an
        entity starts a new phrase; split there when what comes before it is a place."""
        doc = span.doc
        cut = next((token.i for token in span[1:] if token.text == "the"), None)
        if cut is None:
            return []
        head = Span(doc, span.start, cut, label=span.label_)
        is_place = (bool(self.gazetteer.lookup(strip_hint_words(head.text)))
                    if span.label_ in PLACE_LABELS else self._is_place(head, countries))
        if not is_place:
            return []
        return [Span(doc, span.start, cut, label="GPE"),
                Span(doc, cut, span.end, label=span.label_)]

    def _complete_name(self, span: Span) -> Span:
        """"Deir" + "ez-Zor": the model can stop a name before its hyphenated second half (an
        Arabic article joined to a word). Take the longer name when only it is a place."""
        doc = span.doc
        if self.gazetteer.lookup(strip_hint_words(span.text)):
            return span
        for end in range(min(span.end + 3, len(doc)), span.end, -1):
            tail = doc[span.end:end]
            if "-" not in (token.text for token in tail) or not tail[-1].is_alpha:
                continue
            if any(token.is_space or token.ent_type_ in ("PERSON", "ORG") for token in tail):
                continue
            if self.gazetteer.lookup(doc[span.start:end].text):
                return Span(doc, span.start, end, label=span.label_)
        return span

    def _is_outlet(self, span: Span) -> bool:
        """"SANA reported", "told SANA reporter", "Al-Manar TV": a news outlet that shares a
        spelling with some town (Sanaa, Mannar). An acronym that speaks, or a name before a
        newsroom word that is no well-known place ("Damascus correspondent" stays a place)."""
        doc = span.doc
        following = doc[span.end].lower_ if span.end < len(doc) else ""
        root = span.root
        speaks = (root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_VERBS) or (
            span.end < len(doc) and doc[span.end].lemma_ in SPEECH_VERBS)
        if is_acronym(span.text) and (speaks or following in NEWSROOM_WORDS):
            # "US", "UK" say something as countries; "SANA" is no spelling of Sanaa.
            return not any(c.kind in ("country", "continent") or (
                c.kind == "admin1" and fold(c.name) == fold(span.text))
                for c in self.gazetteer.lookup(span.text))
        return following in NEWSROOM_WORDS and not any(
            _well_known(c) for c in self.gazetteer.lookup(span.text))

    def _is_organisation(self, span: Span) -> bool:
        """The model's GPE "the Syrian Observatory for Human Rights": named like an
        organisation and unknown to the gazetteer."""
        words = {token.lower_ for token in span}
        return bool(words & ORGANISATION_WORDS) and not self.gazetteer.lookup(
            strip_hint_words(span.text))

    def _doc_countries(self, ents: Iterable[Span]) -> set[str]:
        """Countries the document names, or whose large cities it names as GPE."""
        found: set[str] = set()
        for ent in ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            for candidate in self.gazetteer.lookup(ent.text):
                big = candidate.kind == "city" and candidate.population >= STRONG_POPULATION
                if candidate.country_code and (candidate.kind == "country" or big):
                    found.add(candidate.country_code)
        return found

    def _is_place(self, span: Span, countries: set[str]) -> bool:
        if (looks_like_org(span) or looks_like_people(span, self._is_well_known_name)
                or looks_like_person(span, self._is_well_known_name)):
            return False
        if span.text.casefold() in COMMON_WORDS or self._is_outlet(span):
            return False
        candidates = self.gazetteer.lookup(strip_hint_words(span.text))
        if is_acronym(span.text):
            return any(c.kind == "city" and c.population >= STRONG_POPULATION for c in candidates)
        if any(_well_known(c) for c in candidates):
            return True
        # Smaller towns share names with surnames (Jones, Meredith): ask for a place context too.
        return any(self._prominent(c, countries) for c in candidates) and _locative(span)

    def _is_well_known_name(self, word: str) -> bool:
        if not word[:1].isupper():
            return False
        if any(_well_known(c) for c in self.gazetteer.lookup(word)):
            return True
        # "Syrias" (apostrophe dropped) vouches like "Syria" does.
        return word.endswith("s") and any(c.kind in ("country", "admin1")
                                          for c in self.gazetteer.lookup(word[:-1]))

    def _prominent(self, candidate: Candidate, countries: set[str]) -> bool:
        if candidate.population >= self.min_population:
            return True
        return candidate.country_code in countries


def _well_known(candidate: Candidate) -> bool:
    """Countries, admin1 regions, continents and large cities: their names mean the place on
    their own. Counties and districts do not: "Somerset" and "Devon" are surnames too."""
    if candidate.kind == "city":
        return candidate.population >= STRONG_POPULATION
    return candidate.kind != "admin2"


def _locative(span: Span) -> bool:
    """Words around the span that introduce a place: "in X", "X, Ohio", "the town of X"."""
    doc = span.doc
    if place_hint(span) is not None or _is_dateline(span):
        return True
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and (before.lower_ in LOCATIVE_WORDS or before.lemma_ in PLACE_VERBS):
        return True
    if _preposition_before_modifiers(span):
        return True
    after = doc[span.end:span.end + 2]
    return len(after) == 2 and after[0].text == "," and after[1].ent_type_ in ("GPE", "LOC")


def _preposition_before_modifiers(span: Span, reach: int = 5) -> bool:
    """"in rebel-held Khan Sheikhoun", "near the besieged X": a locative word before the
    adjectives, participles and hyphenated modifiers in front of the name."""
    doc = span.doc
    for i in range(span.start - 1, max(span.sent.start, span.start - reach) - 1, -1):
        token = doc[i]
        if token.lower_ in LOCATIVE_WORDS and token.pos_ == "ADP":
            return i < span.start - 1
        hyphenated = token.text == "-" or (i + 1 < len(doc) and doc[i + 1].text == "-")
        if not (hyphenated or token.pos_ in ("ADJ", "DET") or token.tag_ == "VBN"):
            return False
    return False


def _is_dateline(span: Span) -> bool:
    """A name opening its line and followed by a dash: "HASAKAH – As the battle..."."""
    doc = span.doc
    opens = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
    return opens and span.end < len(doc) and doc[span.end].text in DASHES




def _run_token(token: Token) -> bool:
    if token.ent_type_ or not token.is_alpha:
        return False
    if token.pos_ == "PROPN" and (token.is_title or token.is_upper):
        return True
    # Datelines are often tagged NOUN: "HASAKAH –".
    return token.is_upper and len(token) > ACRONYM_MAX - 1 and token.pos_ in ("NOUN", "ADJ", "X")


def _propn_runs(doc: Doc) -> Iterator[Span]:
    """Capitalised proper-noun runs of 1–3 tokens outside every entity."""
    start = None
    for token in [*doc, None]:
        if token is not None and _run_token(token):
            start = token.i if start is None else start
            continue
        if start is not None:
            end = token.i if token is not None else len(doc)
            if end - start <= MAX_RUN:
                yield Span(doc, start, end, label="GPE")
            start = None


def _extend(span: Span) -> Span:
    """Fold "province"/"district"... after, or a compass adjective before, into the place."""
    doc = span.doc
    start, end = span.start, span.end
    if end < len(doc) and doc[end].lower_ in EXTENDABLE and not doc[end].ent_type_:
        end += 1
    if start > 0 and COMPASS.match(doc[start - 1].lower_) and not doc[start - 1].ent_type_:
        start -= 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)


@Language.factory(
    COMPONENT,
    default_config={"gazetteer_path": None, "min_population": MIN_POPULATION},
)
def make_place_recognizer(
    nlp: Language, name: str, gazetteer_path: str | None, min_population: int
) -> PlaceRecognizer:
    """Factory: `nlp.add_pipe("eventatlas_places", after="ner")`."""
    path = Path(gazetteer_path) if gazetteer_path else None
    return PlaceRecognizer(shared_gazetteer(path), min_population=min_population)


def add_to_pipeline(nlp: Language, gazetteer_path: Path | None = None) -> PlaceRecognizer:
    """Add the component right after "ner" (idempotent); returns it."""
    if COMPONENT in nlp.pipe_names:
        return nlp.get_pipe(COMPONENT)
    config = {"gazetteer_path": str(gazetteer_path) if gazetteer_path else None}
    return nlp.add_pipe(COMPONENT, after="ner", config=config)


def place_mentions(doc: Doc) -> tuple[list[Mention], dict[tuple[int, int], str]]:
    """GPE/LOC entities as `Mention`s, with their hints keyed by (start, end) char offsets."""
    sentences = {sent.start: i for i, sent in enumerate(doc.sents)} if doc.has_annotation(
        "SENT_START") else {}
    mentions, hints = [], {}
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        sentence = sentences.get(ent.sent.start, 0) if sentences else 0
        mentions.append(Mention(ent.start_char, ent.end_char, ent.text, ent.label_, sentence))
        hint = place_hint(ent)
        if hint:
            hints[(ent.start_char, ent.end_char)] = hint
    return mentions, hints
