"""Positions: ``record``, ``retract``, ``correct`` and ``timeline``, via the CLI and the service layer."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from policytrack import positions as service
from policytrack import reports
from policytrack.db import Database
from policytrack.errors import Conflict, InvalidValue, UnknownName

from helpers import SOURCE_SLUG, SOURCE_URL, UTC_TIMESTAMP, evidence_of, position_row, record

TIMELINE_KEYS = [
    "id", "actor", "topic", "stance", "stance_label", "effective_on", "date_precision", "kind",
    "summary", "recorded_at", "retracted_at", "retraction_reason", "supersedes_id", "sources",
]
# Words of the article as typed on a keyboard; the article has “Because ...” and they’ve.
QUOTE_STRAIGHT = "\"Because the Russians have been so unsuccessful in the way that they have been fighting, they've kind of changed"


def cli_db(cli) -> Database:
    """The database the ``cli`` fixture runs on, for reading rows directly."""
    return Database(cli.url)


def timeline_ids(cli, *args: str) -> list[int]:
    return [row["id"] for row in cli.json("timeline", *args)]


# record ---------------------------------------------------------------


def test_record_prints_the_new_id(cli, landmine):
    first = cli("record", "--actor", "us", "--topic", "apl-use", "--stance", "restrict", "--on", "2014-09-23",
                "--source", SOURCE_SLUG)
    second = cli("record", "--actor", "biden-admin", "--topic", "apl-use", "--stance", "supply", "--on", "2024-11-19",
                 "--source", SOURCE_SLUG)
    assert (first.stdout, second.stdout) == ("1\n", "2\n")


def test_record_stores_every_field(cli, landmine):
    position = record(cli, "biden-admin", "supply", "2024-11-19", "--kind", "action",
                      "--summary", "Biden authorizes anti-personnel mines for Ukraine",
                      "--quote", "Biden authorized the delivery of anti-personnel mines to Ukraine")
    [row] = cli.json("timeline")
    assert list(row) == TIMELINE_KEYS
    assert {k: v for k, v in row.items() if k not in ("recorded_at",)} == {
        "id": position,
        "actor": "biden-admin",
        "topic": "apl-use",
        "stance": 2,
        "stance_label": "supply",
        "effective_on": "2024-11-19",
        "date_precision": "day",
        "kind": "action",
        "summary": "Biden authorizes anti-personnel mines for Ukraine",
        "retracted_at": None,
        "retraction_reason": None,
        "supersedes_id": None,
        "sources": [{"source": SOURCE_URL, "quote": "Biden authorized the delivery of anti-personnel mines to Ukraine"}],
    }
    assert UTC_TIMESTAMP.match(row["recorded_at"])


@pytest.mark.parametrize("stance, level, label", [
    ("restrict", -1, "restrict"), ("RESTRICT", -1, "restrict"), ("no stated policy", 0, "no stated policy"),
    ("-2", -2, "ban"), ("2", 2, "supply"), ("+1", 1, "permit"),
])
def test_record_stance_by_label_or_integer(cli, landmine, stance, level, label):
    record(cli, "us", stance, "2022-06-21")
    [row] = cli.json("timeline")
    assert (row["stance"], row["stance_label"]) == (level, label)


@pytest.mark.parametrize("on, stored, precision, shown", [
    ("2022", "2022-01-01", "year", "2022"),
    ("2022-06", "2022-06-01", "month", "2022-06"),
    ("2022-06-21", "2022-06-21", "day", "2022-06-21"),
])
def test_record_date_precision_is_stored_as_first_day_and_shown_at_precision(cli, landmine, on, stored, precision, shown):
    record(cli, "biden-admin", "restrict", on)
    [row] = cli.json("timeline")
    assert (row["effective_on"], row["date_precision"]) == (stored, precision)
    table = cli("timeline", "--wide").stdout.splitlines()
    header, line = table[0].split(), table[2].split()
    assert line[header.index("effective_on")] == shown
    assert line[header.index("stance")] == "restrict"


def test_record_leap_day_is_a_valid_date(cli, landmine):
    record(cli, "us", "restrict", "2024-02-29")
    assert cli.json("timeline")[0]["effective_on"] == "2024-02-29"


def test_record_kind_defaults_to_statement_and_accepts_action(cli, landmine):
    record(cli, "us", "restrict", "2014-09-23")
    record(cli, "us", "ban", "2022-06-21", "--kind", "action")
    assert [row["kind"] for row in cli.json("timeline")] == ["statement", "action"]


def test_statement_and_action_on_the_same_day_are_two_positions(cli, landmine):
    first = record(cli, "us", "restrict", "2022-06-21")
    second = record(cli, "us", "restrict", "2022-06-21", "--kind", "action")
    assert first != second and timeline_ids(cli) == [first, second]


@pytest.mark.parametrize("quote", [
    QUOTE_STRAIGHT,
    "because the russians HAVE BEEN so unsuccessful",
    "Because   the\n Russians\thave been",
    "They don't lead with their mechanized forces anymore.",
    "Ukraine's military needs \"things that can help slow down that effort.\"",
    "recording where they\u2019re putting these mines",
])
def test_quote_matches_ignoring_case_whitespace_and_quote_style(cli, landmine, quote):
    position = record(cli, "biden-admin", "supply", "2024-11-19", "--quote", quote)
    assert evidence_of(cli_db(cli), position) == [(landmine.source_id, quote)]


def test_quote_not_in_the_source_text_is_refused(cli, landmine, unchanged):
    with unchanged():
        result = cli.fails("record", "--actor", "biden-admin", "--topic", "apl-use", "--stance", "supply",
                           "--on", "2024-11-19", "--source", SOURCE_SLUG,
                           "--quote", "the Russians have been very unsuccessful")
    assert "does not occur in the text of source" in result.stderr
    assert SOURCE_SLUG in result.stderr


def test_source_without_stored_text_accepts_any_quote(cli, landmine):
    other = int(cli("source", "add", "--title", "Wire report", "--url", "https://wire.example/1").stdout)
    position = record(cli, "us", "ban", "2022-06-21", "--quote", "words nobody can check", source=str(other))
    assert evidence_of(cli_db(cli), position) == [(other, "words nobody can check")]


def test_source_may_be_given_by_id_slug_or_url(cli, landmine):
    a = record(cli, "us", "restrict", "2014", source=str(landmine.source_id))
    b = record(cli, "us", "ban", "2022", source=SOURCE_SLUG)
    c = record(cli, "us", "supply", "2024", source=SOURCE_URL)
    database = cli_db(cli)
    assert [evidence_of(database, p)[0][0] for p in (a, b, c)] == [landmine.source_id] * 3


def test_recording_the_same_position_twice_returns_the_same_id_and_adds_the_evidence(cli, landmine):
    other = int(cli("source", "add", "--title", "Wire report", "--url", "https://wire.example/1").stdout)
    first = record(cli, "biden-admin", "supply", "2024-11-19", "--quote", "Biden authorized the delivery")
    again = cli("record", "--actor", "biden-admin", "--topic", "apl-use", "--stance", "2", "--on", "2024-11-19", "--source", str(other),
                "--quote", "mines approved")
    assert int(again.stdout) == first
    assert "already records this" in again.stderr
    assert timeline_ids(cli) == [first]
    assert cli.json("timeline")[0]["sources"] == [
        {"source": SOURCE_URL, "quote": "Biden authorized the delivery"},
        {"source": "https://wire.example/1", "quote": "mines approved"},
    ]


def test_recording_the_same_position_with_the_same_evidence_adds_nothing(cli, landmine):
    first = record(cli, "biden-admin", "supply", "2024-11-19", "--quote", "Biden authorized the delivery")
    assert record(cli, "biden-admin", "supply", "2024-11-19", "--quote", "Biden authorized the delivery") == first
    assert len(cli.json("timeline")[0]["sources"]) == 1


def test_same_stance_at_another_precision_is_another_position(cli, landmine):
    first = record(cli, "us", "restrict", "2022")
    second = record(cli, "us", "restrict", "2022-01-01")
    assert first != second


# record: the change notice --------------------------------------------


def test_first_position_prints_no_notice(cli, landmine):
    result = cli("record", "--actor", "biden-admin", "--topic", "apl-use", "--stance", "restrict", "--on", "2022-06",
                 "--source", SOURCE_SLUG)
    assert result.stderr == ""


def test_full_change_is_noticed_on_stderr(cli, landmine):
    before = record(cli, "biden-admin", "restrict", "2022-06")
    result = cli("record", "--actor", "biden-admin", "--topic", "apl-use", "--stance", "supply", "--on", "2024-11-19",
                 "--source", SOURCE_SLUG)
    assert result.stdout.strip() == str(before + 1)
    assert result.stderr.strip() == f"full change for biden-admin on apl-use: restrict (position {before}) -> supply"


def test_partial_change_is_noticed_on_stderr(cli, landmine):
    before = record(cli, "trump-admin", "no stated policy", "2019")
    result = cli("record", "--actor", "trump-admin", "--topic", "apl-use", "--stance", "permit", "--on", "2020-01-31",
                 "--source", SOURCE_SLUG)
    assert result.stderr.strip() == (
        f"partial change for trump-admin on apl-use: no stated policy (position {before}) -> permit"
    )


def test_a_shift_prints_no_notice(cli, landmine):
    record(cli, "biden-admin", "permit", "2023")
    result = cli("record", "--actor", "biden-admin", "--topic", "apl-use", "--stance", "supply", "--on", "2024",
                 "--source", SOURCE_SLUG)
    assert result.stderr == ""


def test_the_notice_compares_with_the_position_before_in_date_order_not_recording_order(cli, landmine):
    record(cli, "us", "supply", "2024-11")
    # Recorded later but dated earlier: nothing precedes it, so no change to report.
    earlier = cli("record", "--actor", "us", "--topic", "apl-use", "--stance", "ban", "--on", "2022-06",
                  "--source", SOURCE_SLUG)
    assert earlier.stderr == ""
    middle = cli("record", "--actor", "us", "--topic", "apl-use", "--stance", "permit", "--on", "2023",
                 "--source", SOURCE_SLUG)
    assert middle.stderr.startswith("full change for us on apl-use: ban ")


def test_changes_between_different_actors_are_not_noticed(cli, landmine):
    record(cli, "trump-admin", "permit", "2020-01-31")
    result = cli("record", "--actor", "biden-admin", "--topic", "apl-use", "--stance", "restrict", "--on", "2022-06",
                 "--source", SOURCE_SLUG)
    assert result.stderr == ""


# record: refusals -----------------------------------------------------


def record_args(**overrides: str) -> list[str]:
    values = {"actor": "biden-admin", "topic": "apl-use", "stance": "supply", "on": "2024-11-19", "source": SOURCE_SLUG}
    values.update(overrides)
    return ["record", *[part for key, value in values.items() for part in (f"--{key}", value)]]


@pytest.mark.parametrize("overrides, message", [
    ({"actor": "bidn"}, 'Error: unknown actor "bidn": did you mean "biden-admin"?'),
    ({"topic": "apl-us"}, 'Error: unknown topic "apl-us": did you mean "apl-use"?'),
    ({"source": "caliber-2024-11-12"},
     'Error: unknown source "caliber-2024-11-12" (give its id, slug or url): did you mean "caliber-2024-11-21"?'),
], ids=["actor", "topic", "source"])
def test_record_unknown_name_is_refused_with_a_hint(cli, landmine, unchanged, overrides, message):
    with unchanged():
        result = cli.fails(*record_args(**overrides))
    assert result.stderr.strip() == message


def test_record_unknown_source_id_is_refused(cli, landmine, unchanged):
    with unchanged():
        result = cli.fails(*record_args(source="42"))
    assert 'unknown source "42"' in result.stderr


@pytest.mark.parametrize("stance", ["strongly support", "3", "-3", "1.5", "supplies"])
def test_record_stance_not_on_the_topics_scale_is_refused(cli, landmine, unchanged, stance):
    with unchanged():
        result = cli.fails(*record_args(stance=stance))
    assert f'stance "{stance}" is not on scale "apl-policy"' in result.stderr
    assert "-2 ban" in result.stderr


def test_record_misspelt_stance_label_suggests_the_label(cli, landmine, unchanged):
    with unchanged():
        result = cli.fails(*record_args(stance="restirct"))
    assert result.stderr.strip().endswith('did you mean "restrict"?')


@pytest.mark.parametrize("on", ["2024-13-01", "2024-02-30", "yesterday", "24-11-19", "2024/11/19", "2024-11-19T10:00", ""])
def test_record_invalid_date_is_refused(cli, landmine, unchanged, on):
    with unchanged():
        result = cli.fails(*record_args(on=on))
    assert "invalid date" in result.stderr


def test_record_kind_outside_the_choices_is_a_usage_error(cli, landmine, unchanged):
    with unchanged():
        result = cli.fails(*record_args(), "--kind", "maybe", code=2)
    assert "maybe" in result.stderr


@pytest.mark.parametrize("missing", ["source", "actor", "topic", "stance", "on"])
def test_record_without_a_required_option_is_a_usage_error(cli, landmine, unchanged, missing):
    args = record_args()
    index = args.index(f"--{missing}")
    del args[index:index + 2]
    with unchanged():
        result = cli.fails(*args, code=2)
    assert f"--{missing}" in result.stderr


# retract --------------------------------------------------------------


def test_retracted_position_leaves_the_timeline_but_stays_in_the_history(cli, landmine):
    kept = record(cli, "biden-admin", "restrict", "2022-06")
    wrong = record(cli, "biden-admin", "supply", "2023")
    result = cli("retract", str(wrong), "--reason", "misdated: the decision was in 2024")
    assert f"retracted position {wrong}" in result.stderr
    assert timeline_ids(cli) == [kept]
    rows = cli.json("timeline", "--include-retracted")
    assert [row["id"] for row in rows] == [kept, wrong]
    assert rows[0]["retracted_at"] is None and UTC_TIMESTAMP.match(rows[1]["retracted_at"])
    assert position_row(cli_db(cli), wrong).retraction_reason == "misdated: the decision was in 2024"


def test_retracting_twice_is_refused(cli, landmine, unchanged):
    position = record(cli, "us", "supply", "2023")
    cli("retract", str(position), "--reason", "wrong")
    with unchanged():
        result = cli.fails("retract", str(position), "--reason", "still wrong")
    assert f"position {position} was already retracted" in result.stderr


def test_retracting_an_unknown_position_is_refused(cli, landmine, unchanged):
    with unchanged():
        result = cli.fails("retract", "99", "--reason", "wrong")
    assert result.stderr.strip() == "Error: no position with id 99"


@pytest.mark.parametrize("position_id", ["99999999999", "99999999999999999999999"])
def test_retract_and_correct_an_id_beyond_any_stored_id_are_refused(cli, landmine, unchanged, position_id):
    with unchanged():
        assert cli.fails("retract", position_id, "--reason", "wrong").stderr.strip() == (
            f"Error: no position with id {position_id}"
        )
        assert "no position with id" in cli.fails("correct", position_id, "--stance", "ban").stderr


@pytest.mark.parametrize("reason", ["", "   "])
def test_retracting_without_a_reason_is_refused(cli, landmine, unchanged, reason):
    position = record(cli, "us", "supply", "2023")
    with unchanged():
        result = cli.fails("retract", str(position), "--reason", reason)
    assert "reason" in result.stderr


def test_retract_needs_the_reason_option_and_an_integer_id(cli, landmine, unchanged):
    position = record(cli, "us", "supply", "2023")
    with unchanged():
        cli.fails("retract", str(position), code=2)
        cli.fails("retract", "first", "--reason", "wrong", code=2)


def test_a_retracted_position_frees_its_identity_for_a_new_record(cli, landmine):
    first = record(cli, "us", "supply", "2023")
    cli("retract", str(first), "--reason", "wrong source")
    second = record(cli, "us", "supply", "2023")
    assert second != first and timeline_ids(cli) == [second]


# correct --------------------------------------------------------------


def supersedes(cli, position_id: int):
    [row] = cli.json("sql", f"SELECT supersedes_id FROM positions WHERE id = {position_id}")
    return row["supersedes_id"]


def test_correct_stance_records_a_new_position_that_supersedes_the_old(cli, landmine):
    old = record(cli, "biden-admin", "permit", "2024-11-19", "--quote", "Biden authorized the delivery")
    result = cli("correct", str(old), "--stance", "supply")
    new = int(result.stdout)
    assert new != old
    assert f"position {new} supersedes position {old}" in result.stderr
    assert supersedes(cli, new) == old
    [row] = cli.json("timeline")
    assert (row["id"], row["stance_label"], row["effective_on"]) == (new, "supply", "2024-11-19")
    retracted = position_row(cli_db(cli), old)
    assert retracted.retracted_at is not None and str(new) in retracted.retraction_reason


def test_correct_keeps_the_evidence_when_no_source_is_given(cli, landmine):
    other = int(cli("source", "add", "--title", "Wire", "--url", "https://wire.example/1").stdout)
    old = record(cli, "biden-admin", "permit", "2024-11-19", "--quote", "Biden authorized the delivery")
    record(cli, "biden-admin", "permit", "2024-11-19", "--quote", "approved", source=str(other))
    new = int(cli("correct", str(old), "--stance", "supply").stdout)
    database = cli_db(cli)
    assert evidence_of(database, new) == evidence_of(database, old) == [
        (landmine.source_id, "Biden authorized the delivery"), (other, "approved"),
    ]


def test_correct_date_keeps_stance_and_takes_the_new_precision(cli, landmine):
    old = record(cli, "biden-admin", "restrict", "2022")
    new = int(cli("correct", str(old), "--on", "2022-06-21").stdout)
    [row] = cli.json("timeline")
    assert (row["id"], row["stance_label"], row["effective_on"], row["date_precision"]) == (
        new, "restrict", "2022-06-21", "day",
    )
    assert supersedes(cli, new) == old


def test_correct_source_replaces_the_evidence(cli, landmine):
    other = int(cli("source", "add", "--title", "Wire", "--url", "https://wire.example/1").stdout)
    old = record(cli, "biden-admin", "supply", "2024-11-19", source=str(other))
    new = int(cli("correct", str(old), "--source", SOURCE_SLUG, "--quote", "Biden authorized the delivery").stdout)
    assert evidence_of(cli_db(cli), new) == [(landmine.source_id, "Biden authorized the delivery")]
    assert supersedes(cli, new) == old


def test_correct_keeps_kind_and_summary(cli, landmine):
    old = record(cli, "biden-admin", "permit", "2024-11-19", "--kind", "action", "--summary", "Mines for Ukraine")
    cli("correct", str(old), "--stance", "supply")
    [row] = cli.json("timeline")
    assert (row["kind"], row["summary"]) == ("action", "Mines for Ukraine")


def test_correct_with_nothing_to_change_is_refused(cli, landmine, unchanged):
    old = record(cli, "biden-admin", "supply", "2024-11-19")
    with unchanged():
        result = cli.fails("correct", str(old))
        assert "nothing to correct" in result.stderr
        cli.fails("correct", str(old), "--stance", "supply", "--on", "2024-11-19")


def test_correct_quote_without_source_is_refused(cli, landmine, unchanged):
    old = record(cli, "biden-admin", "supply", "2024-11-19")
    with unchanged():
        result = cli.fails("correct", str(old), "--quote", "Biden authorized the delivery")
    assert "--quote needs --source" in result.stderr


def test_correct_quote_not_in_the_new_source_is_refused(cli, landmine, unchanged):
    old = record(cli, "biden-admin", "supply", "2024-11-19")
    with unchanged():
        result = cli.fails("correct", str(old), "--source", SOURCE_SLUG, "--quote", "Biden banned all mines")
    assert "does not occur" in result.stderr


def test_correcting_a_retracted_position_is_refused(cli, landmine, unchanged):
    old = record(cli, "biden-admin", "permit", "2024-11-19")
    new = int(cli("correct", str(old), "--stance", "supply").stdout)
    with unchanged():
        result = cli.fails("correct", str(old), "--stance", "ban")
    assert f"position {old} is retracted" in result.stderr
    assert timeline_ids(cli) == [new]


@pytest.mark.parametrize("args, message", [
    (("--stance", "strongly support"), 'is not on scale "apl-policy"'),
    (("--on", "2024-02-30"), "invalid date"),
    (("--source", "nowhere", "--quote", "x"), 'unknown source "nowhere"'),
], ids=["stance", "date", "source"])
def test_correct_with_a_bad_value_is_refused(cli, landmine, unchanged, args, message):
    old = record(cli, "biden-admin", "supply", "2024-11-19")
    with unchanged():
        result = cli.fails("correct", str(old), *args)
    assert message in result.stderr


def test_correct_unknown_position_is_refused(cli, landmine, unchanged):
    with unchanged():
        result = cli.fails("correct", "7", "--stance", "ban")
    assert result.stderr.strip() == "Error: no position with id 7"


def test_correct_into_a_copy_of_another_live_position_is_refused(cli, landmine, unchanged):
    record(cli, "biden-admin", "supply", "2024-11-19")
    wrong = record(cli, "biden-admin", "permit", "2024-11-19")
    with unchanged():
        result = cli.fails("correct", str(wrong), "--stance", "supply")
    assert f"retract position {wrong} instead" in result.stderr


# timeline -------------------------------------------------------------


@pytest.fixture
def history(cli, landmine):
    """Positions recorded out of date order, on two topics and three actors."""
    cli("topic", "add", "atacms", "--name", "ATACMS strikes into Russia")
    ids = {}
    ids["biden-2024"] = record(cli, "biden-admin", "supply", "2024-11-19", "--kind", "action")
    ids["trump-2020"] = record(cli, "trump-admin", "permit", "2020-01-31", "--kind", "action")
    ids["us-2014"] = record(cli, "Washington", "restrict", "2014-09")
    ids["biden-2022"] = record(cli, "biden-admin", "restrict", "2022-06-21", "--kind", "action")
    ids["atacms-2024"] = record(cli, "biden-admin", "support", "2024-11-18", topic="atacms")
    ids["atacms-2023"] = record(cli, "biden-admin", "oppose", "2023", topic="atacms")
    return ids


def test_timeline_orders_by_effective_date(cli, history):
    assert timeline_ids(cli) == [
        history[k] for k in ("us-2014", "trump-2020", "biden-2022", "atacms-2023", "atacms-2024", "biden-2024")
    ]


def test_timeline_orders_positions_on_the_same_date_by_recording_time_then_id(cli, landmine):
    first = record(cli, "us", "restrict", "2022-06-21")
    second = record(cli, "biden-admin", "ban", "2022-06-21")
    third = record(cli, "trump-admin", "permit", "2022-06-21")
    rows = cli.json("timeline")
    assert [row["id"] for row in rows] == [first, second, third]
    assert [row["recorded_at"] for row in rows] == sorted(row["recorded_at"] for row in rows)


def test_timeline_filters_by_actor_slug_or_alias(cli, history):
    assert timeline_ids(cli, "--actor", "trump-admin") == [history["trump-2020"]]
    assert timeline_ids(cli, "--actor", "usa") == [history["us-2014"]]


def test_timeline_filters_by_topic_and_actor_together(cli, history):
    assert timeline_ids(cli, "--topic", "atacms") == [history["atacms-2023"], history["atacms-2024"]]
    assert timeline_ids(cli, "--actor", "biden-admin", "--topic", "apl-use") == [
        history["biden-2022"], history["biden-2024"],
    ]


def test_timeline_json_keys_and_value_types(cli, history):
    rows = cli.json("timeline")
    for row in rows:
        assert list(row) == TIMELINE_KEYS
        assert isinstance(row["stance"], int) and isinstance(row["id"], int)
        dt.date.fromisoformat(row["effective_on"])
        assert UTC_TIMESTAMP.match(row["recorded_at"]) and row["retracted_at"] is None
        assert all(list(source) == ["source", "quote"] for source in row["sources"])
    atacms = next(row for row in rows if row["id"] == history["atacms-2023"])
    assert (atacms["stance_label"], atacms["effective_on"], atacms["date_precision"]) == ("oppose", "2023-01-01", "year")


def test_timeline_jsonl_and_csv(cli, history):
    lines = cli("timeline", "-f", "jsonl").stdout.strip().splitlines()
    assert [json.loads(line)["id"] for line in lines] == timeline_ids(cli)
    csv_lines = cli("timeline", "-f", "csv").stdout.strip().splitlines()
    assert csv_lines[0] == ",".join(TIMELINE_KEYS)
    assert len(csv_lines) == len(lines) + 1


def test_timeline_table_shows_labels_and_dates_at_precision(cli, history):
    table = cli("timeline", "--topic", "atacms", "--wide").stdout.splitlines()
    header = table[0].split()
    assert "stance_label" not in header and "date_precision" not in header
    assert table[2].split()[header.index("effective_on")] == "2023"
    assert table[2].split()[header.index("stance")] == "oppose"


def test_timeline_of_an_empty_database_is_empty(cli):
    assert cli.json("timeline") == []


def test_timeline_unknown_actor_or_topic_is_refused(cli, history):
    assert cli.fails("timeline", "--actor", "bidn").stderr.strip() == (
        'Error: unknown actor "bidn": did you mean "biden-admin"?'
    )
    assert 'unknown topic "atacm"' in cli.fails("timeline", "--topic", "atacm").stderr


# The service layer ----------------------------------------------------


def test_service_record_position_returns_the_new_row(db, landmine):
    with db.session() as session:
        result = service.record_position(session, "Washington", "apl-use", "restrict", "2014-09", SOURCE_SLUG,
                                         quote="anti-personnel", kind="statement", summary="Obama-era restriction")
        position = result.position
        assert result.created is True and result.change is None
        assert (position.actor.slug, position.topic.slug, position.stance) == ("us", "apl-use", -1)
        assert (position.effective_on, position.date_precision) == (dt.date(2014, 9, 1), "month")
        assert position.recorded_at.tzinfo is not None and position.retracted_at is None
        assert [(e.source.slug, e.quote) for e in position.evidence] == [(SOURCE_SLUG, "anti-personnel")]
        position_id = position.id
    assert position_row(db, position_id).summary == "Obama-era restriction"


def test_service_record_position_reports_the_change(db, landmine):
    with db.session() as session:
        before = service.record_position(session, "biden-admin", "apl-use", -1, "2022-06", SOURCE_SLUG).position
        result = service.record_position(session, "biden-admin", "apl-use", 2, "2024-11-19", SOURCE_SLUG)
        assert result.change["level"] == "full"
        assert (result.change["from_position"], result.change["to_position"]) == (before.id, result.position.id)


def test_service_record_position_twice_is_one_position_with_more_evidence(db, landmine):
    with db.session() as session:
        first = service.record_position(session, "us", "apl-use", "ban", "2022-06-21", SOURCE_SLUG)
        second = service.record_position(session, "us", "apl-use", "-2", "2022-06-21", SOURCE_SLUG, quote="Korean Peninsula")
        assert second.created is False and second.position.id == first.position.id
        assert [e.quote for e in second.position.evidence] == [None, "Korean Peninsula"]


def test_service_refusals_raise_domain_errors_and_the_session_rolls_back(db, landmine):
    with pytest.raises(UnknownName):
        with db.session() as session:
            service.record_position(session, "us", "apl-use", "ban", "2022", SOURCE_SLUG)
            service.record_position(session, "nobody", "apl-use", "ban", "2022", SOURCE_SLUG)
    with db.session(write=False) as session:
        assert list(reports.timeline(session)) == []
    with db.session() as session, pytest.raises(InvalidValue):
        service.record_position(session, "us", "apl-use", "ban", "2022", SOURCE_SLUG, quote="not in the article")


def test_service_retract_and_correct(db, landmine):
    with db.session() as session:
        wrong = service.record_position(session, "biden-admin", "apl-use", "permit", "2024-11-19", SOURCE_SLUG).position
        fixed = service.correct_position(session, wrong.id, stance="supply")
        assert fixed.supersedes_id == wrong.id and fixed.stance == 2
        assert wrong.retracted_at is not None and wrong.retraction_reason == f"corrected by position {fixed.id}"
        retracted = service.retract_position(session, fixed.id, "  duplicate of another entry ")
        assert retracted.retraction_reason == "duplicate of another entry"
        assert retracted.retracted_at.tzinfo == dt.timezone.utc
        with pytest.raises(Conflict):
            service.retract_position(session, fixed.id, "again")
        with pytest.raises(Conflict):
            service.correct_position(session, wrong.id, stance="ban")


def test_service_timeline_returns_dates_and_sources(db, landmine):
    with db.session() as session:
        service.record_position(session, "biden-admin", "apl-use", "supply", "2024", SOURCE_SLUG, quote="Biden authorized")
    with db.session(write=False) as session:
        [row] = reports.timeline(session, actor="biden-admin", topic="apl-use")
    assert (row["effective_on"], row["date_precision"], row["stance_label"]) == (dt.date(2024, 1, 1), "year", "supply")
    assert row["sources"] == [{"source": SOURCE_URL, "quote": "Biden authorized"}]
