"""Identity militias as ACLED names them, read from the words of a report.

ACLED codes armed groups organised around a clan, an ethnic group or a community as identity
militias (inter code 4) and names them after that identity and the country: "Pokot Ethnic
Militia (Kenya)", "Darod-Marehan Sub-Clan Militia (Somalia)", "Unidentified Clan Militia
(Sudan)", "Unidentified Communal Militia (Benin)". In its training notes these names are about
one actor in thirty. Reports say "Pokot militia", "ethnic Amhara gunmen", "a Marehan clan
militia", "unidentified clan militias": this module turns such phrases into ACLED's names; a
militia the actor ontology knows by name (Mayi Mayi, Houthis...) is the ontology's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from eventatlas.actors.ontology import country_code_for, country_for_demonym

IDENTITY_MILITIA = 4

_NAME = r"[A-Z][\w'’]+(?:[- ][A-Z][\w'’]+){0,3}"
# "a Marehan clan militia", "Hawiye-Abgal sub-clan militias", "unidentified clan militia".
_CLAN = re.compile(rf"\b(?:(?P<name>{_NAME})\s+)?(?P<sub>[Ss]ub-?)?[Cc]lan\s+"
                   r"[Mm]ilitia(?:s|men)?\b")
# "ethnic Amhara gunmen", "Fulani ethnic militia", "Degodia and Borana ethnic militias" (the
# first of a pair is caught by `_PAIRED`), "ethnic militiamen" (unnamed).
_ETHNIC = re.compile(rf"\b(?:[Ee]thnic\s+(?P<a>{_NAME})|(?:(?P<b>{_NAME})\s+)?[Ee]thnic\s+"
                     r"(?:[Mm]ilitia(?:s|men)?|[Gg]roups?|[Ff]ighters|[Gg]unmen))\b")
# "between Somali and Afar ethnic militias": the first people of the pair.
_PAIRED = re.compile(rf"\b(?P<name>{_NAME})(?=\s+and\s+{_NAME}\s+(?P<kind>[Ee]thnic|[Cc]ommunal)"
                     r"\s+[Mm]ilitia(?:s|men)\b)")
# "Pokot militia", "Merille raiders", "Turkana warriors": a capitalised group before a word
# that names armed men of a community (not "gunmen" alone: "Syrian gunmen" are not a people).
_PEOPLE = re.compile(rf"\b(?P<name>{_NAME})\s+(?:[Mm]ilitia(?:s|men)?|[Rr]aiders|[Ww]arriors)\b")
# "Tangera communal militia", "(assumed Darfur communal militia)": ACLED names the community
# (366 of 376 training notes that name one), else "Unidentified Communal Militia".
_COMMUNAL = re.compile(rf"\b(?:(?P<name>{_NAME})\s+)?[Cc]ommunal\s+[Mm]ilitia(?:s|men)?\b")
# Capitalised words before "militia" that say what kind of militia, not whose.
_NOT_A_PEOPLE = frozenset({
    "unidentified", "unknown", "unspecified", "suspected", "armed", "rival", "local", "two",
    "several", "some", "the", "a", "an", "government", "pro-government", "tribal", "ethnic",
    "clan", "communal", "village", "community", "youth", "islamist", "jihadist", "christian",
    "muslim", "militia", "on", "in", "at", "during", "after", "when", "state", "allied",
})


_FAITHS = frozenset({"shia", "shiite", "shi'ite", "sunni", "alawite", "druze", "christian",
                     "muslim", "islamic", "catholic", "hindu", "buddhist"})


@dataclass(frozen=True, slots=True)
class MilitiaMention:
    start: int
    end: int
    name: str  # ACLED's name, with the country in brackets when known


def identity_militias(text: str, country: str | None, taken: list[tuple[int, int]] = (),
                      country_code: str | None = None) -> list[MilitiaMention]:
    """Identity militias the text names, in text order; `country` is the display name ACLED
    puts in brackets (`country_code` its code, for ACLED's clan names); `taken` spans (names
    the ontology matched) are left alone."""
    found: list[MilitiaMention] = []
    suffix = f" ({country})" if country else ""

    def add(match: re.Match[str], name: str) -> None:
        start, end = match.span()
        if not any(start < t_end and t_start < end for t_start, t_end in taken):
            found.append(MilitiaMention(start, end, name + suffix))

    for match in _CLAN.finditer(text):
        people = _people(match.group("name"))
        kind = "Sub-Clan" if match.group("sub") else "Clan"
        known = clan_militia(people, country_code) if people else None
        add(match, known or (f"{people} {kind} Militia" if people
                             else "Unidentified Clan Militia"))
    for match in _PAIRED.finditer(text):
        kind = match.group("kind").capitalize()
        if people := _people(match.group("name"), ethnic=kind == "Ethnic"):
            add(match, f"{people} {kind} Militia")
    for match in _ETHNIC.finditer(text):
        if _overlaps(match, found):
            continue
        people = _people(match.group("a") or match.group("b"), ethnic=True)
        add(match, f"{people} Ethnic Militia" if people else "Unidentified Ethnic Militia")
    for match in _PEOPLE.finditer(text):
        if (people := _people(match.group("name"))) and not _overlaps(match, found):
            add(match, f"{people} Ethnic Militia")
    for match in _COMMUNAL.finditer(text):
        if not _overlaps(match, found):
            people = _people(match.group("name"))
            add(match, f"{people} Communal Militia" if people else "Unidentified Communal Militia")
    return sorted(found, key=lambda mention: mention.start)


def clan_militia(people: str, country_code: str | None) -> str | None:
    """ACLED's name for the militia of a clan a report names (clans.yaml): "Hawadle" or
    "Hawiye Hawadle" in Somalia is "Hawiye-Hawadle Sub-Clan Militia"; the longest ending of
    the words that is a clan of the list decides."""
    if country_code is None:
        return None
    words = re.split(r"[\s-]+", people.lower())
    clans = _clan_names()
    for start in range(len(words)):
        if (name := clans.get((" ".join(words[start:]), country_code))) is not None:
            return name
    return None


@cache
def _clan_names() -> dict[tuple[str, str], str]:
    text = resources.files("eventatlas.actors").joinpath("clans.yaml").read_text("utf-8")
    return {(re.sub(r"[\s-]+", " ", str(item["clan"]).lower()), str(item["country"])):
            str(item["name"]) for item in yaml.safe_load(text)["clans"]}


def _people(name: str | None, ethnic: bool = False) -> str | None:
    """The identity a militia is named after, without leading words that only qualify it;
    None for a country, a nationality or a faith ("Syrian militias", "Lebanese Shia militia" are
    no ethnic group). Words that say "ethnic" make a nationality word a people ("ethnic Somali
    gunmen" in Kenya are ACLED's "Somali Ethnic Militia")."""
    words = (name or "").split()
    while words and words[0].lower() in _NOT_A_PEOPLE:
        words = words[1:]
    if not words or any(country_code_for(w) or (country_for_demonym(w) and not ethnic)
                        or w.lower() in _FAITHS for w in words) \
            or country_code_for(" ".join(words)):
        return None
    return " ".join(words)


def _overlaps(match: re.Match[str], found: list[MilitiaMention]) -> bool:
    return any(match.start() < m.end and m.start < match.end() for m in found)
