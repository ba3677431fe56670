"""Error messages that say where in the input the problem is."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from policytrack.errors import PolicytrackError


@contextlib.contextmanager
def located(where: str) -> Iterator[None]:
    """Prefix a domain error raised in the block with ``where`` (a file, line or record)."""
    try:
        yield
    except PolicytrackError as error:
        raise relocated(error, where) from None


def relocated(error: PolicytrackError, where: str) -> PolicytrackError:
    """The same kind of error, its message prefixed with ``where``."""
    return type(error)(f"{where}: {error}")
