"""The FastAPI application: `create_app()` wires the store, the security settings, the API
routes and the web UI together.

    uvicorn --factory eventatlas.api:create_app      # or: eventatlas serve --db URL
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from eventatlas import __version__
from eventatlas.api.cache import ReadCache
from eventatlas.api.explore import explore_router, warm_up
from eventatlas.api.fetch import SafeFetcher
from eventatlas.api.formats import FastJSONResponse
from eventatlas.api.routes import read_router
from eventatlas.api.security import ApiSettings, BodySizeLimit, NoSniff
from eventatlas.api.service import ApiService
from eventatlas.api.workers import (
    Extraction,
    ExtractionPool,
    InlineExtraction,
    WorkersUnavailable,
)
from eventatlas.api.writes import write_router
from eventatlas.errors import EventAtlasError
from eventatlas.store import StoreError

if TYPE_CHECKING:
    from eventatlas.pipeline import Pipeline
    from eventatlas.store import Store

# `npm ci && npm run build` in web/ writes the UI here (see web/build.mjs).
WEB_DIR = Path(__file__).resolve().parents[1] / "web" / "static"

# The UI's own scripts only; Leaflet sets inline styles; the optional online base map is
# OpenStreetMap's tile server.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)

DESCRIPTION = """Sourced, geolocated conflict events. Every event lists the documents that
report it and the exact words (character offsets into the clean text) behind it.

Writes (POST) need `Authorization: Bearer <EVENTATLAS_TOKEN>`: 401 without or with a wrong
token, 403 when the server was started without EVENTATLAS_TOKEN (writes disabled). Reads are
open unless EVENTATLAS_READ_TOKEN is set."""


def create_app(store_url: str | None = None, *, store: Store | None = None,
               pipeline: Pipeline | None = None, settings: ApiSettings | None = None,
               fetcher: SafeFetcher | None = None, web_dir: Path | None = None,
               preload: bool = False) -> FastAPI:
    """Build the app. `store_url` as for `open_store` (None: the DuckDB file in the user data
    dir); or pass an open `store` (the caller then closes it). Extraction runs in worker
    processes with a time budget (`ApiSettings.extraction`); `pipeline` instead shares already
    loaded models in this process (tests). Models load on the first POST /documents, or now
    with `preload`."""
    from eventatlas.store import open_store

    settings = settings or ApiSettings.from_env()
    owns_store = store is None
    the_store = store if store is not None else open_store(store_url)
    extraction = _extraction(settings, pipeline)
    if preload:
        extraction.start()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if owns_store:  # a served app (tests pass their store): the first export is fast too
            threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
        yield
        extraction.close()
        if owns_store:
            with app.state.service.store_lock:
                the_store.close()

    app = FastAPI(title="EventAtlas", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None,
                  default_response_class=FastJSONResponse)
    app.state.settings = settings
    # DuckDB lets one process open the file, so only this one writes it; a PostgreSQL store
    # may be written by others, so cached reads there expire.
    ttl = None if the_store.db.dialect == "duckdb" else settings.read_cache_ttl_s
    app.state.service = ApiService(the_store, extraction=extraction, fetcher=fetcher,
                                   cache=ReadCache(ttl_s=ttl))
    app.include_router(read_router)
    app.include_router(explore_router)
    app.include_router(write_router)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    if settings.cors_origins:  # off unless asked for: the UI is served from the same origin
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(NoSniff)  # added last: outermost, so even a 413 carries it
    _add_error_handlers(app)
    _mount_web(app, web_dir or WEB_DIR)
    return app


def _extraction(settings: ApiSettings, pipeline: Pipeline | None) -> Extraction:
    if pipeline is not None or settings.extraction == "inline":
        return InlineExtraction(pipeline)
    return ExtractionPool(settings.extract_workers, settings.extract_budget_s)


def _add_error_handlers(app: FastAPI) -> None:
    """Errors a client can fix are 400 with a one-line `detail` (a document past the time
    budget too); a store that cannot be read or written (locked file, database down) or no
    free extraction worker is 503."""

    @app.exception_handler(StoreError)
    async def store_error(_: Request, error: StoreError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(error)})

    @app.exception_handler(WorkersUnavailable)
    async def busy(_: Request, error: WorkersUnavailable) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(error)},
                            headers={"Retry-After": "5"})

    @app.exception_handler(EventAtlasError)
    async def bad_input(_: Request, error: EventAtlasError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(error)})

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> Response:
        # FastAPI's own 422 echoes the input, and a lone surrogate in it ("\udfff" in the JSON
        # body) cannot be encoded as UTF-8: escaped JSON (ensure_ascii) always can.
        body = json.dumps({"detail": jsonable_encoder(error.errors())}, ensure_ascii=True)
        return Response(body, status_code=422, media_type="application/json")


def _mount_web(app: FastAPI, web_dir: Path) -> None:
    index = web_dir / "index.html"

    @app.get("/", include_in_schema=False, response_model=None)
    def home() -> Any:
        if not index.is_file():
            return JSONResponse(status_code=503, content={
                "detail": "the web UI is not built: run `npm ci && npm run build` in web/; "
                          "the API is up (see /docs)"})
        return FileResponse(index, headers={
            "Cache-Control": "no-cache", "Content-Security-Policy": CONTENT_SECURITY_POLICY})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI from the npm build, so the docs work offline too.
        swagger = web_dir / "vendor" / "swagger-ui"
        if (swagger / "swagger-ui-bundle.js").is_file():
            return get_swagger_ui_html(
                openapi_url="/openapi.json", title="EventAtlas API",
                swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                swagger_favicon_url="/static/favicon.svg")
        return get_swagger_ui_html(openapi_url="/openapi.json", title="EventAtlas API")

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    if web_dir.is_dir():
        app.mount("/static", StaticFiles(directory=web_dir), name="static")
