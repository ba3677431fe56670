"""Sources: ``source add``, ``source list``, ``source show``."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest

from helpers import SEED_ARTICLE, SOURCE_SLUG, SOURCE_URL, UTC_TIMESTAMP, record

ARTICLE = SEED_ARTICLE.read_text(encoding="utf-8")
SOURCE_LIST_KEYS = [
    "id", "slug", "url", "title", "outlet", "author", "published_on", "published_precision", "has_text", "positions",
]


def add(cli, *args: str, input: str | None = None) -> int:
    return int(cli("source", "add", *args, input=input).stdout.strip())


# source add -----------------------------------------------------------


def test_source_add_prints_the_new_id_and_nothing_else(cli):
    first = cli("source", "add", "--title", "First")
    second = cli("source", "add", "--title", "Second")
    assert (first.stdout, second.stdout) == ("1\n", "2\n")


def test_source_add_stores_its_metadata(cli):
    source_id = add(
        cli, "--title", "Ukraine responsible for tracking locations of mines", "--url", SOURCE_URL,
        "--outlet", "Caliber.Az", "--author", "Naila Huseynova", "--published", "2024-11-21", "--slug", SOURCE_SLUG,
    )
    [shown] = cli.json("source", "show", str(source_id))
    assert {k: shown[k] for k in ("id", "slug", "url", "title", "outlet", "author", "published_on", "has_text")} == {
        "id": source_id,
        "slug": SOURCE_SLUG,
        "url": SOURCE_URL,
        "title": "Ukraine responsible for tracking locations of mines",
        "outlet": "Caliber.Az",
        "author": "Naila Huseynova",
        "published_on": "2024-11-21",
        "has_text": False,
    }
    assert UTC_TIMESTAMP.match(shown["added_at"])
    assert shown["content_length"] is None and shown["evidence"] == []


def test_source_add_text_file_stores_the_full_text(cli):
    source_id = add(cli, "--title", "Caliber", "--text-file", str(SEED_ARTICLE))
    [shown] = cli.json("source", "show", str(source_id))
    assert shown["has_text"] is True
    assert shown["content_length"] == len(ARTICLE)
    assert shown["content_sha256"] == hashlib.sha256(ARTICLE.strip().encode()).hexdigest()


def test_source_add_text_from_stdin(cli):
    source_id = add(cli, "--title", "Caliber", "--text-file", "-", input=ARTICLE)
    [shown] = cli.json("source", "show", str(source_id))
    assert shown["has_text"] is True and shown["content_length"] == len(ARTICLE)


def test_text_from_a_file_with_a_byte_order_mark_is_stored_without_it(cli, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffWashington agreed.".encode("utf-8"))
    source_id = add(cli, "--title", "BOM", "--text-file", str(path))
    assert cli.json("source", "show", str(source_id))[0]["content_length"] == len("Washington agreed.")


def test_same_url_twice_is_refused_naming_the_existing_source(cli, unchanged):
    add(cli, "--title", "Other")
    existing = add(cli, "--title", "Caliber", "--url", SOURCE_URL)
    with unchanged():
        result = cli.fails("source", "add", "--title", "Caliber again", "--url", SOURCE_URL)
    assert f"source {existing} already has the url {SOURCE_URL}" in result.stderr


def test_same_text_twice_is_refused_naming_the_existing_source(cli, unchanged, tmp_path):
    add(cli, "--title", "Other")
    existing = add(cli, "--title", "Caliber", "--url", SOURCE_URL, "--text-file", str(SEED_ARTICLE))
    with unchanged():
        result = cli.fails("source", "add", "--title", "Mirror", "--url", "https://mirror.example/x", "--text-file", "-",
                           input=ARTICLE)
    assert f"source {existing} already has the same text" in result.stderr


def test_same_text_with_other_line_endings_counts_as_the_same_text(cli, unchanged, tmp_path):
    existing = add(cli, "--title", "Caliber", "--text-file", str(SEED_ARTICLE))
    windows = tmp_path / "crlf.txt"
    windows.write_bytes(("\n" + ARTICLE.replace("\n", "\r\n") + "\r\n\r\n").encode("utf-8"))
    with unchanged():
        result = cli.fails("source", "add", "--title", "Copy", "--text-file", str(windows))
    assert f"source {existing}" in result.stderr


def test_source_slug_taken_is_refused(cli, unchanged):
    existing = add(cli, "--title", "Caliber", "--slug", SOURCE_SLUG)
    with unchanged():
        result = cli.fails("source", "add", "--title", "Other", "--slug", SOURCE_SLUG)
    assert f'source slug "{SOURCE_SLUG}" is taken by source {existing}' in result.stderr


def test_source_invalid_slug_is_refused(cli, unchanged):
    with unchanged():
        result = cli.fails("source", "add", "--title", "Caliber", "--slug", "Caliber Az")
    assert "invalid source slug" in result.stderr


def test_missing_text_file_is_refused(cli, unchanged, tmp_path):
    missing = tmp_path / "nowhere.txt"
    with unchanged():
        result = cli.fails("source", "add", "--title", "Caliber", "--text-file", str(missing))
    assert str(missing) in result.stderr


def test_a_directory_as_text_file_is_refused(cli, unchanged, tmp_path):
    with unchanged():
        cli.fails("source", "add", "--title", "Caliber", "--text-file", str(tmp_path))


@pytest.mark.parametrize(
    "content", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Caf\u00e9".encode("latin-1"), b"text\x00with nul"],
    ids=["png", "latin-1", "nul"],
)
def test_binary_or_non_utf8_text_file_is_refused(cli, unchanged, tmp_path, content):
    path = tmp_path / "article.bin"
    path.write_bytes(content)
    with unchanged():
        result = cli.fails("source", "add", "--title", "Caliber", "--text-file", str(path))
    assert str(path) in result.stderr


def test_empty_text_file_is_refused(cli, unchanged, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text(" \n\n", encoding="utf-8")
    with unchanged():
        result = cli.fails("source", "add", "--title", "Caliber", "--text-file", str(path))
    assert "empty" in result.stderr


@pytest.mark.parametrize("date", ["2024-13-01", "2024-02-30", "21 Nov 2024", "yesterday"])
def test_invalid_publication_date_is_refused(cli, unchanged, date):
    with unchanged():
        result = cli.fails("source", "add", "--title", "Caliber", "--published", date)
    assert date in result.stderr


def test_empty_title_is_refused(cli, unchanged):
    with unchanged():
        cli.fails("source", "add", "--title", " ")


def test_source_add_without_title_is_a_usage_error(cli, unchanged):
    with unchanged():
        cli.fails("source", "add", "--url", SOURCE_URL, code=2)


# source list ----------------------------------------------------------


def test_source_list_counts_the_positions_each_source_supports(cli, landmine):
    other = add(cli, "--title", "Reuters", "--url", "https://reuters.example/apl")
    add(cli, "--title", "Unused")
    record(cli, "biden-admin", "restrict", "2022-06")
    record(cli, "biden-admin", "supply", "2024-11-19")
    # The same position again with a second quote is still one position for the source.
    record(cli, "biden-admin", "supply", "2024-11-19", "--quote", "they've kind of changed their tactics")
    record(cli, "biden-admin", "supply", "2024-11-19", source=str(other))
    rows = cli.json("source", "list")
    assert [list(row) for row in rows] == [SOURCE_LIST_KEYS] * 3
    assert [(row["id"], row["positions"], row["has_text"]) for row in rows] == [
        (landmine.source_id, 2, True), (other, 1, False), (other + 1, 0, False),
    ]


def test_source_list_csv_and_table(cli, landmine):
    rows = list(csv.DictReader(io.StringIO(cli("source", "list", "-f", "csv").stdout)))
    assert rows == [{
        "id": str(landmine.source_id), "slug": SOURCE_SLUG, "url": SOURCE_URL,
        "title": "Ukraine responsible for tracking locations of mines", "outlet": "Caliber.Az",
        "author": "Naila Huseynova", "published_on": "2024-11-21", "published_precision": "day", "has_text": "yes",
        "positions": "0",
    }]
    table = cli("source", "list", "--wide").stdout
    # The table shows the date at its precision instead of a precision column.
    columns = [key for key in SOURCE_LIST_KEYS if key != "published_precision"]
    assert table.splitlines()[0].split() == columns and SOURCE_URL in table
    # The table for people leaves the url and the author to --wide, to fit 120 columns.
    table = cli("source", "list").stdout
    assert table.splitlines()[0].split() == ["id", "slug", "title", "outlet", "published", "text", "positions"]


# source show ----------------------------------------------------------


@pytest.mark.parametrize("ref", ["id", "slug", "url"])
def test_source_show_finds_a_source_by_id_slug_or_url(cli, landmine, ref):
    key = {"id": str(landmine.source_id), "slug": SOURCE_SLUG, "url": SOURCE_URL}[ref]
    [shown] = cli.json("source", "show", key)
    assert (shown["id"], shown["slug"], shown["url"]) == (landmine.source_id, SOURCE_SLUG, SOURCE_URL)


def test_source_show_lists_the_positions_it_is_evidence_for(cli, landmine):
    position = record(cli, "biden-admin", "supply", "2024-11-19", "--quote", "Biden authorized the delivery")
    evidence = cli.json("source", "show", SOURCE_SLUG)[0]["evidence"]
    assert evidence == [{"position": position, "actor": "biden-admin", "topic": "apl-use",
                         "quote": "Biden authorized the delivery", "retracted": False}]


def test_source_show_table_lists_fields_and_values(cli, landmine):
    record(cli, "biden-admin", "supply", "2024-11-19", "--quote", "Biden authorized the delivery")
    table = cli("source", "show", SOURCE_SLUG).stdout
    fields = {line.split()[0] for line in table.splitlines() if line.strip() and not line.startswith("-")}
    assert {"id", "slug", "url", "title", "published_on", "evidence:"} <= fields
    assert SOURCE_URL in table and "2024-11-21" in table
    evidence_line = next(line for line in table.splitlines() if "Biden authorized the delivery" in line)
    assert "Biden administration" in evidence_line  # one row per piece of evidence, the actor by name


def test_source_show_unknown_source_suggests_the_closest_slug(cli, landmine, unchanged):
    with unchanged():
        result = cli.fails("source", "show", "caliber-2024-11-12")
    assert result.stderr.strip() == (
        'Error: unknown source "caliber-2024-11-12" (give its id, slug or url): did you mean "caliber-2024-11-21"?'
    )


@pytest.mark.parametrize("ref", ["999", "99999999999", "99999999999999999999999", "\u00b2", "0"])
def test_source_show_unknown_id_is_refused(cli, landmine, ref):
    result = cli.fails("source", "show", ref)
    assert f'unknown source "{ref}"' in result.stderr


# The precision of a publication date -------------------------------------------------


@pytest.mark.parametrize("published, start, precision, shown", [
    ("2024", "2024-01-01", "year", "2024"),
    ("2024-06", "2024-06-01", "month", "2024-06"),
    ("2024-06-21", "2024-06-21", "day", "2024-06-21"),
])
def test_source_add_keeps_the_precision_of_the_publication_date(cli, published, start, precision, shown):
    source_id = add(cli, "--title", "Report", "--slug", "report", "--published", published)

    [listed] = cli.json("source", "list")
    [record_] = cli.json("source", "show", str(source_id))
    for row in (listed, record_):
        assert (row["published_on"], row["published_precision"]) == (start, precision)
    list_table = cli("source", "list").stdout
    assert shown in list_table.splitlines()[2].split() and "published_precision" not in list_table
    show_table = cli("source", "show", "report").stdout
    assert ["published_on", shown] in [line.split() for line in show_table.splitlines()]


def test_source_without_publication_date_has_no_precision(cli):
    add(cli, "--title", "Undated")

    [row] = cli.json("source", "list")
    assert (row["published_on"], row["published_precision"]) == (None, None)


def test_bundle_publication_date_keeps_its_precision_through_export_and_import(cli, db, tmp_path):
    from helpers import Cli

    bundle = tmp_path / "bundle.yaml"
    bundle.write_text(
        "sources:\n"
        "  - {slug: yearly, title: Yearly report, published_on: 2024}\n"
        "  - {slug: monthly, title: Monthly report, published_on: 2024-06}\n"
        "  - {slug: daily, title: Daily report, published_on: 2024-06-21}\n",
        encoding="utf-8",
    )
    cli("import", bundle)
    published = {row["slug"]: (row["published_on"], row["published_precision"]) for row in cli.json("source", "list")}
    assert published == {
        "yearly": ("2024-01-01", "year"), "monthly": ("2024-06-01", "month"), "daily": ("2024-06-21", "day"),
    }

    for fmt in ("yaml", "json"):
        exported = tmp_path / f"export.{fmt}"
        cli("export", "--format", fmt, "-o", exported)
        text = exported.read_text(encoding="utf-8")
        assert "2024-01-01" not in text and "2024-06-01" not in text
        other = Cli(str(tmp_path / f"other-{fmt}.db"))
        other("init")
        other("import", exported)
        assert {row["slug"]: (row["published_on"], row["published_precision"])
                for row in other.json("source", "list")} == published
        assert "sources: 0 created, 3 skipped" in cli("import", exported).stderr  # the same sources
