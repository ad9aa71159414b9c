"""GeoNames dumps (`gazetteer fetch`): read, merged and indexed, from files the test writes.

No test touches the network: the download is replaced by copying these files into place.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventatlas.geo.geonames import ALTERNATES_DIR, load_dumps, merge_towns
from eventatlas.geo.sources import Row

VILLAGE_ID = 99900001  # not a real GeoNames id: a village the packages cannot know


def dump_line(geonameid: int, name: str, alternates: str, lat: float, lon: float, fclass: str,
              fcode: str, admin1: str, population: int) -> str:
    # geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 admin1 admin2 admin3
    # admin4 population elevation dem timezone modified
    return "\t".join([str(geonameid), name, name, alternates, str(lat), str(lon), fclass, fcode,
                      "SY", "", admin1, "", "", "", str(population), "", "300",
                      "Asia/Damascus", "2024-01-01"])


def write_dumps(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        dump_line(VILLAGE_ID, "Qaryat Zarzurat", "Zarzura,Tell Zarzur", 36.61, 40.21, "P", "PPL",
                  "01", 180),
        dump_line(172955, "Ar Raqqah", "Raqqa", 35.95283, 39.00788, "P", "PPLA", "04", 177636),
        dump_line(163843, "Syria", "", 35.0, 38.0, "A", "PCLI", "00", 22198110),
        dump_line(173814, "Al Hasakah", "", 36.5, 40.8, "A", "ADM1", "01", 1512000),
        dump_line(99900002, "Wadi Zarzur", "", 36.6, 40.2, "H", "WAD", "01", 0),
    ]
    (folder / "SY.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    alternates = folder / ALTERNATES_DIR
    alternates.mkdir(exist_ok=True)
    (alternates / "SY.txt").write_text(
        f"1\t{VILLAGE_ID}\ten\tZarzurat al-Sharqiya\t\t\t\t\t\t\n"
        f"2\t{VILLAGE_ID}\tlink\thttps://example.org/zarzurat\t\t\t\t\t\t\n",
        encoding="utf-8",
    )


def test_load_and_merge(tmp_path):
    write_dumps(tmp_path)
    dump = load_dumps(tmp_path)
    assert [town.geonameid for town in dump.towns] == [VILLAGE_ID, 172955]
    village = dump.towns[0]
    assert {"Zarzura", "Tell Zarzur", "Zarzurat al-Sharqiya"} <= set(village.names)
    assert not any(name.startswith("https") for name in village.names)
    assert dump.countries["SY"] == (163843, 35.0, 38.0)
    assert dump.admin1s[("SY", "01")][0] == 173814

    raqqa = Row(kind="city", name="Ar Raqqah", geonameid=172955, country_code="SY",
                population=177636, names={"Ar Raqqah": True})
    merged = merge_towns([raqqa], dump)
    assert [row.geonameid for row in merged] == [172955, VILLAGE_ID]
    assert "Raqqa" in merged[0].names  # the package row gains the dump's names


@pytest.mark.slow
def test_fetch_command_rebuilds_the_index_with_villages(tmp_path, monkeypatch):
    import eventatlas.geo.geonames as geonames
    from eventatlas.cli import app
    from eventatlas.geo.gazetteer import Gazetteer, default_path

    monkeypatch.setenv("EVENTATLAS_DATA_DIR", str(tmp_path))
    requested: list[tuple[list[str], bool]] = []

    def offline_fetch(countries: list[str], dest: Path, alternates: bool = True) -> list[Path]:
        requested.append((countries, alternates))
        write_dumps(dest)
        return [dest / "SY.txt"]

    monkeypatch.setattr(geonames, "fetch", offline_fetch)
    result = CliRunner().invoke(app, ["gazetteer", "fetch", "SY"])
    assert result.exit_code == 0, result.output
    assert requested == [(["SY"], True)]
    gazetteer = Gazetteer.open(default_path())
    try:
        village = [c for c in gazetteer.lookup("Tell Zarzur") if c.kind == "city"]
        assert [c.geonameid for c in village] == [VILLAGE_ID]
        syria = next(c for c in gazetteer.lookup("Syria") if c.kind == "country")
        assert (syria.lat, syria.lon) == (35.0, 38.0)  # GeoNames' own point from the dump
        assert gazetteer.lookup("Wadi Zarzur") == []  # not a populated place
    finally:
        gazetteer.close()


def test_fetch_rejects_bad_codes(tmp_path, monkeypatch):
    from eventatlas.cli import app

    monkeypatch.setenv("EVENTATLAS_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["gazetteer", "fetch", "Syria"])
    assert result.exit_code == 2
