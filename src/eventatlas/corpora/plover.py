"""The PETRARCH-family and PLOVER corpora: sentences with a CAMEO or PLOVER event code.

Read by `eventatlas train plover` (the PLOVER root classifier) and `eventatlas eval events`;
neither imports the other. CAMEO codes become PLOVER roots by the two-digit root table below,
refined by CAMEO2PLOVER-2021.txt when it lies beside the corpus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# The root event types of the PLOVER GSR v0.5 (the label set the PLOVER classifier predicts).
PLOVER_ROOTS: tuple[str, ...] = (
    "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "DEMAND",
    "DISAPPROVE", "FIGHT", "INVESTIGATE", "MOBILIZE", "PROTEST", "REJECT", "RETREAT",
    "SANCTION", "SUPPORT", "THREATEN",
)
# CAMEO two-digit roots -> PLOVER roots (PLOVER manual 2021, conversion table).
CAMEO_ROOT_TO_PLOVER: dict[str, str] = {
    "01": "OTHER", "02": "DEMAND", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT",
    "06": "COOPERATE", "07": "AID", "08": "CONCEDE", "09": "INVESTIGATE", "10": "DEMAND",
    "11": "DISAPPROVE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE",
    "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "FIGHT", "20": "ASSAULT",
}


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: str
    gold: str
    published: str | None = None
    title: str | None = None
    location: str | None = None


def load_plover(path: Path) -> list[Item]:
    file = path / "plover_gsr.json" if path.is_dir() else path
    records = json.loads(file.read_text(encoding="utf-8"))
    return [Item(id=r["id"], text=r["text"], gold=r["event"],
                 published=_iso(r.get("date")))
            for r in records if r.get("event") not in (None, "DOCUMENT") and r.get("text")]


def load_petrarch(path: Path) -> list[Item]:
    files = sorted(path.rglob("*.xml")) + sorted(path.rglob("*.json")) if path.is_dir() else [path]
    conversion = cameo_to_plover(path)
    items: list[Item] = []
    for file in files:
        items.extend(petrarch_items(file, conversion))
    return items


def cameo_to_plover(path: Path) -> dict[str, str]:
    """CAMEO -> PLOVER v0.5 roots (the GSR's label set), refined by CAMEO2PLOVER-2021.txt when
    it lies beside the corpus (see `plover_table`)."""
    for candidate in (path.parent / "plover_gsr" / "CAMEO2PLOVER-2021.txt",
                      path.parent.parent / "plover_gsr" / "CAMEO2PLOVER-2021.txt"):
        if candidate.exists():
            return plover_table(candidate)
    return dict(CAMEO_ROOT_TO_PLOVER)


def plover_of_cameo(code: str, table: dict[str, str]) -> str | None:
    for length in (4, 3, 2):
        if code[:length] in table:
            return table[code[:length]]
    return None


def petrarch_items(file: Path, conversion: dict[str, str]) -> list[Item]:
    if file.suffix == ".json":
        records = json.loads(file.read_text(encoding="utf-8"))
        pairs = [(r["id"], r["text"], (r.get("events") or [{}])[0].get("eventcode"), r.get("date"))
                 for r in records]
    else:
        pairs = petrarch_xml(file.read_text(encoding="utf-8", errors="replace"))
    items = []
    for item_id, text, code, day in pairs:
        gold = plover_of_cameo(code, conversion) if code else None
        if gold and text.strip():
            items.append(Item(id=f"{file.name}:{item_id}", text=" ".join(text.split()),
                              gold=gold, published=_iso(day)))
    return items


_SENTENCE = re.compile(r'<Sentence[^>]*?date="(\d{8})"[^>]*?id="([^"]+)"[^>]*>(.*?)</Sentence>',
                       re.DOTALL)
_CODING = re.compile(r'<EventCoding[^>]*eventcode="(\d{2,4})"')
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)


def petrarch_xml(xml: str) -> list[tuple[str, str, str | None, str]]:
    found = []
    for match in _SENTENCE.finditer(xml):
        day, item_id, body = match.groups()
        text = _TEXT.search(body)
        coding = _CODING.search(body)
        if text:
            found.append((item_id, text.group(1), coding.group(1) if coding else None, day))
    return found


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def plover_table(conversion: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER v0.5 root. The 2021 table's finer moves are kept where they are
    v0.5 roots (RETREAT, COERCE...); its ACCUSE/REQUEST and its folding of CAMEO 19 into
    ASSAULT are not v0.5 roots, so those fall back to the two-digit root table."""
    table = dict(CAMEO_ROOT_TO_PLOVER)
    if conversion.exists():
        for code, label in _conversion_lines(conversion):
            root = CAMEO_ROOT_TO_PLOVER.get(code[:2], "OTHER")
            keep = label in PLOVER_ROOTS and not (root == "FIGHT" and label == "ASSAULT")
            table[code] = label if keep else root
    return table


def _conversion_lines(conversion: Path) -> Iterable[tuple[str, str]]:
    for line in conversion.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z_]+)", line)
        if match:
            yield match.group(1), match.group(2)
