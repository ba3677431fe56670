"""``--as-recorded TIMESTAMP`` on timeline, current, diff and reversals.

The transaction-time axis is set directly in the database (recorded_at,
retracted_at) so that the tests control time without sleeping.
"""

from __future__ import annotations

import time

import pytest

from helpers import utc


@pytest.fixture
def history(world):
    """fr on aid as the database learnt it:

    - support (2020), recorded 2024-01-10 12:00 UTC;
    - oppose (2021), recorded 2024-02-10, retracted 2024-03-10 12:00 UTC;
    - strongly support (2022), recorded 2024-04-10;
    and us on aid: support (2020), recorded 2024-01-10 12:00 UTC.
    """
    ids = {
        "support": world.record("fr", "aid", "support", "2020"),
        "oppose": world.record("fr", "aid", "oppose", "2021"),
        "strongly": world.record("fr", "aid", "strongly support", "2022"),
        "us": world.record("us", "aid", "support", "2020"),
    }
    world.set_times(ids["support"], recorded_at=utc(2024, 1, 10, 12))
    world.set_times(ids["oppose"], recorded_at=utc(2024, 2, 10), retracted_at=utc(2024, 3, 10, 12))
    world.set_times(ids["strongly"], recorded_at=utc(2024, 4, 10))
    world.set_times(ids["us"], recorded_at=utc(2024, 1, 10, 12))
    world.ids = ids
    return world


def timeline_ids(world, *args):
    return [row["id"] for row in world.cli.json("timeline", "--actor", "fr", *args)]


# timeline ------------------------------------------------------------------


def test_timeline_ignores_positions_recorded_later(history):
    assert timeline_ids(history, "--as-recorded", "2024-01-31T00:00:00Z") == [history.ids["support"]]


def test_timeline_counts_a_position_retracted_later_as_live(history):
    rows = history.cli.json("timeline", "--actor", "fr", "--as-recorded", "2024-02-20T00:00:00Z")

    assert [row["id"] for row in rows] == [history.ids["support"], history.ids["oppose"]]
    assert [row["retracted_at"] for row in rows] == [None, None]


def test_timeline_including_retracted_shows_no_retraction_that_came_later(history):
    rows = history.cli.json(
        "timeline", "--actor", "fr", "--include-retracted", "--as-recorded", "2024-02-20T00:00:00Z"
    )

    [oppose] = [row for row in rows if row["id"] == history.ids["oppose"]]
    assert oppose["retracted_at"] is None


def test_timeline_shows_a_retraction_made_before_the_moment(history):
    ids = history.ids

    assert timeline_ids(history, "--as-recorded", "2024-03-31T00:00:00Z") == [ids["support"]]
    rows = history.cli.json(
        "timeline", "--actor", "fr", "--include-retracted", "--as-recorded", "2024-03-31T00:00:00Z"
    )
    assert [(row["id"], row["retracted_at"]) for row in rows] == [
        (ids["support"], None),
        (ids["oppose"], "2024-03-10T12:00:00Z"),
    ]


def test_timeline_without_as_recorded_is_the_database_now(history):
    ids = history.ids

    assert timeline_ids(history) == [ids["support"], ids["strongly"]]


# current -------------------------------------------------------------------


def current_ids(world, *args):
    return [row["position_id"] for row in world.cli.json("current", "--actor", "fr", *args)]


def test_current_ignores_positions_recorded_later(history):
    assert current_ids(history, "--as-recorded", "2024-01-31T00:00:00Z") == [history.ids["support"]]


def test_current_counts_a_position_retracted_later_as_live(history):
    assert current_ids(history, "--as-recorded", "2024-02-20T00:00:00Z") == [history.ids["oppose"]]


def test_current_without_as_recorded_skips_the_retraction(history):
    assert current_ids(history) == [history.ids["strongly"]]


def test_current_before_anything_was_recorded_is_empty(history):
    assert history.cli.json("current", "--as-recorded", "2023-12-31T23:59:59Z") == []


# diff ------------------------------------------------------------------------


def test_diff_dates_answers_as_the_database_stood(history):
    ids = history.ids

    [then] = history.cli.json("diff", "fr", "--from", "2020-06", "--to", "2023", "--as-recorded", "2024-02-20T00:00:00Z")
    [now] = history.cli.json("diff", "fr", "--from", "2020-06", "--to", "2023")

    assert (then["from_position"], then["to_position"], then["change"]) == (ids["support"], ids["oppose"], "full")
    assert (now["from_position"], now["to_position"], now["change"]) == (ids["support"], ids["strongly"], "shift")


def test_diff_actors_answers_as_the_database_stood(history):
    [then] = history.cli.json("diff", "fr", "us", "--on", "2023", "--as-recorded", "2024-02-20T00:00:00Z")
    [now] = history.cli.json("diff", "fr", "us", "--on", "2023")

    assert (then["stance_a"], then["stance_b"], then["relation"]) == (-1, 1, "opposed")
    assert (now["stance_a"], now["stance_b"], now["relation"]) == (2, 1, "differ")


def test_diff_actors_ignores_a_side_recorded_later(history):
    history.set_times(history.ids["us"], recorded_at=utc(2024, 2, 1))

    [row] = history.cli.json("diff", "fr", "us", "--on", "2023", "--as-recorded", "2024-01-31T00:00:00Z")

    assert (row["stance_a"], row["stance_b"], row["relation"]) == (1, None, "only_a")


# reversals -----------------------------------------------------------------


def reversal_pairs(world, *args):
    return [
        (row["from_position"], row["to_position"], row["level"])
        for row in world.cli.json("reversals", "--level", "shift", *args)
    ]


def test_reversals_ignore_positions_recorded_later(history):
    assert reversal_pairs(history, "--as-recorded", "2024-01-31T00:00:00Z") == []


def test_reversals_count_a_position_retracted_later_as_live(history):
    ids = history.ids

    assert reversal_pairs(history, "--as-recorded", "2024-02-20T00:00:00Z") == [
        (ids["support"], ids["oppose"], "full"),
    ]


def test_reversals_after_the_retraction_skip_it(history):
    ids = history.ids

    assert reversal_pairs(history, "--as-recorded", "2024-05-01T00:00:00Z") == [
        (ids["support"], ids["strongly"], "shift"),
    ]


def test_reversals_restores_only_sees_positions_recorded_by_then(world):
    first = world.record("fr", "apl", "restrict", "2014")
    permit = world.record("fr", "apl", "permit", "2020")
    restrict = world.record("fr", "apl", "restrict", "2022")
    late = world.record("fr", "apl", "restrict", "2016")  # found later: now the latest restriction before 2020
    for position in (first, permit, restrict):
        world.set_times(position, recorded_at=utc(2024, 1, 1))
    world.set_times(late, recorded_at=utc(2025, 1, 1))

    def restores(*args):
        return world.cli.json("reversals", *args)[-1]["restores"]

    assert restores() == late
    assert restores("--as-recorded", "2024-12-31T00:00:00Z") == first


# The timestamp ---------------------------------------------------------------


def test_a_bare_date_means_the_end_of_that_day(history):
    # The retraction happened at 12:00 UTC on 2024-03-10.
    assert timeline_ids(history, "--as-recorded", "2024-03-10") == [history.ids["support"]]
    assert timeline_ids(history, "--as-recorded", "2024-03-10T00:00:00Z") == [
        history.ids["support"], history.ids["oppose"],
    ]


def test_a_bare_date_includes_positions_recorded_late_that_day(world):
    position = world.record("fr", "aid", "support", "2020")
    world.set_times(position, recorded_at=utc(2024, 1, 10, 23, 59, 59))

    assert [row["id"] for row in world.cli.json("timeline", "--as-recorded", "2024-01-10")] == [position]
    assert world.cli.json("timeline", "--as-recorded", "2024-01-10T23:59:58Z") == []


@pytest.fixture
def far_from_utc(monkeypatch):
    """A local time zone nine hours ahead of UTC, so that reading a timestamp
    without a zone as local time would give a different moment."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_timestamp_without_zone_is_utc(history, far_from_utc):
    # support was recorded at 12:00 UTC on 2024-01-10 (21:00 in Tokyo).
    assert timeline_ids(history, "--as-recorded", "2024-01-10T12:30:00") == [history.ids["support"]]
    assert timeline_ids(history, "--as-recorded", "2024-01-10T11:30:00") == []


def test_a_timestamp_with_an_offset_is_converted_to_utc(history):
    assert timeline_ids(history, "--as-recorded", "2024-01-10T14:30:00+02:00") == [history.ids["support"]]
    assert timeline_ids(history, "--as-recorded", "2024-01-10T13:30:00+02:00") == []


def test_a_timestamp_with_z_is_utc(history):
    assert timeline_ids(history, "--as-recorded", "2024-01-10T12:00:00Z") == [history.ids["support"]]
    assert timeline_ids(history, "--as-recorded", "2024-01-10T11:59:59Z") == []


@pytest.mark.parametrize("command", [
    ["timeline"], ["current"], ["reversals"], ["diff", "fr", "--from", "2020"], ["diff", "fr", "us"],
])
@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "2024-02-30T00:00:00Z", "2024-01-10 noon"])
def test_an_invalid_timestamp_is_refused(world, command, value):
    result = world.cli.fails(*command, "--as-recorded", value)

    assert "--as-recorded" in result.stderr
