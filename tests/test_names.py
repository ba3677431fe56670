"""Names and words a user types: aliases in any script and case, slugs that
are not numbers, options given once, dates, level labels, kinds.

Issue 7, defects 1, 3, 9 and parts of 19; every test runs on SQLite and,
with POLICYTRACK_TEST_POSTGRES_URL, on PostgreSQL.
"""

from __future__ import annotations

import json

import pytest

from helpers import evidence_of, one_error_line, record

COMPOSED = "\u00c9lys\u00e9e"  # É and é as one character each
DECOMPOSED = "E\u0301lyse\u0301e"  # E and e followed by a combining acute accent


@pytest.fixture
def france(cli):
    """Actor fr with the alias Élysée, a topic on the support scale and a source without text."""
    cli("actor", "add", "fr", "--name", "France", "--kind", "state", "--alias", COMPOSED)
    cli("topic", "add", "aid", "--name", "Military aid")
    cli("source", "add", "--title", "A report", "--slug", "report")
    return cli


# Defect 1: aliases compared by case folding and NFC, on both backends -----


@pytest.mark.parametrize("alias", ["\u00e9lys\u00e9e", "\u00c9LYS\u00c9E", DECOMPOSED, "E\u0301LYSE\u0301E"])
def test_an_alias_that_is_the_same_name_in_another_case_or_form_is_refused_naming_its_owner(
    france, unchanged, alias
):
    with unchanged():
        result = france.fails("actor", "add", "fr2", "--name", "Elysee", "--alias", alias)
    assert f'already names actor "fr" (as "{COMPOSED}")' in one_error_line(result)


def test_actor_alias_refuses_the_same_name_in_another_form(france, unchanged):
    france("actor", "add", "fr2", "--name", "Elysee")
    with unchanged():
        result = france.fails("actor", "alias", "fr2", "\u00e9lys\u00e9e")
    assert 'already names actor "fr"' in one_error_line(result)


@pytest.mark.parametrize("name", ["\u00c9LYS\u00c9E", "\u00e9lys\u00e9e", DECOMPOSED])
def test_record_by_an_alias_in_any_case_or_form_records_for_its_actor(france, name):
    france("actor", "add", "fr2", "--name", "Someone else", "--alias", "Matignon")
    position_id = record(france, name, "support", "2024-05", topic="aid", source="report")
    [row] = france.json("timeline")
    assert (row["id"], row["actor"]) == (position_id, "fr")


def test_a_slug_is_found_whatever_its_case(france):
    record(france, "FR", "support", "2024", topic="AID", source="report")
    assert [row["actor"] for row in france.json("timeline", "--actor", "Fr")] == ["fr"]


def test_imports_find_aliases_in_any_case_or_form(france, tmp_path):
    (tmp_path / "rows.csv").write_text("actor,topic,stance,on\n\u00c9LYS\u00c9E,aid,1,2024\n", encoding="utf-8")
    (tmp_path / "bundle.yaml").write_text(
        f"positions:\n  - {{actor: '{DECOMPOSED}', topic: aid, stance: -1, on: 2023}}\n", encoding="utf-8"
    )
    france("import", tmp_path / "rows.csv", tmp_path / "bundle.yaml", "--source", "report")
    assert [row["actor"] for row in france.json("timeline")] == ["fr", "fr"]


def test_a_bundle_alias_in_another_case_of_one_held_is_skipped(france, tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "actors:\n  - {slug: fr, name: France, kind: state, aliases: ['\u00c9LYS\u00c9E']}\n", encoding="utf-8"
    )
    result = france("import", tmp_path / "actors.yaml")
    assert "aliases: 0 created, 1 skipped" in result.stderr


# Defect 3: a number always means an id --------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("actor", "add", "123", "--name", "Numbered"),
        ("topic", "add", "2024", "--name", "A year"),
        ("scale", "add", "7", "--name", "Seven", "--level", "0=none", "--level", "1=some"),
        ("source", "add", "--title", "Numbered", "--slug", "1"),
    ],
)
def test_all_digit_slugs_are_refused_for_every_kind_of_record(cli, unchanged, command):
    with unchanged():
        result = cli.fails(*command)
    assert "must not be all digits" in one_error_line(result)


def test_a_slug_may_start_with_digits(cli):
    cli("source", "add", "--title", "Dated", "--slug", "2024-11-21-caliber")
    assert cli.json("source", "list")[0]["slug"] == "2024-11-21-caliber"


@pytest.mark.parametrize(
    "bundle",
    [
        "sources:\n  - {slug: '1', title: Numbered}\n",
        "actors:\n  - {slug: 42, name: Numbered}\n",
        "topics:\n  - {slug: '42', name: Numbered}\n",
        "scales:\n  - {slug: 9, name: Nine, levels: {0: none, 1: some}}\n",
    ],
)
def test_bundles_refuse_all_digit_slugs(cli, tmp_path, unchanged, bundle):
    (tmp_path / "bundle.yaml").write_text(bundle, encoding="utf-8")
    with unchanged():
        result = cli.fails("import", tmp_path / "bundle.yaml")
    assert "must not be all digits" in one_error_line(result)


def test_csv_create_missing_refuses_all_digit_names(france, tmp_path, unchanged):
    (tmp_path / "rows.csv").write_text("actor,topic,stance,on\n1234,aid,1,2024\n", encoding="utf-8")
    with unchanged():
        result = france.fails("import", tmp_path / "rows.csv", "--create-missing", "--source", "report")
    assert "rows.csv, line 2" in one_error_line(result) and "must not be all digits" in one_error_line(result)


# Defect 9: an option that takes one value is given once --------------------


@pytest.mark.parametrize(
    "command, option",
    [
        (("record", "--actor", "fr", "--topic", "aid", "--stance", "1", "--on", "2024",
          "--source", "report", "--source", "other"), "--source"),
        (("timeline", "--actor", "fr", "--actor", "fr2"), "--actor"),
        (("current", "--on", "2020", "--on", "2024"), "--on"),
        (("reversals", "--level", "full", "--level", "shift"), "--level"),
        (("source", "list", "-f", "json", "--format", "csv"), "--format"),
        (("actor", "add", "x", "--name", "X", "--name", "Y"), "--name"),
    ],
)
def test_a_one_value_option_given_twice_is_a_usage_error(france, unchanged, command, option):
    with unchanged():
        result = france.fails(*command, code=2)
    assert f"{option} is given more than once; it takes one value" in result.stderr


def test_the_global_db_option_given_twice_is_a_usage_error(cli, tmp_path):
    result = cli.fails("--db", str(tmp_path / "other.db"), "timeline", code=2)
    assert "--db is given more than once" in result.stderr


def test_options_that_take_several_values_still_do(cli):
    cli("actor", "add", "us", "--name", "United States", "--alias", "USA", "--alias", "Washington")
    assert cli.json("actor", "list")[0]["aliases"] == ["USA", "Washington"]


# Defect 19: dates, level labels, periods, what record says --------------------


@pytest.mark.parametrize("date", ["\uff12\uff10\uff12\uff14", "\uff12\uff10\uff12\uff14-06", " 2024", "2024 ", "2024\n"])
def test_full_width_digits_and_surrounding_space_are_not_dates(france, unchanged, date):
    with unchanged():
        france.fails("record", "--actor", "fr", "--topic", "aid", "--stance", "1", "--on", date, "--source", "report")
        france.fails("source", "add", "--title", "Another", "--published", date)
        result = france.fails("current", "--on", date)
    assert "expected YYYY, YYYY-MM or YYYY-MM-DD" in one_error_line(result)


@pytest.mark.parametrize("label", ["1", "-2", "+0", "007"])
def test_a_level_label_that_reads_as_an_integer_is_refused(cli, unchanged, label):
    with unchanged():
        result = cli.fails("scale", "add", "odd", "--name", "Odd", "--level", f"0={label}", "--level", "1=yes")
    assert "a label must not be a number" in one_error_line(result)


def test_a_bundle_level_label_that_reads_as_an_integer_is_refused(cli, tmp_path, unchanged):
    (tmp_path / "scale.yaml").write_text("scales:\n  - {slug: odd, name: Odd, levels: {0: '1', 1: yes}}\n")
    with unchanged():
        result = cli.fails("import", tmp_path / "scale.yaml")
    assert "a label must not be a number" in one_error_line(result)


@pytest.mark.parametrize("level", ["\uff11=one", "1.5=one", "one=1"])
def test_a_level_value_must_be_an_ascii_integer(cli, unchanged, level):
    with unchanged():
        cli.fails("scale", "add", "odd", "--name", "Odd", "--level", level, "--level", "0=zero")


def test_reversals_refuse_a_period_that_ends_before_it_starts_like_diff(france):
    result = france.fails("reversals", "--since", "2025", "--until", "2020")
    assert one_error_line(result) == "Error: --until (2020) is before --since (2025)"
    result = france.fails("diff", "fr", "--from", "2025", "--to", "2020")
    assert one_error_line(result) == "Error: --to (2020) is before --from (2025)"


def test_reversals_accept_a_period_within_one_coarse_date(france):
    assert france.json("reversals", "--since", "2024", "--until", "2024-06") == []


def test_actor_add_refuses_an_active_period_that_ends_before_it_starts(cli, unchanged):
    with unchanged():
        result = cli.fails("actor", "add", "a", "--name", "A", "--active-from", "2021-01-20", "--active-until", "2020")
    assert one_error_line(result) == "Error: --active-until (2020) is before --active-from (2021-01-20)"
    cli("actor", "add", "b", "--name", "B", "--active-from", "2020-06", "--active-until", "2020")


def test_a_bundle_actor_with_an_inverted_active_period_is_refused(cli, tmp_path, unchanged):
    (tmp_path / "a.yaml").write_text("actors:\n  - {slug: a, name: A, active_from: 2022, active_until: 2021}\n")
    with unchanged():
        result = cli.fails("import", tmp_path / "a.yaml")
    assert "is before" in one_error_line(result)


def test_record_says_evidence_was_added_only_when_it_was(france, db):
    args = ("record", "--actor", "fr", "--topic", "aid", "--stance", "1", "--on", "2024", "--source", "report")
    first = france(*args)
    again = france(*args)
    assert again.stdout == first.stdout
    assert "its evidence now includes" not in again.stderr
    assert "nothing was added" in again.stderr
    with_quote = france(*args, "--quote", "a new quote")
    assert "its evidence now includes the source" in with_quote.stderr
    assert evidence_of(db, int(first.stdout)) == [(1, None), (1, "a new quote")]


# One vocabulary: kinds in any case, integers with a sign ---------------------


def test_kinds_and_levels_are_read_in_any_case_everywhere(france, tmp_path):
    france("actor", "add", "gov", "--name", "Government", "--kind", "GOVERNMENT")
    record(france, "fr", "+1", "2022", "--kind", "Action", topic="aid", source="report")
    (tmp_path / "rows.csv").write_text("actor,topic,stance,on,kind\nfr,aid,-1,2023,ACTION\n", encoding="utf-8")
    (tmp_path / "bundle.yaml").write_text(
        "actors:\n  - {slug: org, name: Org, kind: Organisation}\n"
        "positions:\n  - {actor: fr, topic: aid, stance: '+2', on: 2024, kind: Statement}\n",
        encoding="utf-8",
    )
    france("import", tmp_path / "rows.csv", tmp_path / "bundle.yaml", "--source", "report")
    rows = france.json("timeline")
    assert [(row["stance"], row["kind"]) for row in rows] == [(1, "action"), (-1, "action"), (2, "statement")]
    kinds = {actor["slug"]: actor["kind"] for actor in france.json("actor", "list")}
    assert (kinds["gov"], kinds["org"]) == ("government", "organisation")
    assert [row["level"] for row in france.json("reversals", "--level", "SHIFT")] == ["full", "full"]


def test_a_wrong_kind_gets_the_same_message_from_every_writer(france, tmp_path):
    (tmp_path / "rows.csv").write_text("actor,topic,stance,on,kind\nfr,aid,1,2023,deed\n", encoding="utf-8")
    (tmp_path / "bundle.yaml").write_text(
        "positions:\n  - {actor: fr, topic: aid, stance: 1, on: 2024, kind: deed}\n", encoding="utf-8"
    )
    for path in ("rows.csv", "bundle.yaml"):
        result = france.fails("import", tmp_path / path, "--source", "report")
        assert one_error_line(result).endswith("position kind must be statement or action, not 'deed'")
    result = france.fails(
        "record", "--actor", "fr", "--topic", "aid", "--stance", "1", "--on", "2024", "--source", "report",
        "--kind", "deed", code=2,
    )
    assert "position kind must be statement or action, not 'deed'" in result.stderr


def test_export_names_sources_by_slug_and_reports_by_url(france, tmp_path):
    france("source", "add", "--title", "Web", "--slug", "web", "--url", "https://example.org/a")
    record(france, "fr", "1", "2024", topic="aid", source="web")
    [row] = france.json("timeline")
    assert row["sources"] == [{"source": "https://example.org/a", "quote": None}]
    exported = json.loads(france("export", "-f", "json").stdout)
    assert exported["positions"][0]["evidence"] == [{"source": "web"}]
