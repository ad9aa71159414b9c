"""The command line as a user runs it: real subprocesses, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED
from eventatlas.output import validate_error, validate_result

EVENTATLAS = [sys.executable, "-m", "eventatlas.cli"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*EVENTATLAS, *args], input=stdin, capture_output=True, timeout=120)


def assert_clean_error(result: subprocess.CompletedProcess[bytes], needle: str) -> None:
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    assert stderr.startswith("eventatlas: error:") and needle in stderr
    assert len(stderr.strip().splitlines()) == 1


def test_extract_seed_prints_valid_json():
    result = run("extract", str(SEED), "--published", "2016-11-11")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    validate_result(output)
    assert len(output["events"]) >= 8


def test_extract_reads_stdin_and_prints_geojson():
    result = run("extract", "-", "--published", "2016-11-11", "--format", "geojson",
                 stdin=SEED.read_bytes())
    assert result.returncode == 0, result.stderr
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    flows = [f for f in collection["features"] if f["geometry"]["type"] == "LineString"]
    assert flows  # Raqqa -> Hasakah, Raqqa -> Palmyra, Mosul -> Syria


def test_table_format_lists_the_events():
    result = run("extract", str(SEED), "--published", "2016-11-11", "--format", "table")
    assert result.returncode == 0
    table = result.stdout.decode()
    assert "remote.air_strike" in table and "Tadmur" in table


@pytest.mark.parametrize(("content", "needle"), [
    (b"", "empty"),
    (b"\x00\xff\x00\xfe" * 1000, "binary"),
    (bytes(range(128, 256)) * 40, "encoding"),
    (b"<html><body><nav>Home</nav></body></html>", "no article text"),
])
def test_bad_files_give_one_line_and_exit_2(tmp_path, content, needle):
    path = tmp_path / ("page.html" if content.startswith(b"<html") else "bad.txt")
    path.write_bytes(content)
    assert_clean_error(run("extract", str(path)), needle)


def test_50_mb_file_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert_clean_error(run("extract", str(path)), "limit")


def test_missing_file_and_bad_date(tmp_path):
    assert_clean_error(run("extract", str(tmp_path / "nope.txt")), "no such file")
    assert_clean_error(run("extract", str(SEED), "--published", "11/11/2016"), "YYYY-MM-DD")


def test_jsonl_batch_keeps_going_past_bad_lines(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    lines = [
        json.dumps({"id": "seed", "text": seed, "published": "2016-11-11"}),
        "{not json",
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "both", "text": "a", "html": "<p>b</p>"}),
        json.dumps({"id": "html", "html": "<html><body><article><p>Syrian warplanes bombed "
                    "the town of Saraqib in Idlib province on Monday, killing five civilians, "
                    "activists said.</p></article></body></html>", "published": "2017-02-06"}),
        json.dumps({"id": "bad-date", "text": seed, "published": "yesterday"}),
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("extract", "--jsonl", str(batch))
    assert result.returncode == 1  # finished, with some documents failed
    outputs = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [("error" in item) for item in outputs] == [False, True, True, True, False, True]
    for item in outputs:
        (validate_error if "error" in item else validate_result)(item)
    assert outputs[0]["document"]["id"] == "seed"
    assert outputs[1]["error"]["line"] == 2
    assert outputs[2]["error"]["id"] == "empty"
    html_events = outputs[4]["events"]
    assert any(e["type"] == "remote.air_strike" and e["location"]["country_code"] == "SY"
               for e in html_events)
    assert "6 documents, 4 errors" in result.stderr.decode()


def test_quiet_and_verbose_set_what_stderr_shows(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"text": SEED.read_text(encoding="utf-8")}) + "\n",
                     encoding="utf-8")
    normal, quiet, verbose = (run(*flags, "extract", "--jsonl", str(batch))
                              for flags in ((), ("--quiet",), ("--verbose",)))
    assert normal.stdout == quiet.stdout == verbose.stdout  # results never change
    assert normal.stderr.decode() == "eventatlas: 1 documents, 0 errors\n"
    assert quiet.stderr == b""
    assert "eventatlas: models loaded in" in verbose.stderr.decode()
    assert_clean_error(run("-q", "-v", "types"), "not both")


def test_schema_command_prints_the_schema():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "events" in schema["properties"]


def test_module_runs_without_console_script():
    assert Path(sys.executable).exists()
    assert run("--version").stdout.decode().strip()
