"""Where the displaced came from when the sentence says it only by what they are: "3.6 million
Syrian refugees", "Zimbabweans ... residing in South Africa as refugees", "Palestinians — who
were forced out or fled". IDMC and ISI code such a movement's origin as the country the
nationality names; the place the sentence does name ("Turkey, which hosts ...") is where they
went. A return runs the other way ("Afghan returnees from Iran" go home), and a nationality that
is the named place's own ("displaced Iraqis in Mosul") adds nothing, so both are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from eventatlas.events import lexicon as lx
from eventatlas.geo.gazetteer import FORM_DEMONYM, shared_gazetteer
from eventatlas.model import Place

PlaceRole = str


def homeland_origin(event_type: str, trigger: Token, moved: Iterable[Span],
                    places: list[tuple[PlaceRole, Place]]) -> list[tuple[PlaceRole, Place]]:
    """`places` with the moved group's nationality as origin, when the sentence names no
    origin of its own; its other places become where the group went."""
    if not event_type.startswith("movement.") or event_type == "movement.return":
        return places
    if any(_returns(word) for word in trigger.ancestors):  # "Afghan refugees returned from"
        return places
    if any(role == "origin" for role, _ in places):
        return places
    origin = _nationality_place(trigger, moved)
    if origin is None or any(place.country_code == origin.country_code for _, place in places):
        return places
    went = [("destination", place) for _, place in places]
    return [("origin", origin), *went]


def _nationality_place(trigger: Token, moved: Iterable[Span]) -> Place | None:
    """The country a nationality word names among the moved group's words ("Syrian refugees",
    "Zimbabweans"), or the words of the noun a relative clause of moving qualifies
    ("Palestinians — who ... fled")."""
    words: list[Token] = [child for child in trigger.children if child.dep_ in ("amod",
                                                                                 "compound")]
    for span in moved:
        words.extend(span)
        if span.root.dep_ == "nummod":  # "Some three million" counts "Zimbabweans"
            words.append(span.root.head)
    if trigger.dep_ in ("relcl", "acl") or (trigger.dep_ == "conj" and trigger.head.dep_ in (
            "relcl", "acl")):
        clause = trigger if trigger.dep_ != "conj" else trigger.head
        words.append(clause.head)
    for word in words:
        if word.ent_type_ == "NORP" and (place := _country_of(word)) is not None:
            return place
    return None


def _returns(word: Token) -> bool:
    lemma = word.lemma_.lower()
    triggers = lx.VERB_TRIGGERS if word.pos_ in ("VERB", "AUX") else lx.NOUN_TRIGGERS
    return triggers.get(lemma) == "movement.return"


def _country_of(word: Token) -> Place | None:
    countries = [c for c in shared_gazetteer().lookup(word.text, every_form=True)
                 if c.form == FORM_DEMONYM and c.kind == "country"]
    if len(countries) != 1:
        return None
    country = countries[0]
    return Place(name=country.name, text=word.text, precision="country",
                 geonameid=country.geonameid, lat=country.lat, lon=country.lon,
                 country_code=country.country_code, basis="context",
                 start=word.idx, end=word.idx + len(word.text))
