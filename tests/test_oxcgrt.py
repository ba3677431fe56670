"""Correctness on real data: the OxCGRT policy change points (see /work/shared/oxcgrt/README.md).

The data set is not part of the project (CC BY 4.0, kept outside the
repository); without it these tests are skipped. Each backend imports it
once (module-scoped database) and the reports are compared with what plain
Python computes from the CSV.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

from policytrack.db import Database

from helpers import POSTGRES_URL, Cli, postgres_database

OXCGRT = Path(__file__).resolve().parents[2] / "shared" / "oxcgrt"
SCALES = OXCGRT / "scales.json"

pytestmark = pytest.mark.skipif(
    not (OXCGRT / "changepoints.csv").exists() or not SCALES.exists(),
    reason=f"the OxCGRT data set is not at {OXCGRT}",
)


def load_scales() -> dict:
    return json.loads(SCALES.read_text(encoding="utf-8"))


def read_series(path: Path) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """(actor, topic) -> [(date, stance), ...] in date order."""
    series = defaultdict(list)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            series[row["actor"], row["topic"]].append((row["on"], int(row["stance"])))
    for points in series.values():
        points.sort()
    return series


def level(before: int, after: int, pivot: int) -> str:
    """SPEC.md's classification, written out independently of policytrack."""
    if before == pivot or after == pivot:
        return "partial"
    if (before < pivot) != (after < pivot):
        return "full"
    return "shift"


def expected_changes(path: Path) -> set[tuple]:
    pivots = {topic: scale["pivot"] for topic, scale in load_scales().items()}
    changes = set()
    for (actor, topic), points in read_series(path).items():
        for (from_on, from_stance), (to_on, to_stance) in zip(points, points[1:]):
            if from_stance != to_stance:
                changes.add(
                    (actor, topic, from_on, to_on, from_stance, to_stance, level(from_stance, to_stance, pivots[topic]))
                )
    return changes


def imported(backend: str, tmp_path_factory, csv_name: str):
    """A database of each backend holding one OxCGRT file; yields its Cli."""
    if backend == "sqlite":
        urls = iter([str(tmp_path_factory.mktemp("oxcgrt") / "oxcgrt.db")])
    elif POSTGRES_URL:
        urls = postgres_database()
    else:
        pytest.skip("POLICYTRACK_TEST_POSTGRES_URL is not set")
    database = Database(next(urls))
    try:
        database.upgrade()
        _add_scales_topics_and_source(database)
        cli = Cli(database.url)
        cli("import", str(OXCGRT / csv_name), "--create-missing", "--source", "oxcgrt")
        yield cli
    finally:
        database.dispose()
        next(urls, None)  # drops the PostgreSQL database


def _add_scales_topics_and_source(database: Database) -> None:
    from policytrack.catalog import add_scale, add_topic
    from policytrack.sources import add_source

    with database.session() as s:
        for slug, scale in load_scales().items():
            levels = {int(value): label for value, label in scale["labels"].items()}
            assert sorted(levels) == list(range(scale["min"], scale["max"] + 1))
            add_scale(s, slug, scale["name"], levels, pivot=scale["pivot"])
            add_topic(s, slug, scale["name"], scale=slug)
        add_source(
            s, "Oxford COVID-19 Government Response Tracker (legacy time series)",
            url="https://github.com/OxCGRT/covid-policy-tracker-legacy", slug="oxcgrt",
        )
    database.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def full(request, tmp_path_factory):
    yield from imported(request.param, tmp_path_factory, "changepoints.csv")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def small(request, tmp_path_factory):
    yield from imported(request.param, tmp_path_factory, "changepoints_small.csv")


def reported_changes(cli, level: str = "shift") -> set[tuple]:
    rows = cli.json("reversals", "--level", level)
    found = {
        (r["actor"], r["topic"], r["from_on"], r["to_on"], r["from_stance"], r["to_stance"], r["level"]) for r in rows
    }
    assert len(found) == len(rows), "a change is reported twice"
    return found


def test_small_file_every_change_is_reported_with_its_level(small):
    assert reported_changes(small) == expected_changes(OXCGRT / "changepoints_small.csv")


def test_every_change_is_reported_with_its_level(full):
    expected = expected_changes(OXCGRT / "changepoints.csv")

    assert len(expected) > 12_000  # 14,477 change points in 1,675 series
    assert reported_changes(full) == expected


def test_restores_names_the_latest_earlier_position_with_the_new_stance(full):
    expected = set()
    for (actor, topic), points in read_series(OXCGRT / "changepoints.csv").items():
        for index in range(1, len(points)):
            to_on, to_stance = points[index]
            # Positions older than the replaced one (index - 1) holding the new stance.
            earlier = [on for on, stance in points[: index - 1] if stance == to_stance]
            expected.add((actor, topic, to_on, earlier[-1] if earlier else None))
    dates = {row["id"]: row["effective_on"] for row in full.json("sql", "SELECT id, effective_on FROM positions")}

    rows = full.json("reversals", "--level", "shift")

    assert {(r["actor"], r["topic"], r["to_on"], dates.get(r["restores"])) for r in rows} == expected


def test_level_full_reports_exactly_the_full_changes(full):
    expected = {change for change in expected_changes(OXCGRT / "changepoints.csv") if change[-1] == "full"}

    assert reported_changes(full, "full") == expected


def test_the_last_change_point_of_each_series_is_in_force(full):
    expected = {
        (actor, topic, points[-1][1], points[-1][0])
        for (actor, topic), points in read_series(OXCGRT / "changepoints.csv").items()
    }

    rows = full.json("current", "--on", "2023")

    assert {(r["actor"], r["topic"], r["stance"], r["effective_on"]) for r in rows} == expected


def test_the_reversals_view_counts_every_change(full):
    [row] = full.json("sql", "SELECT count(*) AS n FROM v_reversals")

    assert row["n"] == len(expected_changes(OXCGRT / "changepoints.csv"))
