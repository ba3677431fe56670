"""How listings print: Markdown tables that stay whole, and ``source show`` as a listing of one."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import SOURCE_SLUG, record


def markdown_rows(text: str) -> list[list[str]]:
    """The cells of a Markdown table, split on the pipes a Markdown reader splits on (not on ``\\|``)."""
    import re

    rows = []
    for line in text.strip().splitlines():
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([cell.strip() for cell in cells])
    return rows


@pytest.mark.parametrize("fmt", ["github", "pipe"])
def test_markdown_tables_escape_pipes_and_line_breaks(cli, landmine, fmt):
    record(cli, "biden-admin", "supply", "2024-11", "--summary", "send mines | not ban\nsecond line")

    people = markdown_rows(cli("timeline", "-f", fmt).stdout)
    assert len(people) == 3 and len({len(row) for row in people}) == 1  # the table for people, too

    rows = markdown_rows(cli("timeline", "--wide", "-f", fmt).stdout)

    assert len(rows) == 3  # header, separator, one row: the line break did not start a row
    assert len({len(row) for row in rows}) == 1  # the pipe did not add a cell
    header, _, row = rows
    assert row[header.index("summary")] == "send mines \\| not ban<br>second line"


@pytest.mark.parametrize("fmt", ["github", "pipe"])
def test_markdown_source_listing_and_record_escape_pipes(cli, fmt):
    cli("source", "add", "--title", "Mines | a report\non two lines", "--slug", "piped")

    listing = markdown_rows(cli("source", "list", "-f", fmt).stdout)
    # The record's field/value table; the "evidence: none" line after it is not a table row.
    shown = [row for row in markdown_rows(cli("source", "show", "piped", "-f", fmt).stdout) if row]

    assert len(listing) == 3 and len({len(row) for row in listing}) == 1
    assert listing[2][listing[0].index("title")] == "Mines \\| a report<br>on two lines"
    assert {len(row) for row in shown} == {2}
    assert ["title", "Mines \\| a report<br>on two lines"] in shown


def test_other_table_formats_keep_values_as_they_are(cli):
    cli("source", "add", "--title", "Mines | a report", "--slug", "piped")

    assert "Mines | a report" in cli("source", "list", "-f", "simple").stdout


@pytest.mark.parametrize("fmt", ["github", "pipe", "simple", "grid"])
def test_source_show_table_has_a_header(cli, landmine, fmt):
    lines = [line for line in cli("source", "show", SOURCE_SLUG, "-f", fmt).stdout.splitlines() if line.strip()]

    first = lines[1] if fmt == "grid" else lines[0]
    assert first.strip("|+ ").split()[0] == "field" and "value" in first
    if fmt in ("github", "pipe"):
        assert set(lines[1]) <= set("|-: ")  # the row under the header is the separator


def test_source_show_json_is_a_list_of_one_object(cli, landmine):
    shown = cli.json("source", "show", SOURCE_SLUG)

    assert isinstance(shown, list) and len(shown) == 1
    assert shown[0]["slug"] == SOURCE_SLUG


def test_source_show_jsonl_and_csv_are_one_row(cli, landmine):
    [line] = cli("source", "show", SOURCE_SLUG, "-f", "jsonl").stdout.splitlines()
    assert json.loads(line)["slug"] == SOURCE_SLUG
    [row] = csv.DictReader(io.StringIO(cli("source", "show", SOURCE_SLUG, "-f", "csv").stdout))
    assert row["slug"] == SOURCE_SLUG


# The default table in chunks --------------------------------------------------------


@pytest.mark.parametrize("report", [("timeline",), ("reversals", "--level", "shift"), ("timeline", "--wide")])
def test_a_report_printed_in_chunks_holds_every_cell_of_the_whole_table(seeded, monkeypatch, report):
    from policytrack import output

    whole = seeded(*report).stdout
    monkeypatch.setattr(output, "TABLE_CHUNK", 2)
    chunked = seeded(*report).stdout

    assert len(whole.splitlines()) > 6  # more than two chunks of rows
    # Later chunks of the seed data hold wider cells than the first two rows: only the widths differ.
    def cells(table: str) -> list[list[str]]:
        header, _rule, *rows = table.splitlines()
        return [line.split() for line in (header, *rows)]

    assert cells(chunked) == cells(whole)


def test_a_table_printed_in_chunks_is_the_whole_table_when_the_first_chunk_is_widest(monkeypatch):
    from policytrack import output

    rows = [{"id": str(n), "said": "w" * (12 - n) + "\n" + "v" * n, "on": None} for n in range(10)]
    whole = output.render(rows, "simple")
    monkeypatch.setattr(output, "TABLE_CHUNK", 3)

    assert output.render(rows, "simple") == whole


def test_a_later_row_wider_than_the_first_chunk_is_printed_whole(monkeypatch):
    from policytrack import output

    monkeypatch.setattr(output, "TABLE_CHUNK", 2)
    rows = [{"a": "x", "b": "y"}, {"a": "xx", "b": "yy"}, {"a": "a much wider cell", "b": "z"}]

    lines = output.render(rows, "simple").splitlines()

    assert lines[:4] == ["a    b", "---  ---", "x    y", "xx   yy"]
    assert lines[4].split() == ["a", "much", "wider", "cell", "z"]
    assert len(lines) == 5


def test_an_empty_table_still_prints_its_header(monkeypatch):
    from policytrack import output

    monkeypatch.setattr(output, "TABLE_CHUNK", 2)

    assert output.render([], "simple", ["actor", "topic"]).splitlines() == ["actor    topic", "-------  -------"]
