"""The actor ontology: curated groups from actors.yaml plus generated state actors per country."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

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
    "PS": ("Palestinian",), "KW": ("Kuwaiti",), "BH": ("Bahraini",), "OM": ("Omani",),
    "TN": ("Tunisian",), "MA": ("Moroccan",), "DZ": ("Algerian",), "CN": ("Chinese",),
    "JP": ("Japanese",), "IT": ("Italian",), "ES": ("Spanish",), "NL": ("Dutch",),
    "BE": ("Belgian",), "AU": ("Australian",), "CA": ("Canadian",), "DK": ("Danish",),
    "NO": ("Norwegian",), "SE": ("Swedish",), "GR": ("Greek",), "CY": ("Cypriot",),
    "AZ": ("Azerbaijani",), "GE": ("Georgian",), "KZ": ("Kazakh",), "UZ": ("Uzbek",),
    "TJ": ("Tajik",), "CH": ("Swiss",), "AT": ("Austrian",), "PL": ("Polish",),
    "HU": ("Hungarian",), "RO": ("Romanian",), "BG": ("Bulgarian",), "RS": ("Serbian",),
    "HR": ("Croatian",), "BA": ("Bosnian",), "AL": ("Albanian",), "MK": ("Macedonian",),
    "SI": ("Slovenian",), "LK": ("Sri Lankan",), "BD": ("Bangladeshi",), "NP": ("Nepalese",),
    "ID": ("Indonesian",), "MY": ("Malaysian",), "PH": ("Filipino", "Philippine"),
    "TH": ("Thai",), "KE": ("Kenyan",), "ZA": ("South African",), "ER": ("Eritrean",),
    "TD": ("Chadian",), "NE": ("Nigerien",), "MX": ("Mexican",), "BR": ("Brazilian",),
    "AR": ("Argentine", "Argentinian"), "CO": ("Colombian",), "VE": ("Venezuelan",),
    "CU": ("Cuban",), "NI": ("Nicaraguan",), "PA": ("Panamanian",), "KR": ("South Korean",),
    "KP": ("North Korean",), "VN": ("Vietnamese",), "TW": ("Taiwanese",), "CL": ("Chilean",),
    "PE": ("Peruvian",), "IE": ("Irish",), "PT": ("Portuguese",), "FI": ("Finnish",),
    "RW": ("Rwandan",), "UG": ("Ugandan",), "BI": ("Burundian",), "LR": ("Liberian",),
    "SL": ("Sierra Leonean",), "SN": ("Senegalese",), "GH": ("Ghanaian",), "ZW": ("Zimbabwean",),
    "MZ": ("Mozambican",), "AO": ("Angolan",), "SV": ("Salvadoran",), "GT": ("Guatemalan",),
    "HT": ("Haitian",), "KH": ("Cambodian",), "KG": ("Kyrgyz",),
}
# Words in DEMONYMS that name a country's regime rather than its people.
NOT_DEMONYMS = frozenset({"regime", "Assad"})
# The names ACLED and newsrooms use where ISO's differ ("Syrian Arab Republic" -> "Syria").
SHORT_COUNTRY_NAMES: dict[str, str] = {
    "SY": "Syria", "RU": "Russia", "IR": "Iran", "KR": "South Korea", "KP": "North Korea",
    "VE": "Venezuela", "BO": "Bolivia", "TZ": "Tanzania", "MD": "Moldova", "LA": "Laos",
    "VN": "Vietnam", "PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Congo",
    "US": "United States", "GB": "United Kingdom",
}


KINDS = frozenset({
    *ARMED_KINDS, "international_organisation", "civilians", "media", "political_group",
    "monitor",
})


@dataclass(frozen=True, slots=True)
class ActorEntry:
    id: str
    name: str
    kind: str
    country: str | None = None
    parent: str | None = None
    years: tuple[int | None, int | None] = (None, None)
    aliases: tuple[str, ...] = ()
    # The group this one became when it renamed or merged (Nusra -> JFS -> HTS).
    successor: str | None = None
    # Loose families used by noun-phrase rules ("jihadists", "Kurdish forces").
    tags: tuple[str, ...] = ()
    # ACLED's inter code where the kind's is not it (a party's supporters fight as militia, 3);
    # ACLED's own name where ours differs ("{country}" stands for the event's country).
    inter: int | None = None
    acled_name: str | None = None

    @property
    def generic(self) -> bool:
        return self.id.startswith("unidentified")

    @property
    def armed(self) -> bool:
        return self.kind in ARMED_KINDS

    def valid_in(self, year: int | None) -> bool:
        """Whether the group existed under this name in `year` (unknown year: always)."""
        first, last = self.years
        if year is None:
            return True
        return (first is None or first <= year) and (last is None or year <= last)


@dataclass(frozen=True, slots=True)
class AliasMatch:
    start: int
    end: int
    text: str
    entry: ActorEntry
    # Every entry sharing this alias ("Asayish" in Syria and in Iraq), `entry` first.
    candidates: tuple[ActorEntry, ...] = ()


_FOUND_CACHE = 512  # texts (a few documents) whose aliases `find_all` remembers


class ActorOntology:
    """Find known actors in text by alias; longest alias wins."""

    def __init__(self, entries: list[ActorEntry], generated: frozenset[str] = frozenset()) -> None:
        self.entries = {entry.id: entry for entry in entries}
        self.generated_ids = generated
        self._by_alias: dict[str, list[ActorEntry]] = {}
        for entry in entries:
            for alias in (entry.name, *entry.aliases):
                bucket = self._by_alias.setdefault(_alias_key(alias), [])
                if entry not in bucket:
                    bucket.append(entry)
        self._patterns = _compile(self._by_alias)
        self._found: dict[str, tuple[AliasMatch, ...]] = {}

    def get(self, actor_id: str) -> ActorEntry:
        return self.entries[actor_id]

    def curated(self) -> list[ActorEntry]:
        """The hand-written entries (not the generated per-country state actors)."""
        return [entry for entry in self.entries.values() if entry.id not in self.generated_ids]

    def find_all(self, text: str) -> list[AliasMatch]:
        """Known aliases in the text, left to right, the longest at each place, no overlaps.

        Remembered per text: a sentence is searched for the speakers, its events' actors and
        their ACLED sides, and the regular expressions cost more than the lookup."""
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= _FOUND_CACHE:
                self._found.clear()
            found = self._found[text] = tuple(self._find_all(text))
        return list(found)

    def _find_all(self, text: str) -> list[AliasMatch]:
        text = _unify_quotes(text)
        found = sorted((match for pattern in self._patterns for match in pattern.finditer(text)),
                       key=lambda match: (match.start(), -len(match.group(0))))
        matches: list[AliasMatch] = []
        for match in found:
            bucket = self._by_alias.get(_alias_key(match.group(0)))
            if bucket and (not matches or match.start() >= matches[-1].end):
                matches.append(AliasMatch(match.start(), match.end(), match.group(0), bucket[0],
                                          tuple(bucket)))
        return matches

    def choose(self, match: AliasMatch, country: str | None = None,
               year: int | None = None) -> ActorEntry:
        """The entry an alias means here: valid in the document's year, then of its country,
        then renamed groups followed to what they had become by that year."""
        candidates = match.candidates or (match.entry,)
        best = max(candidates, key=lambda entry: (
            entry.valid_in(year), country is not None and entry.country == country,
            -candidates.index(entry)))
        return self.current(best, year)

    def current(self, entry: ActorEntry, year: int | None) -> ActorEntry:
        """Follow renames forward while the entry had ceased to exist by `year`."""
        seen = {entry.id}
        while (year is not None and not entry.valid_in(year) and entry.successor
               and entry.successor in self.entries and entry.successor not in seen
               and (entry.years[1] or year) < year):
            entry = self.entries[entry.successor]
            seen.add(entry.id)
        return entry

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
    return build_ontology(yaml.safe_load(text))


def build_ontology(items: list[dict[str, Any]]) -> ActorOntology:
    """Curated entries first (they win shared aliases), then the generated state actors; a YAML
    item whose id names a generated entry only adds aliases to it."""
    generated = {entry.id: entry for entry in generated_state_actors()}
    curated: list[ActorEntry] = []
    for item in items:
        if item["id"] in generated:
            base = generated[item["id"]]
            extra = tuple(str(alias) for alias in item.get("aliases", []))
            generated[base.id] = replace(base, aliases=base.aliases + extra)
        else:
            curated.append(_entry_from_yaml(item))
    return ActorOntology(curated + list(generated.values()), frozenset(generated))


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


def country_for_demonym(word: str) -> str | None:
    """ISO code for a nationality word, singular or plural ("Syrian", "Iraqis", "U.S.")."""
    demonyms = _demonyms()
    return demonyms.get(word) or (demonyms.get(word[:-1]) if word.endswith("s") else None)


@cache
def _demonyms() -> dict[str, str]:
    return {demonym: code for code, words in DEMONYMS.items() for demonym in words
            if demonym not in NOT_DEMONYMS}


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


def _entry_from_yaml(item: dict[str, Any]) -> ActorEntry:
    years = item.get("years") or [None, None]
    return ActorEntry(
        id=item["id"], name=item["name"], kind=item["kind"], country=item.get("country"),
        parent=item.get("parent"), years=(years[0], years[1]),
        aliases=tuple(str(alias) for alias in item.get("aliases", [])),
        successor=item.get("successor"), tags=tuple(item.get("tags", [])),
        inter=item.get("inter"), acled_name=item.get("acled_name"),
    )


def _unify_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def _alias_key(alias: str) -> str:
    alias = _unify_quotes(alias)
    return alias if len(alias) <= CASE_SENSITIVE_MAX_LEN else alias.casefold()


def _compile(by_alias: dict[str, list[ActorEntry]]) -> tuple[re.Pattern[str], ...]:
    """Two prefix-tree regexes: short acronyms case-sensitive, the rest case-insensitive.

    A flat alternation of thousands of aliases is tried alias by alias at every position (the
    pipeline's hottest spot); a prefix tree shares their common starts. Within each tree a
    longer alias is tried before its prefix, as the alternation's longest-first order did."""
    short = [alias for alias in by_alias if len(alias) <= CASE_SENSITIVE_MAX_LEN]
    long = [alias for alias in by_alias if len(alias) > CASE_SENSITIVE_MAX_LEN]
    return (_boundary(_trie_pattern(short)), _boundary(_trie_pattern(long), re.IGNORECASE))


def _boundary(body: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", flags)


def _trie_pattern(words: list[str]) -> str:
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie) or "(?!)"


def _node_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _node_pattern(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A word may end here: the longer continuations are tried first, then the end.
    return f"(?:{body})?" if "" in node else body
