"""The actor ontology: curated groups from actors.yaml plus generated state actors per country."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
import yaml

# Aliases this short are acronyms: matched case-sensitively so "IS" never matches "is".
CASE_SENSITIVE_MAX_LEN = 4
ARMED_KINDS = frozenset({
    "state_forces", "rebel_group", "political_militia", "identity_militia",
    "international_coalition",
})
FORCE_NOUNS = (
    "forces", "force", "army", "troops", "military", "soldiers", "warplanes", "jets",
    "aircraft", "air force", "helicopters", "drones", "artillery", "navy", "armed forces",
)
# Demonyms pycountry does not carry; the conflict-heavy countries first. Others still get
# "forces of X" and "X's army" aliases.
DEMONYMS: dict[str, tuple[str, ...]] = {
    "SY": ("Syrian", "regime", "Assad"), "IQ": ("Iraqi",), "RU": ("Russian",),
    "TR": ("Turkish",), "IR": ("Iranian",), "US": ("American", "U.S.", "US"),
    "IL": ("Israeli",), "JO": ("Jordanian",), "LB": ("Lebanese",), "SA": ("Saudi",),
    "GB": ("British",), "FR": ("French",), "DE": ("German",), "EG": ("Egyptian",),
    "YE": ("Yemeni",), "AF": ("Afghan",), "LY": ("Libyan",), "UA": ("Ukrainian",),
    "SD": ("Sudanese",), "SS": ("South Sudanese",), "SO": ("Somali",), "NG": ("Nigerian",),
    "ML": ("Malian",), "ET": ("Ethiopian",), "PK": ("Pakistani",), "IN": ("Indian",),
    "MM": ("Myanmar", "Burmese"), "CD": ("Congolese",), "AE": ("Emirati",), "QA": ("Qatari",),
}
# The names ACLED and newsrooms use where ISO's differ ("Syrian Arab Republic" -> "Syria").
SHORT_COUNTRY_NAMES: dict[str, str] = {
    "SY": "Syria", "RU": "Russia", "IR": "Iran", "KR": "South Korea", "KP": "North Korea",
    "VE": "Venezuela", "BO": "Bolivia", "TZ": "Tanzania", "MD": "Moldova", "LA": "Laos",
    "VN": "Vietnam", "PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Congo",
    "US": "United States", "GB": "United Kingdom",
}


@dataclass(frozen=True, slots=True)
class ActorEntry:
    id: str
    name: str
    kind: str
    country: str | None = None
    parent: str | None = None
    years: tuple[int | None, int | None] = (None, None)
    aliases: tuple[str, ...] = ()

    @property
    def generic(self) -> bool:
        return self.id.startswith("unidentified")

    @property
    def armed(self) -> bool:
        return self.kind in ARMED_KINDS


@dataclass(frozen=True, slots=True)
class AliasMatch:
    start: int
    end: int
    text: str
    entry: ActorEntry


class ActorOntology:
    """Find known actors in text by alias; longest alias wins."""

    def __init__(self, entries: list[ActorEntry]) -> None:
        self.entries = {entry.id: entry for entry in entries}
        self._by_alias: dict[str, ActorEntry] = {}
        for entry in entries:
            for alias in (entry.name, *entry.aliases):
                self._by_alias.setdefault(_alias_key(alias), entry)
        self._pattern = _compile(self._by_alias)

    def get(self, actor_id: str) -> ActorEntry:
        return self.entries[actor_id]

    def find_all(self, text: str) -> list[AliasMatch]:
        matches = []
        for match in self._pattern.finditer(_unify_quotes(text)):
            entry = self._by_alias.get(_alias_key(match.group(0)))
            if entry is not None:
                matches.append(AliasMatch(match.start(), match.end(), match.group(0), entry))
        return matches

    def find_first(self, text: str) -> AliasMatch | None:
        """The first named actor in the text; generic ones ("militants") only if none is named."""
        matches = self.find_all(text)
        named = [match for match in matches if not match.entry.generic]
        return (named or matches or [None])[0]

    def state_forces(self, country_code: str) -> ActorEntry | None:
        return self.entries.get(f"state_forces_{country_code.lower()}")

    def civilians(self, country_code: str | None) -> ActorEntry:
        if country_code and (entry := self.entries.get(f"civilians_{country_code.lower()}")):
            return entry
        return ActorEntry(id="civilians", name="Civilians", kind="civilians")


@cache
def load_ontology() -> ActorOntology:
    text = resources.files("eventatlas.actors").joinpath("actors.yaml").read_text("utf-8")
    curated = [_entry_from_yaml(item) for item in yaml.safe_load(text)]
    return ActorOntology(curated + generated_state_actors())


def generated_state_actors() -> list[ActorEntry]:
    """ACLED-style state actors for every country: military, police, government, civilians."""
    entries: list[ActorEntry] = []
    for country in pycountry.countries:
        code = country.alpha_2
        name = country_display_name(code)
        entries.extend(_country_actors(code, name))
    return entries


def country_display_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if code in SHORT_COUNTRY_NAMES or country is None:
        return SHORT_COUNTRY_NAMES.get(code, code)
    return getattr(country, "common_name", None) or country.name


def country_code_for(name: str) -> str | None:
    """ISO code for a country named in text ("Russia", "Syria", "the United States")."""
    return _country_names().get(re.sub(r"^the\s+", "", name.strip(), flags=re.I).casefold())


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if value := getattr(country, attribute, None):
                names[value.casefold()] = country.alpha_2
    for code, name in SHORT_COUNTRY_NAMES.items():
        names[name.casefold()] = code
    names.update({"u.s.": "US", "us": "US", "usa": "US", "america": "US", "uk": "GB",
                  "britain": "GB", "great britain": "GB", "turkiye": "TR", "türkiye": "TR"})
    return names


def _country_actors(code: str, name: str) -> list[ActorEntry]:
    lower = code.lower()
    demonyms = DEMONYMS.get(code, ())
    force_aliases = [f"{demonym} {noun}" for demonym in demonyms for noun in FORCE_NOUNS]
    force_aliases += [f"{demonym} government {noun}" for demonym in demonyms
                      for noun in ("forces", "troops", "soldiers")]
    force_aliases += [f"{name} forces", f"{name}'s army", f"forces of {name}", f"{name} army"]
    if code == "SY":
        force_aliases += ["Syrian regime", "Assad regime", "regime forces", "government forces",
                          "pro-government forces", "SAA", "Syrian Arab Army",
                          "regime troops", "government troops", "pro-regime forces"]
    return [
        ActorEntry(f"state_forces_{lower}", f"Military Forces of {name}", "state_forces",
                   code, aliases=tuple(force_aliases)),
        ActorEntry(f"police_{lower}", f"Police Forces of {name}", "state_forces", code,
                   aliases=tuple(f"{demonym} police" for demonym in demonyms)),
        ActorEntry(f"government_{lower}", f"Government of {name}", "political_group", code,
                   aliases=tuple(f"{demonym} government" for demonym in demonyms)),
        ActorEntry(f"civilians_{lower}", f"Civilians ({name})", "civilians", code,
                   aliases=tuple(f"{demonym} civilians" for demonym in demonyms)),
    ]


def _entry_from_yaml(item: dict) -> ActorEntry:
    years = item.get("years") or [None, None]
    return ActorEntry(
        id=item["id"], name=item["name"], kind=item["kind"], country=item.get("country"),
        parent=item.get("parent"), years=(years[0], years[1]),
        aliases=tuple(str(alias) for alias in item.get("aliases", [])),
    )


def _unify_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def _alias_key(alias: str) -> str:
    alias = _unify_quotes(alias)
    return alias if len(alias) <= CASE_SENSITIVE_MAX_LEN else alias.casefold()


def _compile(by_alias: dict[str, ActorEntry]) -> re.Pattern[str]:
    """One alternation, longest alias first, short acronyms case-sensitive."""
    aliases = sorted(by_alias, key=len, reverse=True)
    parts = []
    for alias in aliases:
        escaped = re.escape(alias)
        parts.append(escaped if len(alias) <= CASE_SENSITIVE_MAX_LEN else f"(?i:{escaped})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")
