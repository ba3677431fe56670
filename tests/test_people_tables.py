"""Default report tables for people (fit 120 columns, words not ids), --wide, --columns; data formats unchanged."""

from __future__ import annotations

import pytest

from policytrack.output import KEYS


@pytest.fixture
def seeded(cli):
    cli("init", "--seed")
    return cli


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
