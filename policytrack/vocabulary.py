"""The fixed words of policytrack and how a typed value becomes one of them.

Actor kinds, position kinds, date precisions, change levels and the file
formats, each listed once, with one parser per value and one message per
mistake. Standard library only: the command line builds its choices from
here, and ``policytrack --help`` must stay fast.
"""

from __future__ import annotations

import re

from policytrack.errors import InvalidValue

ACTOR_KINDS = ("state", "government", "agency", "person", "organisation", "other")
POSITION_KINDS = ("statement", "action")
DATE_PRECISIONS = ("day", "month", "year")
#: Change levels from least to greatest; ``--level X`` reports X and above.
CHANGE_LEVELS = ("shift", "partial", "full")
#: What ``export`` writes and ``import`` reads, by file extension.
BUNDLE_FORMATS = ("yaml", "json", "csv")
#: File name endings and the format each means, for ``import`` and ``export -o``.
FILE_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}
#: The listing formats that are not tabulate tables.
DATA_FORMATS = ("csv", "json", "jsonl")

#: The scale ``init`` creates (strongly oppose .. strongly support), on which new topics go by default.
BUILT_IN_SCALE = "support"

DEFAULT_ACTOR_KIND = "other"
DEFAULT_POSITION_KIND = "statement"

# ASCII digits only: Python's int() also reads "１" (full-width) and "٣" (Arabic-Indic).
_INTEGER = re.compile(r"[+-]?[0-9]+")


def choose(value: object, choices: tuple[str, ...], what: str) -> str:
    """``value`` as one of ``choices``, ignoring case and surrounding space."""
    text = value.strip().lower() if isinstance(value, str) else None
    if text in choices:
        return text
    raise InvalidValue(f"{what} must be {_alternatives(choices)}, not {value!r}")


def actor_kind(value: object) -> str:
    return choose(value, ACTOR_KINDS, "actor kind")


def position_kind(value: object) -> str:
    return choose(value, POSITION_KINDS, "position kind")


def change_level(value: object) -> str:
    return choose(value, CHANGE_LEVELS, "level")


def levels_at_least(level: str) -> tuple[str, ...]:
    """The change levels ``--level level`` reports: it and the greater ones."""
    return CHANGE_LEVELS[CHANGE_LEVELS.index(change_level(level)):]


def file_format(name: str) -> str | None:
    """The format a file name's ending means (``data.YML`` is yaml), or None."""
    dot = name.rfind(".")
    return FILE_FORMATS.get(name[dot:].lower()) if dot > 0 else None


def is_integer(value: object) -> bool:
    """Whether ``value`` is an integer, or text that is one (ASCII digits, an optional sign)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and _INTEGER.fullmatch(value.strip()) is not None)


def integer(value: object, what: str) -> int:
    """``value`` (an int, or text such as ``-2`` or ``+1``) as an integer."""
    if not is_integer(value):
        raise InvalidValue(f"{what} must be an integer, not {value!r}")
    if isinstance(value, str):
        return int(value.strip())
    assert isinstance(value, int)  # is_integer admits only ints and text
    return value


def _alternatives(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1]
