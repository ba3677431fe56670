"""Date phrases in a sentence, resolved against the article's publication date.

Each phrase gives a date at the precision the text supports: "November 18"
(day), "in June 2022" (month), "two years ago" (year), "on Monday" (the
last Monday up to publication), "last week", "earlier this month", "since
2020", "in April last year", "from January 1 last year", "in September that year" (the year of the date
before it, in the sentence or the text before), "two weeks later" (counted
from it), "in the same statement" or "hours after" (the last day named before
it). A weekday or "earlier" refers to the days before publication; a
day without a year that would fall after publication is of the year before.
Calendar arithmetic is dateutil's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from policytrack.dates import PartialDate
from policytrack.vocabulary import DATE_PRECISIONS

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None,
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_COUNT = r"(?P<count>\d+|" + "|".join(NUMBERS) + r")"
_PATTERNS = [
    ("day_of_year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?:of\s+)?(?P<which>last|this)\s+year\b", re.I)),
    ("day_of_year", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+(?:of\s+)?(?P<which>last|this)\s+year\b", re.I)),
    ("month_of_year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?(?P<which>last|this)\s+year\b", re.I)),
    # Named by reference to the date before: "in September that year", "that August", "the following year".
    ("that_month", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?(?:that|the same)\s+year\b", re.I)),
    ("that_month", re.compile(rf"\b(?:that|the same)\s+{_MONTH}(?!\s+\d)", re.I)),
    ("that_year", re.compile(r"\b(?P<which>that|the same|the previous|the following)\s+year\b", re.I)),
    # The event of a clause after a day: "took effect on Thursday, a day after Duda signed it".
    ("day_after", re.compile(rf"\b{_COUNT}\s+days?\s+(?P<which>after|before)\b", re.I)),
    # Counted from the date before: "two weeks later", "a year later".
    ("later", re.compile(rf"\b{_COUNT}\s+(?P<unit>year|month|week|day)s?\s+later\b", re.I)),
    # The day of an event told before: "in the same statement", "hours after the announcement".
    # "Rees-Mogg said at the time": when the date told before was
    ("at_the_time", re.compile(r"\b(?:at the time|at that time|back then)\b", re.I)),
    ("same_day", re.compile(r"\b(?:in the same statement|at the same (?:moment|time)|(?:hours|minutes) (?:after|later)|within hours|"
                            r"(?:later |earlier )?(?:that|the same) day)\b", re.I)),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?", re.I)),
    ("day_month", re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR}\b)?", re.I)),
    ("month_year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("ago", re.compile(rf"\b{_COUNT}\s+(?P<unit>year|month|week|day)s?\s+ago\b", re.I)),
    ("relative", re.compile(
        r"\b(?P<rel>earlier this (?:week|month|year)|this (?:week|month|year)|last (?:week|month|year)|"
        r"yesterday|today|earlier)\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+)?(?:the\s+(?:evening|morning|night)\s+of\s+)?(?P<weekday>"
                           + "|".join(WEEKDAYS) + r")\b", re.I)),
    ("in_month", re.compile(rf"\b(?:in|since|until|by|from|last)\s+{_MONTH}\b(?!\s+\d)", re.I)),
    ("year", re.compile(rf"(?<![\d,.-]){_YEAR}(?![\d-])", re.I)),
]


@dataclass(frozen=True)
class DatePhrase:
    text: str
    start: int  # offset in the text searched
    end: int
    date: PartialDate
    # a year that qualifies a noun ("a 1944 public health law", "signed a 2023 budget"): when the
    # thing was made, rarely when the act the sentence reports was done
    attributive: bool = False


# "the highest level since 2008", "the first time since 1990", "the most since March": a date
# that something now is compared with (the phrase must end right before the date).
_SUPERLATIVES = ("highest lowest biggest largest smallest strongest weakest fastest slowest worst best deepest "
                 "sharpest steepest greatest heaviest longest hottest coldest").split()
_COMPARED_SINCE = re.compile(
    rf"\b(?:(?:{'|'.join(_SUPERLATIVES)})(?:\s+[\w'’-]+){{0,2}}|first\s+time|most)\s+since\s+$", re.I)


# Phrases that name a year by reference to a date given before them ("that year", "that August").
_ANAPHORIC = ("that_month", "that_year", "same_day", "later", "day_after", "at_the_time")


def find_dates(sentence: str, published: dt.date | None, before: dt.date | None = None,
               day_before: dt.date | None = None, before_precision: str | None = None) -> list[DatePhrase]:
    """The date phrases of a sentence, in order, none overlapping another. ``before`` is the
    last date the text gave ahead of the sentence (to ``before_precision``): what "that year"
    or "at the time" refers to when the sentence itself has no date before it; ``day_before``
    the last date given to the day, what "in the same statement" or "hours after" refers to."""
    found: list[DatePhrase] = []
    taken: list[tuple[int, int]] = []
    anaphoric: list[tuple[str, re.Match]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            if kind in _ANAPHORIC:
                if (match.groupdict().get("month") or "").lower() == "may" and not match.group("month")[0].isupper():
                    continue  # "that may be": the verb
                taken.append((match.start(), match.end()))
                anaphoric.append((kind, match))
                continue
            if _COMPARED_SINCE.search(sentence, 0, match.start()):
                taken.append((match.start(), match.end()))
                continue  # "their highest level since 2008": a measure of the present, not an act's date
            date = _resolve(kind, match, published)
            if date is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(DatePhrase(match.group().strip(), match.start(), match.end(), date,
                                    kind == "year" and _qualifies_a_noun(sentence, match)))
    for kind, match in sorted(anaphoric, key=lambda item: item[1].start()):
        earlier = [phrase for phrase in found if phrase.end <= match.start()
                   and (kind not in ("same_day", "day_after") or phrase.date.precision == "day")]
        if kind == "day_after" and not earlier:
            continue  # "A day after the vote, ..." dates the clause by an event the text may not date
        reference: dt.date | None
        if earlier:
            nearest = max(earlier, key=lambda phrase: phrase.end).date
            reference, reference_precision = nearest.start, nearest.precision
        elif kind == "same_day":
            reference, reference_precision = day_before, "day"
        else:
            reference = before
            reference_precision = before_precision or ("day" if before is not None and before == day_before else "month")
        if reference is None:
            continue
        if kind == "day_after":
            count = _count(match)
            if count is None:
                continue
            date = PartialDate(reference + dt.timedelta(days=-count if match.group("which").lower() == "after" else count), "day")
        elif kind == "later":
            date = _later(reference, reference_precision, match)
            if date is None:
                continue
        elif kind == "same_day":
            date = PartialDate(reference, "day")
        elif kind == "at_the_time":
            date = PartialDate(reference, reference_precision)
        elif kind == "that_year":
            shift = {"the previous": -1, "the following": 1}.get(match.group("which").lower(), 0)
            date = PartialDate(dt.date(reference.year + shift, 1, 1), "year")
        else:
            date = PartialDate(dt.date(reference.year, MONTHS[match.group("month").lower()], 1), "month")
        found.append(DatePhrase(match.group().strip(), match.start(), match.end(), date))
    return sorted(found, key=lambda phrase: phrase.start)


_QUALIFIER_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her|this|that)\s+$", re.I)


def _qualifies_a_noun(sentence: str, match: re.Match) -> bool:
    return (_QUALIFIER_BEFORE.search(sentence[:match.start()]) is not None
            and re.match(r"\s+[A-Za-z]", sentence[match.end():]) is not None)


def after_publication(day: dt.date, published: dt.date | None) -> bool:
    """Whether a date phrase names a time after the article: what a sentence is about ("the 2030
    target", "will send them in 2030"), not when anything it reports was done or said. Both
    extractors leave such a candidate undated rather than date it in the future."""
    return published is not None and day > published


AFTER_PUBLICATION = "is after publication: what the sentence is about, not when it was done or said"


def _resolve(kind: str, match: re.Match, published: dt.date | None) -> PartialDate | None:
    from dateutil.relativedelta import relativedelta

    groups = match.groupdict()
    if kind in ("day_of_year", "month_of_year"):
        if published is None:
            return None
        year = published.year - (groups["which"].lower() == "last")
        month = MONTHS[groups["month"].lower()]
        if kind == "month_of_year":
            return PartialDate(dt.date(year, month, 1), "month")
        try:
            return PartialDate(dt.date(year, month, int(groups["day"])), "day")
        except ValueError:
            return None
    if kind in ("month_day", "day_month"):
        month, day = MONTHS[groups["month"].lower()], int(groups["day"])
        year = int(groups["year"]) if groups.get("year") else (published.year if published else None)
        if year is None:
            return None
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        if not groups.get("year") and published and date > published and not _looks_ahead(match):
            date = date.replace(year=year - 1)
        return PartialDate(date, "day")
    if kind == "month_year":
        return PartialDate(dt.date(int(groups["year"]), MONTHS[groups["month"].lower()], 1), "month")
    if kind == "year":
        return PartialDate(dt.date(int(groups["year"]), 1, 1), "year")
    if published is None:
        return None
    if kind == "in_month":
        month = MONTHS[groups["month"].lower()]
        if groups["month"].lower() == "may" and not match.group().lower().startswith(("in", "since", "last")):
            return None  # "by May" is more often the verb
        year = published.year if month <= published.month or _looks_ahead(match) else published.year - 1
        return PartialDate(dt.date(year, month, 1), "month")
    if kind == "ago":
        count = _count(match)
        if count is None:
            return None
        unit = groups["unit"].lower()
        if unit == "year":
            return PartialDate(dt.date(published.year - count, 1, 1), "year")
        if unit == "month":
            return _month(published - relativedelta(months=count))
        if unit == "week":
            return _month(published - dt.timedelta(weeks=count))
        return PartialDate(published - dt.timedelta(days=count), "day")
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[groups["weekday"].lower()]) % 7
        return PartialDate(published - dt.timedelta(days=back), "day")
    rel = " ".join(groups["rel"].lower().split())
    if rel == "today":
        return PartialDate(published, "day")
    if rel == "yesterday":
        return PartialDate(published - dt.timedelta(days=1), "day")
    if rel.endswith("year"):
        return PartialDate(dt.date(published.year - (1 if rel.startswith("last") else 0), 1, 1), "year")
    if rel == "last month":
        return _month(published - relativedelta(months=1))
    if rel == "last week":
        return _month(published - dt.timedelta(weeks=1))
    return _month(published)  # this week, this month, earlier this ..., earlier


# Words before a day or month without its year that point ahead: "would receive a cheque in
# April", "set to zero from April 1" in a March article are the coming April, not the last one.
# A modal may stand a few words before the date ...
_AHEAD = re.compile(r"\b(?:will|would|shall|due|next)\b[^,;]{0,60}$", re.I)
# ... or right before it: "a general strike for January 24", "until March".
_AHEAD_NEXT = re.compile(r"\b(?:for|from|until|till|starting)\s+(?:on\s+)?$", re.I)


def _looks_ahead(match: re.Match) -> bool:
    before = match.string[:match.start()]
    return _AHEAD.search(before) is not None or _AHEAD_NEXT.search(before) is not None


def _count(match: re.Match) -> int | None:
    count_text = match.group("count").lower()
    return int(count_text) if count_text.isdigit() else NUMBERS.get(count_text)


def _later(reference: dt.date, precision: str, match: re.Match) -> PartialDate | None:
    """"two weeks later" after a date of ``precision``: no finer than the date it counts from."""
    from dateutil.relativedelta import relativedelta

    count = _count(match)
    if count is None:
        return None
    unit = match.group("unit").lower()
    date = reference + relativedelta(**{f"{unit}s": count})
    # Weeks and days count to the day; the coarser of that and the reference's precision.
    coarser = max(precision, unit if unit in ("month", "year") else "day", key=DATE_PRECISIONS.index)  # finest first
    if coarser == "month":
        return _month(date)
    if coarser == "year":
        return PartialDate(date.replace(month=1, day=1), "year")
    return PartialDate(date, "day")


def _month(day: dt.date) -> PartialDate:
    return PartialDate(day.replace(day=1), "month")
