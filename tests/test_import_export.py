"""``import`` and ``export``: bundles (YAML, JSON), CSV position files, round trips.

Every test runs on SQLite and, with POLICYTRACK_TEST_POSTGRES_URL, on PostgreSQL.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from policytrack.db import Database

from helpers import POSTGRES_URL, Cli, postgres_database, snapshot

ARTICLE = (
    "US President Joe Biden authorized the delivery of anti-personnel mines to Ukraine.\n"
    "This move contradicts the Biden administration\u2019s previous policy, which, two years ago, "
    "decided to limit the use of anti-personnel mines.\n"
)

CATALOG = """\
scales:
  - {slug: apl-policy, name: Anti-personnel landmine policy, pivot: 0,
     levels: {-2: ban, -1: restrict, 0: no stated policy, 1: permit, 2: supply}}
actors:
  # trump-admin and biden-admin come before their parent: the importer orders them.
  - {slug: trump-admin, name: Trump administration, kind: government, parent: us}
  - {slug: biden-admin, name: Biden administration, kind: government, parent: us,
     active_from: 2021-01-20, active_until: 2025-01-20, aliases: [the Biden administration]}
  - {slug: us, name: United States, kind: state, aliases: [Washington, USA]}
topics:
  - {slug: apl-use, name: Use of anti-personnel landmines, scale: apl-policy}
  - {slug: atacms, name: ATACMS strikes on Russia}
sources:
  - {slug: article, title: The article, outlet: Caliber.Az, published_on: 2024-11-21, text_file: article.txt}
  - {slug: fact-sheet, title: A fact sheet, url: "https://example.org/fact-sheet"}
"""

POSITIONS = """\
positions:
  - actor: trump-admin
    topic: apl-use
    stance: permit
    on: 2020-01-31
    kind: action
    evidence: [{source: fact-sheet}]
  - actor: biden-admin
    topic: apl-use
    stance: restrict
    on: 2022-06
    kind: action
    evidence:
      - {source: article, quote: "decided to limit the use of anti-personnel mines"}
  - actor: Washington
    topic: apl-use
    stance: 1
    on: 2024
    summary: Sends mines to Ukraine
    evidence: [{source: article, quote: "authorized the delivery of anti-personnel mines"}]
"""


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path) -> Path:
    """A directory with the article text, the catalog bundle and a positions bundle."""
    write(tmp_path, "article.txt", ARTICLE)
    write(tmp_path, "catalog.yaml", CATALOG)
    write(tmp_path, "bundle.yaml", CATALOG + POSITIONS)
    return tmp_path


@pytest.fixture
def catalog(cli, files) -> Path:
    """The database holds the catalog (scale, actors, topics, sources); returns the files' directory."""
    cli("import", files / "catalog.yaml")
    return files


def csv_file(directory: Path, rows: list[list[object]], name: str = "positions.csv", bom: bool = False) -> Path:
    path = directory / name
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def timeline(cli: Cli, *args: str) -> list[dict]:
    """The timeline without ids, which differ between databases."""
    rows = cli.json("timeline", "--include-retracted", *args)
    for row in rows:
        row.pop("id")
    return rows


def table_count(db: Database, table: str) -> int:
    return len(snapshot(db)[table])


def error(result) -> str:
    return result.stderr.strip()


# Bundles ------------------------------------------------------------------


def test_bundle_import_creates_everything_and_prints_a_summary(cli, files):
    result = cli("import", files / "bundle.yaml")

    assert error(result) == (
        "scales: 1 created, 0 skipped; actors: 3 created, 0 skipped; aliases: 3 created, 0 skipped; "
        "topics: 2 created, 0 skipped; sources: 2 created, 0 skipped; positions: 3 created, 0 skipped; "
        "evidence: 3 created, 0 skipped"
    )
    rows = timeline(cli)
    assert [(r["actor"], r["stance_label"], r["effective_on"], r["date_precision"], r["kind"]) for r in rows] == [
        ("trump-admin", "permit", "2020-01-31", "day", "action"),
        ("biden-admin", "restrict", "2022-06-01", "month", "action"),
        ("us", "permit", "2024-01-01", "year", "statement"),
    ]
    assert rows[2]["summary"] == "Sends mines to Ukraine"
    assert rows[0]["sources"] == [{"source": "https://example.org/fact-sheet", "quote": None}]
    actors = {a["slug"]: a for a in cli.json("actor", "list")}
    assert actors["biden-admin"]["parent"] == "us"
    assert actors["biden-admin"]["active_from"] == "2021-01-20"
    assert sorted(actors["us"]["aliases"]) == ["USA", "Washington"]
    topics = {t["slug"]: t["scale"] for t in cli.json("topic", "list")}
    assert topics == {"apl-use": "apl-policy", "atacms": "support"}


def test_importing_the_same_bundle_again_creates_nothing(cli, files, unchanged):
    cli("import", files / "bundle.yaml")

    with unchanged():
        result = cli("import", files / "bundle.yaml")

    assert "positions: 0 created, 3 skipped" in error(result)
    assert "evidence: 0 created, 3 skipped" in error(result)


def test_new_evidence_for_an_existing_position_is_added_to_it(cli, files, db):
    cli("import", files / "bundle.yaml")
    more = POSITIONS.split("  - actor: biden-admin")[0].replace("evidence: [{source: fact-sheet}]", (
        'evidence: [{source: article, quote: "This move contradicts"}]'))
    result = cli("import", write(files, "more.yaml", more))

    assert "positions: 0 created, 1 skipped; evidence: 1 created, 0 skipped" in error(result)
    [trump] = [row for row in timeline(cli) if row["actor"] == "trump-admin"]
    assert trump["sources"] == [
        {"source": "https://example.org/fact-sheet", "quote": None},
        {"source": "article", "quote": "This move contradicts"},
    ]
    assert table_count(db, "positions") == 3


def test_json_bundles_have_string_level_keys(cli, tmp_path):
    bundle = {
        "scales": [{"slug": "ordinal", "name": "Ordinal", "pivot": 1, "levels": {"0": "none", "1": "some", "2": "all"}}],
        "topics": [{"slug": "closing", "name": "Closing", "scale": "ordinal"}],
        "actors": [{"slug": "fra", "name": "France", "kind": "state"}],
        "sources": [{"slug": "tracker", "title": "Tracker", "content": "France closed all schools."}],
        "positions": [{"actor": "fra", "topic": "closing", "stance": "all", "on": "2020-03-16",
                       "evidence": [{"source": "tracker", "quote": "closed all schools"}]}],
    }
    cli("import", write(tmp_path, "bundle.json", json.dumps(bundle)))

    [scale] = [s for s in cli.json("scale", "list") if s["slug"] == "ordinal"]
    assert scale == {"slug": "ordinal", "name": "Ordinal", "pivot": 1, "levels": {"0": "none", "1": "some", "2": "all"},
                     "cues": {}}
    [row] = timeline(cli)
    assert (row["stance"], row["stance_label"]) == (2, "all")


def test_a_bare_on_key_and_yes_no_values_stay_text():
    from policytrack.bulk.yamlio import BundleLoader

    data = yaml.load("on: 2022\noff: yes\nwhen: 2022-06-21\nmonth: 2022-06\nflag: true\n", Loader=BundleLoader)

    assert data == {"on": 2022, "off": "yes", "when": __import__("datetime").date(2022, 6, 21), "month": "2022-06",
                    "flag": True}


def test_bundle_positions_keep_key_supersedes_retraction_and_recorded_at(cli, catalog):
    bundle = """\
positions:
  - key: first
    actor: biden-admin
    topic: apl-use
    stance: permit
    on: 2022-06-21
    recorded_at: 2023-01-02T03:04:05.123456Z
    retracted_at: 2023-02-01T00:00:00Z
    retraction_reason: wrong stance
    evidence: [{source: article}]
  - key: second
    supersedes: first
    actor: biden-admin
    topic: apl-use
    stance: restrict
    on: 2022-06-21
    recorded_at: 2023-02-01T00:00:00Z
    evidence: [{source: article}]
"""
    cli("import", write(catalog, "history.yaml", bundle))

    first, second = timeline(cli)
    assert first["recorded_at"] == "2023-01-02T03:04:05.123456Z"
    assert first["retracted_at"] == "2023-02-01T00:00:00Z"
    assert second["recorded_at"] == "2023-02-01T00:00:00Z"
    assert second["retracted_at"] is None
    exported = yaml.safe_load(cli("export", "--format", "yaml").stdout)
    by_key = {p["key"]: p for p in exported["positions"]}
    retracted = next(p for p in exported["positions"] if p.get("retracted_at"))
    live = next(p for p in exported["positions"] if not p.get("retracted_at"))
    assert retracted["retraction_reason"] == "wrong stance"
    assert by_key[live["supersedes"]] is retracted


def test_a_retracted_position_does_not_absorb_a_live_twin(cli, catalog):
    retracted = """\
positions:
  - {actor: biden-admin, topic: apl-use, stance: restrict, on: 2022-06-21, retracted_at: 2023-01-01T00:00:00Z,
     retraction_reason: wrong date, evidence: [{source: article}]}
"""
    live = retracted.replace(", retracted_at: 2023-01-01T00:00:00Z", "").replace(" retraction_reason: wrong date,", "")
    cli("import", write(catalog, "retracted.yaml", retracted))
    result = cli("import", write(catalog, "live.yaml", live))

    assert "positions: 1 created, 0 skipped" in error(result)
    assert [row["retracted_at"] for row in timeline(cli)] == ["2023-01-01T00:00:00Z", None]
    assert "positions: 0 created, 1 skipped" in error(cli("import", catalog / "retracted.yaml"))


def test_existing_records_are_reused_unless_they_conflict(cli, catalog, unchanged):
    cli("import", catalog / "catalog.yaml")  # everything again: skipped
    other_levels = CATALOG.replace("2: supply", "2: deliver")

    with unchanged():
        result = cli.fails("import", write(catalog, "other.yaml", other_levels))

    assert error(result).startswith(f"Error: {catalog / 'other.yaml'}: scales[0] (apl-policy): ")
    assert 'scale "apl-policy" already exists with other levels' in error(result)


def test_a_source_with_the_same_slug_and_another_text_conflicts(cli, catalog, unchanged):
    write(catalog, "article.txt", "Another text altogether.")

    with unchanged():
        result = cli.fails("import", catalog / "catalog.yaml")

    assert "sources[0] (article)" in error(result) and "another text" in error(result)


def test_sources_may_carry_their_text_inline(cli, tmp_path):
    bundle = """\
sources:
  - {slug: inline, title: Inline, content: "The minister said the ban stays."}
actors: [{slug: minister, name: The minister}]
positions:
  - {actor: minister, topic: ban, stance: support, on: 2021, evidence: [{source: inline, quote: the ban stays}]}
topics: [{slug: ban, name: The ban}]
"""
    cli("import", write(tmp_path, "inline.yaml", bundle))

    [source] = cli.json("source", "list")
    assert source["has_text"] is True
    assert timeline(cli)[0]["sources"] == [{"source": "inline", "quote": "the ban stays"}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("scales: [{slug: x\n", "invalid YAML: "),
        ("positions:\n  - actor: us\n   topic: x\n", "invalid YAML: "),
        ("- just\n- a list\n", "a bundle is a mapping"),
        ("persons: []\n", "unknown section 'persons'"),
        ("actors:\n  - {slug: us, name: US, nationality: x}\n", "actors[0] (us): unknown field 'nationality'"),
    ],
)
def test_malformed_yaml_is_refused_with_one_line(cli, tmp_path, unchanged, text, message):
    path = write(tmp_path, "bad.yaml", text)

    with unchanged():
        result = cli.fails("import", path)

    assert error(result).startswith(f"Error: {path}: ")
    assert message in error(result)


def test_malformed_json_is_refused_with_its_line(cli, tmp_path, unchanged):
    path = write(tmp_path, "bad.json", '{"actors": [\n  {"slug": "us",}\n]}')

    with unchanged():
        result = cli.fails("import", path)

    assert error(result).startswith(f"Error: {path}: invalid JSON: ")
    assert "line 2" in error(result)


def test_a_bad_record_names_its_section_index_and_slug(cli, files, unchanged):
    bad = CATALOG.replace("parent: us,\n     active_from", "parent: uss,\n     active_from")

    with unchanged():
        result = cli.fails("import", write(files, "bad.yaml", bad))

    assert error(result).startswith(f"Error: {files / 'bad.yaml'}: actors[1] (biden-admin): ")
    assert 'unknown actor "uss"' in error(result) and 'did you mean "us"?' in error(result)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("stance: restrict", "stance: forbid"), 'stance "forbid" is not on scale "apl-policy"'),
        (("stance: restrict", "stance: [restrict]"), "stance must be a level or its label, not ['restrict']"),
        (("stance: restrict", "stance: {level: -1}"), "stance must be a level or its label, not {'level': -1}"),
        (("on: 2022-06", "on: 2024-13-01"), "invalid date '2024-13-01'"),
        (("actor: biden-admin", "actor: bidenadmin"), 'unknown actor "bidenadmin": did you mean "biden-admin"?'),
        (("topic: apl-use\n    stance: restrict", "topic: apl-usage\n    stance: restrict"), 'unknown topic "apl-usage"'),
        (("limit the use of anti-personnel mines", "ban every mine"), 'quote "decided to ban every mine" does not occur'),
        (("kind: action\n    evidence:\n", "kind: deed\n    evidence:\n"), "position kind must be statement or action, not 'deed'"),
    ],
)
def test_a_bad_position_aborts_the_whole_bundle(cli, files, unchanged, change, message):
    bad = (CATALOG + POSITIONS).replace(*change, 1)

    with unchanged():
        result = cli.fails("import", write(files, "bad.yaml", bad))

    assert f"{files / 'bad.yaml'}: positions[1]" in error(result)
    assert message in error(result)


def test_a_position_without_evidence_needs_source_option(cli, catalog, unchanged):
    path = write(catalog, "bare.yaml", "positions:\n  - {actor: us, topic: atacms, stance: oppose, on: 2024}\n")

    with unchanged():
        result = cli.fails("import", path)
    assert "every position needs a source" in error(result)

    cli("import", path, "--source", "article")
    assert timeline(cli)[0]["sources"] == [{"source": "article", "quote": None}]


def test_text_file_pointing_nowhere_is_refused(cli, tmp_path, unchanged):
    path = write(tmp_path, "bundle.yaml", "sources:\n  - {slug: a, title: A, text_file: missing.txt}\n")

    with unchanged():
        result = cli.fails("import", path)

    assert "sources[0] (a): cannot read text_file" in error(result)
    assert "missing.txt" in error(result)


# Files that are not there or not text ----------------------------------------


def test_a_missing_file_is_refused(cli, tmp_path, unchanged):
    with unchanged():
        result = cli.fails("import", tmp_path / "nowhere.csv")

    assert error(result) == f"Error: cannot read {tmp_path / 'nowhere.csv'}: No such file or directory"


@pytest.mark.parametrize("name", ["image.csv", "image.yaml", "image.json"])
def test_a_binary_file_is_refused(cli, tmp_path, unchanged, name):
    path = write(tmp_path, name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xff\xfe")

    with unchanged():
        result = cli.fails("import", path)

    assert str(path) in error(result)
    assert "not UTF-8 text" in error(result) or "not a text file" in error(result)


def test_a_csv_with_nul_bytes_is_not_text(cli, tmp_path, unchanged):
    path = write(tmp_path, "nul.csv", b"actor,topic,stance,on\nus,\x00atacms,support,2024\n")

    with unchanged():
        result = cli.fails("import", path)

    assert error(result) == f"Error: {path} is not a text file (it contains NUL bytes)"


def test_a_file_of_unknown_kind_is_refused(cli, tmp_path):
    result = cli.fails("import", write(tmp_path, "positions.txt", "actor,topic,stance,on\n"))

    assert "name bundles .yaml, .yml or .json and position files .csv" in error(result)


# CSV position files -----------------------------------------------------------


def test_csv_with_bom_and_every_column(cli, catalog):
    path = csv_file(catalog, [
        ["actor", "topic", "stance", "on", "kind", "summary", "source", "quote", "actor_name", "topic_name"],
        ["biden-admin", "apl-use", "restrict", "2022-06-21", "action", "Restores the ban", "article",
         "decided to limit the use", "", ""],
        ["USA", "apl-use", "2", "2024-11", "", "", "fact-sheet", "", "", ""],
    ], bom=True)

    result = cli("import", path)

    assert error(result) == "positions: 2 created, 0 skipped; evidence: 2 created, 0 skipped"
    first, second = timeline(cli)
    assert (first["actor"], first["stance_label"], first["kind"], first["summary"]) == (
        "biden-admin", "restrict", "action", "Restores the ban")
    assert first["sources"] == [{"source": "article", "quote": "decided to limit the use"}]
    assert (second["actor"], second["stance_label"], second["date_precision"], second["kind"]) == (
        "us", "supply", "month", "statement")


def test_csv_columns_may_come_in_any_order(cli, catalog):
    path = csv_file(catalog, [["on", "stance", "topic", "actor"], ["2023", "oppose", "atacms", "us"]])

    cli("import", path, "--source", "article")

    [row] = timeline(cli)
    assert (row["actor"], row["topic"], row["stance_label"], row["effective_on"]) == ("us", "atacms", "oppose", "2023-01-01")


def test_source_option_fills_rows_without_a_source(cli, catalog):
    path = csv_file(catalog, [
        ["actor", "topic", "stance", "on", "source"],
        ["us", "atacms", "oppose", "2024-09", ""],
        ["us", "atacms", "support", "2024-11-18", "fact-sheet"],
    ])

    cli("import", path, "--source", "article")

    assert [row["sources"][0]["source"] for row in timeline(cli)] == ["article", "https://example.org/fact-sheet"]


def test_a_row_with_no_source_at_all_is_refused(cli, catalog, unchanged):
    path = csv_file(catalog, [
        ["actor", "topic", "stance", "on", "source"],
        ["us", "atacms", "support", "2024-11-18", "fact-sheet"],
        ["us", "atacms", "oppose", "2024-09", ""],
    ])

    with unchanged():
        result = cli.fails("import", path)

    assert error(result).startswith(f"Error: {path}, line 3: no source for this position")


def test_create_missing_makes_actors_and_topics_named_from_their_columns(cli, catalog):
    path = csv_file(catalog, [
        ["actor", "actor_name", "topic", "topic_name", "stance", "on"],
        ["fra", "France", "c1-school-closing", "School closing", "strongly support", "2020-03-16"],
        ["nzl", "", "c1-school-closing", "", "oppose", "2020-05-01"],
        ["us", "ignored: us exists", "atacms", "", "support", "2024-11-18"],
    ])

    result = cli("import", path, "--create-missing", "--source", "article")

    assert error(result).startswith("actors: 2 created, 0 skipped; topics: 1 created, 0 skipped; positions: 3 created")
    actors = {a["slug"]: a for a in cli.json("actor", "list")}
    assert (actors["fra"]["name"], actors["nzl"]["name"], actors["us"]["name"]) == ("France", "nzl", "United States")
    topics = {t["slug"]: t for t in cli.json("topic", "list")}
    assert (topics["c1-school-closing"]["name"], topics["c1-school-closing"]["scale"]) == ("School closing", "support")


def test_create_missing_makes_a_batch_of_actors_as_one_by_one_would(cli, catalog, db):
    # The new actors of a batch are made in one statement before its rows are
    # resolved: ids in the order the file first names them, names and aliases
    # of known actors still theirs, one actor for a name written twice.
    path = csv_file(catalog, [
        ["actor", "actor_name", "topic", "stance", "on"],
        ["zed", "Zed", "atacms", "support", "2024-01-01"],
        ["USA", "", "atacms", "support", "2024-01-02"],
        ["alpha", "", "atacms", "oppose", "2024-01-03"],
        ["zed", "Not this name", "atacms", "oppose", "2024-01-04"],
        ["mid", "Mid", "atacms", "support", "2024-01-05"],
    ])

    result = cli("import", path, "--create-missing", "--source", "article")

    assert error(result).startswith("actors: 3 created, 0 skipped; positions: 5 created")
    with db.engine.connect() as connection:
        newest = connection.exec_driver_sql("SELECT slug, name FROM actors ORDER BY id DESC LIMIT 3").all()
    db.dispose()
    assert [tuple(row) for row in reversed(newest)] == [("zed", "Zed"), ("alpha", "alpha"), ("mid", "Mid")]
    assert [row["actor"] for row in timeline(cli, "--actor", "us")] == ["us"]


def test_create_missing_refuses_a_bad_slug_at_its_line_after_new_actors(cli, catalog, unchanged):
    path = csv_file(catalog, [
        ["actor", "topic", "stance", "on"],
        ["new-one", "atacms", "support", "2024"],
        ["us", "atacms", "support", "2024"],
        ["Not A Slug", "atacms", "support", "2024"],
        ["new-two", "atacms", "support", "2024"],
    ])

    with unchanged():
        result = cli.fails("import", path, "--source", "article", "--create-missing")

    assert error(result).startswith(f"Error: {path}, line 4: invalid actor slug 'Not A Slug'")


def test_unknown_names_without_create_missing_are_refused_with_a_hint(cli, catalog, unchanged):
    path = csv_file(catalog, [["actor", "topic", "stance", "on"], ["us", "atacms", "support", "2024"],
                              ["bidenadmin", "atacms", "support", "2024"]])

    with unchanged():
        result = cli.fails("import", path, "--source", "article")

    assert error(result).startswith(f'Error: {path}, line 3: unknown actor "bidenadmin": did you mean "biden-admin"?')
    assert "--create-missing" in error(result)


def test_create_missing_still_refuses_names_that_are_not_slugs(cli, catalog, unchanged):
    path = csv_file(catalog, [["actor", "topic", "stance", "on"], ["New Actor", "atacms", "support", "2024"]])

    with unchanged():
        result = cli.fails("import", path, "--source", "article", "--create-missing")

    assert error(result).startswith(f"Error: {path}, line 2: invalid actor slug 'New Actor'")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["actor", "topic", "stance"], "no on column"),
        (["name", "value"], "unknown column 'name'"),
        (["actor", "topic", "stance", "on", "actor"], "the column 'actor' appears twice"),
    ],
)
def test_csv_without_the_required_columns_is_refused(cli, catalog, unchanged, header, message):
    path = csv_file(catalog, [header, ["us"] * len(header)])

    with unchanged():
        result = cli.fails("import", path)

    assert error(result).startswith(f"Error: {path}, line 1: ")
    assert message in error(result)


def test_an_empty_csv_is_refused(cli, tmp_path):
    path = write(tmp_path, "empty.csv", "")

    assert "is empty: expected a header row" in error(cli.fails("import", path))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["us", "atacms", "maybe", "2024"], 'stance "maybe" is not on scale "support"'),
        (["us", "atacms", "7", "2024"], 'stance "7" is not on scale "support"'),
        (["us", "atacms", "support", "2024-13-01"], "invalid date '2024-13-01'"),
        (["us", "atacms", "support", "June 2024"], "invalid date 'June 2024'"),
        (["us", "atacms", "support"], "expected 4 fields, found 3"),
        (["us", "atlantis", "support", "2024"], 'unknown topic "atlantis"'),
    ],
)
def test_a_bad_row_is_refused_with_its_line(cli, catalog, unchanged, row, message):
    path = csv_file(catalog, [["actor", "topic", "stance", "on"], ["us", "atacms", "oppose", "2023"], [], row])

    with unchanged():
        result = cli.fails("import", path, "--source", "article")

    assert error(result).startswith(f"Error: {path}, line 4: ")
    assert message in error(result)


def test_a_line_number_counts_line_breaks_inside_quoted_fields(cli, catalog):
    path = csv_file(catalog, [
        ["actor", "topic", "stance", "on", "summary"],
        ["us", "atacms", "oppose", "2023", "one\nsummary over\nthree lines"],
        ["us", "atacms", "sideways", "2024", ""],
    ])

    assert error(cli.fails("import", path, "--source", "article")).startswith(f"Error: {path}, line 5: ")


def test_a_quote_not_in_the_source_text_is_refused(cli, catalog, unchanged):
    path = csv_file(catalog, [["actor", "topic", "stance", "on", "source", "quote"],
                              ["us", "atacms", "support", "2024", "article", "Biden authorized ATACMS strikes"]])

    with unchanged():
        result = cli.fails("import", path)

    assert error(result).startswith(f'Error: {path}, line 2: quote "Biden authorized ATACMS strikes" does not occur')


def test_quotes_match_ignoring_case_spacing_and_quote_marks(cli, catalog):
    path = csv_file(catalog, [["actor", "topic", "stance", "on", "source", "quote"],
                              ["us", "apl-use", "restrict", "2022-06", "article", "the BIDEN  administration's previous"]])

    cli("import", path)

    assert timeline(cli)[0]["sources"][0]["quote"] == "the BIDEN  administration's previous"


def test_importing_a_csv_again_creates_nothing(cli, catalog, unchanged, monkeypatch):
    monkeypatch.setattr("policytrack.bulk.csvfiles.BATCH_ROWS", 7)  # several batches
    rows = [["actor", "topic", "stance", "on"]] + [
        ["us" if n % 2 else "biden-admin", "atacms", ["oppose", "support"][n % 2], f"20{10 + n // 12}-{1 + n % 12:02d}"]
        for n in range(40)
    ]
    path = csv_file(catalog, rows)
    cli("import", path, "--source", "article")

    with unchanged():
        result = cli("import", path, "--source", "article")

    assert error(result) == "positions: 0 created, 40 skipped; evidence: 0 created, 40 skipped"


def test_the_same_position_twice_in_a_file_is_one_position(cli, catalog, db, monkeypatch):
    monkeypatch.setattr("policytrack.bulk.csvfiles.BATCH_ROWS", 2)  # twins in one batch and across batches
    row = ["us", "apl-use", "restrict", "2022-06-21", "article"]
    path = csv_file(catalog, [
        ["actor", "topic", "stance", "on", "source", "quote"],
        [*row, "decided to limit"],
        [*row, "decided to limit"],  # the same evidence: nothing new
        [*row, ""],  # the same source without a quote: new evidence
        [*row, "decided to limit"],
        ["us", "apl-use", "permit", "2024-11", "article", ""],
        [*row, "previous policy"],
    ])

    result = cli("import", path)

    assert error(result) == "positions: 2 created, 4 skipped; evidence: 4 created, 2 skipped"
    first, second = timeline(cli)
    assert [item["quote"] for item in first["sources"]] == ["decided to limit", None, "previous policy"]
    assert second["stance_label"] == "permit"


def test_a_bad_row_deep_in_a_large_file_changes_nothing(cli, catalog, unchanged, monkeypatch):
    # Batches of 1,000 rows: four of them are written before row 5,000 fails.
    monkeypatch.setattr("policytrack.bulk.csvfiles.BATCH_ROWS", 1000)
    rows = [["actor", "actor_name", "topic", "stance", "on"]]
    for n in range(6000):
        rows.append([f"actor-{n % 300}", f"Actor {n % 300}", f"topic-{n % 7}", str(n % 5 - 2),
                     f"{2000 + n // 84}-{1 + n // 7 % 12:02d}"])
    rows[5000][3] = "sideways"  # row 5,000 of 6,000: line 5,001
    path = csv_file(catalog, rows)

    with unchanged():
        result = cli.fails("import", path, "--create-missing", "--source", "article")

    assert error(result).startswith(f'Error: {path}, line 5001: stance "sideways" is not on scale "support"')


def _constraints_and_indexes(db: Database) -> dict[str, tuple]:
    """The foreign keys, indexes and triggers of positions and evidence, as the database reports and defines them."""
    from sqlalchemy import inspect

    inspector = inspect(db.engine)
    with db.engine.connect() as connection:
        if db.is_sqlite:
            definitions = connection.exec_driver_sql(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('positions', 'evidence') ORDER BY name"
            ).all()
        else:
            definitions = connection.exec_driver_sql(
                "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE tablename IN ('positions', 'evidence') "
                "UNION ALL SELECT 'trigger', tgname, tgenabled::text FROM pg_trigger "
                "WHERE tgrelid IN ('positions'::regclass, 'evidence'::regclass) AND NOT tgisinternal ORDER BY 2"
            ).all()
    db.dispose()
    return {
        **{
            table: (
                sorted((key["name"], tuple(key["constrained_columns"]), key["referred_table"], str(key["options"]))
                       for key in inspector.get_foreign_keys(table)),
                sorted((index["name"], tuple(index["column_names"]), index["unique"]) for index in inspector.get_indexes(table)),
            )
            for table in ("positions", "evidence")
        },
        "definitions": tuple(map(tuple, definitions)),
    }


def _large_file(directory: Path, rows: int, bad_row: int | None = None) -> Path:
    lines = [["actor", "actor_name", "topic", "stance", "on"]]
    for n in range(rows):
        lines.append([f"actor-{n % 30}", f"Actor {n % 30}", f"topic-{n % 7}", str(n % 5 - 2), f"{1900 + n // 84}-{1 + n // 7 % 12:02d}"])
    if bad_row is not None:
        lines[bad_row][3] = "sideways"
    return csv_file(directory, lines)


def _constraint_oids(db: Database) -> set[int]:
    """On PostgreSQL, the ids of the foreign keys of positions and evidence: new ones once they were added again."""
    if db.is_sqlite:
        return set()
    with db.engine.connect() as connection:
        return set(connection.exec_driver_sql(
            "SELECT oid::int FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('positions'::regclass, 'evidence'::regclass)"
        ).scalars())


def test_a_bulk_load_keeps_its_foreign_keys_and_indexes(cli, catalog, db, unchanged, monkeypatch):
    # A file larger than positions is a bulk load: the indexes the importer
    # does not read (and on PostgreSQL its foreign keys) are dropped and restored.
    monkeypatch.setattr("policytrack.bulk.csvfiles.BATCH_ROWS", 100)
    schema, oids = _constraints_and_indexes(db), _constraint_oids(db)
    before = table_count(db, "positions")
    db.dispose()
    path = _large_file(catalog, 1000)

    result = cli("import", path, "--create-missing", "--source", "article")

    assert error(result).endswith("positions: 1000 created, 0 skipped; evidence: 1000 created, 0 skipped")
    assert _constraints_and_indexes(db) == schema
    assert not oids & _constraint_oids(db)  # PostgreSQL: dropped and added again
    assert table_count(db, "positions") == before + 1000
    # Again, as a bulk load (the file is smaller than positions now): idempotent.
    monkeypatch.setattr("policytrack.bulk.writer.PositionWriter._outnumbers_positions", lambda self, rows: True)
    oids = _constraint_oids(db)
    db.dispose()
    with unchanged():
        result = cli("import", path, "--source", "article")
    assert error(result) == "positions: 0 created, 1000 skipped; evidence: 0 created, 1000 skipped"
    assert _constraints_and_indexes(db) == schema
    assert not oids & _constraint_oids(db)


def _contents(db: Database) -> dict[str, list[tuple]]:
    """The rows an import writes, the search index's included."""
    with db.engine.connect() as connection:
        contents = {
            table: list(map(tuple, connection.exec_driver_sql(f"SELECT {columns} FROM {table} ORDER BY 1")))
            for table, columns in (
                ("actors", "id, slug, name, kind"), ("topics", "id, slug, name, scale_id"),
                ("positions", "*"), ("evidence", "*"), ("search_index", "rowid, kind, record_id, body"),
            )
        }
    db.dispose()
    return contents


def test_a_bulk_load_leaves_the_database_as_a_row_by_row_import_does(cli, catalog, db, tmp_path, monkeypatch):
    # Its indexes built again at the end, its search triggers asleep through
    # batches without text: the same rows, index entries and definitions.
    import contextlib
    import datetime as dt

    from policytrack.bulk.writer import PositionWriter

    monkeypatch.setattr("policytrack.bulk.csvfiles.BATCH_ROWS", 100)
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    monkeypatch.setattr("policytrack.bulk.importer.utcnow", lambda: moment)
    rows = [["actor", "actor_name", "topic", "stance", "on", "summary", "quote"]]
    for n in range(1000):
        on = f"{1900 + n // 84}-{1 + n // 7 % 12:02d}"
        rows.append([f"actor-{n % 30}", f"Actor {n % 30}", f"topic-{n % 7}", str(n % 5 - 2), on, "", ""])
    rows[650][5] = "Aardvarks everywhere"
    rows[700] = rows[20][:6] + ["decided to limit the use"]  # a position named again, with a quote
    rows[980][6] = "authorized the delivery"
    path = csv_file(catalog, rows)
    with contextlib.ExitStack() as stack:
        if db.is_sqlite:
            other = Database(str(tmp_path / "row-by-row.db"))
        else:
            other = Database(stack.enter_context(contextlib.contextmanager(postgres_database)()))
        stack.callback(other.dispose)
        other.upgrade()
        other_cli = Cli(other.url)
        other_cli("import", catalog / "catalog.yaml")
        schema = _constraints_and_indexes(db)

        bulk = cli("import", path, "--create-missing", "--source", "article")
        monkeypatch.setattr(PositionWriter, "_outnumbers_positions", lambda self, rows: False)
        row_by_row = other_cli("import", path, "--create-missing", "--source", "article")

        assert error(bulk) == error(row_by_row)
        assert _contents(db) == _contents(other)
        assert _constraints_and_indexes(db) == _constraints_and_indexes(other) == schema


def test_a_bulk_load_indexes_the_texts_of_late_rows_for_search(cli, catalog, db, monkeypatch):
    # The search triggers sleep through batches without text.
    monkeypatch.setattr("policytrack.bulk.csvfiles.BATCH_ROWS", 100)
    rows = [["actor", "actor_name", "topic", "stance", "on", "summary", "quote"]]
    for n in range(1000):
        on = f"{1900 + n // 84}-{1 + n // 7 % 12:02d}"
        rows.append([f"actor-{n % 30}", f"Actor {n % 30}", f"topic-{n % 7}", str(n % 5 - 2), on, "", ""])
    rows[950][5] = "Aardvarks everywhere"
    rows[980][6] = "decided to limit the use"
    cli("import", csv_file(catalog, rows), "--create-missing", "--source", "article")

    assert [row["kind"] for row in cli.json("search", "aardvark")] == ["summary"]
    assert "quote" in {row["kind"] for row in cli.json("search", "decided to limit")}
    cli("import", catalog / "bundle.yaml")  # the triggers are on again after the load
    assert "quote" in {row["kind"] for row in cli.json("search", "authorized the delivery")}
    assert "summary" in {row["kind"] for row in cli.json("search", "Sends mines")}


def test_a_bulk_load_that_fails_keeps_its_foreign_keys_and_indexes(cli, catalog, db, unchanged, monkeypatch):
    monkeypatch.setattr("policytrack.bulk.csvfiles.BATCH_ROWS", 100)
    schema, oids = _constraints_and_indexes(db), _constraint_oids(db)
    db.dispose()
    path = _large_file(catalog, 1000, bad_row=900)

    with unchanged():
        result = cli.fails("import", path, "--create-missing", "--source", "article")

    assert error(result).startswith(f'Error: {path}, line 901: stance "sideways" is not on scale "support"')
    assert _constraints_and_indexes(db) == schema
    assert _constraint_oids(db) == oids  # rolled back: the very same constraints


def test_a_bulk_load_does_not_wait_for_readers_of_the_tables(cli, catalog, db, monkeypatch):
    # Another session reading actors: past BULK_LOCK_WAIT the import stops
    # waiting for its lock and checks the foreign keys row by row.
    if db.is_sqlite:
        pytest.skip("a PostgreSQL bulk load")
    import psycopg

    monkeypatch.setattr("policytrack.bulk.csvfiles.BATCH_ROWS", 100)
    monkeypatch.setattr("policytrack.bulk.writer.BULK_LOCK_WAIT", "50ms")
    oids = _constraint_oids(db)
    before = table_count(db, "positions")
    db.dispose()
    path = _large_file(catalog, 1000)
    with psycopg.connect(db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)) as reader:
        reader.execute("SELECT count(*) FROM actors")  # its lock lasts until its transaction ends
        result = cli("import", path, "--create-missing", "--source", "article")
        reader.rollback()

    assert error(result).endswith("positions: 1000 created, 0 skipped; evidence: 1000 created, 0 skipped")
    assert table_count(db, "positions") == before + 1000
    assert _constraint_oids(db) == oids  # never dropped


def test_dry_run_reports_what_it_would_create_and_changes_nothing(cli, files, unchanged):
    path = csv_file(files, [["actor", "topic", "stance", "on"], ["fra", "closing", "support", "2020-03"]])

    with unchanged():
        result = cli("import", files / "bundle.yaml", path, "--dry-run", "--create-missing", "--source", "article")

    assert error(result).startswith("dry run, nothing saved: scales: 1 created")
    assert "actors: 4 created" in error(result) and "positions: 4 created" in error(result)


def test_dry_run_still_reports_bad_records(cli, files, unchanged):
    bad = (CATALOG + POSITIONS).replace("stance: restrict", "stance: forbid")

    with unchanged():
        result = cli.fails("import", write(files, "bad.yaml", bad), "--dry-run")

    assert 'stance "forbid"' in error(result)


def test_files_are_imported_in_order_in_one_transaction(cli, files, unchanged):
    good = csv_file(files, [["actor", "topic", "stance", "on"], ["us", "atacms", "support", "2024"]], "good.csv")
    bad = csv_file(files, [["actor", "topic", "stance", "on"], ["us", "atacms", "maybe", "2024"]], "bad.csv")

    with unchanged():
        result = cli.fails("import", files / "catalog.yaml", good, bad, "--source", "article")

    assert f"{bad}, line 2" in error(result)


def test_progress_is_reported_per_batch_through_a_callback(db, catalog, monkeypatch):
    from policytrack.bulk import import_files

    monkeypatch.setattr("policytrack.bulk.csvfiles.BATCH_ROWS", 10)
    path = csv_file(catalog, [["actor", "topic", "stance", "on"]] + [["us", "atacms", "support", str(1990 + n)] for n in range(35)])
    calls = []

    with db.session() as session:
        import_files(session, [path], default_source="article", progress=lambda *args: calls.append(args))
    db.dispose()

    assert len(calls) == 4
    assert all(label == str(path) and total == path.stat().st_size for label, _, total in calls)
    assert calls[-1][1] == path.stat().st_size


# Export -------------------------------------------------------------------------


def test_csv_export_writes_dates_at_their_precision(cli, files):
    cli("import", files / "bundle.yaml")

    rows = list(csv.DictReader(cli("export", "--format", "csv").stdout.splitlines()))

    assert [(r["actor"], r["stance"], r["on"], r["source"], r["quote"]) for r in rows] == [
        ("trump-admin", "permit", "2020-01-31", "fact-sheet", ""),
        ("biden-admin", "restrict", "2022-06", "article", "decided to limit the use of anti-personnel mines"),
        ("us", "permit", "2024", "article", "authorized the delivery of anti-personnel mines"),
    ]
    assert rows[0]["actor_name"] == "Trump administration"


def test_export_to_a_file_takes_the_format_from_its_name(cli, files, tmp_path):
    cli("import", files / "bundle.yaml")

    result = cli("export", "-o", tmp_path / "out.json")

    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["positions"]
    assert error(result) == f"wrote {tmp_path / 'out.json'}: 2 scales, 3 actors, 2 topics, 2 sources, 3 positions"


def test_an_empty_database_exports_empty_sections(cli):
    exported = yaml.safe_load(cli("export").stdout)

    assert exported["actors"] == exported["positions"] == []
    assert [scale["slug"] for scale in exported["scales"]] == ["support"]


# Round trips ----------------------------------------------------------------------


@pytest.fixture
def other_cli(db, tmp_path):
    """A second empty database on the same backend as ``db``."""
    if db.is_sqlite:
        urls = iter([str(tmp_path / "other.db")])
    else:
        assert POSTGRES_URL
        urls = postgres_database()
    url = next(urls)
    other = Database(url)
    other.upgrade()
    other.dispose()
    yield Cli(other.url)
    other.dispose()
    next(urls, None)  # drops the PostgreSQL database


def history(cli: Cli, files: Path) -> None:
    """A database with history: the bundle, a retraction, a correction, a source without slug or url."""
    cli("import", files / "bundle.yaml")
    ids = {(row["actor"], row["effective_on"]): row["id"] for row in cli.json("timeline")}
    cli("retract", ids["us", "2024-01-01"], "--reason", "not a statement of the US")
    cli("correct", ids["biden-admin", "2022-06-01"], "--on", "2022-06-21")
    windows_text = write(files, "windows.txt", "Line one with trailing spaces  \r\nLine two: \u201cquoted\u201d\r\n")
    cli("source", "add", "--title", "Windows text", "--slug", "windows", "--text-file", windows_text)
    source_id = cli("source", "add", "--title", "A leaflet without slug or url").stdout.strip()
    cli("record", "--actor", "trump-admin", "--topic", "atacms", "--stance", "oppose", "--on", "2019",
        "--source", source_id)


def reports(cli: Cli) -> dict:
    """What a user sees, with position ids replaced by what the positions are."""
    full = cli.json("timeline", "--include-retracted")
    name = {row["id"]: (row["actor"], row["topic"], row["effective_on"], row["stance"], row["retracted_at"]) for row in full}
    for row in full:
        row["id"] = name[row["id"]]
        for item in row["sources"]:
            if item["source"].isdigit():  # a source without slug or url is named by its id
                item["source"] = "(by id)"
    reversals = cli.json("reversals", "--rollup", "--level", "shift")
    for row in reversals:
        for key in ("from_position", "to_position", "restores"):
            row[key] = name.get(row[key])
        row["sources"] = None if row["sources"] is None else len(row["sources"])
    sources = cli.json("source", "list")
    for row in sources:
        row.pop("id")
    return {
        "source texts": cli.json("sql", "SELECT slug, url, title, outlet, author, published_on, content, content_sha256 "
                                 "FROM sources ORDER BY slug, title"),
        "timeline": full,
        "reversals": reversals,
        "current": cli.json("current", "--on", "2025"),
        "actors": cli.json("actor", "list"),
        "topics": cli.json("topic", "list"),
        "scales": cli.json("scale", "list"),
        "sources": sources,
    }


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_bundle_export_imports_into_an_empty_database_as_the_same_database(cli, other_cli, files, tmp_path, fmt):
    history(cli, files)
    path = tmp_path / f"export.{fmt}"
    cli("export", "--format", fmt, "-o", path)

    other_cli("import", path)

    assert reports(other_cli) == reports(cli)
    assert "created" not in error(other_cli("import", path)).replace("0 created", "")


def test_a_csv_export_imports_into_an_empty_database_as_the_same_live_positions(cli, other_cli, files, tmp_path):
    history(cli, files)
    cli("export", "-o", tmp_path / "all.yaml")
    positions_csv = tmp_path / "positions.csv"
    cli("export", "-o", positions_csv)
    bundle = yaml.safe_load((tmp_path / "all.yaml").read_text(encoding="utf-8"))
    bundle.pop("positions")  # the CSV brings them
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(bundle), encoding="utf-8")
    # The CSV names the source without slug or url by its id, 4: the catalog gives it the same id.
    assert [s["key"] for s in bundle["sources"] if "key" in s] == ["source-4"]

    other_cli("import", tmp_path / "catalog.yaml", positions_csv)

    def live(cli: Cli) -> list[dict]:
        rows = cli.json("timeline")
        for row in rows:
            row.pop("id")
            row.pop("recorded_at")  # a CSV carries no history: recorded now,
            row.pop("supersedes_id")  # superseding nothing
        return rows

    assert live(other_cli) == live(cli)


# Statistics after a bulk load ----------------------------------------------


def planner_rows(db: Database) -> float | None:
    """The row count of positions the query planner knows of, or None when nothing has analysed it."""
    from sqlalchemy import text

    with db.engine.connect() as connection:
        if db.is_sqlite:
            known = connection.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar()
            stat = known and connection.execute(
                text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'positions' AND idx IS NOT NULL LIMIT 1")
            ).scalar()
            rows = float(stat.split()[0]) if stat else None
        else:
            tuples = connection.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'positions'")).scalar()
            rows = tuples if tuples is not None and tuples >= 0 else None
    db.dispose()
    return rows


def many_positions(directory: Path, count: int) -> Path:
    """``count`` positions of ``count`` new actors on one topic."""
    rows: list[list[object]] = [["actor", "topic", "stance", "on"]]
    rows += [[f"a{n}", "atacms", "support" if n % 2 else "oppose", "2024-01-01"] for n in range(count)]
    return csv_file(directory, rows, name=f"many-{count}.csv")


def test_a_bulk_import_ends_with_the_planner_statistics_refreshed(cli, db, catalog):
    from policytrack.bulk.importer import BULK_LOAD_ROWS

    cli("import", many_positions(catalog, BULK_LOAD_ROWS), "--create-missing", "--source", "article")

    if db.is_sqlite:
        # SQLite's plans for the reports are better without statistics (see Database.refresh_statistics).
        assert planner_rows(db) is None
    else:
        assert planner_rows(db) == BULK_LOAD_ROWS
        assert all_visible(db), "the import ends with VACUUM: index-only scans need not read the table"


def all_visible(db: Database) -> bool:
    """Whether every page of positions is marked all-visible (PostgreSQL's visibility map)."""
    from sqlalchemy import text

    with db.engine.connect() as connection:
        pages, visible = connection.execute(
            text("SELECT relpages, relallvisible FROM pg_class WHERE relname = 'positions'")
        ).one()
    db.dispose()
    return pages > 0 and visible == pages


def test_a_small_import_or_a_dry_run_leaves_the_statistics_alone(db_url, tmp_path):
    files = tmp_path
    cli = Cli(db_url)
    cli("init")
    db = Database(cli.url)
    cli("actor", "add", "us", "--name", "United States")
    cli("topic", "add", "atacms", "--name", "ATACMS")
    cli("source", "add", "--url", "https://example.org/a", "--slug", "article", "--title", "A")
    cli("import", many_positions(files, 10), "--create-missing", "--source", "article")
    cli("import", many_positions(files, 3000), "--create-missing", "--source", "article", "--dry-run")
    assert planner_rows(db) is None
