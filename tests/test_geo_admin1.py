"""ACLED's admin1 names (`geo/admin1_names.py`, `training/admin1.py`, issue 19), learned from
invented rows and checked on the shipped table."""

from pathlib import Path

from eventatlas.geo.admin1_names import Admin1Names, admin1_name, unit_key
from eventatlas.geo.gazetteer import Candidate
from eventatlas.model import Mention
from eventatlas.training.admin1 import LocatedRow, TownIndex, learn, located_rows

# Two invented regions of Bangladesh (numeric ISO 50) with two districts in the first.
TOWNS = [
    ("BD", "81", "Dhaka", "BD|Dhaka|Alpha", 23.7, 90.4),
    ("BD", "81", "Dhaka", "BD|Dhaka|Beta", 24.75, 90.4),
    ("BD", "87", "Rangpur Division", "BD|Rangpur Division|Gamma", 25.75, 89.25),
]


class _Towns:
    def towns(self) -> list[tuple]:
        return TOWNS


def _row(admin1: str, lat: float, lon: float, number: int, admin3: str = "",
         location: str = "") -> LocatedRow:
    return LocatedRow(f"BGD{number}", "BD", admin1, "", admin3, location, lat, lon)


def test_regions_and_districts_take_the_name_most_rows_give() -> None:
    rows = ([_row("Dhaka", 23.71, 90.41, i) for i in range(6)]
            + [_row("Mymensingh", 24.76, 90.41, i) for i in range(6)]
            + [_row("Rangpur", 25.74, 89.26, i) for i in range(4)]
            + [_row("Rajshahi", 25.74, 89.26, 99)]  # a stray vote
            + [_row("Rangpur", 40.0, 10.0, 100)])  # far from every town: not filed
    table, report = learn(rows, TownIndex(_Towns()))
    assert report["rows"] == 17 and report["rows_without_town"] == 1
    # Dhaka keeps GeoNames' name (no entry); Rangpur Division is renamed; Beta is Mymensingh.
    assert table.by_region == {"BD.87": "Rangpur"}
    assert table.by_district == {"BD|Dhaka|Beta": "Mymensingh"}
    assert table.name("BD", "81", "BD|Dhaka|Beta") == "Mymensingh"
    assert table.name("BD", "81", "BD|Dhaka|Alpha") is None
    # ACLED's names read the other way: which GeoNames region each is.
    assert table.units["BD|rangpur"] == "BD.87" and table.units["BD|mymensingh"] == "BD.81"


def test_a_unit_the_gazetteer_lacks_lies_in_the_district_most_rows_fall_in() -> None:
    rows = [_row("Dhaka", 24.7 + i / 100, 90.4, i, admin3="Qwertypur") for i in range(4)]
    rows.append(_row("Dhaka", 23.7, 90.4, 9, admin3="Qwertypur"))
    table, _ = learn(rows, TownIndex(_Towns()))
    assert table.units[unit_key("BD", "Qwertypur")] == "BD|Dhaka|Beta"


def test_a_village_the_gazetteer_lacks_lies_in_the_district_most_rows_fall_in() -> None:
    rows = [_row("Dhaka", 24.7 + i / 100, 90.4, i, location="Zxcvbari") for i in range(3)]
    rows.append(_row("Dhaka", 23.7, 90.4, 9, location="Zxcvbari"))
    table, _ = learn(rows, TownIndex(_Towns()))
    assert table.units[unit_key("BD", "Zxcvbari")] == "BD|Dhaka|Beta"


def test_rows_are_read_with_their_regions(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(
        "event_id_cnty,country,iso,admin1,admin2,admin3,location,latitude,longitude,notes\n"
        "BGD1,Bangladesh,50,Rangpur,Thakurgaon,Thakurgaon Sadar,Ruhia,26.03,88.46,A protest.\n"
        "BGD2,Bangladesh,50,,,,,26.03,88.46,No admin1.\n"
        "BGD3,Bangladesh,50,Rangpur,,,,,,No point.\n", encoding="utf-8")
    assert list(located_rows(path)) == [
        LocatedRow("BGD1", "BD", "Rangpur", "Thakurgaon", "Thakurgaon Sadar", "Ruhia", 26.03,
                   88.46)]


def test_too_few_or_split_votes_name_nothing() -> None:
    rows = [_row("Rangpur", 25.74, 89.26, 1), _row("Rangpur", 25.74, 89.26, 2),
            _row("Dhaka", 23.71, 90.41, 3), _row("Khulna", 23.71, 90.41, 4),
            _row("Barisal", 23.71, 90.41, 5)]
    table, _ = learn(rows, TownIndex(_Towns()))
    assert table.by_region == {} and table.by_district == {}


def test_table_round_trips(tmp_path: Path) -> None:
    table = Admin1Names({"PH.NCR": "NCR"}, {"MM|Shan|Lashio District": "Shan-North"})
    loaded = Admin1Names.load(table.save(tmp_path / "admin1.json"))
    assert loaded.name("PH", "NCR") == "NCR"
    assert loaded.name("MM", "17", "MM|Shan|Lashio District") == "Shan-North"


def test_geonames_name_is_the_fallback() -> None:
    unknown = Candidate(place_id=1, geonameid=None, name="Xq", kind="city", country_code="ZZ",
                        admin1_code="99", admin1_name="Somewhere", lat=0.0, lon=0.0,
                        population=0)
    assert admin1_name(unknown) == "Somewhere"
    assert admin1_name(Candidate(place_id=2, geonameid=None, name="Zz", kind="country",
                                 country_code="ZZ", admin1_code=None, admin1_name=None,
                                 lat=0.0, lon=0.0, population=0)) is None


def _mention(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention(text=name, label="GPE", start=start, end=start + len(name))


def _admin1_of(resolver, text: str, name: str) -> str | None:
    mention = _mention(text, name)
    places = resolver.resolve_mentions([mention], None, None, text)
    return places[(mention.start, mention.end)].admin1


def test_resolved_places_carry_acleds_spelling(resolver) -> None:
    text = "Police dispersed a rally in Quezon City, Philippines on Monday."
    assert _admin1_of(resolver, text, "Quezon City") == "NCR"  # GeoNames: Metro Manila
    text = "Students protested in Mymensingh town, Bangladesh."
    assert _admin1_of(resolver, text, "Mymensingh") == "Mymensingh"  # GeoNames: Dhaka


def test_an_acled_district_name_the_gazetteer_lacks_is_placed_at_its_district(resolver) -> None:
    text = "Rebels burned houses in the town of Datu Saudi Ampatuan, Maguindanao on Monday."
    mention = _mention(text, "Datu Saudi Ampatuan")
    place = resolver.resolve_mentions([mention], None, None, text)[(mention.start, mention.end)]
    assert place.country_code == "PH" and place.precision == "admin2"


def test_a_close_spelling_of_a_unit_is_read_in_the_story_country_only(resolver) -> None:
    table = Admin1Names(units={unit_key("BD", "Shivalaya"): "BD.81"})
    found = table.close_places(resolver.gazetteer, "Shibalaya", ["BD"])
    assert [(c.kind, c.country_code) for c in found] == [("admin1", "BD")]
    assert table.close_places(resolver.gazetteer, "Shibalaya", ["IN"]) == []
    assert table.close_places(resolver.gazetteer, "Rangpur", ["BD"]) == []  # not close
