"""The pipeline's declared stages: the registry, assembling from settings, the docs table."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from eventatlas.errors import OptionError
from eventatlas.extract import Extractor
from eventatlas.settings import DEFAULT_STAGES
from eventatlas.stages import REGISTRY, stage_table

DOCS = Path(__file__).parents[1] / "docs" / "architecture.md"
TEXT = ("Police arrested 12 protesters in Nairobi on Tuesday, witnesses said. "
        "Two soldiers were killed when gunmen attacked their convoy near Garissa.")


def test_every_default_stage_is_registered_and_documented() -> None:
    assert set(DEFAULT_STAGES) <= set(REGISTRY)
    assert all(REGISTRY[name].__doc__ for name in DEFAULT_STAGES)


def test_the_architecture_page_shows_the_registry_table() -> None:
    text = DOCS.read_text(encoding="utf-8")
    shown = text.split("<!-- stages:start -->")[1].split("<!-- stages:end -->")[0]
    assert shown.strip() == stage_table(), "run `python -m eventatlas.stages` and paste it"


def test_an_unknown_stage_is_a_clear_error(pipeline) -> None:
    with pytest.raises(OptionError, match="no stage named 'geocode'"):
        pipeline.with_settings(replace(pipeline.settings, stages=("mentions", "geocode")))


def test_a_pipeline_without_the_acled_stage_leaves_sides_unset(pipeline) -> None:
    full = Extractor(pipeline=pipeline)(TEXT, published="2024-03-05").to_dict()
    fewer = replace(pipeline.settings, stages=DEFAULT_STAGES[:-1])
    bare = Extractor(fewer, pipeline=pipeline)(TEXT, published="2024-03-05").to_dict()
    assert [e["type"] for e in full["events"]] == [e["type"] for e in bare["events"]]
    assert any(e["acled"] and e["acled"]["actor1"] for e in full["events"])
    assert all(e["acled"] is None or e["acled"]["actor1"] is None for e in bare["events"])


def test_events_need_places_before_them(pipeline) -> None:
    wrong = Extractor(replace(pipeline.settings, stages=("mentions", "events")),
                      pipeline=pipeline)
    with pytest.raises(OptionError, match='needs stage "places"'):
        wrong.extract_text(TEXT)
