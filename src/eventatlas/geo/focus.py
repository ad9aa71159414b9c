"""Where a story's events may take place, and the place it is about.

`story_places` is the geo stage as the pipeline runs it: it resolves the story's place mentions
(with the recogniser's hints, and the countries of the story's actors as evidence), sets aside
the reporter's dateline left inline in the text ("BEIRUT", "MOSCOW (Sputnik) —"), which is no
event's setting, and picks the report's focus: the town it keeps naming, not counting the
dateline, tag lists, names that describe something else ("the London-based Observatory") or a
capital standing for its government ("Ankara says"). Events with no place of their own fall
back on the focus; actors are read in the focus's country.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

from eventatlas.actors.resolve import ActorResolver
from eventatlas.events.lexicon import REPORTING_VERBS
from eventatlas.events.place_words import acts_on_something, names_something_else
from eventatlas.geo.admin1_names import shipped_names
from eventatlas.geo.chains import find_chains, qualifier_regions
from eventatlas.geo.country_prior import story_country
from eventatlas.geo.resolve import PlaceResolver
from eventatlas.model import Document, Mention, Place

# The entity labels resolved as places (the resolver then keeps its own `PLACE_LABELS`).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

CharSpan = tuple[int, int]  # a mention's (start, end) character offsets
ROAD_WORDS = frozenset({"road", "highway", "motorway"})


@dataclass(frozen=True, slots=True)
class StoryPlaces:
    """A story's resolved places (less inline datelines), its focus and its main country."""

    places: dict[CharSpan, Place]
    focus: Place | None
    country: str | None  # the focus's country, else the one most places lie in


def story_places(document: Document, doc: Doc, resolver: PlaceResolver,
                 actors: ActorResolver) -> StoryPlaces:
    """The places of `document` (its mentions already read from `doc`, the parse of its
    text), where its events may take place, and what it is about."""
    story = story_countries(actors, document.text)
    places = _resolve_places(document, doc, resolver, story)
    places.update(qualifier_regions(document.text, places, resolver.gazetteer))
    datelines = inline_datelines(document.text, places)  # the text `doc` was parsed from
    chained = _chain_spans(document.text)
    candidates = {span: place for span, place in places.items()
                  if span not in datelines and not _stands_for_government(doc, span)}
    # A part of a hierarchy ("Dona border (Kanaighat, Sylhet)", "in Gidan woreda (North Wello,
    # Amhara)") says where, however the parse hangs it on its neighbours.
    settings = {span: place for span, place in candidates.items()
                if span in chained or not _describes_something_else(doc, span, place)}
    focus = focus_place(settings, document.mentions, document.dateline, document.text,
                        document.title)
    if focus is None:
        focus = _fallback_focus(doc, candidates, document, _supported(story, document.text))
    # Where the reporter filed from is no event's setting.
    return StoryPlaces(
        places={span: place for span, place in places.items() if span not in datelines},
        focus=focus,
        country=focus.country_code if focus else _main_country(places),
    )


def _chain_spans(text: str) -> set[CharSpan]:
    return {(part.start, part.end) for parts, structural in find_chains(text) if structural
            for part in parts}


def _fallback_focus(doc: Doc, places: dict[CharSpan, Place], document: Document,
                    supported: set[str]) -> Place | None:
    """With no setting, a place the parse hangs on another word still says more than nothing
    ("Dona border (Kanaighat, Sylhet)", "the Mpeketoni-Lamu road", "(Jessore) BNP's office"),
    unless it only qualifies something ("the London-based Observatory") or lies outside the
    countries the story's actors and the country prior support ("AL" for the Awami League is
    no reason to place a Bangladeshi clash in Alabama). A town naming the road where things
    happened is near them: ACLED's precision 2."""
    kept = {span: place for span, place in places.items()
            if not _QUALIFIER_AFTER.match(document.text, span[1])
            and (not supported or place.country_code in supported)}
    found = focus_place(kept, document.mentions, document.dateline, document.text,
                        document.title)
    if found is None and supported:
        # "Kenya's president deployed the army": the story's own country, named, is still
        # where it happened, at ACLED's precision 3; a country only the story's actors or the
        # prior point to is not named, and a neighbour named in passing ("near the Somali
        # border") is not supported.
        return _most_named(kept, document.mentions, document.dateline, ("country",))
    if found is None or found.start is None or found.end is None:
        return found
    if found.precision in ("town", "point") and _names_a_road(doc, (found.start, found.end)):
        return dataclasses.replace(found, precision="admin2")
    return found


# "London-based", "US-led", "Iran-backed": a name made into an adjective of something else.
_QUALIFIER_AFTER = re.compile(r"-(?:based|led|backed|born|made|owned|funded|run)\b")


def _names_a_road(doc: Doc, span: CharSpan) -> bool:
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    return words is not None and words.root.head.lemma_.casefold() in ROAD_WORDS


def _supported(story: dict[str, float], text: str) -> set[str]:
    """The countries the story's actors and the sure country prior point to."""
    learned = story_country(text)
    return set(story) | ({learned.code} if learned is not None else set())


def _resolve_places(document: Document, doc: Doc, resolver: PlaceResolver,
                    story: dict[str, float]) -> dict[CharSpan, Place]:
    mentions = [m for m in document.mentions if m.label in PLACE_LABELS]
    hints = {(ent.start_char, ent.end_char): ent._.place_hint for ent in doc.ents
             if ent.label_ in PLACE_LABELS and ent._.place_hint}
    story = dict(story)
    learned = story_country(document.text)
    names = [m.text for m in mentions] + _chain_part_names(document.text)
    if learned is not None and (learned.probability >= VETO_PROBABILITY
                                or _could_be_in(learned.code, names, resolver)):
        story[learned.code] = story.get(learned.code, 0.0) + PRIOR_VOTES
    mentions += promoted_mentions(document, mentions, set(story), resolver)
    return resolver.resolve_mentions(mentions, document.dateline, hints, text=document.text,
                                     story=story)


# Words before a name that make it the place where something happened ("in Markoye", "at
# Tigoni", "near Siaton"), whatever the parse labelled the name.
LOCATIVE_WORDS = frozenset({"in", "at", "near", "around", "outside", "of", "from", "to"})
# Labels the parse gives place names it does not know: "Markoye" PERSON, "Oudalan" ORG,
# "Artibonite" NORP.
MISLABELLED = frozenset({"PERSON", "ORG", "NORP", "FAC"})


def promoted_mentions(document: Document, places: list[Mention], countries: set[str],
                      resolver: PlaceResolver) -> list[Mention]:
    """Names the parse did not label as places that are places of the story's own countries
    (its actors', the sure country prior's): the parts of its hierarchies ("Tokabangou
    (Markoye, Oudalan)", "Shevchenkove, Mykolaiv") and names labelled PERSON, ORG, NORP or
    FAC right after "in", "at", "near" ... ("in Markoye"). ACLED's notes name villages and
    districts the parse has never seen; a name that is a place only in another country, or
    not written as a place, stays what the parse made it."""
    if not countries:
        return []
    taken = [(m.start, m.end) for m in places]
    found: list[Mention] = []
    text = document.text
    spans = [(part.start, part.end) for parts, _ in find_chains(text) for part in parts]
    spans += [(m.start, m.end) for m in document.mentions if m.label in MISLABELLED
              and _after_locative_word(text, m.start)]
    for start, end in spans:
        name = text[start:end]
        if any(start < e and s < end for s, e in taken) or not _is_place_in(
                name, countries, resolver):
            continue
        taken.append((start, end))
        found.append(Mention(start=start, end=end, text=name, label="GPE"))
    return found


def _after_locative_word(text: str, start: int) -> bool:
    before = text[max(0, start - 20):start].split()
    words = [w.casefold() for w in before[-2:]]
    if words and words[-1] == "the":
        words = words[:-1]
    return bool(words) and words[-1] in LOCATIVE_WORDS


def _is_place_in(name: str, countries: set[str], resolver: PlaceResolver) -> bool:
    """Whether `name` is the name (not an abbreviation or demonym) of a town, district or
    province in one of `countries`, or ACLED's name of one there (`admin1_names`)."""
    found = resolver.gazetteer.lookup(name) or shipped_names().places(resolver.gazetteer, name)
    return any(c.country_code in countries and c.kind in ("city", "admin2", "admin1")
               for c in found)


# The learned country prior (`geo.country_prior`), when sure and when one of the story's place
# names can be in its country, counts as much as two of the story's actors.
PRIOR_VOTES = 2.0
VETO_PROBABILITY = 0.99


def _chain_part_names(text: str) -> list[str]:
    """The names in the text's hierarchies ("Tokabangou (Markoye, Oudalan)", "Shevchenkove,
    Mykolaiv"), place names however the parse labelled them (often PERSON or ORG)."""
    return [part.text for parts, _ in find_chains(text) for part in parts]


def _could_be_in(code: str, names: list[str], resolver: PlaceResolver) -> bool:
    """Whether one of the story's place names (its place mentions, the parts of its
    hierarchies) is the name of a place in that country (or
    ACLED's name of a district there the gazetteer lacks, `admin1_names`): the
    prior learned from ACLED's notes only tips a choice the gazetteer offers (on US local news
    it reads "County" as Kenyan, but no "Douglas" lies in Kenya)."""
    regions = shipped_names()
    return any(candidate.country_code == code for name in names
               for candidate in (resolver.gazetteer.lookup(name)
                                 or regions.places(resolver.gazetteer, name)))


# An actor counts for its home country at most this many times: a story naming the Taliban,
# Afghan forces and Afghan civilians is Afghan three times over, but no more certainly so than
# its place names can outweigh.
STORY_ACTOR_CAP = 3


def story_countries(actors: ActorResolver, text: str) -> dict[str, float]:
    """The countries the story's actors belong to (the actor ontology's country codes: Taliban
    AF, Houthis YE, al-Shabaab SO, MONUSCO CD), one vote per distinct actor, at most
    STORY_ACTOR_CAP per country. An alias several countries' actors share says nothing."""
    seen: dict[str, set[str]] = {}
    for match in actors.ontology.find_all(text):
        countries = {entry.country for entry in match.candidates or (match.entry,)}
        if len(countries) == 1 and (code := countries.pop()):
            seen.setdefault(code, set()).add(match.entry.id)
    return {code: float(min(len(ids), STORY_ACTOR_CAP)) for code, ids in seen.items()}


def _describes_something_else(doc: Doc, span: tuple[int, int], place: Place) -> bool:
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    return words is not None and names_something_else(words.root, place.precision)


# How far into the text a capitalised town can still be the dateline the cleaner left inline
# ("Last updated ... BEIRUT A Russian air strike killed ..."), and the shortest such name (so
# acronyms like "US", "UK" stay places).
DATELINE_WINDOW = 300
DATELINE_MIN_LETTERS = 4
DATELINE_FOLLOWERS = frozenset({"(", "–", "—", "-", "--", ":", ","})
# What a government does, not a town: "Ankara says", "Moscow denied", "Tehran backs".
GOVERNMENT_VERBS = REPORTING_VERBS | {
    "deny", "accuse", "back", "support", "warn", "urge", "reject", "call", "blame", "demand",
    "want", "condemn", "insist", "send", "threaten", "vow", "agree", "refuse", "seek",
}


def inline_datelines(full_text: str,
                      places: dict[tuple[int, int], Place]) -> set[tuple[int, int]]:
    """Town names in capitals that open the report or precede "(Agency)" / a dash: the
    reporter's dateline ("BEIRUT", "MOSCOW (Sputnik) —") that scraping left in the text.
    `full_text` is the parsed text itself (`Doc.text` rebuilds it token by token)."""
    found = set()
    for (start, end), place in places.items():
        text = full_text[start:end]
        if place.precision != "town" or not text.isupper() or sum(
                c.isalpha() for c in text) < DATELINE_MIN_LETTERS:
            continue
        following = full_text[end:end + 3].strip()[:1]
        if _in_capitals_run(full_text, start):
            continue  # a word of an all-caps headline ("AIR STRIKES HIT RAQQA"), not a dateline
        if start < DATELINE_WINDOW or following in DATELINE_FOLLOWERS:
            found.add((start, end))
    return found


def _in_capitals_run(text: str, start: int) -> bool:
    # The last word before `start` (split from the right: the text can be long).
    before = text[:start].rsplit(None, 1)
    previous = before[-1] if before else ""
    return previous.isalpha() and previous.isupper() and len(previous) > 1


def _stands_for_government(doc: Doc, span: tuple[int, int]) -> bool:
    """"Ankara says", "Moscow denied", "Tehran backs", "Moscow launched air strikes": a capital
    as the active subject of a verb is its government, an actor rather than where anything
    happened."""
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    if words is None:
        return False
    root = words.root
    return root.dep_ == "nsubj" and (root.head.lemma_ in GOVERNMENT_VERBS
                                     or acts_on_something(root))


# A town named in the headline is what the report is about, worth this many mentions in the body;
# a mention of its province counts for it too ("Idlib province" three times, "Aleppo" once).
HEADLINE_WEIGHT = 2.0
REGION_WEIGHT = 0.5
# The lead counts as the headline: a report's first sentences name where the incident was.
LEAD_SENTENCES = 3
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\d\"])")
# Page furniture listing the story's tags ("Tags Russia Syria Assad Deir az-Zour"): keywords,
# not mentions, and the list runs to the next full stop.
_TAG_LIST = re.compile(r"\b(?:Tags?|Topics|Keywords)\b:?\s+(?:[A-Z][\w'-]*\s+){0,12}$")


def focus_place(places: dict[tuple[int, int], Place], mentions: list[Mention],
                dateline: str | None, text: str = "", title: str | None = None) -> Place | None:
    """The town the report is about: the most often named town of the report's main country,
    not counting the dateline (where the reporter filed from) or tag lists, with the headline's
    towns and the provinces around each town weighing in. Ties go to the first named."""
    headline_end = _lead_end(text, len(title)) if title and text.startswith(title) else 0
    kept = {span: place for span, place in places.items() if not _in_tag_list(text, span[0])}
    towns = _most_named(kept, mentions, dateline, ("town", "point"), headline_end)
    # No town: the province the report keeps naming ("Russian strikes in Deir Ezzor province")
    # still says more than the country.
    return towns or _most_named(kept, mentions, dateline, ("admin2", "admin1"), headline_end)


def _lead_end(text: str, headline_end: int) -> int:
    """Where a report's lead ends: its first LEAD_SENTENCES sentences after the headline (news
    states the incident and its place first, the background after; the first body sentence
    often repeats the headline after a date)."""
    end = headline_end
    for _ in range(LEAD_SENTENCES):
        found = _SENTENCE_END.search(text, end)
        if found is None:
            return end
        end = found.end()
    return end


def _in_tag_list(text: str, start: int) -> bool:
    return bool(text) and _TAG_LIST.search(text[max(0, start - 120):start]) is not None


def _most_named(places: dict[tuple[int, int], Place], mentions: list[Mention],
                dateline: str | None, precisions: tuple[str, ...],
                headline_end: int = 0) -> Place | None:
    counts: Counter[str] = Counter()
    first: dict[str, Place] = {}
    dateline_span = _dateline_span(mentions, dateline)
    country = _main_country(places)
    regions = Counter(place.admin1 for place in places.values()
                      if place.precision == "admin1" and place.country_code == country)
    for span in sorted(places):
        place = places[span]
        if place.precision not in precisions or span == dateline_span:
            continue
        if country and place.country_code != country:
            continue
        counts[place.name] += HEADLINE_WEIGHT if span[0] < headline_end else 1.0
        if place.name not in first and place.precision != "admin1":
            counts[place.name] += REGION_WEIGHT * regions[place.admin1]
        first.setdefault(place.name, place)
    if not counts:
        return None
    best = max(counts, key=lambda name: (counts[name], -list(first).index(name)))
    return first[best]


def _dateline_span(mentions: list[Mention], dateline: str | None) -> tuple[int, int] | None:
    if not dateline:
        return None
    for mention in mentions:
        if mention.text.casefold() == dateline.casefold():
            return (mention.start, mention.end)
    return None


def _main_country(places: dict[tuple[int, int], Place]) -> str | None:
    counts = Counter(place.country_code for place in places.values() if place.country_code)
    return counts.most_common(1)[0][0] if counts else None
