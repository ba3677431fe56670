"""Default report tables for people (fit 120 columns, words not ids), --wide, --columns; data formats unchanged."""

from __future__ import annotations

import pytest

from policytrack.output import KEYS


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


@pytest.mark.parametrize(
    "args",
    [("reversals", "--rollup", "--level", "shift"), ("timeline", "--include-retracted"), ("current",),
     ("diff", "us", "--from", "2019", "--rollup"), ("diff", "biden-admin", "trump-admin", "--on", "2024-12")],
)
def test_default_tables_fit_120_columns_and_wide_is_today_s(seeded, args):
    assert widest(seeded(*args).stdout) <= 120
    assert seeded(*args, "--wide").stdout.splitlines()[0].split()[0] == KEYS[
        {"reversals": "reversals", "timeline": "timeline", "current": "current"}.get(
            args[0], "diff_dates" if "--from" in args else "diff_actors")][0]


def test_reversals_table_reads_in_words(seeded):
    table = seeded("reversals", "--rollup").stdout
    assert "United States" in table and "full reversal" in table
    assert "restores 2014-09-23 restrict" in " ".join(table.split())  # the level says what it restores
    assert "“two years ago, decided to limit" in table  # what the new position said
    assert "from_position" not in table and "\x1b" not in table  # no ids columns, no colour in a pipe


def test_data_formats_keep_every_spec_key(seeded):
    for report, args in (("reversals", ("reversals", "--rollup")), ("current", ("current",)),
                         ("timeline", ("timeline",))):
        rows = seeded.json(*args)
        assert rows and all(tuple(row) == KEYS[report] for row in rows)
        assert seeded(*args, "-f", "csv").stdout.splitlines()[0] == ",".join(KEYS[report])


def test_columns_chooses_and_unknown_is_a_usage_error(seeded):
    rows = seeded.json("reversals", "--rollup", "--columns", "actor,to_on,level")
    assert rows[0] == {"actor": "us", "to_on": rows[0]["to_on"], "level": "full"}
    table = seeded("reversals", "--rollup", "--columns", "to_on,to_stance").stdout
    assert table.splitlines()[0].split() == ["to_on", "to_stance"] and "supply" in table
    assert "no column 'nope'" in seeded("current", "--columns", "actor,nope", expect=2).stderr


def test_level_is_coloured_only_for_a_terminal(db, seeded):
    from policytrack.reports import find_reversals
    from policytrack.tables import RED, people_rows

    with db.session(write=False) as session:
        coloured = list(people_rows(session, "reversals", find_reversals(session, rollup=True), colour=True))
        plain = list(people_rows(session, "reversals", find_reversals(session, rollup=True)))
    db.dispose()
    assert coloured[0]["level"].startswith(f"{RED}full reversal") and "\x1b" not in plain[0]["level"]


# The other listings and the records seen whole ------------------------------

LONG_TITLE = ("Statement by the Permanent Representative of the United States of America to the Conference on "
              "Disarmament on anti-personnel landmines, their transfer and the Ottawa Convention")
LONG_URL = "https://www.state.gov/" + "statement-by-the-united-states-of-america-at-the-2022-intersessional-meeting-" * 2
LONG_TEXT = ("The United States will not transfer anti-personnel landmines that are not self-destructing and "
             "self-deactivating to any country, and it will not assist, encourage or induce anyone to do so, "
             "except for the purpose of mine clearance or destruction, in any region of the world.")


@pytest.fixture
def long(seeded, tmp_path):
    """The seed data and a source as they come: a long title and url, a long quote and summary,
    and a position dated outside its actor's active period (a long `check` message)."""
    (tmp_path / "long.txt").write_text(LONG_TEXT, encoding="utf-8")
    source = seeded("source", "add", "--title", LONG_TITLE, "--url", LONG_URL, "--outlet",
                    "Permanent Mission of the United States to the Conference on Disarmament", "--author",
                    "Ambassador of the United States to the Conference on Disarmament", "--published", "2022-06",
                    "--text-file", tmp_path / "long.txt").stdout.strip()
    position = seeded("record", "--actor", "trump-admin", "--topic", "apl-use", "--stance", "restrict", "--on",
                      "2022-06-21", "--source", source, "--quote", LONG_TEXT[:-1], "--summary", LONG_TEXT).stdout.strip()
    seeded("source", "edit", source, "--title", LONG_TITLE + " (corrected)")  # a long entry in `history`
    return seeded, source, position


LISTINGS = {  # command -> its report in output.KEYS
    ("check",): "check",
    ("source", "list"): "sources",
    ("scale", "list"): "scales",
    ("search", "anti-personnel landmines"): "search",
    ("history",): "history",
}


@pytest.mark.parametrize("command", list(LISTINGS), ids=" ".join)
def test_listing_tables_fit_120_columns_wide_and_data_keep_every_key(long, command):
    cli = long[0]
    assert widest(cli(*command, expect=None).stdout) <= 120
    keys = KEYS[LISTINGS[command]]
    assert cli(*command, "--wide", expect=None).stdout.splitlines()[0].split()[0] == keys[0]
    assert widest(cli(*command, "--wide", expect=None).stdout) > 120  # today's full columns, the long url
    for fmt in ("json", "jsonl"):
        import json

        text = cli(*command, "-f", fmt, expect=None).stdout
        rows = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
        assert rows and all(tuple(row) == keys for row in rows)
    assert cli(*command, "-f", "csv", expect=None).stdout.splitlines()[0] == ",".join(keys)


@pytest.mark.parametrize("command", [("position", "show"), ("source", "show"), ("actor", "show")], ids=" ".join)
def test_records_seen_whole_fit_120_columns_and_wide_is_today_s(long, command):
    cli, source, position = long
    args = (*command, {"position": position, "source": source, "actor": "us"}[command[0]])
    table = cli(*args).stdout
    assert widest(table) <= 120
    assert widest(cli(*args, "--wide").stdout) > 120 or command[0] == "actor"
    if command[0] == "position":
        assert "“The United States will not transfer" in table and "source_id" not in table
        assert "source_id" in cli(*args, "--wide").stdout


def test_search_highlights_a_match_split_over_two_lines_without_bleeding():
    from policytrack.search import MARK_END, MARK_START
    from policytrack.tables import BOLD, RESET, highlight

    marked = f"a {MARK_START}landmine\npolicy{MARK_END} b"
    assert highlight(marked, bold=True) == f"a {BOLD}landmine{RESET}\n{BOLD}policy{RESET} b"
    assert highlight(marked, bold=False) == "a landmine\npolicy b"


def test_every_table_for_people_fits_120_columns_by_its_widths():
    from policytrack.tables import COLUMNS

    # tabulate's simple format: each column at least its header and two, two spaces between columns.
    for table, widths in COLUMNS.items():
        assert sum(max(width, len(header) + 2) for header, width in widths.items()) + 2 * (len(widths) - 1) <= 120, table


# The arguments each command with --columns is run with; a second set for diff's second form.
COLUMNS_RUNS = {
    "timeline": [()], "current": [()], "reversals": [("--rollup",)], "check": [()],
    "diff": [("us", "--from", "2019", "--rollup"), ("biden-admin", "trump-admin", "--on", "2024-12")],
    "source list": [()], "scale list": [()], "search": [("landmines",)], "history": [()],
}


def test_every_documented_columns_example_runs(seeded):
    import re

    from policytrack.cli.reference import commands

    documented = {}
    for path, ctx in commands():
        [option] = [p for p in ctx.command.params if "--columns" in p.opts] or [None]
        if option is not None:
            documented[" ".join(path)] = re.findall(r"\b[a-z_]+(?:,[a-z_]+)+", option.help)
    assert set(documented) == set(COLUMNS_RUNS)  # a new command with --columns: add how to run it
    for command, examples in documented.items():
        runs = COLUMNS_RUNS[command]
        assert len(examples) == len(runs), command  # diff documents one example for each form
        for example, args in zip(examples, runs):
            result = seeded(*command.split(), *args, "--columns", example, expect=None)
            assert result.exit_code == 0, (command, example, result.stderr)
            assert result.stdout.splitlines()[0].split() == example.split(","), (command, result.stdout)


def test_a_source_named_by_its_url_shows_as_its_site_in_a_table(long):
    cli = long[0]

    table = cli("search", "intersessional meeting", "--in", "sources").stdout

    assert "state.gov/stateme…" in table and "https://" not in table
    assert "https://www.state.gov/statement-by-the-united" in cli("search", "intersessional meeting", "--in", "sources", "--wide").stdout
