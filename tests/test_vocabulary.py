"""The analyst's vocabulary: topic keywords and scale cues, through the CLI and bundles, on both backends."""

from __future__ import annotations

import pytest
import yaml

from helpers import build_landmine


def by_slug(rows):
    return {row["slug"]: row for row in rows}


def test_topic_add_with_keywords_and_topic_keyword_adds_more(cli):
    cli("topic", "add", "apl-use", "--name", "Use of landmines", "--keyword", "anti-personnel mines",
        "--keyword", "landmines")
    cli("topic", "keyword", "apl-use", "APL", "LANDMINES")  # the second is already there, in another case
    assert by_slug(cli.json("topic", "list"))["apl-use"]["keywords"] == ["anti-personnel mines", "landmines", "APL"]
    assert "anti-personnel mines; landmines; APL" in cli("topic", "list").stdout


def test_scale_add_with_cues_and_scale_cue_adds_more(cli):
    cli("scale", "add", "apl-policy", "--name", "Landmine policy", "--level=-1=restrict", "--level=0=none",
        "--level=1=permit", "--level=2=supply", "--cue", "restrict=limit the use", "--cue", "permit=lift restrictions")
    cli("scale", "cue", "apl-policy", "supply", "send", "deliver", "provide")
    cli("scale", "cue", "apl-policy", "--", "-1", "restrict")  # a level by its value
    assert by_slug(cli.json("scale", "list"))["apl-policy"]["cues"] == {
        "restrict": ["limit the use", "restrict"],
        "permit": ["lift restrictions"],
        "supply": ["send", "deliver", "provide"],
    }
    assert "supply=send; deliver; provide" in cli("scale", "list").stdout


def test_vocabulary_errors_are_one_line_and_change_nothing(cli, unchanged):
    cli("topic", "add", "apl-use", "--name", "Use of landmines")
    with unchanged():
        cli.fails("topic", "keyword", "apl-usee", "mines")
        cli.fails("topic", "keyword", "apl-use", "  ")
        cli.fails("scale", "cue", "support", "lukewarm", "meh")
        cli.fails("scale", "add", "x", "--name", "X", "--level=0=a", "--level=1=b", "--cue", "nolabel")
        cli.fails("scale", "add", "x", "--name", "X", "--level=0=a", "--level=1=b", "--cue", "c=phrase")


def test_builtin_support_scale_has_general_cues(cli):
    cues = by_slug(cli.json("scale", "list"))["support"]["cues"]
    assert {"support", "oppose", "strongly oppose"} <= set(cues)
    assert "endorse" in cues["support"] and "condemn" in cues["strongly oppose"]


def test_seed_data_carries_keywords_and_cues(cli):
    cli("init", "--seed")
    topics = by_slug(cli.json("topic", "list"))
    assert "use of anti-personnel mines" in topics["apl-use"]["keywords"]
    assert "ATACMS" in topics["atacms-strikes-russia"]["keywords"]
    cues = by_slug(cli.json("scale", "list"))["apl-policy"]["cues"]
    assert "limit the use" in cues["restrict"] and "lift restrictions" in cues["permit"] and "send" in cues["supply"]


def test_bundle_keywords_and_cues_are_imported_merged_and_exported(cli, tmp_path):
    bundle = tmp_path / "vocabulary.yaml"
    bundle.write_text(yaml.safe_dump({
        "scales": [{"slug": "apl-policy", "name": "Landmine policy", "pivot": 0,
                    "levels": {-1: "restrict", 0: "none", 1: "permit"},
                    "cues": {"restrict": ["limit the use"], "permit": ["lift restrictions"]}}],
        "topics": [{"slug": "apl-use", "name": "Use", "scale": "apl-policy", "keywords": ["landmines"]}],
    }))
    first = cli("import", str(bundle))
    assert "keywords: 1 created" in first.stderr + first.stdout
    again = cli("import", str(bundle))  # idempotent
    assert "keywords: 0 created, 1 skipped" in again.stderr + again.stdout
    more = tmp_path / "more.json"
    more.write_text('{"scales": [{"slug": "apl-policy", "cues": {"permit": ["allow the use", "Lift restrictions"]}}],'
                    ' "topics": [{"slug": "apl-use", "keywords": ["APL", "landmines"]}]}')
    cli("import", str(more))
    exported = yaml.safe_load(cli("export", "--format", "yaml").stdout)
    assert by_slug(exported["topics"])["apl-use"]["keywords"] == ["landmines", "APL"]
    scales = by_slug(exported["scales"])
    assert scales["apl-policy"]["cues"] == {"restrict": ["limit the use"], "permit": ["lift restrictions", "allow the use"]}
    assert "endorse" in scales["support"]["cues"]["support"]


def test_export_then_import_into_an_empty_database_keeps_the_vocabulary(cli, tmp_path, db_url):
    build_landmine(cli)
    cli("topic", "keyword", "apl-use", "landmines", "APL")
    cli("scale", "cue", "apl-policy", "permit", "lift restrictions")
    out = tmp_path / "all.json"
    cli("export", "--format", "json", "-o", str(out))
    from policytrack.db import Database

    from helpers import Cli

    other = Database(str(tmp_path / "other.db"))
    other.upgrade()
    other.dispose()
    target = Cli(other.url)
    target("import", str(out))
    assert by_slug(target.json("topic", "list"))["apl-use"]["keywords"] == ["landmines", "APL"]
    assert by_slug(target.json("scale", "list"))["apl-policy"]["cues"] == {"permit": ["lift restrictions"]}


def test_bad_vocabulary_in_a_bundle_is_refused_with_its_place(cli, tmp_path, unchanged):
    bundle = tmp_path / "bad.yaml"
    bundle.write_text("topics:\n  - {slug: t, name: T, keywords: {a: b}}\n")
    with unchanged():
        result = cli.fails("import", str(bundle))
    assert "topics[0] (t)" in result.stderr and "keywords" in result.stderr
    bundle.write_text("scales:\n  - {slug: s, name: S, levels: {0: a, 1: b}, cues: {c: [x]}}\n")
    with unchanged():
        result = cli.fails("import", str(bundle))
    assert 'stance "c" is not on scale "s"' in result.stderr


@pytest.mark.parametrize("bundle_text, field", [
    ("topics:\n  - {slug: t, name: T, scale: support, keywords: [[x, y]]}\n", "keyword"),
    ("topics:\n  - {slug: t, name: T, scale: support, keywords: [{x: y}]}\n", "keyword"),
    ("scales:\n  - {slug: s, name: S, levels: {0: a, 1: b}, cues: {a: [[x, y]]}}\n", "cue"),
    ("scales:\n  - {slug: s, name: S, levels: {0: a, 1: b}, cues: {a: [true]}}\n", "cue"),
    # an unquoted "£35,000" in a YAML list is two items, "£35" and the number 0
    ("topics:\n  - {slug: t, name: T, scale: support, keywords: [winter fuel, £35,000]}\n", "keyword"),
    ("scales:\n  - {slug: s, name: S, levels: {0: a, 1: b}, cues: {a: [2030]}}\n", "cue"),
    ("actors:\n  - {slug: g, name: G, kind: organisation, aliases: [Group of 7, 2024]}\n", "alias"),
])
def test_a_phrase_that_is_not_text_is_refused_not_stored_as_its_repr(cli, tmp_path, unchanged, bundle_text, field):
    bundle = tmp_path / "nested.yaml"
    bundle.write_text(bundle_text)

    with unchanged():
        result = cli.fails("import", str(bundle))

    assert f"a{'n' if field == 'alias' else ''} {field} must be text" in result.stderr


@pytest.mark.parametrize("levels", ['{"1": "a", "01": "b"}', '{"1": "a", "+1": "b"}'])
def test_a_level_given_twice_under_two_spellings_is_refused(cli, tmp_path, unchanged, levels):
    bundle = tmp_path / "levels.json"
    bundle.write_text('{"scales": [{"slug": "s", "name": "S", "levels": ' + levels + "}]}")

    with unchanged():
        result = cli.fails("import", str(bundle))

    assert "level 1 is given twice" in result.stderr
