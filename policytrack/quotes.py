"""Quotes: how one is stored, when two are the same, and that it occurs in its source.

Compared ignoring case, runs of whitespace, and the style of quote marks and
apostrophes, so a quote typed with straight quotes matches typographic ones;
by the same comparison two quotes of one source are the same evidence.
"""

from __future__ import annotations

import re

from policytrack.errors import InvalidValue
from policytrack.models import Evidence
from policytrack.text import fits, shortened

_QUOTE_MARKS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    }
)
_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    return _WHITESPACE.sub(" ", text.translate(_QUOTE_MARKS)).strip().casefold()


def clean_quote(value: object) -> str | None:
    """A quote as every writer stores it: none for None or "", refused when blank, else stripped."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not text:
        raise InvalidValue("the quote is blank: give words from the source, or no quote")
    return fits(text, Evidence.__table__.c.quote, "quote")


def quote_key(quote: str | None) -> str | None:
    """What makes two quotes of one source the same evidence."""
    return None if quote is None else normalize_text(quote)


def quote_occurs(quote: str, content: str) -> bool:
    return normalize_text(quote) in normalize_text(content)


def check_quote(quote: str | None, content: str | None, source_label: str) -> None:
    """Refuse a quote that is not in the source's stored text (any quote goes without text)."""
    if not quote or content is None:
        return
    if not quote_occurs(quote, content):
        raise InvalidValue(f'quote "{shortened(quote, 60)}" does not occur in the text of source {source_label}')
