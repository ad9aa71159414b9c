"""`eventatlas batch`: JSON Lines and WARC inputs through the pipeline on local worker
processes (and on Ray when it is installed), Parquet partitions read back with pyarrow."""

from __future__ import annotations

import html
import io
import json
from collections import Counter

import pytest
from typer.testing import CliRunner

from conftest import SEED
from eventatlas.batch import run_batch
from eventatlas.cli import app

pq = pytest.importorskip("pyarrow.parquet")
warcio = pytest.importorskip("warcio")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def seed_html() -> bytes:
    title, *paragraphs = [p for p in seed_text().split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = (f"<html><head><title>{html.escape(title)}</title></head><body><article>"
            f"<h1>{html.escape(title)}</h1>{body}</article></body></html>")
    return page.encode("utf-8")


def write_warc(path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, status, content_type, body in (
            ("http://example.org/raqqa", "200 OK", "text/html; charset=utf-8", seed_html()),
            ("http://example.org/logo.png", "200 OK", "image/png", b"\x89PNG..."),
            ("http://example.org/gone", "404 Not Found", "text/html", b"<p>gone</p>"),
            ("http://example.org/menu", "200 OK", "text/html", b"<nav>Home | About</nav>"),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers))
    return path


@pytest.fixture
def inputs(tmp_path):
    jsonl = write_jsonl(tmp_path / "docs.jsonl", [
        {"id": "seed", "text": seed_text(), "published": "2016-11-11"},
        {"id": "empty", "text": ""},
        {"id": "both", "text": "a", "html": "b"},
        {"id": "seed-again", "text": seed_text(), "published": "2016-11-11"},
    ])
    with jsonl.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "broken", "text": \n')
    return [jsonl, write_warc(tmp_path / "crawl.warc.gz")]


def read_parts(folder):
    return pq.read_table(sorted(folder.glob("part-*.parquet"))).to_pylist()


def check_output(out, summary, seed_result):
    assert (summary.documents, summary.ok, summary.errors) == (7, 3, 4)
    assert summary.chunks == 4  # 7 inputs, 2 per chunk
    parts = sorted(path.name for path in (out / "events").iterdir())
    assert parts == [f"part-{index:05d}.parquet" for index in range(4)]
    documents = {row["ref"]: row for row in read_parts(out / "documents")}
    assert documents["docs.jsonl:2"]["status"] == "error"
    assert "input is empty" in documents["docs.jsonl:2"]["message"]
    assert documents["docs.jsonl:3"]["message"] == 'give exactly one of "text" or "html"'
    assert documents["docs.jsonl:5"]["message"].startswith("not valid JSON")
    assert documents["docs.jsonl:1"]["events"] == len(seed_result["events"])
    warc = [row for ref, row in documents.items() if ref.startswith("crawl.warc.gz")]
    # The image and the 404 are skipped; the navigation stub is an input with no article.
    assert sorted(row["status"] for row in warc) == ["error", "ok"]
    page = next(row for row in warc if row["status"] == "ok")
    assert page["url"] == "http://example.org/raqqa" and page["events"] > 0
    events = read_parts(out / "events")
    by_document = Counter(row["document_ids"][0] for row in events)
    assert by_document["seed"] == by_document["seed-again"] == len(seed_result["events"])
    seed_types = Counter(event["type"] for event in seed_result["events"])
    assert Counter(row["type"] for row in events if row["document_ids"] == ["seed"]) == \
        seed_types
    summary_file = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary_file["errors"] == 4 and len(summary_file["failed"]) == 4
    assert all(0 < rss < 1024 for rss in summary.peak_rss_mb_per_worker.values())


def test_local_batch_two_workers(inputs, tmp_path, seed_result):
    out = tmp_path / "out"
    summary = run_batch(inputs, out, workers=2, chunk_size=2)
    assert summary.mode == "local" and len(summary.peak_rss_mb_per_worker) == 2
    check_output(out, summary, seed_result)


def test_batch_command(inputs, tmp_path):
    out = tmp_path / "cli"
    outcome = CliRunner().invoke(app, ["batch", *map(str, inputs), "--out", str(out),
                                       "--workers", "1", "--chunk-size", "10"])
    assert outcome.exit_code == 1, outcome.output  # some documents failed
    assert "7 documents (3 ok, 4 errors)" in outcome.output
    again = CliRunner().invoke(app, ["batch", str(inputs[0]), "--out", str(out)])
    assert again.exit_code == 2 and "is not empty" in again.output
    wrong = CliRunner().invoke(app, ["batch", str(SEED), "--out", str(tmp_path / "x")])
    assert wrong.exit_code == 2 and "not a JSON Lines" in wrong.output


def test_ray_missing_is_a_clear_error(inputs, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray" or name.startswith("ray."):
            raise ImportError("no ray")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    outcome = CliRunner().invoke(app, ["batch", str(inputs[0]), "--out",
                                       str(tmp_path / "r"), "--ray", "local"])
    assert outcome.exit_code == 2 and "--ray needs Ray" in outcome.output
    # Nothing left behind to block the retry: not even an empty --out folder.
    assert not (tmp_path / "r").exists()
    (tmp_path / "given").mkdir()
    CliRunner().invoke(app, ["batch", str(inputs[0]), "--out", str(tmp_path / "given"),
                             "--ray", "local"])
    assert (tmp_path / "given").is_dir() and not any((tmp_path / "given").iterdir())


@pytest.mark.slow  # starts Ray (~16 s)
def test_ray_local_mode(inputs, tmp_path, seed_result, monkeypatch):
    pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    out = tmp_path / "ray"
    summary = run_batch(inputs, out, workers=2, chunk_size=2, ray="local")
    assert summary.mode == "ray"
    check_output(out, summary, seed_result)


def test_progress_bar_on_stderr_and_quiet(inputs, tmp_path):
    shown = CliRunner().invoke(app, ["batch", *map(str, inputs), "--out", str(tmp_path / "a"),
                                     "--workers", "1", "--chunk-size", "3"])
    assert "batch" in shown.output and "7/7 documents" in shown.output
    quiet = CliRunner().invoke(app, ["--quiet", "batch", *map(str, inputs), "--out",
                                     str(tmp_path / "b"), "--workers", "1"])
    assert "7/7" not in quiet.output and "7 documents (3 ok, 4 errors)" in quiet.output


def test_hive_partitions_by_country_and_fused_output(inputs, tmp_path, seed_result):
    out = tmp_path / "hive"
    summary = run_batch(inputs, out, workers=1, chunk_size=2, partition_by="country",
                        fuse=True)
    folders = sorted(path.name for path in (out / "events").iterdir())
    assert "country=SY" in folders
    assert all(name.startswith("country=") for name in folders)
    assert sorted((out / "events" / "country=SY").glob("part-00000-*.parquet"))
    # pyarrow (like pandas, DuckDB, Spark) reads the folder back with the key as a column.
    events = pq.read_table(out / "events").to_pylist()
    assert len(events) == summary.events
    for row in events:
        places = [row[f"{role}_country_code"] for role in ("location", "origin", "destination")]
        assert row["country"] == next((code for code in places if code), None)
    # The seed twice and its web page: each happening once, told by every copy.
    fused = pq.read_table(out / "fused" / "part-00000.parquet").to_pylist()
    assert summary.fused_events == len(fused) < summary.events
    assert {row["level"] for row in fused} == {"fused"}
    relocation = [row for row in fused if row["type"] == "movement.forced_displacement"]
    assert relocation and max(row["corroboration"] for row in relocation) >= 2
    assert sum(len(row["sources"]) for row in fused) == summary.events


def test_partition_by_must_be_known(inputs, tmp_path):
    from eventatlas.errors import OptionError

    with pytest.raises(OptionError, match="country, year, month"):
        run_batch(inputs, tmp_path / "x", partition_by="city")
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_ray_auto_starts_a_local_ray_without_a_cluster(inputs, tmp_path, seed_result,
                                                      monkeypatch):
    pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    out = tmp_path / "auto"
    summary = run_batch(inputs, out, workers=2, chunk_size=2, ray="auto")
    assert summary.mode == "ray"
    check_output(out, summary, seed_result)
