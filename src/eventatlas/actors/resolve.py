"""Resolve the words that name a participant ("Senior militants of ISIS", "the group", "dozens of
Kurdish families", "Russia") to an `Actor`, using the ontology and the document read so far."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from eventatlas.actors.ontology import (
    ActorEntry,
    ActorOntology,
    country_code_for,
    country_display_name,
)
from eventatlas.model import Actor, Role

ETHNICITIES = (
    "Kurdish", "Kurds", "Arab", "Arabs", "Yazidi", "Yazidis", "Christian", "Christians",
    "Assyrian", "Assyrians", "Armenian", "Armenians", "Turkmen", "Sunni", "Shia", "Shiite",
    "Alawite", "Alawites", "Druze", "Circassian", "Syriac", "Chaldean", "Shabak", "Palestinian",
)
_ETHNIC = re.compile(r"\b(" + "|".join(ETHNICITIES) + r")\b")
_ETHNIC_CANONICAL = {
    "Kurds": "Kurdish", "Arabs": "Arab", "Yazidis": "Yazidi", "Christians": "Christian",
    "Assyrians": "Assyrian", "Armenians": "Armenian", "Alawites": "Alawite", "Shiite": "Shia",
}
CIVILIAN_NOUNS = re.compile(
    r"\b(civilians?|residents?|families|family|households?|people|villagers|inhabitants|"
    r"displaced|refugees|IDPs|men|women|children|citizens|persons|locals|population|"
    r"Kurds|Arabs|Yazidis|Christians|Assyrians|Alawites|Turkmen|Druze|"
    r"students|workers|farmers|shepherds|journalists?|activists|teachers|doctors|patients)\b",
    re.IGNORECASE,
)
# Members of an armed group: these words next to a group name mean the group itself.
MEMBER_NOUNS = re.compile(
    r"\b(militants?|fighters?|members?|commanders?|leaders?|jihadists?|gunmen|troops|"
    r"soldiers|forces|officials?|emirs?|units?|men)\b",
    re.IGNORECASE,
)
ANAPHORA = re.compile(r"^(?:the\s+)?(?:group|organi[sz]ation|militants|jihadists|"
                      r"extremists|terrorists|it|its|they|them|their)$", re.IGNORECASE)
REGIME = re.compile(r"^(?:the\s+)?(?:regime|government|army|authorities)$", re.IGNORECASE)
PERSON_TITLES = re.compile(r"^(?:Mr|Ms|Mrs|Dr|Gen|General|Col|Colonel|Sheikh|Abu|Umm)\.?\s",
                           re.IGNORECASE)


@dataclass(slots=True)
class ActorContext:
    """What the document has said so far: salience of armed groups, its main country."""

    country_code: str | None = None
    salience: Counter[str] = field(default_factory=Counter)

    def note(self, entry: ActorEntry) -> None:
        if entry.armed:
            self.salience[entry.id] += 1

    def most_salient_armed(self) -> str | None:
        return self.salience.most_common(1)[0][0] if self.salience else None


class ActorResolver:
    def __init__(self, ontology: ActorOntology) -> None:
        self.ontology = ontology

    def note_text(self, text: str, context: ActorContext) -> None:
        """Count the armed groups a stretch of text names, so "the group" can be resolved."""
        for match in self.ontology.find_all(text):
            context.note(match.entry)

    def resolve(
        self, text: str, role: Role, context: ActorContext, *, place_country: str | None = None,
    ) -> Actor | None:
        text = text.strip()
        if not text:
            return None
        found = self.ontology.find_first(text)
        if found is not None and not _is_civilians_of(text, found.text):
            return self._from_entry(found.entry, role, text)
        if (country := country_code_for(text)) and (entry := self.ontology.state_forces(country)):
            return self._from_entry(entry, role, text)
        if CIVILIAN_NOUNS.search(text):
            return self._civilians(text, role, place_country or context.country_code)
        if ANAPHORA.match(text) and (actor_id := context.most_salient_armed()):
            return self._from_entry(self.ontology.get(actor_id), role, text)
        if REGIME.match(text) and context.country_code:
            entry = self.ontology.state_forces(context.country_code)
            return self._from_entry(entry, role, text) if entry else None
        return None

    def resolve_entity(self, text: str, label: str, role: Role) -> Actor:
        """A named entity the ontology does not know: kept as an unknown actor for review."""
        kind = "person" if label == "PERSON" else "unknown"
        return Actor(role=role, name=_strip_article(text), text=text, kind=kind)

    def _from_entry(self, entry: ActorEntry, role: Role, text: str) -> Actor:
        return Actor(role=role, name=entry.name, text=text, kind=entry.kind,
                     actor_id=entry.id, country_code=entry.country)

    def _civilians(self, text: str, role: Role, country: str | None) -> Actor:
        entry = self.ontology.civilians(country)
        ethnic = _ETHNIC.search(text)
        ethnicity = _ETHNIC_CANONICAL.get(ethnic.group(1), ethnic.group(1)) if ethnic else None
        name = f"Civilians ({country_display_name(country)})" if country else entry.name
        return Actor(role=role, name=name, text=text, kind="civilians",
                     actor_id=entry.id, country_code=country, ethnicity=ethnicity)


def _is_civilians_of(text: str, alias_text: str) -> bool:
    """"Kurdish residents of Raqqa" are civilians; "militants of ISIS" are ISIS.

    A phrase naming a group is the group unless its head is a civilian noun that is not one of
    the group's members ("families of ISIS commanders" stay civilians-of-ISIS, handled by events).
    """
    head = text.split(alias_text, 1)[0]
    return bool(CIVILIAN_NOUNS.search(head)) and not MEMBER_NOUNS.search(head)


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def is_person_name(text: str) -> bool:
    return bool(PERSON_TITLES.match(text)) or text.istitle()
