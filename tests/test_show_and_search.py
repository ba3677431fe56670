"""Seeing one record whole (position/actor/source show), full-text search, and the help and hints."""

from __future__ import annotations

import pytest

from helpers import SOURCE_SLUG, SOURCE_URL, record


def test_position_show_has_evidence_chain_change_and_retraction(cli, landmine):
    first = record(cli, "biden-admin", "restrict", "2022-06-21", "--quote", "decided to limit the use of anti-personnel mines")
    wrong = record(cli, "biden-admin", "supply", "2024-11-18", "--summary", "Delivery authorised")
    fixed = int(cli("correct", wrong, "--on", "2024-11-19").stdout)
    [shown] = cli.json("position", "show", fixed)
    assert (shown["supersedes_id"], shown["superseded_by"], shown["stance_label"]) == (wrong, None, "supply")
    assert shown["change"]["from_position"] == first and shown["change"]["level"] == "full"
    assert shown["change_rolled_up"]["kind"] == "self"
    [old] = cli.json("position", "show", wrong)
    assert old["superseded_by"] == fixed and old["retraction_reason"] == f"corrected by position {fixed}"
    assert old["change"] is None
    [evidence] = cli.json("position", "show", first)[0]["sources"]
    assert evidence["source"] == SOURCE_URL and evidence["title"].startswith("Ukraine responsible")
    assert evidence["quote"] == "decided to limit the use of anti-personnel mines"
    table = cli("position", "show", first).stdout
    assert "decided to limit the use" in table and "sources:" in table


def test_position_show_unknown_id_is_refused(cli, landmine):
    assert "no position with id 99" in cli.fails("position", "show", "99").stderr


def test_source_show_lists_evidence_as_rows_and_prints_text(cli, landmine):
    a = record(cli, "biden-admin", "restrict", "2022-06-21", "--quote", "decided to limit the use of anti-personnel mines")
    b = record(cli, "biden-admin", "supply", "2024-11-19", "--quote", "land mines that are not persistent")
    lines = cli("source", "show", SOURCE_SLUG).stdout.splitlines()
    rows = [line for line in lines if line.split()[:1] in ([str(a)], [str(b)])]
    assert len(rows) == 2 and "not persistent" in rows[1]
    evidence = cli.json("source", "show", SOURCE_SLUG)[0]["evidence"]
    assert [e["position"] for e in evidence] == [a, b]
    text = cli("source", "show", SOURCE_SLUG, "--text").stdout
    assert "land mines that we would look to provide them with" in text


def test_source_show_text_without_stored_text_is_refused(cli, landmine):
    cli("source", "add", "--title", "No text", "--slug", "notext")
    assert "has no stored text" in cli.fails("source", "show", "notext", "--text").stderr


def test_actor_show_has_aliases_children_and_positions_per_topic(cli, landmine):
    record(cli, "biden-admin", "restrict", "2022-06-21")
    latest = record(cli, "biden-admin", "supply", "2024-11-19")
    [us] = cli.json("actor", "show", "Washington")
    assert (us["slug"], us["children"], us["aliases"], us["topics"]) == (
        "us", ["biden-admin", "trump-admin"], ["USA", "Washington"], [])
    [topic] = cli.json("actor", "show", "biden-admin")[0]["topics"]
    assert (topic["topic"], topic["positions"], topic["current_position"], topic["current_label"]) == (
        "apl-use", 2, latest, "supply")
    assert topic["first_on"] == "2022-06-21"
    assert cli.fails("actor", "show", "nobody").stderr


# search ----------------------------------------------------------------


def test_search_finds_quotes_summaries_and_sources_ranked(cli, landmine, db):
    hit = record(cli, "biden-admin", "supply", "2024-11-19", "--quote", "land mines that are not persistent",
                 "--summary", "Biden authorises non-persistent mines")
    rows = cli.json("search", "persistent")
    assert {row["kind"] for row in rows} == {"quote", "summary", "source"}
    quote = next(row for row in rows if row["kind"] == "quote")
    assert (quote["position"], quote["actor"], quote["source"]) == (hit, "biden-admin", SOURCE_URL)
    from policytrack.search import MARK_END, MARK_START, search

    with db.session(write=False) as session:  # the service marks the match, for a terminal to highlight ...
        marked = next(row for row in search(session, "persistent") if row["kind"] == "quote")["fragment"]
    db.dispose()
    assert f"{MARK_START}persistent{MARK_END}" in marked
    plain = cli("search", "persistent", "--in", "quotes").stdout
    fragment = cli("search", "persistent", "--in", "quotes", "--columns", "fragment").stdout
    for text in (plain, fragment):
        assert "\x1b" not in text and "\x02" not in text  # ... never in a pipe
    assert "land mines that are not" in plain and "not persistent" in fragment  # the table wraps it
    assert [row["kind"] for row in cli.json("search", "persistent", "--in", "summaries")] == ["summary"]


def test_search_index_follows_changes_through_triggers(cli, landmine):
    cli("source", "add", "--title", "Wire copy about drones", "--slug", "wire")
    assert [row["source"] for row in cli.json("search", "drones")] == ["wire"]
    cli("source", "edit", "wire", "--title", "Wire copy about tanks")
    assert cli.json("search", "drones") == []
    cli("source", "edit", "wire", "--text-file", "-", input="Drones were sent.")
    assert [row["source"] for row in cli.json("search", "drones")] == ["wire"]
    cli("source", "remove", "wire")
    assert cli.json("search", "drones") == []


def test_search_stems_and_ranks_the_closer_match_first(cli, landmine):
    cli("source", "add", "--title", "Mines mines mines", "--slug", "many")
    cli("source", "add", "--title", "A note on one mine among other things said", "--slug", "one")
    rows = [row["source"] for row in cli.json("search", "mines", "--in", "sources")]
    assert rows[:1] == ["many"] and "one" in rows


@pytest.mark.parametrize("args, code", [(("search", "   "), 1), (("search", "x", "--in", "titles"), 2)])
def test_search_refusals(cli, landmine, args, code):
    cli.fails(*args, code=code)


def test_search_text_with_query_syntax_is_taken_literally(cli, landmine):
    cli("search", 'mines AND "NEAR(" * OR')


# help and hints ----------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [("actor", "add"), ("actor", "edit"), ("correct",), ("record",), ("source", "add"), ("source", "edit"),
     ("scale", "add"), ("timeline",), ("diff",), ("search",), ("import",), ("db", "downgrade")],
)
def test_help_shows_no_python_types(command):
    from typer.testing import CliRunner

    from policytrack.cli import app

    text = CliRunner().invoke(app, [*command, "--help"]).stdout
    for python_type in ("<str>", "<int>", "<list[str]>", "{"):
        assert python_type not in text, (command, text)


def test_db_is_accepted_after_the_command(db, landmine, cli):
    from typer.testing import CliRunner

    from policytrack.cli import app

    result = CliRunner().invoke(app, ["actor", "list", "--db", db.url, "-f", "json"])
    assert result.exit_code == 0 and '"slug": "us"' in result.stdout
    result = CliRunner().invoke(app, ["actor", "list", f"--db={db.url}"])
    assert result.exit_code == 0 and "trump-admin" in result.stdout


def test_did_you_mean_searches_actor_names(cli, landmine):
    assert 'did you mean "us"?' in cli.fails("timeline", "--actor", "United States").stderr
    assert 'did you mean "biden-admin"?' in cli.fails("timeline", "--actor", "Biden administration").stderr


def test_every_option_has_an_example_value():
    import typer.main

    from policytrack.cli import app

    def options(command, path):
        for param in command.params:
            if param.param_type_name == "option" and not param.is_flag:
                yield " ".join(path), param.opts[0], param.help or ""
        for name, sub in getattr(command, "commands", {}).items():
            yield from options(sub, [*path, name])

    missing = [(path, opt) for path, opt, help in options(typer.main.get_command(app), []) if "e.g." not in help]
    assert missing == []
