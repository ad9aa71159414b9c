"""Names read together: "Town, Region" and lists of names joined by commas and "and".

"Springfield, Ill." keeps the town inside the region after it (`qualified_towns`); names
listed together ("Oregon and Washington", "England and Wales") are places of one kind
(`coordinated_runs`, `one_kind`). The resolver applies these after it scored each name alone.
"""

from __future__ import annotations

from eventatlas.geo.gazetteer import Candidate
from eventatlas.geo.hints import LIST_GAP
from eventatlas.geo.sources import FORM_ABBREVIATION
from eventatlas.model import Mention

REGION_KINDS = frozenset({"admin1", "country", "continent"})
QUALIFIER_GAP = 2  # at most ", " between a town and the region that qualifies it


def qualified_towns(hinted: list[tuple[Mention, str | None]],
                    chosen: dict[tuple[int, int], Candidate | None],
                    ) -> list[tuple[Mention, str | None, Candidate]]:
    """Towns written "Town, Region" ("Springfield, Ill.", "Fresno, Calif.", "Alexandria,
    Egypt"), each with the region (an admin1 or country) resolved right after it and not
    already holding the town's chosen place. A pair inside a longer list ("Homs, Hama, Idlib")
    is skipped: there the next name is another place, not a qualifier."""
    ordered = sorted(hinted, key=lambda pair: pair[0].start)
    found = []
    for index in range(len(ordered) - 1):
        (town, hint), (region_mention, _) = ordered[index], ordered[index + 1]
        gap = region_mention.start - town.end
        if not 0 < gap <= QUALIFIER_GAP:
            continue
        region = chosen.get((region_mention.start, region_mention.end))
        before = ordered[index - 1][0] if index > 0 else None
        after = ordered[index + 2][0] if index + 2 < len(ordered) else None
        # An abbreviated region ("Ky.", "S.D.", "Conn.") only ever qualifies the town before
        # it, even inside a list: "Louisville, Ky., New Haven, Conn., Sioux Falls, S.D.".
        abbreviated = region is not None and region.form == FORM_ABBREVIATION
        if not abbreviated and (
                (before is not None and town.start - before.end <= QUALIFIER_GAP) or (
                after is not None and after.start - region_mention.end <= QUALIFIER_GAP)):
            continue
        place = chosen.get((town.start, town.end))
        if region is None or region.kind not in ("admin1", "country"):
            continue
        if place is not None and (place.kind not in ("city", "admin2") or within(place, region)):
            continue
        found.append((town, hint, region))
    return found


def coordinated_runs(hinted: list[tuple[Mention, str | None]], text: str,
                     ) -> list[list[tuple[Mention, str | None]]]:
    """Runs of two or more names joined only by commas, "and", "or" or "&", in text order."""
    groups: list[list[tuple[Mention, str | None]]] = []
    current: list[tuple[Mention, str | None]] = []
    for pair in sorted(hinted, key=lambda pair: pair[0].start):
        if current and LIST_GAP.fullmatch(text, current[-1][0].end, pair[0].start):
            current.append(pair)
            continue
        if len(current) > 1:
            groups.append(current)
        current = [pair]
    if len(current) > 1:
        groups.append(current)
    return groups


def one_kind(regions: list[Candidate]) -> bool:
    """Countries (and continents) only, or states of one country with at most that country:
    "England and Wales", "Toronto, Ontario, Canada"; not "the West Bank and Gaza" (a province
    of Mozambique), which stays the town."""
    states = {c.country_code for c in regions if c.kind == "admin1"}
    if not states:
        return True
    return len(states) == 1 and all(
        c.kind == "admin1" or c.country_code in states for c in regions)


def is_region(candidate: Candidate | None) -> bool:
    """An admin1 region, a country or a continent (or a sea: `points.REGIONS`)."""
    return candidate is not None and candidate.kind in REGION_KINDS


def within(candidate: Candidate, region: Candidate) -> bool:
    """The candidate lies in `region`, a country or an admin1 region."""
    if candidate.country_code != region.country_code:
        return False
    return region.kind == "country" or candidate.admin1_code == region.admin1_code
