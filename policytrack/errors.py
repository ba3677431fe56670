"""Domain exceptions. The CLI turns each into one ``Error:`` line and exit 1."""

from __future__ import annotations


class PolicytrackError(Exception):
    """Base class: a user or data error with a message fit for one line."""


class UnknownName(PolicytrackError):
    """A slug, alias, id, label or url that names nothing in the database."""


class InvalidValue(PolicytrackError):
    """A value that does not parse or is not allowed (a date, a stance, a quote)."""


class Conflict(PolicytrackError):
    """The request contradicts what the database already holds."""


class DatabaseNotReady(PolicytrackError):
    """The database is missing, unreachable, or not at the newest revision."""
