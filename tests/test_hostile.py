"""Hostile text within the limits, on small inputs: right answers, no crash, clean errors.

The full-size corpus (10 MB lines, 50,000 sentences...) and its time and memory limits are
`benchmarks/hostile.py`; the only timings here are generous ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from conftest import SEED, SEED_PUBLISHED
from eventatlas.budget import TimeBudgetError, check_budget, time_budget
from eventatlas.errors import InputError, OptionError
from eventatlas.extract import Extractor
from eventatlas.ingest import read_bytes
from eventatlas.ingest.clean import clean_text, is_boilerplate
from eventatlas.nlp import sentence_ents
from eventatlas.pipeline import text_chunks
from eventatlas.quantity import find_death_figures, find_quantities, parse_number
from eventatlas.settings import TIME_BUDGET_ENV, Settings, time_budget_from_env

BIG = "9" * 310
EVENTATLAS = [sys.executable, "-m", "eventatlas.cli"]


@pytest.fixture(scope="module")
def extractor(pipeline):
    return Extractor(pipeline.settings, pipeline=pipeline)  # the session's models


def test_captchas_are_still_furniture_and_long_runs_are_not():
    assert is_boilerplate("ten + one =") and is_boilerplate("3 x 4 = ?")
    line = "x" * 20_000
    started = time.perf_counter()
    assert not is_boilerplate(line)
    assert clean_text(f"Title\n{line}\nten + one =").paragraphs == [line]
    assert time.perf_counter() - started < 5  # 6 s before, for this line alone


def test_a_line_stuffed_with_caption_markers_is_cleaned():
    line = "Shelling hit the town. " + "(photo: AFP) " * 2_000
    cleaned = clean_text(f"Title\n{line}")
    assert cleaned.paragraphs and cleaned.paragraphs[0].startswith("Shelling hit the town.")


@pytest.mark.parametrize("text", [BIG, f"{BIG}.5", f"{BIG} million", "1" * 16])
def test_overlong_figures_are_ignored(text):
    assert parse_number(text) is None


def test_ordinary_figures_still_parse():
    assert parse_number("1,200") == 1200 and parse_number("2.5 million") == 2_500_000
    assert parse_number("two hundred and seventy-five thousand three hundred") == 275_300


def test_overlong_figures_in_text_give_no_quantity_and_no_crash():
    assert find_quantities(f"{BIG} people fled") == []
    assert find_death_figures(f"Air strikes killed {BIG} civilians.") == []
    assert find_quantities("one " * 5_000 + "people") != []  # bounded, still read


def test_a_310_digit_number_does_not_crash_extraction(extractor):
    result = extractor.extract_text(
        f"Air strikes killed {BIG} civilians in Aleppo on Monday, activists said. "
        "Rebels shelled the town of Saraqib.", published=SEED_PUBLISHED)
    assert all(event["fatalities"] is None or event["fatalities"]["best"] is None
               or event["fatalities"]["best"] < 10**15 for event in result["events"])


def test_sentence_ents_agree_with_spacy(nlp):
    doc = nlp("Abu Abdullah said. The Syrian Observatory for Human Rights said.\n\n"
              "Aleppo was shelled on Monday, Ahmed Hassan told ARA News.")
    for sentence in doc.sents:
        assert [e.start for e in sentence_ents(sentence)] == [e.start for e in sentence.ents]


def test_paragraph_breaks_still_start_sentences(nlp):
    doc = nlp("Rebels\r\n\r\nshelled the town\nand two\r\rcivilians were killed")
    assert doc[2].is_sent_start  # the word after the blank line


def test_truncated_utf8_is_an_error_not_mojibake():
    data = "Air strikes killed five civilians in Raqqa, activists said – café …".encode()
    with pytest.raises(InputError, match=r"not valid UTF-8.*middle of a character"):
        read_bytes(data[:-2], "cut.txt")
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_bytes(data + b"\xff more words", "damaged.txt")


def test_legacy_text_without_utf8_still_decodes():
    text = "Les réfugiés ont quitté la ville de Raqqa après les frappes aériennes du jeudi."
    assert "réfugiés ont quitté" in read_bytes(text.encode("cp1252"), "fr.txt").content


def test_time_budget_setting(monkeypatch):
    monkeypatch.delenv(TIME_BUDGET_ENV, raising=False)
    assert Settings().time_budget_s == 30
    monkeypatch.setenv(TIME_BUDGET_ENV, "2.5")
    assert time_budget_from_env() == 2.5
    monkeypatch.setenv(TIME_BUDGET_ENV, "soon")
    with pytest.raises(OptionError, match=TIME_BUDGET_ENV):
        time_budget_from_env()


def test_budget_raises_a_clean_error_and_nests():
    with pytest.raises(TimeBudgetError, match=r"over the 0\.01 s time budget"), \
            time_budget(0.01, "doc"):
        time.sleep(0.05)
        check_budget()
    with time_budget(60, "outer"), time_budget(0.001, "inner"):
        time.sleep(0.01)
        check_budget()  # the outer, document-wide budget governs
    check_budget()  # none active: no-op


def test_a_document_over_budget_fails_cleanly_and_the_batch_goes_on(extractor):
    seed = SEED.read_text(encoding="utf-8")
    slow = Extractor(replace(extractor.settings, time_budget_s=0.001),
                     pipeline=extractor.pipeline)  # the loaded models, this budget
    with pytest.raises(TimeBudgetError):
        slow.extract_text(seed, published=SEED_PUBLISHED)
    lines = [json.dumps({"id": "a", "text": seed}), "{not json"]
    items = list(slow.extract_jsonl(lines))
    assert "time budget" in items[0]["error"]["message"] and items[1]["error"]["line"] == 2


def test_jsonl_numbers_follow_the_file_and_decoding_is_strict(tmp_path):
    record = json.dumps({"id": "ok", "text": "Rebels shelled the town of Saraqib in Idlib on "
                         "Monday, killing five civilians, activists said.",
                         "published": "2017-02-06"}).encode()
    data = b"\n".join([b"", record, b"   ", b'{"text": "caf\xc3', record]) + b"\n"
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(data)
    from_file = subprocess.run([*EVENTATLAS, "extract", "--jsonl", str(batch)],
                               capture_output=True, timeout=120)
    from_stdin = subprocess.run([*EVENTATLAS, "extract", "--jsonl", "-"], input=data,
                                capture_output=True, timeout=120)
    assert from_file.returncode == from_stdin.returncode == 1
    assert from_file.stdout == from_stdin.stdout
    items = [json.loads(line) for line in from_file.stdout.decode().splitlines()]
    assert len(items) == 5
    assert [item.get("error", {}).get("line") for item in items] == [1, None, 3, 4, None]
    assert items[0]["error"]["message"] == "blank line (no JSON object)"
    assert "not valid UTF-8" in items[3]["error"]["message"]
    assert items[1]["document"]["id"] == items[4]["document"]["id"] == "ok"


def test_long_texts_are_cut_into_pieces_that_join_back():
    text = ("Rebels shelled Saraqib. " * 30 + "\n\n") * 40 + "x" * 5_000
    pieces = list(text_chunks(text, 2_000))
    assert "".join(pieces) == text and all(len(piece) <= 2_000 for piece in pieces)
    assert all(piece.endswith("\n\n") for piece in pieces[:3])  # paragraph breaks first


def test_a_long_text_parsed_in_pieces_keeps_its_text_and_entities(pipeline, monkeypatch):
    import eventatlas.pipeline as pipeline_module

    text = "Syrian warplanes bombed Saraqib in Idlib on Monday, activists said.\n\n" * 40
    monkeypatch.setattr(pipeline_module, "PARSE_CHUNK_CHARS", 1_000)
    doc = pipeline._parse(text)
    assert doc.text == text
    assert [ent.text for ent in doc.ents].count("Saraqib") == 40
    assert sum(1 for _ in doc.sents) == 40
