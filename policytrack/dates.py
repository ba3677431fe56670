"""Dates at year, month or day precision, and UTC timestamps.

A partial date is stored as the first day of its period with a precision
("in 2022" is 2022-01-01, ``year``). A date option reads a coarse date as
its whole period (:func:`date_option`): one that opens a range (``--from``,
``--since``) takes the period's first day, so a change made during it
counts; one that closes a range or names a moment (``--to``, ``--until``,
``--on``) takes its last day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

from policytrack.errors import InvalidValue

# ASCII digits, nothing around them: "\d" would take full-width digits, and a
# stray space or line break is a sign of a misread field.
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_EXPECTED = "expected YYYY, YYYY-MM or YYYY-MM-DD"


class PartialDate(NamedTuple):
    start: dt.date
    precision: str

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        if self.precision == "year":
            return self.start.replace(month=12, day=31)
        if self.precision == "month":
            last = calendar.monthrange(self.start.year, self.start.month)[1]
            return self.start.replace(day=last)
        return self.start

    def __str__(self) -> str:
        return format_date(self.start, self.precision)

    def overlaps(self, first: dt.date | None, last: dt.date | None) -> bool:
        """Whether some day of the period lies from ``first`` to ``last`` (an open end when None).

        A coarse date ("2021") is within an active period if any of its days is.
        """
        return (first is None or self.end >= first) and (last is None or self.start <= last)


def parse_date(value: object, what: str = "date") -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a date/int from YAML)."""
    if isinstance(value, dt.datetime):
        raise InvalidValue(f"invalid {what} {value.isoformat()!r}: {_EXPECTED}")
    if isinstance(value, dt.date):
        return PartialDate(value, "day")
    text = str(value)
    match = _PARTIAL_DATE.fullmatch(text)
    if not match:
        raise InvalidValue(f"invalid {what} {text!r}: {_EXPECTED}")
    year, month, day = match.groups()
    try:
        start = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise InvalidValue(f"invalid {what} {text!r}: {exc}") from None
    precision = "day" if day else "month" if month else "year"
    return PartialDate(start, precision)


#: Date options that open a range; every other date option reads a period's last day.
RANGE_OPENING_OPTIONS = ("--from", "--since")

#: The rule of :func:`date_option`, as ``--help`` and README state it.
PERIOD_START_HELP = "a year or month means its first day, so a change made during it counts"
PERIOD_END_HELP = "a year or month means its last day"


def date_option(value: object, option: str) -> dt.date:
    """The day a date option means: the first day of a coarse date's period
    for ``--from``/``--since``, the last day for ``--to``/``--until``/``--on``
    (``--from 2022-06`` is 2022-06-01, ``--on 2022-06`` is 2022-06-30)."""
    period = parse_date(value, option)
    return period.start if option in RANGE_OPENING_OPTIONS else period.end


def optional_date(value: object, what: str = "date") -> PartialDate | None:
    """A date that may be left out (None or empty)."""
    return None if value is None or value == "" else parse_date(value, what)


def optional_start(value: object, what: str = "date") -> dt.date | None:
    """The first day of a date that may be left out."""
    date = optional_date(value, what)
    return date.start if date is not None else None


def period(start: object, end: object, start_name: str, end_name: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of a period given by two optional dates, each read at its
    widest (``2020`` to ``2024`` is 2020-01-01 to 2024-12-31); refused if it ends before it starts."""
    first, last = optional_date(start, start_name), optional_date(end, end_name)
    first_day, last_day = (first.start if first else None), (last.end if last else None)
    if first_day is not None and last_day is not None and last_day < first_day:
        raise InvalidValue(f"{end_name} ({last}) is before {start_name} ({first})")
    return first_day, last_day


def format_date(value: dt.date | None, precision: str | None = "day") -> str:
    """A date at its precision: ``2022``, ``2022-06`` or ``2022-06-21`` (also for no precision)."""
    if value is None:
        return ""
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def parse_timestamp(value: str | dt.datetime, what: str = "timestamp") -> dt.datetime:
    """ISO 8601 timestamp; no zone means UTC; a bare date means the end of that day."""
    if isinstance(value, dt.datetime):  # as YAML reads an unquoted timestamp
        return as_utc(value)
    text = value.strip()
    if _PARTIAL_DATE.fullmatch(text) and len(text) == 10:
        day = parse_date(text, what).start
        return dt.datetime.combine(day, dt.time.max, tzinfo=dt.timezone.utc)
    # Python 3.10's fromisoformat does not read the "Z" of UTC (2025-01-31T12:00:00Z).
    iso = text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text
    try:
        parsed = dt.datetime.fromisoformat(iso)
    except ValueError:
        raise InvalidValue(
            f"invalid {what} {text!r}: expected ISO 8601 such as 2025-01-31T12:00:00Z or 2025-01-31"
        ) from None
    return as_utc(parsed)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A timestamp in UTC; one without a zone is taken to be in UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def format_timestamp(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``."""
    if value is None:
        return None
    return as_utc(value).isoformat().replace("+00:00", "Z")
