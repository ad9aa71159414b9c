"""Resolve the words that name a participant ("Senior militants of ISIS", "the group", "dozens of
Kurdish families", "Russia", "coalition warplanes") to an `Actor`, using the ontology and what the
document has said so far.

Order of the rules (first that applies wins): a named group's alias; a country; civilians (typed
by nationality, ethnicity or religion); noun phrases that stand for a group in context ("the
group", "the jihadists", "Kurdish forces", "pro-government militias", "the regime", "security
forces"); otherwise nothing, and the caller may keep a named entity as an unknown actor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from eventatlas.actors.ontology import (
    ActorEntry,
    ActorOntology,
    AliasMatch,
    country_code_for,
    country_display_name,
    country_for_demonym,
)
from eventatlas.model import Actor, Role

# Ethnic and religious identities, as the text writes them -> the canonical word.
IDENTITIES: dict[str, str] = {
    "Kurdish": "Kurdish", "Kurds": "Kurdish", "Kurd": "Kurdish",
    "Arab": "Arab", "Arabs": "Arab", "Bedouin": "Bedouin", "Bedouins": "Bedouin",
    "Yazidi": "Yazidi", "Yazidis": "Yazidi", "Yezidi": "Yazidi", "Yezidis": "Yazidi",
    "Ezidi": "Yazidi", "Ezidis": "Yazidi",
    "Christian": "Christian", "Christians": "Christian", "Assyrian": "Assyrian",
    "Assyrians": "Assyrian", "Armenian": "Armenian", "Armenians": "Armenian",
    "Syriac": "Syriac", "Chaldean": "Chaldean", "Chaldeans": "Chaldean",
    "Turkmen": "Turkmen", "Turkoman": "Turkmen", "Turkomans": "Turkmen",
    "Sunni": "Sunni", "Sunnis": "Sunni", "Shia": "Shia", "Shiite": "Shia", "Shiites": "Shia",
    "Shi'ite": "Shia", "Shi'ites": "Shia", "Alawite": "Alawite", "Alawites": "Alawite",
    "Druze": "Druze", "Circassian": "Circassian", "Circassians": "Circassian",
    "Shabak": "Shabak", "Ismaili": "Ismaili", "Ismailis": "Ismaili", "Kakai": "Kakai",
    "Mandaean": "Mandaean", "Mandaeans": "Mandaean", "Muslim": "Muslim", "Muslims": "Muslim",
    "Jewish": "Jewish", "Jews": "Jewish", "Palestinian": "Palestinian",
    "Palestinians": "Palestinian",
}
_IDENTITY = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, IDENTITIES)) + r")(?![\w-])")
CIVILIAN_NOUNS = re.compile(
    r"\b(civilians?|residents?|families|family|households?|people|villagers|inhabitants|"
    r"displaced|refugees|IDPs|men|women|children|citizens|persons|locals|population|"
    r"Kurds|Arabs|Yazidis|Yezidis|Christians|Assyrians|Alawites|Turkmen|Druze|"
    r"students|workers|farmers|shepherds|journalists?|activists|teachers|doctors|patients|"
    r"worshippers|pilgrims|protesters|demonstrators|detainees|prisoners|hostages|"
    r"(?:wo)?m[ae]n|boys?|girls?|babies|infants|elderly|minors|passengers|"
    r"Syrians|Iraqis|Afghans|Palestinians|Lebanese|Yemenis|Libyans)\b",
    re.IGNORECASE,
)
# Members of an armed group: these words next to a group name mean the group itself.
MEMBER_NOUNS = re.compile(
    r"\b(militants?|fighters?|members?|commanders?|leaders?|jihadists?|gunmen|troops|"
    r"soldiers|forces|officials?|emirs?|units?|men|operatives|cells?|snipers?|"
    r"warplanes|jets|aircraft|helicopters|drones|artillery|positions|militiamen)\b",
    re.IGNORECASE,
)
_DET = r"^(?:the|these|those|this|that|its|their|some|many|several|dozens of|hundreds of)\s+"
# Words that stand for a group already named ("the group" said, "the organisation's fighters").
GROUP_ANAPHORA = re.compile(r"^(?:(?:the|this|that|its|their)\s+)?(?:(?:armed|militant|"
                            r"extremist|radical|same|whole)\s+)?(?:group|organi[sz]ation|"
                            r"movement|faction|militia)(?:'s)?(?:\s+\w+)?$", re.IGNORECASE)
PRONOUNS = re.compile(r"^(?:it|its|they|them|their)$", re.IGNORECASE)
JIHADIST_WORDS = re.compile(r"\b(?:jihadists?|jihadis|extremists?|terrorists?|islamists?|"
                            r"takfiris?)\b", re.IGNORECASE)
REBEL_WORDS = re.compile(r"\b(?:rebels?|insurgents?|opposition)\b", re.IGNORECASE)
MILITANT_WORDS = re.compile(r"\b(?:militants?|fighters?|gunmen)\b", re.IGNORECASE)
FORCE_WORDS = re.compile(r"\b(?:forces?|troops|soldiers|army|fighters|militias?|militiamen|"
                         r"units|warplanes|jets|aircraft|helicopters|artillery|police|"
                         r"military)\b", re.IGNORECASE)
PRO_GOVERNMENT = re.compile(r"\b(?:pro-(?:government|regime|Assad)|loyalist|regime-backed|"
                            r"government-backed|regime|shabiha)\b", re.IGNORECASE)
MILITIA_WORDS = re.compile(r"\b(?:militias?|militiamen|paramilitar(?:y|ies)|shabiha)\b",
                           re.IGNORECASE)
REGIME = re.compile(r"^(?:the\s+)?(?:regime|government|army|military|authorities|"
                    r"(?:government|security|state|regime|army)\s+(?:forces|troops|soldiers)|"
                    r"troops|soldiers|security forces)$", re.IGNORECASE)
POLICE = re.compile(r"^(?:the\s+)?(?:local\s+)?(?:police(?:men)?|police\s+(?:forces|officers))$",
                    re.IGNORECASE)
PERSON_TITLES = re.compile(r"^(?:Mr|Ms|Mrs|Dr|Gen|General|Col|Colonel|Sheikh|Abu|Umm)\.?\s",
                           re.IGNORECASE)
# A person's role word: with a group or nationality before it the person speaks or acts for it.
OFFICE_WORDS = re.compile(r"\b(?:president|minister|premier|spokes(?:man|woman|person)|official|"
                          r"leader|commander|chief|general|envoy|ambassador|head|emir|"
                          r"representative|king|prince|prime)\b", re.IGNORECASE)
STATE_WORDS = re.compile(r"\b(?:officials?|authorities|government|diplomats?|delegation|"
                         r"leaders?|leadership|ministry|officers?|negotiators|state|"
                         r"administration)\b", re.IGNORECASE)
MILITARY_OFFICES = re.compile(r"\b(?:commander|general|emir|chief of staff)\b", re.IGNORECASE)
# How much a mention a sentence back still counts: the document's main group stays salient over
# a passing mention, while a group the text has moved on to gains over sentences.
SALIENCE_DECAY = 0.85


@dataclass(slots=True)
class ActorContext:
    """What the document has said so far: salience of armed groups, its country and year."""

    country_code: str | None = None
    year: int | None = None
    salience: dict[str, float] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)

    def note(self, entry: ActorEntry) -> None:
        if entry.armed:
            self.salience[entry.id] = self.salience.get(entry.id, 0.0) + 1.0

    def decay(self) -> None:
        for actor_id in self.salience:
            self.salience[actor_id] *= SALIENCE_DECAY

    def most_salient(self, keep: Callable[[str], bool] = lambda _: True) -> str | None:
        kept = {actor_id: score for actor_id, score in self.salience.items() if keep(actor_id)}
        return max(kept, key=kept.__getitem__) if kept else None

    def most_salient_armed(self) -> str | None:
        return self.most_salient()


class ActorResolver:
    def __init__(self, ontology: ActorOntology) -> None:
        self.ontology = ontology

    def note_text(self, text: str, context: ActorContext) -> None:
        """Count the armed groups a stretch of text names, so "the group" can be resolved."""
        context.decay()
        # Once per sentence: "the Kurdish forces of the YPG" is one mention, not two.
        named = {self._choose(match, context) for match in self.ontology.find_all(text)}
        for entry in sorted(named, key=lambda entry: entry.id):
            context.note(entry)

    def resolve(
        self, text: str, role: Role, context: ActorContext, *, place_country: str | None = None,
    ) -> Actor | None:
        text = text.strip()
        if not text:
            return None
        country = place_country or context.country_code
        for rule in (self._named, self._country, self._office_holder, self._civilian_rule,
                     self._contextual, self._national):
            actor = rule(text, role, context, country)
            if actor is not None:
                return actor
        return None

    def resolve_entity(self, text: str, label: str, role: Role,
                       context: ActorContext | None = None) -> Actor | None:
        """A named entity the ontology does not know. Organisations are kept as `unknown`
        actors (and counted for `eventatlas actors --unknown`); a person is a source when
        speaking, acts for the group or country named with their office ("Syrian President
        Bashar al-Assad"), and is otherwise not an actor (mostly a speaker parsed as subject)."""
        if label == "PERSON":
            return self._person(text, role, context or ActorContext())
        if context is not None:
            key = _strip_article(text)
            context.unknown[key] = context.unknown.get(key, 0) + 1
        return Actor(role=role, name=_strip_article(text), text=text, kind="unknown")

    # -- rules ---------------------------------------------------------------------------------

    def _named(self, text: str, role: Role, context: ActorContext,
               country: str | None) -> Actor | None:
        """A group named by alias; a generic one ("militants") may stand for a named group."""
        matches = self.ontology.find_all(text)
        named = [m for m in matches if not m.entry.generic]
        if named and not _is_civilians_of(text, named[0].text):
            return self._from_entry(self._choose(named[0], context), role, text)
        if matches and not named and not CIVILIAN_NOUNS.search(_head_words(text)):
            entry = self._stand_in(text, context, country) or matches[0].entry
            return self._from_entry(entry, role, text)
        return None

    def _country(self, text: str, role: Role, context: ActorContext,
                 country: str | None) -> Actor | None:
        code = country_code_for(text)
        if code and (entry := self.ontology.state_forces(code)):
            return self._from_entry(entry, role, text)
        return None

    def _office_holder(self, text: str, role: Role, context: ActorContext,
                       country: str | None) -> Actor | None:
        """"Syrian President Bashar al-Assad", "Iran's foreign minister": the office's state."""
        if not OFFICE_WORDS.search(text) or CIVILIAN_NOUNS.search(_head_words(text)):
            return None
        entry = self._affiliation(text, context)
        return self._from_entry(entry, role, text) if entry else None

    def _national(self, text: str, role: Role, context: ActorContext,
                  country: str | None) -> Actor | None:
        """"Hungarian officials", "the Iraqi authorities": a nationality with a state word."""
        code = _nationality(text)
        if code is None or not STATE_WORDS.search(text):
            return None
        prefix = "state_forces" if FORCE_WORDS.search(text) else "government"
        entry = self.ontology.entries.get(f"{prefix}_{code.lower()}")
        return self._from_entry(entry, role, text) if entry else None

    def _civilian_rule(self, text: str, role: Role, context: ActorContext,
                       country: str | None) -> Actor | None:
        if not CIVILIAN_NOUNS.search(text) or FORCE_WORDS.search(_head_words(text)):
            return None
        return self._civilians(text, role, _nationality(text) or country)

    def _contextual(self, text: str, role: Role, context: ActorContext,
                    country: str | None) -> Actor | None:
        """Noun phrases that mean a group only in context."""
        entry = self._stand_in(text, context, country)
        if entry is None and PRONOUNS.match(text):
            entry = self._salient(context, _non_state)
        return self._from_entry(entry, role, text) if entry else None

    def _stand_in(self, text: str, context: ActorContext,
                  country: str | None) -> ActorEntry | None:
        """The group a descriptive phrase stands for: "the group", "jihadists", "the rebels",
        "Kurdish forces", "pro-government militias", "the regime", "security forces"."""
        if GROUP_ANAPHORA.match(text):
            return self._salient(context, _non_state)
        if PRO_GOVERNMENT.search(text) and MILITIA_WORDS.search(text) and country:
            return self._pro_government_militia(country)
        if REGIME.match(text) or (PRO_GOVERNMENT.search(text) and FORCE_WORDS.search(text)):
            return self.ontology.state_forces(country) if country else None
        if POLICE.match(text) and country:
            return self.ontology.entries.get(f"police_{country.lower()}")
        if "Kurdish" in text and FORCE_WORDS.search(text):
            return self._kurdish_forces(context, country)
        if JIHADIST_WORDS.search(text):
            return self._salient(context, lambda e: "jihadist" in e.tags)
        if REBEL_WORDS.search(text) and _is_definite(text):
            return self._salient(context, lambda e: e.kind == "rebel_group"
                                 and "jihadist" not in e.tags and not e.generic)
        if MILITANT_WORDS.search(text) and _is_definite(text):
            return self._salient(context, _non_state)
        return None

    # -- helpers -------------------------------------------------------------------------------

    def _choose(self, match: AliasMatch, context: ActorContext) -> ActorEntry:
        return self.ontology.choose(match, context.country_code, context.year)

    def _salient(self, context: ActorContext,
                 keep: Callable[[ActorEntry], bool]) -> ActorEntry | None:
        """The most salient group that passes `keep` and existed in the document's year."""
        actor_id = context.most_salient(lambda i: i in self.ontology.entries and keep(
            self.ontology.get(i)) and self.ontology.get(i).valid_in(context.year))
        return self.ontology.get(actor_id) if actor_id else None

    def _kurdish_forces(self, context: ActorContext, country: str | None) -> ActorEntry | None:
        """"Kurdish forces" are the YPG in Syria, the Peshmerga in Iraq: the Kurdish armed group
        already named if any, else the one of the document's country."""
        if salient := self._salient(context, lambda e: "kurdish" in e.tags):
            return salient
        # The ontology lists "Kurdish forces" under each country's main Kurdish force.
        match = next(iter(self.ontology.find_all("Kurdish forces")), None)
        return self.ontology.choose(match, country, context.year) if match else None

    def _pro_government_militia(self, country: str) -> ActorEntry:
        name = country_display_name(country)
        return ActorEntry(id=f"pro_government_militia_{country.lower()}",
                          name=f"Pro-Government Militia ({name})", kind="political_militia",
                          country=country)

    def _person(self, text: str, role: Role, context: ActorContext) -> Actor | None:
        if role == "source":
            return Actor(role=role, name=_strip_article(text), text=text, kind="person")
        if OFFICE_WORDS.search(text) and (entry := self._affiliation(text, context)):
            return self._from_entry(entry, role, text)
        return None

    def _affiliation(self, text: str, context: ActorContext) -> ActorEntry | None:
        named = [m for m in self.ontology.find_all(text) if not m.entry.generic]
        if named:
            return self._choose(named[0], context)
        code = _nationality(text)
        if code is None:
            return None
        prefix = "state_forces" if MILITARY_OFFICES.search(text) else "government"
        return self.ontology.entries.get(f"{prefix}_{code.lower()}")

    def _from_entry(self, entry: ActorEntry, role: Role, text: str) -> Actor:
        return Actor(role=role, name=entry.name, text=text, kind=entry.kind,
                     actor_id=entry.id, country_code=entry.country)

    def _civilians(self, text: str, role: Role, country: str | None) -> Actor:
        entry = self.ontology.civilians(country)
        identity = _IDENTITY.search(_unify_quotes(text))
        ethnicity = IDENTITIES[identity.group(1)] if identity else None
        name = f"Civilians ({country_display_name(country)})" if country else entry.name
        return Actor(role=role, name=name, text=text, kind="civilians",
                     actor_id=entry.id, country_code=country, ethnicity=ethnicity)


def _non_state(entry: ActorEntry) -> bool:
    return entry.kind in ("rebel_group", "political_militia", "identity_militia")


def _nationality(text: str) -> str | None:
    """The country a phrase's nationality word names ("Syrian refugees" -> SY)."""
    words = re.findall(r"[A-Z][\w.]*", text)
    candidates = [f"{a} {b}" for a, b in pairwise(words)] + words
    return next((code for word in candidates if (code := country_for_demonym(word))), None)


def _is_definite(text: str) -> bool:
    return bool(re.match(_DET, text, re.IGNORECASE))


def _head_words(text: str) -> str:
    """The phrase before any "of"/"from"/"in" complement: "families of ISIS fighters" ->
    "families"."""
    return re.split(r"\s+(?:of|from|in|at|near|inside|with)\s+", text, maxsplit=1)[0]


def _is_civilians_of(text: str, alias_text: str) -> bool:
    """"Kurdish residents of Raqqa" are civilians; "militants of ISIS" are ISIS.

    A phrase naming a group is the group unless its head is a civilian noun that is not one of
    the group's members ("families of ISIS commanders" stay civilians-of-ISIS, handled by events).
    """
    head = text.split(alias_text, 1)[0]
    return bool(CIVILIAN_NOUNS.search(head)) and not MEMBER_NOUNS.search(head)


def _unify_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
