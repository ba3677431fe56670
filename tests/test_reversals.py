"""``policytrack reversals`` (SPEC.md "Reversals") and record's change notice.

Expected values are worked out from SPEC.md: consecutive live positions of
one actor on one topic in (effective_on, recorded_at, id) order; a change is
``full`` when both stances are off the pivot on opposite sides, ``partial``
when one of them is the pivot, ``shift`` otherwise.
"""

from __future__ import annotations

import datetime as dt

import pytest

from policytrack.output import KEYS

from helpers import WORLD_SOURCE_URL, changes, table, utc

REVERSAL_KEYS = [
    "actor", "topic", "from_actor", "to_actor", "from_position", "to_position", "from_stance", "from_label",
    "from_on", "from_precision", "to_stance", "to_label", "to_on", "to_precision", "level", "kind",
    "restores", "sources",
]


def reversals(world, *args):
    return world.cli.json("reversals", *args)


# Levels --------------------------------------------------------------------


def test_support_to_oppose_is_a_full_change(world):
    before = world.record("fr", "aid", "support", "2020")
    after = world.record("fr", "aid", "oppose", "2021")

    [row] = reversals(world)

    assert (row["from_position"], row["to_position"]) == (before, after)
    assert (row["from_stance"], row["to_stance"], row["level"]) == (1, -1, "full")
    assert (row["from_label"], row["to_label"]) == ("support", "oppose")


def test_moving_to_the_pivot_is_partial(world):
    world.record("fr", "aid", "support", "2020")
    world.record("fr", "aid", "neutral", "2021")

    assert changes(reversals(world, "--level", "partial")) == [(1, 0, "partial")]


def test_moving_away_from_the_pivot_is_partial(world):
    world.record("fr", "aid", "neutral", "2020")
    world.record("fr", "aid", "oppose", "2021")

    assert changes(reversals(world, "--level", "partial")) == [(0, -1, "partial")]


def test_same_side_different_intensity_is_a_shift(world):
    world.record("fr", "aid", "support", "2020")
    world.record("fr", "aid", "strongly support", "2021")

    assert changes(reversals(world, "--level", "shift")) == [(1, 2, "shift")]


def test_equal_consecutive_stances_are_no_change(world):
    world.record("fr", "aid", "support", "2020")
    world.record("fr", "aid", "support", "2021")
    world.record("fr", "aid", "support", "2022", "--kind", "action")

    assert reversals(world, "--level", "shift") == []


@pytest.fixture
def every_level(world):
    """fr on aid: support 2020, strongly support 2021 (shift), neutral 2022
    (partial), oppose 2023 (partial), strongly support 2024 (full)."""
    for stance, year in (("1", "2020"), ("2", "2021"), ("0", "2022"), ("-1", "2023"), ("2", "2024")):
        world.record("fr", "aid", stance, year)
    return world


def test_level_defaults_to_full(every_level):
    assert changes(reversals(every_level)) == [(-1, 2, "full")]


def test_level_partial_reports_full_and_partial(every_level):
    assert changes(reversals(every_level, "--level", "partial")) == [
        (2, 0, "partial"), (0, -1, "partial"), (-1, 2, "full"),
    ]


def test_level_shift_reports_every_change(every_level):
    assert changes(reversals(every_level, "--level", "shift")) == [
        (1, 2, "shift"), (2, 0, "partial"), (0, -1, "partial"), (-1, 2, "full"),
    ]


def test_levels_are_classified_against_a_pivot_that_is_not_zero(world):
    # Scale ordinal: 0 none, 1 recommend (the pivot), 2 require some, 3 require all.
    for stance, on in (("0", "2020-01"), ("2", "2020-02"), ("3", "2020-03"), ("1", "2020-04"), ("3", "2020-05")):
        world.record("fr", "schools", stance, on)

    assert changes(reversals(world, "--level", "shift")) == [
        (0, 2, "full"),  # none -> require: opposite sides of "recommend"
        (2, 3, "shift"),
        (3, 1, "partial"),
        (1, 3, "partial"),
    ]


# Order ---------------------------------------------------------------------


def test_positions_are_ordered_by_effective_date_not_by_recording(world):
    later = world.record("fr", "aid", "oppose", "2022")
    earlier = world.record("fr", "aid", "support", "2020")

    [row] = reversals(world)

    assert (row["from_position"], row["to_position"]) == (earlier, later)
    assert (row["from_on"], row["to_on"]) == ("2020-01-01", "2022-01-01")


def test_positions_on_the_same_date_are_ordered_by_recording_time(world):
    world.record("fr", "aid", "support", "2020")
    first = world.record("fr", "aid", "oppose", "2021-05-01")
    second = world.record("fr", "aid", "strongly oppose", "2021-05-01")
    # The database learnt of the second one first.
    world.set_times(second, recorded_at=utc(2021, 5, 2))
    world.set_times(first, recorded_at=utc(2021, 5, 3))

    rows = reversals(world, "--level", "shift")

    assert changes(rows, "to_position", "from_stance", "to_stance", "level") == [
        (second, 1, -2, "full"),
        (first, -2, -1, "shift"),
    ]


def test_positions_with_the_same_date_and_recording_time_are_ordered_by_id(world):
    start = world.record("fr", "aid", "support", "2020")
    first = world.record("fr", "aid", "strongly oppose", "2021-05-01")
    second = world.record("fr", "aid", "oppose", "2021-05-01")
    for position in (first, second):
        world.set_times(position, recorded_at=utc(2021, 5, 2))

    rows = reversals(world, "--level", "shift")

    assert changes(rows, "from_position", "to_position", "level") == [
        (start, first, "full"),
        (first, second, "shift"),
    ]


def test_retracted_positions_are_skipped(world):
    first = world.record("fr", "aid", "support", "2020")
    wrong = world.record("fr", "aid", "oppose", "2021")
    last = world.record("fr", "aid", "strongly support", "2022")
    world.cli("retract", wrong, "--reason", "misread the article")

    rows = reversals(world, "--level", "shift")

    assert changes(rows, "from_position", "to_position", "level") == [(first, last, "shift")]


def test_a_corrected_position_counts_with_its_new_stance(world):
    world.record("fr", "aid", "support", "2020")
    misread = world.record("fr", "aid", "strongly support", "2021")
    corrected = int(world.cli("correct", misread, "--stance", "oppose").stdout)

    [row] = reversals(world)

    assert (row["to_position"], row["to_stance"], row["level"]) == (corrected, -1, "full")


# Restores ------------------------------------------------------------------


def test_a_change_back_restores_the_earlier_position(world):
    restriction = world.record("fr", "apl", "restrict", "2014")
    world.record("fr", "apl", "permit", "2020-01")
    world.record("fr", "apl", "restrict", "2022-06")

    rows = reversals(world)

    assert [row["restores"] for row in rows] == [None, restriction]


def test_restores_names_the_latest_of_several_earlier_matches(world):
    world.record("fr", "apl", "restrict", "2010")
    world.record("fr", "apl", "permit", "2012")
    latest_restriction = world.record("fr", "apl", "restrict", "2014")
    world.record("fr", "apl", "permit", "2020")
    world.record("fr", "apl", "restrict", "2022")

    last = reversals(world)[-1]

    assert last["to_on"] == "2022-01-01"
    assert last["restores"] == latest_restriction


def test_restores_may_name_a_repetition_of_the_stance(world):
    world.record("fr", "apl", "restrict", "2014")
    repeated = world.record("fr", "apl", "restrict", "2016")
    world.record("fr", "apl", "permit", "2020")
    world.record("fr", "apl", "restrict", "2022")

    assert reversals(world)[-1]["restores"] == repeated


def test_restores_ignores_retracted_positions(world):
    restriction = world.record("fr", "apl", "restrict", "2014")
    wrong = world.record("fr", "apl", "restrict", "2016", "--kind", "action")
    world.cli("retract", wrong, "--reason", "never happened")
    world.record("fr", "apl", "permit", "2020")
    world.record("fr", "apl", "restrict", "2022")

    assert reversals(world)[-1]["restores"] == restriction


def test_restores_is_null_for_a_stance_never_held_before(world):
    world.record("fr", "apl", "restrict", "2014")
    world.record("fr", "apl", "permit", "2020")
    world.record("fr", "apl", "ban", "2022")

    assert [row["restores"] for row in reversals(world, "--level", "shift")] == [None, None]


def test_restores_looks_before_the_since_filter(world):
    restriction = world.record("fr", "apl", "restrict", "2014")
    world.record("fr", "apl", "permit", "2020")
    world.record("fr", "apl", "restrict", "2022")

    [row] = reversals(world, "--since", "2021")

    assert row["restores"] == restriction


# Rollup --------------------------------------------------------------------


@pytest.fixture
def administrations(world):
    """The landmine story: Obama restricts (2014), Trump permits (2020-01),
    Biden restricts (2022-06-21), Biden permits again (2024-11-19)."""
    ids = {
        "obama": world.record("obama-admin", "apl", "restrict", "2014-06"),
        "trump": world.record("trump-admin", "apl", "permit", "2020-01"),
        "biden_2022": world.record("biden-admin", "apl", "restrict", "2022-06-21"),
        "biden_2024": world.record("biden-admin", "apl", "permit", "2024-11-19"),
    }
    world.ids = ids
    return world


def test_rollup_counts_administrations_as_their_state(administrations):
    ids = administrations.ids

    rows = reversals(administrations, "--rollup")

    assert changes(rows, "actor", "from_actor", "to_actor", "from_position", "to_position", "kind") == [
        ("us", "obama-admin", "trump-admin", ids["obama"], ids["trump"], "succession"),
        ("us", "trump-admin", "biden-admin", ids["trump"], ids["biden_2022"], "succession"),
        ("us", "biden-admin", "biden-admin", ids["biden_2022"], ids["biden_2024"], "self"),
    ]
    assert [row["restores"] for row in rows] == [None, ids["obama"], ids["trump"]]


def test_without_rollup_each_administration_is_its_own_actor(administrations):
    ids = administrations.ids

    rows = reversals(administrations)

    assert changes(rows, "actor", "from_actor", "to_actor", "from_position", "to_position", "kind") == [
        ("biden-admin", "biden-admin", "biden-admin", ids["biden_2022"], ids["biden_2024"], "self"),
    ]


def test_rollup_actor_filter_given_a_sub_actor_stands_for_its_state(administrations):
    by_state = reversals(administrations, "--rollup", "--actor", "us")
    by_administration = reversals(administrations, "--rollup", "--actor", "biden-admin")
    by_alias = reversals(administrations, "--rollup", "--actor", "USA")

    assert len(by_state) == 3
    assert by_administration == by_state == by_alias


def test_actor_filter_without_rollup_names_the_original_actor(administrations):
    assert reversals(administrations, "--actor", "us") == []
    assert [row["actor"] for row in reversals(administrations, "--actor", "biden-admin")] == ["biden-admin"]


def test_rollup_reaches_the_top_from_a_grandchild(world):
    restriction = world.record("biden-admin", "apl", "restrict", "2022-06-21")
    delivery = world.record("dod", "apl", "supply", "2024-11-20")  # dod is under biden-admin, under us

    [row] = reversals(world, "--rollup")

    assert (row["actor"], row["from_actor"], row["to_actor"]) == ("us", "biden-admin", "dod")
    assert (row["from_position"], row["to_position"], row["kind"]) == (restriction, delivery, "succession")
    assert reversals(world, "--rollup", "--actor", "dod") == [row]  # the grandchild stands for us
    assert reversals(world) == []


def test_rollup_keeps_other_states_apart(administrations):
    administrations.record("fr", "apl", "ban", "2019")

    rows = reversals(administrations, "--rollup")

    assert {row["actor"] for row in rows} == {"us"}
    assert all(row["from_actor"] != "fr" for row in rows)


# Filters -------------------------------------------------------------------


@pytest.fixture
def dated_changes(world):
    """fr on aid, changes to 2022-03-10, 2022-12-31 and 2023-01-01; us on apl in 2022-06."""
    world.record("fr", "aid", "support", "2021-06-01")
    world.record("fr", "aid", "oppose", "2022-03-10")
    world.record("fr", "aid", "support", "2022-12-31")
    world.record("fr", "aid", "oppose", "2023-01-01")
    world.record("us", "apl", "permit", "2020")
    world.record("us", "apl", "ban", "2022-06-15")
    return world


def to_dates(rows):
    return [(row["actor"], row["to_on"]) for row in rows]


def test_actor_filter(dated_changes):
    assert to_dates(reversals(dated_changes, "--actor", "USA")) == [("us", "2022-06-15")]


def test_topic_filter(dated_changes):
    assert [row["topic"] for row in reversals(dated_changes, "--topic", "aid")] == ["aid"] * 3


def test_until_a_year_includes_its_last_day(dated_changes):
    assert to_dates(reversals(dated_changes, "--until", "2022")) == [
        ("fr", "2022-03-10"), ("fr", "2022-12-31"), ("us", "2022-06-15"),
    ]


def test_since_a_month_starts_on_its_first_day(dated_changes):
    assert to_dates(reversals(dated_changes, "--since", "2022-06")) == [
        ("fr", "2022-12-31"), ("fr", "2023-01-01"), ("us", "2022-06-15"),
    ]


def test_since_and_until_filter_on_the_new_position_and_are_inclusive(dated_changes):
    rows = reversals(dated_changes, "--since", "2022-03-10", "--until", "2022-06-15")

    assert to_dates(rows) == [("fr", "2022-03-10"), ("us", "2022-06-15")]
    assert rows[0]["from_on"] == "2021-06-01"  # before --since: only the new position's date counts


def test_positions_dated_in_the_future_count(world):
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    world.record("fr", "aid", "support", "2020")
    world.record("fr", "aid", "oppose", future)

    assert to_dates(reversals(world)) == [("fr", future)]


# Output --------------------------------------------------------------------


def test_json_keys(world):
    world.record("fr", "aid", "support", "2020")
    world.record("fr", "aid", "oppose", "2021")

    [row] = reversals(world)

    assert set(row) == set(REVERSAL_KEYS)
    assert list(KEYS["reversals"]) == REVERSAL_KEYS


def test_json_dates_are_first_days_with_their_precision(world):
    world.record("fr", "aid", "support", "2020-03")
    world.record("fr", "aid", "oppose", "2021")

    [row] = reversals(world)

    assert (row["from_on"], row["from_precision"]) == ("2020-03-01", "month")
    assert (row["to_on"], row["to_precision"]) == ("2021-01-01", "year")


def test_sources_are_the_new_positions_urls_or_slugs(world):
    world.cli("source", "add", "--title", "Older report", "--url", "https://example.org/old")
    world.cli("source", "add", "--title", "An internal memo", "--slug", "memo")
    world.record("fr", "aid", "support", "2020", source="https://example.org/old")
    world.record("fr", "aid", "oppose", "2021")
    world.record("fr", "aid", "oppose", "2021", source="memo")  # the same position, more evidence

    [row] = reversals(world)

    assert sorted(row["sources"]) == sorted([WORLD_SOURCE_URL, "memo"])


def test_table_shows_labels_and_dates_at_their_precision(world):
    world.record("fr", "apl", "permit", "2020-01")
    world.record("fr", "apl", "restrict", "2022")

    [row] = table(world.cli("reversals", "--wide", "--format", "github").stdout)

    assert (row["from_stance"], row["to_stance"]) == ("permit", "restrict")
    assert (row["from_on"], row["to_on"]) == ("2020-01", "2022")
    assert row["level"] == "full"


def test_csv_has_the_json_keys_as_header(world):
    world.record("fr", "aid", "support", "2020")
    world.record("fr", "aid", "oppose", "2021-02-03")

    header, line = world.cli("reversals", "--format", "csv").stdout.splitlines()

    assert header.split(",") == REVERSAL_KEYS
    assert ",2021-02-03,day,full,self," in line


def test_csv_header_is_printed_without_rows(world):
    assert world.cli("reversals", "--format", "csv").stdout.strip().split(",") == REVERSAL_KEYS


def test_json_without_changes_is_an_empty_list(world):
    world.record("fr", "aid", "support", "2020")

    assert reversals(world) == []


# Bad input -----------------------------------------------------------------


def test_unknown_actor_is_refused_with_a_hint(world):
    result = world.cli.fails("reversals", "--actor", "biden-admn")

    assert 'unknown actor "biden-admn"' in result.stderr
    assert 'did you mean "biden-admin"?' in result.stderr


def test_unknown_topic_is_refused_with_a_hint(world):
    result = world.cli.fails("reversals", "--topic", "shools")

    assert 'did you mean "schools"?' in result.stderr


@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize("value", ["2024-13-01", "2023-02-30", "last year"])
def test_invalid_dates_are_refused(world, option, value):
    result = world.cli.fails("reversals", option, value)

    assert value in result.stderr


def test_unknown_level_is_a_usage_error(world):
    world.cli.fails("reversals", "--level", "huge", code=2)


def test_unknown_format_is_a_usage_error(world):
    world.cli.fails("reversals", "--format", "nope", code=2)


# record's notice -------------------------------------------------------------


def test_record_says_nothing_about_a_first_position(world):
    assert world.cli("record", "--actor", "fr", "--topic", "aid", "--stance", "1", "--on", "2020",
                     "--source", "src").stderr == ""


def test_record_reports_a_full_change_on_stderr(world):
    before = world.record("fr", "aid", "support", "2020")

    result = world.cli("record", "--actor", "fr", "--topic", "aid", "--stance", "oppose", "--on", "2021",
                       "--source", "src")

    assert result.stdout.strip().isdigit()
    assert "full" in result.stderr
    assert str(before) in result.stderr
    assert "support" in result.stderr and "oppose" in result.stderr


def test_record_reports_a_partial_change_on_stderr(world):
    world.record("fr", "aid", "support", "2020")

    result = world.cli("record", "--actor", "fr", "--topic", "aid", "--stance", "neutral", "--on", "2021",
                       "--source", "src")

    assert "partial" in result.stderr


def test_record_says_nothing_about_a_shift(world):
    world.record("fr", "aid", "support", "2020")

    result = world.cli("record", "--actor", "fr", "--topic", "aid", "--stance", "strongly support", "--on", "2021",
                       "--source", "src")

    assert result.stderr == ""


def test_record_compares_with_the_position_before_it_in_reversal_order(world):
    world.record("fr", "aid", "oppose", "2020")
    world.record("fr", "aid", "oppose", "2024")

    # Dated between two oppositions: a full change against the 2020 one.
    result = world.cli("record", "--actor", "fr", "--topic", "aid", "--stance", "support", "--on", "2022",
                       "--source", "src")

    assert "full" in result.stderr


# The seed data: SPEC.md's landmine story --------------------------------------


def us_changes(cli, topic):
    return [row for row in cli.json("reversals", "--rollup", "--topic", topic) if row["actor"] == "us"]


def test_seed_trump_lifts_the_obama_restriction_in_2020(seeded):
    [change] = [row for row in us_changes(seeded, "apl-use") if row["to_on"].startswith("2020")]

    assert (change["from_actor"], change["to_actor"], change["kind"]) == ("obama-admin", "trump-admin", "succession")
    assert (change["from_label"], change["to_label"], change["level"]) == ("restrict", "permit", "full")


def test_seed_biden_restores_the_2014_restriction_in_2022(seeded):
    [obama_2014] = [row["id"] for row in seeded.json("timeline", "--actor", "obama-admin", "--topic", "apl-use")
                    if row["effective_on"].startswith("2014")]

    [change] = [row for row in us_changes(seeded, "apl-use") if row["to_on"].startswith("2022")]

    assert (change["from_actor"], change["to_actor"], change["kind"]) == ("trump-admin", "biden-admin", "succession")
    assert (change["from_label"], change["to_label"], change["level"]) == ("permit", "restrict", "full")
    assert change["restores"] == obama_2014


def test_seed_biden_reverses_biden_in_november_2024(seeded):
    [change] = [row for row in us_changes(seeded, "apl-use") if row["to_on"].startswith("2024-11")]

    assert (change["from_actor"], change["to_actor"], change["kind"]) == ("biden-admin", "biden-admin", "self")
    assert change["from_on"].startswith("2022-06")
    assert change["level"] == "full"


def test_seed_landmine_use_reversals_are_exactly_2020_2022_2024(seeded):
    assert [row["to_on"][:4] for row in us_changes(seeded, "apl-use")] == ["2020", "2022", "2024"]


def test_seed_atacms_refusal_reversed_in_november_2024(seeded):
    [change] = us_changes(seeded, "atacms-strikes-russia")

    assert change["to_on"].startswith("2024-11")
    assert change["from_stance"] < 0 < change["to_stance"]
    assert (change["level"], change["kind"]) == ("full", "self")


def test_seed_reversals_table_reads_as_the_story(seeded):
    rows = table(seeded("reversals", "--rollup", "--wide", "--format", "github").stdout)

    assert {(row["topic"], row["from_stance"], row["to_stance"]) for row in rows} >= {
        ("apl-use", "restrict", "permit"),
        ("apl-use", "permit", "restrict"),
    }
    assert all(not row["from_stance"].lstrip("-").isdigit() for row in rows)


# The two forms of `restores` -------------------------------------------------------


def test_both_forms_of_restores_name_the_same_positions(world):
    """`reversals` on PostgreSQL finds `restores` with a window, elsewhere with an index
    search per change (queries.reversals): on any history, on both backends, they agree."""
    import random

    from policytrack import queries

    rng = random.Random(7)
    actors = ["obama-admin", "trump-admin", "biden-admin", "dod", "fr"]
    for number in range(60):
        # Few stances and few dates: many changes back, repeats and positions on one date.
        day = f"20{rng.randint(14, 24)}-0{rng.randint(1, 3)}-1{rng.randint(0, 2)}"
        position = world.record(rng.choice(actors), rng.choice(["apl", "aid"]), rng.choice([-1, 1, 2]), day)
        if number % 9 == 0:
            # Retracted after the --as-recorded moment below: live then, not now.
            world.set_times(position, retracted_at=utc(2099, 1, 1))
    stamp = dt.datetime.now(dt.timezone.utc)

    with world.db.session() as session:
        for rollup in (False, True):
            for as_recorded in (None, stamp):
                rows = {
                    window: [
                        tuple(row)
                        for row in session.execute(
                            queries.reversals(rollup=rollup, as_recorded=as_recorded, ordered=True,
                                              restores_from_window=window)
                        )
                    ]
                    for window in (False, True)
                }
                assert rows[True] == rows[False]
                assert sum(row[-1] is not None for row in rows[False]) >= 5  # changes back to be named
    world.db.dispose()
