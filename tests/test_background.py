"""Recalled history is marked background and kept out of the store."""

from __future__ import annotations

from datetime import date

from eventatlas.events.background import is_background
from eventatlas.ingest import build_document, read_bytes
from eventatlas.model import DateRange

TEXT = ("Government aircraft bombed the town of Saraqeb on Tuesday, killing four civilians. "
        "In 1982, government forces killed thousands of people in Hama.")


def test_history_and_long_periods_are_background_the_news_is_not() -> None:
    published = date(2017, 4, 6)
    assert is_background(DateRange(date(1982, 2, 1), date(1982, 2, 28), "month"), published)
    assert is_background(DateRange(date(2011, 3, 1), date(2017, 4, 6), "year"), published)
    assert not is_background(DateRange(date(2017, 4, 4), date(2017, 4, 4), "day"), published)
    assert not is_background(DateRange(date(2016, 7, 1), date(2016, 9, 30), "month"), published)
    assert not is_background(None, published)


def test_a_report_marks_its_recalled_massacre_and_the_store_skips_it(pipeline) -> None:
    from eventatlas.store import open_store

    document = build_document(read_bytes(TEXT.encode("utf-8"), "<test>"),
                              published=date(2017, 4, 6))
    events = pipeline.process(document).result()["events"]
    marks = {event["date"]["start"][:4]: event["background"] for event in events}
    assert marks == {"2017": False, "1982": True}
    store = open_store(":memory:")
    try:
        outcome = store.add_document(document)
        assert len(outcome.event_ids) == 1
    finally:
        store.close()
