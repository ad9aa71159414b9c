"""`eventatlas serve`: the HTTP API and web UI (FastAPI under uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    db: Annotated[str | None, typer.Option(
        help="Store URL: a .duckdb path, duckdb:///path, :memory: or postgresql://...; "
             "default: the DuckDB file in the user data dir.")] = None,
    host: Annotated[str, typer.Option(
        help="Interface to listen on. Keep 127.0.0.1 unless a proxy with TLS is in front.")]
    = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="TCP port.")] = DEFAULT_PORT,
    preload: Annotated[bool, typer.Option(
        help="Start the extraction workers (and load their models) at start-up instead of on "
             "the first POST.")] = False,
) -> None:
    """Serve the API (OpenAPI docs at /docs) and the web UI (at /).

    Writes need EVENTATLAS_TOKEN set on the server and sent as 'Authorization: Bearer ...';
    without it the server is read-only. EVENTATLAS_READ_TOKEN, if set, protects reads too."""
    import uvicorn

    from eventatlas.api import create_app
    from eventatlas.cli import fail, guard

    if not 0 < port < 65536:
        fail(f"--port must be between 1 and 65535, not {port}")
    try:
        # Extraction runs in worker processes (EVENTATLAS_EXTRACT_WORKERS, default 2) with a
        # per-document budget (EVENTATLAS_EXTRACT_BUDGET_S, default 30); --preload starts them.
        application = create_app(db, preload=preload)
    except Exception as error:
        guard(error)
    settings = application.state.settings
    mode = "read-write" if settings.token else "read-only (EVENTATLAS_TOKEN is not set)"
    typer.echo(f"eventatlas: serving http://{host}:{port}/ ({mode}); API docs at /docs",
               err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning")
