"""Shared helpers for the foundation tests: the landmine example and small checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from policytrack.db import Database
from policytrack.models import Evidence, Position

DATA = Path(__file__).parent / "data"
# The article of SPEC.md's motivating example (a copy of the shared seed-article.txt),
# with typographic quotes and apostrophes: “Because the Russians ...”, they’ve.
SEED_ARTICLE = DATA / "seed-article.txt"
SOURCE_URL = "https://caliber.az/post/us-defense-secretary-explains-landmines"
SOURCE_SLUG = "caliber-2024-11-21"

# ISO 8601 in UTC with a Z, as SPEC.md requires for timestamps.
UTC_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")

APL_LEVELS = {-2: "ban", -1: "restrict", 0: "no stated policy", 1: "permit", 2: "supply"}


@dataclass
class Landmine:
    """Ids of what :func:`build_landmine` created."""

    source_id: int
    source_slug: str = SOURCE_SLUG
    source_url: str = SOURCE_URL


def build_landmine(cli) -> Landmine:
    """The landmine example of SPEC.md, built through the CLI.

    Actors us (aliases Washington, USA), biden-admin and trump-admin (both
    governments under us), the scale apl-policy (-2 ban .. 2 supply, pivot 0),
    the topic apl-use on it, and the Caliber.Az article with its full text.
    """
    cli("actor", "add", "us", "--name", "United States", "--kind", "state", "--alias", "Washington", "--alias", "USA")
    cli(
        "actor", "add", "trump-admin", "--name", "Trump administration", "--kind", "government",
        "--parent", "us", "--active-from", "2017-01-20", "--active-until", "2021-01-20",
    )
    cli(
        "actor", "add", "biden-admin", "--name", "Biden administration", "--kind", "government",
        "--parent", "us", "--active-from", "2021-01-20", "--active-until", "2025-01-20",
    )
    levels = [f"--level={value}={label}" for value, label in APL_LEVELS.items()]
    cli("scale", "add", "apl-policy", "--name", "Anti-personnel landmine policy", *levels)
    cli("topic", "add", "apl-use", "--name", "Use of anti-personnel landmines", "--scale", "apl-policy")
    result = cli(
        "source", "add", "--title", "Ukraine responsible for tracking locations of mines",
        "--url", SOURCE_URL, "--slug", SOURCE_SLUG, "--outlet", "Caliber.Az", "--author", "Naila Huseynova",
        "--published", "2024-11-21", "--text-file", str(SEED_ARTICLE),
    )
    return Landmine(source_id=int(result.stdout.strip()))


def record(cli, actor: str, stance: str, on: str, *extra: str, topic: str = "apl-use", source: str = SOURCE_SLUG) -> int:
    """``policytrack record`` with the usual defaults; returns the printed id."""
    result = cli("record", "--actor", actor, "--topic", topic, "--stance", stance, "--on", on, "--source", source, *extra)
    return int(result.stdout.strip())


def position_row(db: Database, position_id: int) -> Position:
    """A position read straight from the database (bypassing the CLI), with its evidence."""
    with db.session(write=False) as session:
        position = session.get(Position, position_id)
        assert position is not None, f"no position {position_id}"
        list(position.evidence)  # load before the session closes
    db.dispose()
    return position


def evidence_of(db: Database, position_id: int) -> list[tuple[int, str | None]]:
    with db.session(write=False) as session:
        rows = session.execute(
            select(Evidence.source_id, Evidence.quote).where(Evidence.position_id == position_id).order_by(Evidence.id)
        ).all()
    db.dispose()
    return [tuple(row) for row in rows]


def error_line(result) -> str:
    """The one ``Error:`` line of a refused command."""
    return result.stderr.strip()


# The view columns SPEC.md promises analysts ("at least these").
SPEC_VIEW_COLUMNS = {
    "v_positions": {
        "id", "actor", "actor_name", "topic", "topic_name", "stance", "stance_label", "effective_on",
        "date_precision", "kind", "summary", "recorded_at", "retracted_at", "source_count",
    },
    "v_current_positions": {
        "actor", "topic", "stance", "stance_label", "effective_on", "date_precision", "position_id",
    },
    "v_reversals": {
        "actor", "topic", "from_position", "to_position", "from_stance", "from_label", "from_on",
        "to_stance", "to_label", "to_on", "level",
    },
}
