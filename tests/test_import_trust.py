"""Issue 7's import and export defects: each refused with one ``Error:`` line
and nothing written, or given the right result, on SQLite and PostgreSQL.

Defect numbers refer to issue 7 ("Trust first").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text
from test_import_export import CATALOG, csv_file, error, timeline, write

from helpers import snapshot

ARTICLE = (
    "US President Joe Biden authorized the delivery of anti-personnel mines to Ukraine.\n"
    "This move contradicts the Biden administration\u2019s previous policy, which, two years ago, "
    "decided to limit the use of anti-personnel mines.\n"
)


@pytest.fixture
def catalog(cli, tmp_path) -> Path:
    """The database holds the catalog of test_import_export (apl-use, us, biden-admin, article ...)."""
    write(tmp_path, "article.txt", ARTICLE)
    cli("import", write(tmp_path, "catalog.yaml", CATALOG))
    return tmp_path


def position(key: str, stance: str = "restrict", on: str = "2022-06", **extra: object) -> dict:
    return {"key": key, "actor": "biden-admin", "topic": "apl-use", "stance": stance, "on": on,
            "evidence": [{"source": "article"}], **extra}


def bundle(directory: Path, name: str, **sections: object) -> Path:
    return write(directory, name, yaml.safe_dump(sections, sort_keys=False))


def evidence_count(db) -> int:
    return len(snapshot(db)["evidence"])


# Defect 2: an unclosed quote in a CSV file ----------------------------------------


def test_a_quoted_field_that_never_closes_is_refused_naming_the_line_it_opened(cli, catalog, unchanged):
    path = write(catalog, "open.csv", (
        "actor,topic,stance,on,summary,source\n"
        "us,atacms,oppose,2023,fine,article\n"
        'us,atacms,support,2024,"never closed,article\n'
        "us,atacms,oppose,2025,swallowed,article\n"
        "us,apl-use,ban,2025,swallowed too,article\n"
    ))

    with unchanged():
        result = cli.fails("import", path)

    assert error(result) == (
        f'Error: {path}, line 3: a quoted field opens here and never closes (is a closing " missing?)'
    )


def test_a_quoted_field_left_open_in_a_large_file_is_refused_naming_the_line_it_opened(cli, catalog, unchanged):
    rows = "".join(f"us,atacms,oppose,{1900 + n % 100},row {n},article\n" for n in range(6000))
    path = write(catalog, "large.csv", 'actor,topic,stance,on,summary,source\nus,atacms,oppose,2023,"open,article\n' + rows)

    with unchanged():
        result = cli.fails("import", path)

    assert error(result).startswith(f"Error: {path}, line 2: a field on this line runs on for more than 131072")


def test_a_line_break_in_a_column_of_one_line_is_refused_naming_the_line_it_opened(cli, catalog, unchanged):
    path = write(catalog, "break.csv", (
        "actor,topic,stance,on,summary,source\n"
        'us,atacms,oppose,2023,"a summary\nover two lines",article\n'
        'us,atacms,"support,2024,x,article\nus,atacms,oppose",2025,y,article\n'
    ))

    with unchanged():
        result = cli.fails("import", path)

    assert error(result).startswith(f"Error: {path}, line 4: the stance field holds a line break")


# Defect 6: supersession cycles -------------------------------------------------------


def test_supersedes_links_that_form_a_cycle_are_refused_naming_the_keys(cli, catalog, unchanged):
    path = bundle(catalog, "cycle.yaml", positions=[
        position("k1", supersedes="k2"), position("k2", stance="permit", supersedes="k1"),
    ])

    with unchanged():
        result = cli.fails("import", path)

    assert '"k1" supersedes "k2", which supersedes "k1"' in error(result)


def test_supersedes_links_closing_a_cycle_with_recorded_positions_are_refused(cli, catalog, unchanged):
    cli("import", bundle(catalog, "first.yaml", positions=[position("a"), position("b", "permit", supersedes="a")]))
    path = bundle(catalog, "again.yaml", positions=[position("a", supersedes="b"), position("b", "permit")])

    with unchanged():
        result = cli.fails("import", path)

    assert "close a cycle with positions already recorded" in error(result)


def test_check_reports_a_supersession_cycle_already_stored(cli, catalog, db):
    cli("import", bundle(catalog, "two.yaml", positions=[position("a"), position("b", "permit")]))
    first, second = (row["id"] for row in cli.json("timeline"))
    with db.engine.begin() as connection:  # as an older release could have imported it
        connection.execute(text(f"UPDATE positions SET supersedes_id = {second} WHERE id = {first}"))
        connection.execute(text(f"UPDATE positions SET supersedes_id = {first} WHERE id = {second}"))
    db.dispose()

    findings = json.loads(cli("check", "--format", "json", expect=1).stdout)
    findings = [row for row in findings if row["code"] == "supersession_cycle"]

    assert findings == [{
        "severity": "error", "code": "supersession_cycle", "position": first, "source": None, "actor": None,
        "message": f"positions supersede each other in a cycle: {first}, which supersedes {second}, "
                   f"which supersedes {first}",
    }]


# Defect 7: one normalisation of free text -------------------------------------------------


def test_every_writer_stores_summaries_without_surrounding_whitespace(cli, catalog):
    cli("record", "--actor", "us", "--topic", "atacms", "--stance", "oppose", "--on", "2020",
        "--source", "article", "--summary", "  by record \n")
    cli("import", csv_file(catalog, [["actor", "topic", "stance", "on", "summary"],
                                     ["us", "atacms", "support", "2021", "  by csv  "]]), "--source", "article")
    cli("import", bundle(catalog, "b.yaml", positions=[position("b", summary=" by bundle\t")]))

    assert sorted(row["summary"] for row in timeline(cli)) == ["by bundle", "by csv", "by record"]


@pytest.mark.parametrize("writer", ["record", "correct", "csv", "bundle"])
def test_a_blank_quote_is_refused_by_every_writer(cli, catalog, unchanged, writer):
    blank = "   "
    cli("record", "--actor", "us", "--topic", "atacms", "--stance", "oppose", "--on", "2020", "--source", "article")
    commands = {
        "record": ["record", "--actor", "us", "--topic", "atacms", "--stance", "support", "--on", "2021",
                   "--source", "article", "--quote", blank],
        "correct": ["correct", "1", "--source", "article", "--quote", blank],
        "csv": ["import", csv_file(catalog, [["actor", "topic", "stance", "on", "source", "quote"],
                                            ["us", "atacms", "support", "2021", "article", blank]])],
        "bundle": ["import", bundle(catalog, "q.yaml", positions=[
            position("q", evidence=[{"source": "article", "quote": blank}])])],
    }
    if writer == "correct":
        commands["correct"][1] = str(cli.json("timeline")[0]["id"])

    with unchanged():
        result = cli.fails(*commands[writer])

    assert "the quote is blank" in error(result)


def test_quotes_differing_only_in_whitespace_or_quote_marks_are_one_evidence(cli, catalog, db, monkeypatch):
    monkeypatch.setattr("policytrack.bulk.csvfiles.BATCH_ROWS", 2)
    first = "the Biden administration\u2019s previous policy"
    args = ["--actor", "biden-admin", "--topic", "apl-use", "--stance", "restrict", "--on", "2022-06",
            "--source", "article"]
    cli("record", *args, "--quote", first)
    cli("record", *args, "--quote", "  the Biden\n administration's   previous policy ")
    cli("import", bundle(catalog, "same.yaml", positions=[position("p", evidence=[
        {"source": "article", "quote": "the Biden administration`s previous  policy"},
        {"source": "article", "quote": "the Biden administration's previous policy"},
    ])]))
    cli("import", csv_file(catalog, [
        ["actor", "topic", "stance", "on", "source", "quote"],
        ["biden-admin", "apl-use", "restrict", "2022-06", "article", "the Biden  administration's previous policy"],
        ["biden-admin", "apl-use", "restrict", "2022-06", "article", "the Biden administration\u2019s previous policy"],
        ["biden-admin", "apl-use", "restrict", "2022-06", "article", "the Biden administration's previous\tpolicy"],
    ]))

    (row,) = timeline(cli)
    assert row["sources"] == [{"source": "article", "quote": first}]


# Defect 8: text files outside the bundle's folder ------------------------------------------


@pytest.mark.parametrize("where", ["parent", "absolute"])
def test_a_text_file_outside_the_bundle_folder_is_refused_unless_allowed(cli, tmp_path, unchanged, where):
    secret = write(tmp_path, "secret.txt", "a private file")
    folder = tmp_path / "bundle"
    folder.mkdir()
    name = "../secret.txt" if where == "parent" else str(secret)
    path = bundle(folder, "b.yaml", sources=[{"slug": "s", "title": "S", "text_file": name}])

    with unchanged():
        result = cli.fails("import", path)
    assert f"text_file {name} is outside the bundle's folder" in error(result)
    assert "--allow-outside-files" in error(result)

    cli("import", "--allow-outside-files", path)
    assert cli.json("sql", "SELECT content FROM sources") == [{"content": "a private file"}]


def test_a_text_file_below_the_bundle_folder_is_read(cli, tmp_path):
    (tmp_path / "texts").mkdir()
    write(tmp_path / "texts", "a.txt", "the text")
    cli("import", bundle(tmp_path, "b.yaml", sources=[{"slug": "s", "title": "S", "text_file": "texts/../texts/a.txt"}]))

    assert cli.json("sql", "SELECT content FROM sources") == [{"content": "the text"}]


# Defect 10: silent skips and duplicate keys -------------------------------------------------


@pytest.mark.parametrize(
    ("change", "stored", "given"),
    [
        ({"url": "https://example.org/other"}, "url https://example.org/fact-sheet", "url https://example.org/other"),
        ({"title": "Another title"}, "title 'A fact sheet'", "title 'Another title'"),
        ({"outlet": "The Other Paper"}, "outlet none", "outlet 'The Other Paper'"),
        ({"author": "A. Writer"}, "author none", "author 'A. Writer'"),
        ({"published_on": "2024-11"}, "published_on none", "published_on 2024-11"),
        ({"retrieved_on": "2024-11-22"}, "retrieved_on none", "retrieved_on 2024-11-22"),
    ],
)
def test_a_source_whose_slug_exists_with_another_url_or_title_is_refused_naming_both(
    cli, catalog, unchanged, change, stored, given
):
    path = bundle(catalog, "s.yaml", sources=[{"slug": "fact-sheet", "title": "A fact sheet", **change}])

    with unchanged():
        result = cli.fails("import", path)

    message = error(result)
    assert "sources[0] (fact-sheet): source 2 is already present with another" in message
    assert stored in message.split("; this bundle gives")[0] and given in message.split("; this bundle gives")[1]


def test_a_source_published_at_another_precision_is_another_version(cli, catalog, unchanged):
    first = bundle(catalog, "p.yaml", sources=[{"slug": "dated", "title": "Dated", "published_on": "2024-11"}])
    cli("import", first)
    again = cli("import", first)
    assert "sources: 0 created, 1 skipped" in again.stdout + again.stderr
    other = bundle(catalog, "q.yaml", sources=[{"slug": "dated", "title": "Dated", "published_on": "2024-11-01"}])

    with unchanged():
        result = cli.fails("import", other)

    message = error(result)
    assert "another published_on" in message and "it has published_on 2024-11;" in message
    assert message.endswith("this bundle gives published_on 2024-11-01")


def test_retracted_at_without_a_reason_is_refused(cli, catalog, unchanged):
    path = bundle(catalog, "r.yaml", positions=[position("r", retracted_at="2024-01-01T00:00:00Z")])

    with unchanged():
        result = cli.fails("import", path)

    assert "positions[0] (r): retracted_at without a retraction_reason" in error(result)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("top.yaml", "positions: []\nactors: []\npositions: []\n", "the key 'positions' appears twice in one mapping, "
         "at lines 1 and 3"),
        ("deep.yaml", "positions:\n  - actor: us\n    topic: apl-use\n    stance: ban\n    stance: permit\n",
         "the key 'stance' appears twice in one mapping, at lines 4 and 5"),
        ("levels.yaml", "scales:\n  - slug: s\n    levels: {-1: no, -1: yes}\n",
         "the key -1 appears twice in one mapping, on line 3"),
        ("deep.json", '{"positions": [{"actor": "us", "actor": "fr"}]}', "the key 'actor' appears twice in one object"),
    ],
)
def test_a_key_given_twice_in_a_mapping_is_refused_naming_key_and_line(cli, tmp_path, unchanged, name, content, message):
    path = write(tmp_path, name, content)

    with unchanged():
        result = cli.fails("import", path)

    assert error(result) == f"Error: {path}: {message}"


# Defect 13: NUL characters and values too long for a column ----------------------------------


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["actor", "add", "x", "--name", "n" * 201], "actor name is 201 characters long; at most 200 fit"),
        (["actor", "add", "x", "--name", "a\x00b"], "actor name contains a NUL character"),
        (["actor", "add", "x" * 101, "--name", "x"], "actor slug is 101 characters long; at most 100 fit"),
        (["actor", "add", "x", "--name", "x", "--alias", "a" * 100_000], "alias is 100000 characters long; at most 200 fit"),
        (["topic", "add", "t", "--name", "t" * 201], "topic name is 201 characters long; at most 200 fit"),
        (["actor", "rename", "us", "u" * 101], "actor slug is 101 characters long; at most 100 fit"),
        (["topic", "rename", "apl-use", "t" * 101], "topic slug is 101 characters long; at most 100 fit"),
        (["scale", "add", "s" * 101, "--name", "S", "--level", "0=a", "--level", "1=b"],
         "scale slug is 101 characters long; at most 100 fit"),
        (["source", "add", "--title", "t", "--slug", "s" * 201], "source slug is 201 characters long; at most 200 fit"),
        (["source", "add", "--title", "t" * 501], "the title of a source is 501 characters long; at most 500 fit"),
        (["source", "add", "--title", "t", "--outlet", "o" * 201], "source outlet is 201 characters long; at most 200 fit"),
        (["record", "--actor", "us", "--topic", "atacms", "--stance", "oppose", "--on", "2020", "--source",
          "article", "--summary", "a\x00b"], "position summary contains a NUL character"),
    ],
)
def test_values_no_backend_can_hold_are_refused_by_the_commands(cli, catalog, unchanged, command, message):
    with unchanged():
        result = cli.fails(*command)

    assert error(result) == f"Error: {message}"


def test_values_no_backend_can_hold_are_refused_in_bundles_naming_the_record(cli, catalog, unchanged):
    path = bundle(catalog, "long.yaml", actors=[{"slug": "long", "name": "n" * 100_000}])
    nul = bundle(catalog, "nul.yaml", positions=[position("n", summary="a\x00b")])

    with unchanged():
        long_result, nul_result = cli.fails("import", path), cli.fails("import", nul)

    assert error(long_result) == (
        f"Error: {path}: actors[0] (long): actor name is 100000 characters long; at most 200 fit"
    )
    assert error(nul_result) == f"Error: {nul}: positions[0] (n): summary contains a NUL character"


def test_values_no_backend_can_hold_are_refused_in_csv_files_naming_the_line(cli, catalog, unchanged):
    path = csv_file(catalog, [["actor", "topic", "stance", "on", "actor_name"],
                              ["us", "atacms", "oppose", "2020", ""],
                              ["newcomer", "atacms", "oppose", "2020", "n" * 300]])

    with unchanged():
        result = cli.fails("import", path, "--source", "article", "--create-missing")

    assert error(result) == f"Error: {path}, line 3: actor name is 300 characters long; at most 200 fit"


# Defect 16: - is standard input and output ----------------------------------------------------


def test_export_to_dash_writes_standard_output(cli, catalog, monkeypatch):
    monkeypatch.chdir(catalog)

    result = cli("export", "-o", "-", "--format", "json")

    assert [actor["slug"] for actor in json.loads(result.stdout)["actors"]] == ["us", "trump-admin", "biden-admin"]
    assert not (catalog / "-").exists()


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
def test_import_dash_reads_standard_input_in_the_format_it_has(cli, catalog, fmt):
    rows = [["actor", "topic", "stance", "on", "source"], ["us", "atacms", "oppose", "2020", "article"]]
    text = {
        "yaml": yaml.safe_dump({"positions": [position("p")]}),
        "json": json.dumps({"positions": [position("p")]}),
        "csv": "\n".join(",".join(row) for row in rows) + "\n",
    }[fmt]

    result = cli("import", "-", input=text)

    assert "positions: 1 created" in error(result)
    assert len(timeline(cli)) == 1


def test_import_dash_takes_its_format_from_the_format_option(cli, catalog, unchanged):
    text = json.dumps({"positions": [position("p")]})

    with unchanged():
        refused = cli.fails("import", "-", "--format", "csv", input=text)
    cli("import", "-", "--format", "json", input=text)

    assert error(refused).startswith("Error: <stdin>, line 1: ")
    assert len(timeline(cli)) == 1


# Defect 19 (part): Ctrl-C during an import ---------------------------------------------------


def test_an_interrupted_import_says_so_and_writes_nothing(cli, catalog, unchanged, monkeypatch):
    from policytrack.bulk.writer import PositionWriter

    original = PositionWriter.write

    def write_then_interrupt(self, rows):
        original(self, rows)  # the first batch is written, then the user presses Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(PositionWriter, "write", write_then_interrupt)
    path = csv_file(catalog, [["actor", "topic", "stance", "on"], ["us", "atacms", "oppose", "2020"]])

    with unchanged():
        result = cli("import", path, "--source", "article", expect=130)

    assert result.stderr == "import interrupted: nothing was written\n"
