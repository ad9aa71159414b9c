"""HTTP API and web UI over the event store: `create_app()` builds the FastAPI app."""

from eventatlas.api.app import create_app
from eventatlas.api.security import ApiSettings

__all__ = ["ApiSettings", "create_app"]
