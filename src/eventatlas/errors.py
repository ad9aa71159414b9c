"""Errors users see. Each carries a one-line message fit for stderr; no traceback is shown."""

from __future__ import annotations


class EventAtlasError(Exception):
    """Base class: anything the CLI reports as a clean one-line error."""


class InputError(EventAtlasError):
    """The input cannot be read as an article (empty, binary, undecodable, too large...)."""


class OptionError(EventAtlasError):
    """A command-line option has a malformed value."""
