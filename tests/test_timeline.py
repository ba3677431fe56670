"""``policytrack timeline``: a query like the other reports, with --rollup, --since, --until and --kind."""

from __future__ import annotations

import pytest

from helpers import utc


def ids(world, *args):
    return [row["id"] for row in world.cli.json("timeline", *args)]


# --rollup -----------------------------------------------------------------------


@pytest.fixture
def administrations(world):
    """Positions of the administrations under us (and of dod under biden-admin), none of us itself."""
    return {
        "obama": world.record("obama-admin", "apl", "restrict", "2014-09-23"),
        "trump": world.record("trump-admin", "apl", "permit", "2020-01"),
        "biden": world.record("biden-admin", "apl", "restrict", "2022-06"),
        "dod": world.record("dod", "aid", "support", "2023"),
        "fr": world.record("fr", "apl", "ban", "1998"),
    }


def test_timeline_rollup_shows_the_positions_of_every_actor_below(world, administrations):
    rows = world.cli.json("timeline", "--actor", "us", "--rollup")

    assert [row["id"] for row in rows] == [administrations[k] for k in ("obama", "trump", "biden", "dod")]
    # Each row keeps the actor the position was recorded for.
    assert [row["actor"] for row in rows] == ["obama-admin", "trump-admin", "biden-admin", "dod"]


def test_timeline_rollup_takes_a_sub_actor_for_its_top_level_actor(world, administrations):
    assert ids(world, "--actor", "dod", "--rollup") == ids(world, "--actor", "us", "--rollup")


def test_timeline_without_rollup_is_the_actor_alone(world, administrations):
    assert ids(world, "--actor", "biden-admin") == [administrations["biden"]]


def test_timeline_hints_at_rollup_for_an_actor_whose_positions_are_below_it(world, administrations):
    result = world.cli("timeline", "--actor", "us", "--format", "json")

    assert result.stdout.strip() == "[]"
    [hint] = result.stderr.strip().splitlines()
    assert "us" in hint and "--rollup" in hint


def test_timeline_gives_no_hint_with_rollup_or_when_the_actor_has_positions(world, administrations):
    assert world.cli("timeline", "--actor", "us", "--rollup").stderr == ""
    assert world.cli("timeline", "--actor", "biden-admin").stderr == ""  # positions of its own
    assert world.cli("timeline", "--actor", "fr").stderr == ""  # nothing below it
    world.record("us", "aid", "support", "2020")
    assert world.cli("timeline", "--actor", "us").stderr == ""


# --since, --until, --kind --------------------------------------------------------


def test_timeline_since_and_until_read_coarse_dates_as_their_whole_period(world):
    world.record("fr", "aid", "support", "2022-05-31")
    june = world.record("fr", "aid", "oppose", "2022-06")
    last_day = world.record("fr", "aid", "neutral", "2022-06-30")
    world.record("fr", "aid", "support", "2022-07-01")

    assert ids(world, "--since", "2022-06", "--until", "2022-06") == [june, last_day]
    assert ids(world, "--since", "2022-06-30") == ids(world, "--since", "2022-06-30", "--until", "2022-07")[:2]
    assert len(ids(world, "--until", "2022")) == 4


def test_timeline_kind_filters_statements_or_actions(world):
    said = world.record("fr", "aid", "support", "2020")
    done = world.record("fr", "aid", "oppose", "2021", "--kind", "action")

    assert ids(world, "--kind", "action") == [done]
    assert ids(world, "--kind", "statement") == [said]


def test_timeline_unknown_kind_is_a_usage_error(world):
    world.cli.fails("timeline", "--kind", "rumour", code=2)


def test_timeline_bad_since_is_refused(world):
    assert "--since" in world.cli.fails("timeline", "--since", "2022-13").stderr


@pytest.mark.parametrize("report", ["timeline", "reversals"])
def test_a_period_that_ends_before_it_starts_is_refused_not_silently_empty(world, report):
    world.record("fr", "aid", "support", "2020")
    world.record("fr", "aid", "oppose", "2024")

    error = world.cli.fails(report, "--since", "2025", "--until", "2020").stderr

    assert "--until (2020) is before --since (2025)" in error


# JSON ----------------------------------------------------------------------------


def test_timeline_json_has_the_retraction_reason_and_what_a_position_supersedes(world):
    wrong = world.record("fr", "aid", "support", "2020")
    fixed = int(world.cli("correct", str(wrong), "--stance", "oppose").stdout)
    gone = world.record("fr", "apl", "ban", "2019")
    world.cli("retract", str(gone), "--reason", "misread the article")

    rows = {row["id"]: row for row in world.cli.json("timeline", "--include-retracted")}

    assert (rows[wrong]["retraction_reason"], rows[wrong]["supersedes_id"]) == (f"corrected by position {fixed}", None)
    assert (rows[fixed]["retraction_reason"], rows[fixed]["supersedes_id"]) == (None, wrong)
    assert rows[gone]["retraction_reason"] == "misread the article"


def test_timeline_as_recorded_shows_no_retraction_reason_given_later(world):
    position = world.record("fr", "aid", "support", "2020")
    world.set_times(position, recorded_at=utc(2024, 1, 1), retracted_at=utc(2024, 3, 1))

    [before] = world.cli.json("timeline", "--include-retracted", "--as-recorded", "2024-02-01")
    [after] = world.cli.json("timeline", "--include-retracted", "--as-recorded", "2024-04-01")

    assert (before["retracted_at"], before["retraction_reason"]) == (None, None)
    assert after["retraction_reason"] == "test"


# One reader for timeline and export ---------------------------------------------


def test_timeline_reads_positions_and_evidence_a_chunk_at_a_time(world, monkeypatch):
    from policytrack import position_reader

    world.cli("source", "add", "--title", "Second", "--slug", "second")
    recorded = [world.record("fr", "aid", stance, f"20{10 + n}") for n, stance in enumerate(
        ["support", "oppose", "support", "oppose", "support"]
    )]
    world.record("fr", "aid", "oppose", "2013", source="second")  # a second source for the fourth position
    monkeypatch.setattr(position_reader, "CHUNK", 2)

    rows = world.cli.json("timeline")

    assert [row["id"] for row in rows] == recorded
    assert [[cited["source"] for cited in row["sources"]] for row in rows] == [
        ["https://example.org/src"], ["https://example.org/src"], ["https://example.org/src"],
        ["https://example.org/src", "second"], ["https://example.org/src"],
    ]


def test_export_reads_positions_through_the_timeline_reader(world, monkeypatch, tmp_path):
    import yaml

    from policytrack import position_reader

    first = world.record("fr", "aid", "support", "2010")
    world.record("fr", "aid", "oppose", "2011", "--summary", "changed course")
    world.cli("retract", str(first), "--reason", "wrong year")
    monkeypatch.setattr(position_reader, "CHUNK", 1)
    world.cli("export", "-o", tmp_path / "all.yaml")

    positions = yaml.safe_load((tmp_path / "all.yaml").read_text(encoding="utf-8"))["positions"]

    assert [(p["key"], p["on"], p.get("retraction_reason"), p.get("summary")) for p in positions] == [
        (f"p{first}", "2010", "wrong year", None), (f"p{first + 1}", "2011", None, "changed course"),
    ]
    assert all(p["evidence"] == [{"source": "src"}] for p in positions)
