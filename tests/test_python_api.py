"""The Python API as a user calls it: `eventatlas.load()`, `ea(text)`, `ea.pipe(texts)`."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import SEED
from eventatlas.output import validate_result

ROOT = Path(__file__).resolve().parents[1]
AIR_STRIKE = ("Syrian government air strikes killed 12 civilians in Aleppo on Thursday, "
              "activists said.")
ARREST = "Police arrested 40 protesters in Ankara on Sunday."


@pytest.fixture(scope="module")
def ea():
    import eventatlas

    return eventatlas.load()


def test_import_is_cheap_and_exposes_little():
    code = ("import sys, eventatlas; "
            "print(sorted(eventatlas.__all__)); "
            "print([m for m in ('spacy', 'eventatlas.pipeline', 'eventatlas.extract') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout.splitlines()
    assert out == ["['Document', 'Extractor', '__version__', 'load']", "[]"]


def test_call_returns_a_document_whose_dict_is_the_cli_contract(ea):
    doc = ea(AIR_STRIKE, published="2016-11-11")
    assert doc.published == date(2016, 11, 11)
    assert [event["type"] for event in doc.events] == ["remote.air_strike", "civilians.attack"]
    validate_result(doc.to_dict())
    assert doc.to_dict() == ea.extract_text(AIR_STRIKE, published=date(2016, 11, 11))
    assert json.loads(doc.to_json()) == doc.to_dict()


def test_published_accepts_strings_dates_and_datetimes(ea):
    starts = {str(value): ea(ARREST, published=value).events[0]["date"]["start"]
              for value in ("2016-11-11", date(2016, 11, 11), datetime(2016, 11, 11, 9, 30))}
    assert set(starts.values()) == {"2016-11-06"}  # the Sunday before


def test_bad_published_is_an_option_error(ea):
    from eventatlas.errors import OptionError

    with pytest.raises(OptionError, match="YYYY-MM-DD"):
        ea(ARREST, published="Nov 11")
    with pytest.raises(OptionError):
        ea(ARREST, published=20161111)


def test_geojson_of_a_document(ea):
    features = ea(AIR_STRIKE, published="2016-11-11").to_geojson()["features"]
    assert {feature["properties"]["place_name"] for feature in features} == {"Aleppo"}
    assert all(feature["geometry"]["type"] == "Point" for feature in features)


def test_pipe_keeps_order_and_matches_single_calls(ea):
    texts = [AIR_STRIKE, ARREST, AIR_STRIKE]
    piped = [doc.to_dict() for doc in ea.pipe(texts, published="2016-11-11")]
    assert piped == [ea(text, published="2016-11-11").to_dict() for text in texts]


def test_pipe_with_contexts_on_two_processes(ea):
    pairs = [(AIR_STRIKE, {"id": "a", "published": "2017-01-05"}), (ARREST, "mine"),
             (ARREST, {"title": "Arrests in Ankara", "extra": [1]})]
    out = list(ea.pipe(pairs, as_tuples=True, n_process=2, batch_size=1,
                       published="2016-11-11"))
    assert [context for _, context in out] == [pair[1] for pair in pairs]
    docs = [doc for doc, _ in out]
    assert docs[0].id == "a" and docs[0].published == date(2017, 1, 5)
    assert docs[1].published == date(2016, 11, 11)  # the pipe's default
    assert docs[2].title == "Arrests in Ankara"
    assert docs[1].to_dict()["events"] == ea(ARREST, published="2016-11-11").to_dict()["events"]


def test_pipe_raises_on_a_text_that_is_no_article(ea):
    from eventatlas.errors import EventAtlasError

    with pytest.raises(EventAtlasError, match="text 2"):
        list(ea.pipe([ARREST, "too short"]))


def test_extract_path_takes_a_str(ea):
    assert ea.extract_path(str(SEED)) == ea.extract_path(SEED)


@pytest.mark.parametrize("target", ["docs/python-api.md", "src/eventatlas/document.py",
                                    "src/eventatlas/extract.py"])
def test_documented_examples_run(target, monkeypatch):
    monkeypatch.chdir(ROOT)  # the docs open files relative to the repository
    options = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    path = ROOT / target
    if path.suffix == ".md":
        failed, tried = doctest.testfile(str(path), module_relative=False, optionflags=options)
    else:
        import importlib

        module = importlib.import_module("eventatlas." + path.stem)
        failed, tried = doctest.testmod(module, optionflags=options)
    assert tried > 0 and failed == 0


def test_a_missing_embedding_model_is_said_with_how_to_get_it(tmp_path, monkeypatch, caplog):
    from eventatlas import extract
    from eventatlas.events import embedding

    monkeypatch.setattr(embedding, "model_dir", lambda: tmp_path / "none")
    monkeypatch.setattr(extract, "_WARNED", [])
    embedding.load_embedder.cache_clear()
    try:
        with caplog.at_level("WARNING", logger="eventatlas"):
            assert extract.warn_if_no_embedder()
            assert not extract.warn_if_no_embedder()  # once per process
    finally:
        embedding.load_embedder.cache_clear()
    assert "eventatlas models fetch" in caplog.text and str(tmp_path / "none") in caplog.text
