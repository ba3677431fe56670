"""``policytrack current`` and ``policytrack diff`` (one actor over time, two actors on a date)."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import table, utc

CURRENT_KEYS = {"actor", "topic", "stance", "stance_label", "effective_on", "date_precision", "position_id"}
DIFF_DATES_KEYS = {
    "topic", "from_position", "from_stance", "from_label", "from_on", "from_precision",
    "to_position", "to_stance", "to_label", "to_on", "to_precision", "change",
}
DIFF_ACTORS_KEYS = {"topic", "stance_a", "label_a", "stance_b", "label_b", "relation"}


def in_days(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def current(world, *args):
    return world.cli.json("current", *args)


def in_force(world, *args):
    return [(row["actor"], row["topic"], row["position_id"]) for row in current(world, *args)]


# current -------------------------------------------------------------------


def test_current_is_the_latest_position_for_each_actor_and_topic(world):
    world.record("fr", "aid", "support", "2020")
    fr_aid = world.record("fr", "aid", "oppose", "2022")
    fr_apl = world.record("fr", "apl", "ban", "2019")
    us_aid = world.record("us", "aid", "strongly support", "2021")

    assert in_force(world) == [("fr", "aid", fr_aid), ("fr", "apl", fr_apl), ("us", "aid", us_aid)]


def test_current_goes_by_effective_date_not_by_recording(world):
    later = world.record("fr", "aid", "oppose", "2022")
    world.record("fr", "aid", "support", "2020")

    assert in_force(world) == [("fr", "aid", later)]


def test_current_on_the_same_date_takes_the_last_recorded(world):
    first = world.record("fr", "aid", "oppose", "2022-05-01")
    second = world.record("fr", "aid", "support", "2022-05-01")
    world.set_times(second, recorded_at=utc(2024, 1, 1))
    world.set_times(first, recorded_at=utc(2024, 2, 1))

    assert in_force(world) == [("fr", "aid", first)]


def test_current_skips_retracted_positions(world):
    kept = world.record("fr", "aid", "support", "2020")
    wrong = world.record("fr", "aid", "oppose", "2022")
    world.cli("retract", wrong, "--reason", "wrong country")

    assert in_force(world) == [("fr", "aid", kept)]


def test_current_defaults_to_today_and_ignores_positions_dated_later(world):
    now = world.record("fr", "aid", "support", "2020")
    world.record("fr", "aid", "oppose", in_days(30))
    world.record("us", "aid", "support", in_days(30))

    assert in_force(world) == [("fr", "aid", now)]


def test_a_future_position_is_in_force_from_its_date(world):
    world.record("fr", "aid", "support", "2020")
    future = world.record("fr", "aid", "oppose", in_days(30))

    assert in_force(world, "--on", in_days(29))[0][2] != future
    assert in_force(world, "--on", in_days(30)) == [("fr", "aid", future)]


@pytest.mark.parametrize("on, expected", [
    ("2022", "last_day"),  # through 2022-12-31
    ("2022-12", "last_day"),  # through 2022-12-31
    ("2022-11", "before"),
    ("2022-12-30", "before"),
    ("2022-12-31", "last_day"),
])
def test_current_on_a_coarse_date_means_the_end_of_the_period(world, on, expected):
    ids = {
        "before": world.record("fr", "aid", "support", "2020"),
        "last_day": world.record("fr", "aid", "oppose", "2022-12-31"),
    }

    assert in_force(world, "--on", on) == [("fr", "aid", ids[expected])]


def test_current_before_any_position_is_empty(world):
    world.record("fr", "aid", "support", "2020-06")

    assert current(world, "--on", "2020-05") == []


def test_an_actors_active_period_does_not_end_its_positions(world):
    world.cli("actor", "add", "old-admin", "--name", "A past government", "--kind", "government",
              "--active-from", "2017-01-20", "--active-until", "2021-01-20")
    position = world.record("old-admin", "aid", "support", "2020")

    assert in_force(world, "--on", "2024") == [("old-admin", "aid", position)]


def test_current_filters_by_actor_and_topic(world):
    world.record("fr", "aid", "support", "2020")
    us_aid = world.record("us", "aid", "oppose", "2020")
    us_apl = world.record("us", "apl", "ban", "2020")

    assert in_force(world, "--actor", "USA") == [("us", "aid", us_aid), ("us", "apl", us_apl)]
    assert in_force(world, "--topic", "apl") == [("us", "apl", us_apl)]
    assert in_force(world, "--actor", "us", "--topic", "aid") == [("us", "aid", us_aid)]


def test_current_json(world):
    position = world.record("fr", "apl", "restrict", "2022-06")

    [row] = current(world)

    assert set(row) == CURRENT_KEYS
    assert row == {
        "actor": "fr", "topic": "apl", "stance": -1, "stance_label": "restrict",
        "effective_on": "2022-06-01", "date_precision": "month", "position_id": position,
    }


def test_current_table_shows_the_label_and_the_date_at_its_precision(world):
    world.record("fr", "apl", "restrict", "2022-06")

    [row] = table(world.cli("current", "--wide", "--format", "github").stdout)

    assert (row["stance"], row["effective_on"]) == ("restrict", "2022-06")


def test_current_refuses_bad_input(world):
    assert 'did you mean "biden-admin"' in world.cli.fails("current", "--actor", "biden").stderr
    assert "2022-02-30" in world.cli.fails("current", "--on", "2022-02-30").stderr
    world.cli.fails("current", "--topic", "nope")


# diff ACTOR --from --to ----------------------------------------------------


def diff(world, *args):
    return world.cli.json("diff", *args)


@pytest.mark.parametrize("before, after, change", [
    ("support", "oppose", "full"),
    ("support", "neutral", "partial"),
    ("neutral", "oppose", "partial"),
    ("support", "strongly support", "shift"),
])
def test_diff_classifies_the_change_between_the_positions_in_force(world, before, after, change):
    first = world.record("fr", "aid", before, "2020")
    second = world.record("fr", "aid", after, "2022-03")

    [row] = diff(world, "fr", "--from", "2021", "--to", "2023")

    assert (row["topic"], row["from_position"], row["to_position"], row["change"]) == ("aid", first, second, change)


def test_diff_json(world):
    first = world.record("fr", "apl", "permit", "2020")
    second = world.record("fr", "apl", "restrict", "2022-03")

    [row] = diff(world, "fr", "--from", "2021", "--to", "2023")

    assert set(row) == DIFF_DATES_KEYS
    assert row == {
        "topic": "apl",
        "from_position": first, "from_stance": 1, "from_label": "permit",
        "from_on": "2020-01-01", "from_precision": "year",
        "to_position": second, "to_stance": -1, "to_label": "restrict",
        "to_on": "2022-03-01", "to_precision": "month",
        "change": "full",
    }


def test_diff_unchanged_when_the_same_position_is_in_force(world):
    position = world.record("fr", "aid", "support", "2020")

    [row] = diff(world, "fr", "--from", "2021", "--to", "2023")

    assert (row["from_position"], row["to_position"], row["change"]) == (position, position, "unchanged")


def test_diff_unchanged_when_the_stance_came_back(world):
    first = world.record("fr", "aid", "support", "2020")
    world.record("fr", "aid", "oppose", "2021")
    last = world.record("fr", "aid", "support", "2022")

    [row] = diff(world, "fr", "--from", "2021", "--to", "2023")

    assert (row["from_position"], row["to_position"], row["change"]) == (first, last, "unchanged")


def test_diff_new_when_nothing_was_in_force_at_the_start(world):
    position = world.record("fr", "aid", "support", "2022")

    [row] = diff(world, "fr", "--from", "2021", "--to", "2023")

    assert row["change"] == "new"
    assert (row["from_position"], row["from_stance"], row["from_label"], row["from_on"], row["from_precision"]) == (
        None, None, None, None, None,
    )
    assert (row["to_position"], row["to_stance"]) == (position, 1)


def test_diff_leaves_out_topics_without_a_position_by_the_end(world):
    world.record("fr", "aid", "support", "2024")

    assert diff(world, "fr", "--from", "2020", "--to", "2023") == []


def test_diff_reads_from_as_the_start_and_to_as_the_end_of_their_periods(world):
    world.record("fr", "aid", "support", "2021-06")
    last_day = world.record("fr", "aid", "oppose", "2022-12-31")

    [row] = diff(world, "fr", "--from", "2021", "--to", "2022")

    # 2021 starts before the June position: nothing was in force on 2021-01-01.
    assert (row["from_position"], row["to_position"], row["change"]) == (None, last_day, "new")


def test_diff_to_defaults_to_today(world):
    world.record("fr", "aid", "support", "2020")
    now = world.record("fr", "aid", "oppose", "2021")
    world.record("fr", "aid", "strongly oppose", in_days(30))

    [row] = diff(world, "fr", "--from", "2020-06")

    assert (row["to_position"], row["change"]) == (now, "full")


def test_diff_covers_every_topic_of_the_actor_only(world):
    world.record("fr", "aid", "support", "2020")
    world.record("fr", "apl", "ban", "2020")
    world.record("us", "schools", "3", "2020")

    assert [row["topic"] for row in diff(world, "fr", "--from", "2021", "--to", "2022")] == ["aid", "apl"]
    assert [row["topic"] for row in diff(world, "fr", "--from", "2021", "--to", "2022", "--topic", "apl")] == ["apl"]


def test_diff_to_before_from_is_refused(world):
    result = world.cli.fails("diff", "fr", "--from", "2022", "--to", "2021-06")

    assert "--to" in result.stderr


def test_diff_table_shows_labels_and_dates_at_their_precision(world):
    world.record("fr", "apl", "permit", "2020")
    world.record("fr", "apl", "restrict", "2022-03")

    [row] = table(world.cli("diff", "fr", "--from", "2021", "--to", "2023", "--wide", "--format", "github").stdout)

    assert (row["from_stance"], row["from_on"], row["to_stance"], row["to_on"]) == ("permit", "2020", "restrict", "2022-03")


# diff ACTOR OTHER ------------------------------------------------------------


@pytest.mark.parametrize("topic, stance_a, stance_b, relation", [
    ("aid", "support", "support", "agree"),
    ("aid", "support", "strongly support", "differ"),
    ("aid", "support", "neutral", "differ"),
    ("aid", "support", "oppose", "opposed"),
    ("aid", "strongly oppose", "strongly support", "opposed"),
    ("schools", "0", "2", "opposed"),  # pivot 1: none and require are on opposite sides
    ("schools", "2", "3", "differ"),
    ("schools", "1", "0", "differ"),
])
def test_diff_actors_relation(world, topic, stance_a, stance_b, relation):
    world.record("fr", topic, stance_a, "2020")
    world.record("us", topic, stance_b, "2021")

    [row] = diff(world, "fr", "us", "--on", "2022")

    assert (row["topic"], row["relation"]) == (topic, relation)


def test_diff_actors_only_one_side(world):
    world.record("fr", "aid", "support", "2020")
    world.record("us", "apl", "ban", "2020")

    rows = diff(world, "fr", "us", "--on", "2022")

    assert [(r["topic"], r["stance_a"], r["stance_b"], r["relation"]) for r in rows] == [
        ("aid", 1, None, "only_a"),
        ("apl", None, -2, "only_b"),
    ]


def test_diff_actors_json(world):
    world.record("fr", "apl", "ban", "2020")
    world.record("us", "apl", "permit", "2020")

    [row] = diff(world, "fr", "USA", "--on", "2022")

    assert set(row) == DIFF_ACTORS_KEYS
    assert row == {
        "topic": "apl", "stance_a": -2, "label_a": "ban", "stance_b": 1, "label_b": "permit", "relation": "opposed",
    }


def test_diff_actors_on_a_coarse_date_means_its_end(world):
    world.record("fr", "aid", "support", "2020")
    world.record("us", "aid", "support", "2020")
    world.record("us", "aid", "oppose", "2022-12-31")

    assert diff(world, "fr", "us", "--on", "2022-11")[0]["relation"] == "agree"
    assert diff(world, "fr", "us", "--on", "2022")[0]["relation"] == "opposed"


def test_diff_actors_defaults_to_today(world):
    world.record("fr", "aid", "support", "2020")
    world.record("us", "aid", "support", "2020")
    world.record("us", "aid", "oppose", in_days(30))

    assert diff(world, "fr", "us")[0]["relation"] == "agree"


def test_diff_actors_topic_filter(world):
    world.record("fr", "aid", "support", "2020")
    world.record("fr", "apl", "ban", "2020")

    assert [row["topic"] for row in diff(world, "fr", "us", "--topic", "apl")] == ["apl"]


def test_diff_actors_table_shows_labels(world):
    world.record("fr", "apl", "ban", "2020")
    world.record("us", "apl", "permit", "2020")

    [row] = table(world.cli("diff", "fr", "us", "--wide", "--format", "github").stdout)

    assert (row["stance_a"], row["stance_b"], row["relation"]) == ("ban", "permit", "opposed")


# diff usage --------------------------------------------------------------------


def test_diff_needs_from_or_another_actor(world):
    world.cli.fails("diff", "us", code=2)


def test_diff_refuses_from_with_another_actor(world):
    world.cli.fails("diff", "us", "fr", "--from", "2020", code=2)


def test_diff_refuses_on_with_one_actor(world):
    world.cli.fails("diff", "us", "--on", "2020", code=2)


def test_diff_refuses_an_unknown_actor_with_a_hint(world):
    assert 'did you mean "trump-admin"' in world.cli.fails("diff", "trump", "--from", "2020").stderr
    assert 'did you mean "trump-admin"' in world.cli.fails("diff", "us", "trump").stderr


def test_diff_refuses_an_invalid_date(world):
    world.cli.fails("diff", "us", "--from", "2020-00")
    world.cli.fails("diff", "us", "fr", "--on", "20201")


# One rule for coarse dates (policytrack.dates.date_option) --------------------------


def test_current_on_a_month_is_its_last_day(world):
    last_day = world.record("fr", "aid", "support", "2022-06-30")
    world.record("fr", "aid", "oppose", "2022-07-01")

    assert in_force(world, "--on", "2022-06") == [("fr", "aid", last_day)]


def test_diff_from_a_month_is_its_first_day_so_a_change_during_it_counts(world):
    before = world.record("fr", "aid", "support", "2022-05-31")
    during = world.record("fr", "aid", "oppose", "2022-06-15")

    [row] = diff(world, "fr", "--from", "2022-06", "--to", "2022-06")

    assert (row["from_position"], row["to_position"], row["change"]) == (before, during, "full")


@pytest.mark.parametrize("dated", ["2022-06", "2022-06-01", "2022-06-30"])
def test_diff_from_a_month_counts_a_change_dated_at_any_precision_within_it(world, dated):
    before = world.record("fr", "aid", "support", "2021")
    during = world.record("fr", "aid", "oppose", dated)

    [row] = diff(world, "fr", "--from", "2022-06", "--to", "2022-06")

    assert (row["from_position"], row["to_position"], row["change"]) == (before, during, "full")


def test_diff_from_a_day_counts_a_change_made_on_that_day(world):
    before = world.record("fr", "aid", "support", "2021")
    on_the_day = world.record("fr", "aid", "oppose", "2024-11-18")

    [row] = diff(world, "fr", "--from", "2024-11-18", "--to", "2024-11-18")

    assert (row["from_position"], row["to_position"], row["change"]) == (before, on_the_day, "full")


def test_diff_to_a_year_is_its_last_day(world):
    first = world.record("fr", "aid", "support", "2020")
    last_day = world.record("fr", "aid", "oppose", "2022-12-31")

    [row] = diff(world, "fr", "--from", "2021", "--to", "2022")

    assert (row["from_position"], row["to_position"]) == (first, last_day)


def test_diff_of_two_actors_on_a_month_is_its_last_day(world):
    world.record("fr", "aid", "support", "2022-06-30")
    world.record("us", "aid", "oppose", "2022-06-30")
    world.record("us", "aid", "support", "2022-07-01")

    [row] = diff(world, "fr", "us", "--on", "2022-06")

    assert row["relation"] == "opposed"


@pytest.mark.parametrize("command, option, reading", [
    (["current"], "--on", "last day"),
    (["diff"], "--from", "first day"),
    (["diff"], "--to", "last day"),
    (["diff"], "--on", "last day"),
    (["reversals"], "--since", "first day"),
    (["reversals"], "--until", "last day"),
    (["timeline"], "--since", "first day"),
    (["timeline"], "--until", "last day"),
])
def test_every_date_option_says_how_it_reads_a_coarse_date(world, command, option, reading):
    import re

    text = " ".join(world.cli(*command, "--help").stdout.split())
    described = re.search(rf"{option} DATE (.*?)(?= --| -f,|$)", text).group(1)

    assert f"a year or month means its {reading}" in described


def test_readme_states_the_rule_for_coarse_dates():
    from pathlib import Path

    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").split())

    assert "(`--since`, `--from`) takes the first day of a year or month" in readme
    assert "(`--until`, `--to`, `--on`) takes its last day" in readme
