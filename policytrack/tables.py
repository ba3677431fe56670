"""Report tables for people: what fits a 120-column terminal and reads at a glance.

JSON, CSV and JSON lines keep every key of SPEC.md; ``--wide`` prints those
same keys as a table. The default table instead shows names (not slugs)
when they are short, stance labels with dates at their precision, the level
of a change in words ("full reversal", "restores 2014-09-23 restrict"), the
first source by its slug or outlet, and, for reversals, what the new
position said, wrapped. Rows are enriched a chunk at a time, with one query
per chunk for the names, quotes and restored positions they need.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable, Iterator
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from policytrack.dates import format_date
from policytrack.queries import actors, evidence, positions, scale_levels, sources, topics
from policytrack.text import shortened

T = TypeVar("T")

#: Names longer than this show as their slug.
SHORT_NAME = 22
CHUNK = 500

LEVEL_WORDS = {"full": "full reversal", "partial": "partial change", "shift": "shift"}
RED, AMBER, BOLD, RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m"

#: The default columns of each report's table, and how wide each may grow. A table is as wide as
#: the sum of its columns, each at least its header and two, plus two between columns: at most 120.
COLUMNS = {
    "timeline": {"id": 6, "on": 10, "actor": 16, "topic": 16, "stance": 14, "kind": 9, "said": 34},
    "current": {"actor": 22, "topic": 22, "stance": 18, "since": 10, "position": 8},
    "diff_dates": {"topic": 22, "from": 24, "to": 24, "change": 16},
    "diff_actors": {"topic": 24, "a": 26, "b": 26, "relation": 10},
    "reversals": {"actor": 14, "topic": 14, "from": 10, "to": 10, "level": 28, "said": 32},
    "check": {"severity": 8, "code": 22, "position": 8, "source": 6, "actor": 14, "message": 44},
    "sources": {"id": 4, "slug": 24, "title": 34, "outlet": 16, "published": 10, "text": 4, "positions": 9},
    "scales": {"slug": 14, "name": 22, "pivot": 5, "levels": 20, "cues": 46},
    "search": {"kind": 7, "position": 8, "actor": 14, "topic": 14, "source": 18, "retracted": 9, "fragment": 32},
    "history": {"when": 16, "who": 8, "action": 10, "record": 22, "field": 12, "old": 16, "new": 24},
    # The lists of rows in `position show` and `source show`.
    "position_sources": {"source": 22, "title": 34, "outlet": 16, "quote": 40},
    "source_evidence": {"position": 8, "actor": 20, "topic": 20, "quote": 48, "retracted": 9},
    "actor_topics": {"topic": 22, "positions": 9, "retracted": 9, "first": 10, "last": 10, "current": 30},
}
#: How wide the value of a field of `position show`, `source show` and `actor show` may grow.
RECORD_VALUE = 96


def people_rows(session: Session, report: str, rows: Iterable[dict], colour: bool = False) -> Iterator[dict]:
    """``rows`` of ``report`` (SPEC keys) as the default table's rows, cells wrapped to width."""
    names = _Names(session)
    widths = COLUMNS[report]
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK)):
        names.read(chunk)
        extra = _Extra(session, report, chunk)
        for row in chunk:
            cells = _CELLS[report](row, names, extra, colour)
            yield {key: _wrap(cells.get(key), width) for key, width in widths.items()}


def people_record(record: dict, sections, wrap: bool = True) -> dict:
    """The fields of a record (all but its ``sections``, the lists of rows) for its field/value
    table: a mapping as ``key value`` pairs, long texts wrapped unless not ``wrap``."""
    return {key: _field(value, wrap) for key, value in record.items() if key not in sections}


def _field(value, wrap: bool):
    if isinstance(value, dict):
        value = ", ".join(f"{key} {item}" for key, item in value.items() if item is not None)
    return _wrap(value, RECORD_VALUE) if wrap and isinstance(value, str) else value


def highlight(text: str, bold: bool) -> str:
    """A search fragment's match marks as bold (on a terminal) or dropped; a match that a line
    break splits is closed at the end of the line and reopened on the next, so that the bold
    never runs into the cells beside it."""
    from policytrack.search import MARK_END, MARK_START

    if not bold:
        return text.replace(MARK_START, "").replace(MARK_END, "")
    lines, inside = [], False
    for line in text.split("\n"):
        opened = BOLD if inside else ""
        inside = line.rfind(MARK_START) > line.rfind(MARK_END) if MARK_START in line or MARK_END in line else inside
        lines.append(opened + line.replace(MARK_START, BOLD).replace(MARK_END, RESET) + (RESET if inside else ""))
    return "\n".join(lines)


def _wrap(value, width: int) -> str:
    if value is None:
        return ""
    text = str(value)
    if "\x1b" in text:  # coloured words are short; wrapping would split the escape codes
        return text
    if len(text) <= width and text.isprintable() and not text[:1].isspace() and not text[-1:].isspace():
        return text  # one line that textwrap would leave as it is (most cells: 2.4 s of `current`'s 9.7 s)
    return "\n".join(line for part in text.split("\n") for line in (textwrap.wrap(part, width, break_on_hyphens=False) or [""]))


class _Names:
    """Display names of actors and topics (the slug when the name is long), read for each
    chunk's slugs only, through the tables rather than the ORM (no mapper set-up)."""

    ACTOR_KEYS = ("actor", "from_actor", "to_actor")

    def __init__(self, session: Session):
        self.session = session
        self._actors: dict[str, str] = {}
        self._topics: dict[str, str] = {}

    def read(self, rows: list[dict]) -> None:
        """Read the names the rows' slugs need and that are not read yet."""
        for table, known, keys in ((actors, self._actors, self.ACTOR_KEYS), (topics, self._topics, ("topic",))):
            wanted = {row[key] for row in rows for key in keys if row.get(key) is not None} - known.keys()
            if wanted:
                known.update(self.session.execute(select(table.c.slug, table.c.name).where(table.c.slug.in_(wanted))).all())

    def actor(self, slug: str | None) -> str:
        return _short(self._actors.get(slug) if slug is not None else None, slug)

    def topic(self, slug: str | None) -> str:
        return _short(self._topics.get(slug) if slug is not None else None, slug)


def _short_url(ref: T, width: int = SHORT_NAME) -> T | str:
    """A source named by its url, as a table shows it: the site and the start of the path
    (the whole url, cut into pieces by the column, read as noise); any other name as it is."""
    if not isinstance(ref, str) or "://" not in ref:
        return ref
    from urllib.parse import urlsplit

    parts = urlsplit(ref)
    shown = parts.netloc.removeprefix("www.") + parts.path.rstrip("/")
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def _short(name: str | None, slug: str | None) -> str:
    return name if name and len(name) <= SHORT_NAME else (slug or "")


class _Extra:
    """What a chunk of rows needs beyond its own keys: what new positions said,
    their first source, and the positions restored."""

    def __init__(self, session: Session, report: str, rows: list[dict]):
        self.said: dict[int, str] = {}
        self.restored: dict[int, str] = {}
        if report == "reversals":
            ids = {row["to_position"] for row in rows}
            self._said(session, ids)
            self._restored(session, {row["restores"] for row in rows if row.get("restores")})
        elif report == "timeline":
            self._said(session, {row["id"] for row in rows})

    def _said(self, session: Session, ids: set[int]) -> None:
        if not ids:
            return
        quotes: dict[int, tuple[str | None, str | None]] = {}
        for pid, quote, slug, outlet, url in session.execute(
            select(evidence.c.position_id, evidence.c.quote, sources.c.slug, sources.c.outlet, sources.c.url)
            .join(sources, sources.c.id == evidence.c.source_id)
            .where(evidence.c.position_id.in_(ids))
            .order_by(evidence.c.id)
        ):
            first_quote, first_source = quotes.get(pid, (None, None))
            quotes[pid] = (first_quote or quote, first_source or slug or outlet or _short_url(url))
        summaries = dict(session.execute(select(positions.c.id, positions.c.summary).where(positions.c.id.in_(ids))).all())
        for pid in ids:
            quote, source = quotes.get(pid, (None, None))
            text = _quoted(quote) or summaries.get(pid) or ""
            self.said[pid] = f"{text} ({source})" if source else text

    def _restored(self, session: Session, ids: set[int]) -> None:
        if not ids:
            return
        for pid, on, precision, label in session.execute(
            select(positions.c.id, positions.c.effective_on, positions.c.date_precision, scale_levels.c.label)
            .join(topics, topics.c.id == positions.c.topic_id)
            .outerjoin(
                scale_levels,
                (scale_levels.c.scale_id == topics.c.scale_id) & (scale_levels.c.value == positions.c.stance),
            )
            .where(positions.c.id.in_(ids))
        ):
            self.restored[pid] = f"restores {format_date(on, precision)} {label}"


def _label(label, stance) -> str:
    return label if label is not None else ("" if stance is None else str(stance))


def _stance_on(label, stance, on, precision) -> str:
    if on is None:
        return ""
    return f"{_label(label, stance)}\n{format_date(on, precision or 'day')}"


def _coloured(level: str, colour: bool) -> str:
    words = LEVEL_WORDS.get(level, level)
    if not colour or level not in ("full", "partial"):
        return words
    return f"{RED if level == 'full' else AMBER}{words}{RESET}"


def _timeline(row, names, extra, colour):
    return {
        "id": row["id"],
        "on": format_date(row["effective_on"], row["date_precision"]),
        "actor": names.actor(row["actor"]),
        "topic": names.topic(row["topic"]),
        "stance": _label(row["stance_label"], row["stance"]) + (" (retracted)" if row.get("retracted_at") else ""),
        "kind": row["kind"],
        "said": extra.said.get(row["id"]),
    }


def _current(row, names, extra, colour):
    return {
        "actor": names.actor(row["actor"]),
        "topic": names.topic(row["topic"]),
        "stance": _label(row["stance_label"], row["stance"]),
        "since": format_date(row["effective_on"], row["date_precision"]),
        "position": row["position_id"],
    }


def _diff_dates(row, names, extra, colour):
    change = row["change"]
    return {
        "topic": names.topic(row["topic"]),
        "from": _stance_on(row["from_label"], row["from_stance"], row["from_on"], row["from_precision"]) or "(none)",
        "to": _stance_on(row["to_label"], row["to_stance"], row["to_on"], row["to_precision"]),
        "change": _coloured(change, colour) if change in LEVEL_WORDS else change,
    }


def _diff_actors(row, names, extra, colour):
    return {
        "topic": names.topic(row["topic"]),
        "a": _label(row["label_a"], row["stance_a"]) or "(none)",
        "b": _label(row["label_b"], row["stance_b"]) or "(none)",
        "relation": row["relation"],
    }


def _reversals(row, names, extra, colour):
    level = _coloured(row["level"], colour)
    if row.get("kind") == "succession":
        level += f"\n{names.actor(row['from_actor'])} → {names.actor(row['to_actor'])}"
    if row.get("restores"):
        level += "\n" + extra.restored.get(row["restores"], f"restores position {row['restores']}")
    return {
        "actor": names.actor(row["actor"]),
        "topic": names.topic(row["topic"]),
        "from": _stance_on(row["from_label"], row["from_stance"], row["from_on"], row["from_precision"]),
        "to": _stance_on(row["to_label"], row["to_stance"], row["to_on"], row["to_precision"]),
        "level": "\n".join(_wrap(part, COLUMNS["reversals"]["level"]) for part in level.split("\n")),
        "said": extra.said.get(row["to_position"]),
    }


def _yes(value) -> str:
    return "" if value is None else ("yes" if value else "no")


def _check(row, names, extra, colour):
    return {
        "severity": row["severity"],
        "code": row["code"],
        "position": row["position"],
        "source": row["source"],
        "actor": names.actor(row["actor"]),
        "message": row["message"],
    }


def _sources(row, names, extra, colour):
    published = row["published_on"]
    return {
        "id": row["id"],
        "slug": row["slug"],
        "title": row["title"],
        "outlet": row["outlet"],
        "published": format_date(published, row["published_precision"] or "day") if published else None,
        "text": _yes(row["has_text"]),
        "positions": row["positions"],
    }


def _scales(row, names, extra, colour):
    return {
        "slug": row["slug"],
        "name": row["name"],
        "pivot": row["pivot"],
        "levels": "\n".join(f"{value}={label}" for value, label in row["levels"].items()),
        # One paragraph per level, wrapped on its own.
        "cues": "\n".join(f"{label}={'; '.join(phrases)}" for label, phrases in row["cues"].items()),
    }


def _search(row, names, extra, colour):
    return {
        "kind": row["kind"],
        "position": row["position"],
        "actor": names.actor(row["actor"]),
        "topic": names.topic(row["topic"]),
        "source": _short_url(row["source"], COLUMNS["search"]["source"]),
        "retracted": _yes(row["retracted"]),
        # Wrapped with its match marks (one character each), then made bold: the bold never widens a line.
        "fragment": highlight(_wrap(row["fragment"], COLUMNS["search"]["fragment"]), colour),
    }


def _history(row, names, extra, colour):
    return {
        "when": row["changed_at"].strftime("%Y-%m-%d %H:%M"),
        "who": row["changed_by"],
        "action": row["action"],
        "record": row["record"] if row["record_type"] in row["record"] else f"{row['record_type']} {row['record']}",
        "field": row["field"],
        # A stored text is a whole article: the trail shows its start.
        "old": _start_of(row["old_value"]),
        "new": _start_of(row["new_value"]),
    }


def _quoted(quote: str | None) -> str:
    return f"“{quote}”" if quote else ""


def _start_of(text: str | None, length: int = 60) -> str | None:
    if text is None:
        return None
    return shortened(" ".join(text.split()), length)


def _position_sources(row, names, extra, colour):
    return {key: row[key] for key in ("source", "title", "outlet")} | {"quote": _quoted(row["quote"])}


def _source_evidence(row, names, extra, colour):
    return {
        "position": row["position"],
        "actor": names.actor(row["actor"]),
        "topic": names.topic(row["topic"]),
        "quote": _quoted(row["quote"]),
        "retracted": _yes(row["retracted"]),
    }


def _actor_topics(row, names, extra, colour):
    current = row["current_position"]
    return {
        "topic": names.topic(row["topic"]),
        "positions": row["positions"],
        "retracted": row["retracted"],
        "first": row["first_on"],
        "last": row["last_on"],
        "current": f"{row['current_label']} (position {current})" if current is not None else "",
    }


_CELLS = {
    "timeline": _timeline,
    "current": _current,
    "diff_dates": _diff_dates,
    "diff_actors": _diff_actors,
    "reversals": _reversals,
    "check": _check,
    "sources": _sources,
    "scales": _scales,
    "search": _search,
    "history": _history,
    "position_sources": _position_sources,
    "source_evidence": _source_evidence,
    "actor_topics": _actor_topics,
}


def choose_columns(rows: Iterable[dict], columns: list[str]) -> Iterator[dict]:
    """``--columns a,b,c``: only those keys, in that order."""
    for row in rows:
        yield {key: row.get(key) for key in columns}
