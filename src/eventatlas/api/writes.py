"""The endpoints that change the store: add a document, review an event. Each needs the write
token as `Authorization: Bearer <token>` (the `HTTPBearer` scheme of the OpenAPI document)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Response, Security
from pydantic import BaseModel, ConfigDict, Field, model_validator

from eventatlas.api.routes import EventId, Problem, Service
from eventatlas.api.schemas import EventWithReviews, Ingested
from eventatlas.api.security import bearer_scheme, require_write
from eventatlas.api.service import Submission

# The scheme declares the Bearer token in the OpenAPI document; require_write checks it.
write_router = APIRouter(dependencies=[Security(bearer_scheme), Depends(require_write)],
                         responses={401: {"model": Problem, "description": "No or a wrong token."},
                                    403: {"model": Problem,
                                          "description": "Writes are disabled on this server."}})

class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="Plain article text.")
    html: str | None = Field(None, description="An article page's HTML.")
    url: str | None = Field(None, max_length=2048, description=(
        "http(s) URL to fetch; private, loopback and link-local addresses are refused."))
    published: date | None = Field(None, description="Publication date, YYYY-MM-DD.")
    title: str | None = Field(None, max_length=1000, description="The article's title.")
    id: str | None = Field(None, max_length=200, pattern=r"^[A-Za-z0-9._:-]+$", description=(
        "Your id for the document; default: one made from its content."))

    @model_validator(mode="after")
    def _exactly_one(self) -> DocumentIn:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError('give exactly one of "text", "html" or "url"')
        return self


@write_router.post("/documents", status_code=201, tags=["documents"], response_model=None,
                  responses={201: {"model": Ingested, "description": "Added."},
                             200: {"model": Ingested, "description": "Already stored."}})
def add_document(api: Service, body: DocumentIn, response: Response) -> dict[str, Any]:
    """Extract events from an article and store them. 201 when added; 200 with the existing
    document's id when the same content is already stored."""
    ingested = api.ingest(Submission(**body.model_dump()))
    if ingested.status == "duplicate":
        response.status_code = 200
    return {"document_id": ingested.document_id, "status": ingested.status,
            "events": ingested.events, "cluster_ids": ingested.cluster_ids}


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["confirm", "correct", "reject", "split", "merge"] = Field(
        description="What to do with the event.")
    field: str | None = Field(None, max_length=100, description="correct: the field to change.")
    value: Any = Field(None, description="correct: its new value.")
    reviewer: str | None = Field(None, max_length=200, description="Who reviews (the audit log).")
    note: str | None = Field(None, max_length=5000, description="Why, for the audit log.")
    event_ids: list[str] | None = Field(None, max_length=1000, description=(
        "split: the report-level events to move out of this fused event."))
    other_id: str | None = Field(None, max_length=200, description=(
        "merge: the event to merge into this one."))

    @model_validator(mode="after")
    def _arguments(self) -> ReviewIn:
        if self.action == "correct" and not self.field:
            raise ValueError("correct needs a field")
        if self.action == "split" and not self.event_ids:
            raise ValueError("split needs event_ids")
        if self.action == "merge" and not self.other_id:
            raise ValueError("merge needs other_id")
        return self


@write_router.post("/events/{event_id}/review", tags=["review"], response_model=None,
                  responses={200: {"model": EventWithReviews}, 404: {"model": Problem}})
def review_event(api: Service, event_id: EventId, body: ReviewIn) -> dict[str, Any]:
    """Confirm, correct a field, reject, split or merge an event; every review is appended to
    the audit log (GET /reviews). Returns the updated event."""
    try:
        return api.write(
            "review", event_id, body.action, field=body.field, value=body.value,
            reviewer=body.reviewer, note=body.note, event_ids=body.event_ids,
            other_id=body.other_id)
    except KeyError:
        raise
    except LookupError as error:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}") from error
