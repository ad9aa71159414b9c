"""Who may read and write, and how much a request may send.

- Writes (POST) need `Authorization: Bearer <EVENTATLAS_TOKEN>`. Without the header, or with a
  wrong token: 401. When the server has no write token configured, every write is refused with
  403 ("writes are disabled"), so a server started without a token is read-only.
- Reads are open unless `EVENTATLAS_READ_TOKEN` is set; then they need that token (or the write
  token) as a Bearer token, else 401.
- Request bodies over the limit are refused with 413 before they are read into memory.
- Every response says `X-Content-Type-Options: nosniff`, so no browser reads a JSON or CSV
  body holding article text as HTML or script.
"""

from __future__ import annotations

import hmac
import json
import os
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException, Request
from fastapi.security import HTTPBearer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventatlas.api.workers import DEFAULT_WORKERS
from eventatlas.settings import MAX_INPUT_BYTES, time_budget_from_env

TOKEN_ENV = "EVENTATLAS_TOKEN"
READ_TOKEN_ENV = "EVENTATLAS_READ_TOKEN"
CORS_ENV = "EVENTATLAS_CORS_ORIGINS"
EXTRACTION_ENV = "EVENTATLAS_EXTRACTION"  # "pool" (default) or "inline"
WORKERS_ENV = "EVENTATLAS_EXTRACT_WORKERS"
# One article may be up to MAX_INPUT_BYTES; JSON escaping can grow it, so allow some slack.
MAX_BODY_BYTES = MAX_INPUT_BYTES + MAX_INPUT_BYTES // 2


@dataclass(slots=True)
class ApiSettings:
    """Everything the app reads from the environment, read once when the app is built."""

    token: str | None = None
    read_token: str | None = None
    cors_origins: list[str] = field(default_factory=list)
    max_body_bytes: int = MAX_BODY_BYTES
    # Extraction: worker processes that are killed past the per-document time budget
    # ("pool"), or in the server process ("inline": tests, embedding). The budget is the
    # pipeline's own (EVENTATLAS_TIME_BUDGET; 0: none); see api.workers for the backstop.
    extraction: str = "pool"
    extract_workers: int = DEFAULT_WORKERS
    extract_budget_s: float = field(default_factory=time_budget_from_env)
    read_cache_ttl_s: float = 2.0  # PostgreSQL only: other processes may write it

    @classmethod
    def from_env(cls, **overrides: Any) -> ApiSettings:
        origins = [item.strip() for item in os.environ.get(CORS_ENV, "").split(",")
                   if item.strip()]
        values: dict[str, Any] = {
            "token": os.environ.get(TOKEN_ENV) or None,
            "read_token": os.environ.get(READ_TOKEN_ENV) or None,
            "cors_origins": origins,
            "extraction": os.environ.get(EXTRACTION_ENV) or None,
            "extract_workers": _count(WORKERS_ENV),
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        # An unset variable keeps the default (for the tokens the default is None: no token).
        return cls(**{key: value for key, value in values.items() if value is not None})


def _count(name: str) -> int | None:
    value = os.environ.get(name)
    if not value:
        return None
    if not value.strip().isdigit() or int(value) < 1:
        raise ValueError(f"{name} must be a positive whole number, not {value!r}")
    return int(value)


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _matches(given: str | None, expected: str | None) -> bool:
    if given is None or expected is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


# Declares `Authorization: Bearer <token>` in the OpenAPI document (Swagger's Authorize
# button); `auto_error=False`: require_write and require_read answer a missing token themselves.
bearer_scheme = HTTPBearer(auto_error=False, scheme_name="BearerToken", description=(
    "The server's EVENTATLAS_TOKEN: needed by every POST; by reads only when "
    "EVENTATLAS_READ_TOKEN is set (that token or the write token)."))


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(status_code=401, detail=message,
                         headers={"WWW-Authenticate": 'Bearer realm="eventatlas"'})


def require_write(request: Request) -> None:
    """Dependency for every endpoint that changes the store."""
    settings: ApiSettings = request.app.state.settings
    if not settings.token:
        raise HTTPException(
            status_code=403,
            detail=f"writes are disabled on this server: start it with {TOKEN_ENV} set")
    given = bearer_token(request)
    if given is None:
        raise _unauthorized("this endpoint needs 'Authorization: Bearer <token>'")
    if not _matches(given, settings.token):
        raise _unauthorized("wrong token")


def require_read(request: Request) -> None:
    """Dependency for every read endpoint: open unless a read token is configured."""
    settings: ApiSettings = request.app.state.settings
    if not settings.read_token:
        return
    given = bearer_token(request)
    if given is None:
        raise _unauthorized("reads need 'Authorization: Bearer <token>' on this server")
    if not (_matches(given, settings.read_token) or _matches(given, settings.token)):
        raise _unauthorized("wrong token")


class BodySizeLimit:
    """ASGI middleware: 413 for a declared Content-Length over the limit, and for a streamed
    body that grows past it (the app never sees more than `limit` bytes)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._reject(send)
                return
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _BodyTooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not response_started:
                await self._reject(send)

    async def _reject(self, send: Send) -> None:
        body = json.dumps(
            {"detail": f"request body is over the {self.limit:,} byte limit"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _BodyTooLarge(HTTPException):
    """Raised from `receive`; an HTTPException so FastAPI's body parsing lets it through and
    the app answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413,
                         detail=f"request body is over the {limit:,} byte limit")


class NoSniff:
    """ASGI middleware: `X-Content-Type-Options: nosniff` on every response, JSON, errors and
    static files included (it wraps the whole app, 413s and CORS answers too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(name, value) for name, value in message.get("headers", [])
                           if name.lower() != b"x-content-type-options"]
                headers.append((b"x-content-type-options", b"nosniff"))
                message = message | {"headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_header)
