"""Actors, scales and topics: ``actor add/list/alias``, ``scale add/list``, ``topic add/list``."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import record

ACTOR_KEYS = ["slug", "name", "kind", "parent", "active_from", "active_until", "aliases", "note"]
SCALE_KEYS = ["slug", "name", "pivot", "levels"]
TOPIC_KEYS = ["slug", "name", "scale", "parent", "description", "keywords"]


def by_slug(rows):
    return {row["slug"]: row for row in rows}


# actor add ------------------------------------------------------------


def test_actor_add_stores_kind_parent_aliases_and_active_dates(cli):
    cli("actor", "add", "us", "--name", "United States", "--kind", "state")
    cli(
        "actor", "add", "biden-admin", "--name", "Biden administration", "--kind", "government",
        "--parent", "us", "--alias", "the Biden administration", "--alias", "Biden White House",
        "--active-from", "2021-01-20", "--active-until", "2025-01-20", "--note", "46th presidency",
    )
    actor = by_slug(cli.json("actor", "list"))["biden-admin"]
    assert actor == {
        "slug": "biden-admin",
        "name": "Biden administration",
        "kind": "government",
        "parent": "us",
        "active_from": "2021-01-20",
        "active_until": "2025-01-20",
        "aliases": ["Biden White House", "the Biden administration"],
        "note": "46th presidency",
    }


def test_actor_add_defaults_to_kind_other_without_parent_or_dates(cli):
    cli("actor", "add", "nato", "--name", "NATO")
    assert cli.json("actor", "list") == [
        {"slug": "nato", "name": "NATO", "kind": "other", "parent": None, "active_from": None,
         "active_until": None, "aliases": [], "note": None}
    ]


@pytest.mark.parametrize("kind", ["state", "government", "agency", "person", "organisation", "other"])
def test_actor_add_accepts_every_kind(cli, kind):
    cli("actor", "add", "a", "--name", "A", "--kind", kind)
    assert cli.json("actor", "list")[0]["kind"] == kind


def test_coarse_active_period_covers_the_whole_year_or_month(cli):
    cli("actor", "add", "trump-admin", "--name", "Trump", "--active-from", "2017", "--active-until", "2025")
    cli("actor", "add", "leap", "--name", "Leap", "--active-from", "2024-02", "--active-until", "2024-02")
    actors = by_slug(cli.json("actor", "list"))
    assert (actors["trump-admin"]["active_from"], actors["trump-admin"]["active_until"]) == ("2017-01-01", "2025-12-31")
    assert (actors["leap"]["active_from"], actors["leap"]["active_until"]) == ("2024-02-01", "2024-02-29")


def test_actor_parent_may_be_given_by_alias(cli):
    cli("actor", "add", "us", "--name", "United States", "--alias", "Washington")
    cli("actor", "add", "dod", "--name", "Department of Defense", "--kind", "agency", "--parent", "WASHINGTON")
    assert by_slug(cli.json("actor", "list"))["dod"]["parent"] == "us"


def test_actor_add_duplicate_slug_is_refused(cli, unchanged):
    cli("actor", "add", "us", "--name", "United States")
    with unchanged():
        result = cli.fails("actor", "add", "us", "--name", "Another")
    assert 'actor "us" already exists' in result.stderr


def test_actor_add_with_an_alias_already_taken_is_refused(cli, unchanged):
    cli("actor", "add", "us", "--name", "United States", "--alias", "USA")
    with unchanged():
        result = cli.fails("actor", "add", "usa-gov", "--name", "US government", "--alias", "usa")
    assert 'alias "usa" already names actor "us"' in result.stderr


def test_actor_add_whose_slug_is_an_alias_of_another_actor_is_refused(cli, unchanged):
    cli("actor", "add", "us", "--name", "United States", "--alias", "Washington")
    with unchanged():
        result = cli.fails("actor", "add", "washington", "--name", "State of Washington")
    assert 'already an alias of actor "us"' in result.stderr


def test_actor_add_unknown_parent_suggests_the_closest_slug(cli, unchanged):
    cli("actor", "add", "us", "--name", "United States")
    cli("actor", "add", "biden-admin", "--name", "Biden administration", "--parent", "us")
    with unchanged():
        result = cli.fails("actor", "add", "austin", "--name", "Lloyd Austin", "--parent", "bidn")
    assert result.stderr.strip() == 'Error: unknown actor "bidn": did you mean "biden-admin"?'


def test_unknown_parent_without_anything_close_gives_no_hint(cli, unchanged):
    cli("actor", "add", "us", "--name", "United States")
    with unchanged():
        result = cli.fails("actor", "add", "x", "--name", "X", "--parent", "zzzzqqq")
    assert result.stderr.strip() == 'Error: unknown actor "zzzzqqq"'


@pytest.mark.parametrize("slug", ["Biden Admin", "biden admin", "_biden", "bidén", ""])
def test_actor_add_invalid_slug_is_refused(cli, unchanged, slug):
    with unchanged():
        result = cli.fails("actor", "add", slug, "--name", "Biden")
    assert "invalid actor slug" in result.stderr


def test_actor_add_kind_outside_the_choices_is_a_usage_error(cli, unchanged):
    with unchanged():
        result = cli.fails("actor", "add", "us", "--name", "United States", "--kind", "country", code=2)
    assert "country" in result.stderr


def test_actor_add_without_name_is_a_usage_error(cli, unchanged):
    with unchanged():
        cli.fails("actor", "add", "us", code=2)


@pytest.mark.parametrize("option, value", [("--active-from", "2021-13-01"), ("--active-until", "soon")])
def test_actor_add_invalid_active_date_is_refused(cli, unchanged, option, value):
    with unchanged():
        result = cli.fails("actor", "add", "us", "--name", "United States", option, value)
    assert value in result.stderr


def test_actor_add_empty_name_is_refused(cli, unchanged):
    with unchanged():
        cli.fails("actor", "add", "us", "--name", "  ")


# actor list -----------------------------------------------------------


@pytest.fixture
def two_actors(cli):
    cli("actor", "add", "us", "--name", "United States", "--kind", "state", "--alias", "USA", "--alias", "Washington")
    cli(
        "actor", "add", "biden-admin", "--name", "Biden administration", "--kind", "government", "--parent", "us",
        "--active-from", "2021-01-20", "--active-until", "2025-01-20",
    )
    return cli


def test_actor_list_json_has_the_listing_keys_sorted_by_slug(two_actors):
    rows = two_actors.json("actor", "list")
    assert [list(row) for row in rows] == [ACTOR_KEYS, ACTOR_KEYS]
    assert [row["slug"] for row in rows] == ["biden-admin", "us"]
    assert rows[1]["aliases"] == ["USA", "Washington"]


def test_actor_list_jsonl_is_one_object_per_line(two_actors):
    lines = two_actors("actor", "list", "--format", "jsonl").stdout.strip().splitlines()
    assert [json.loads(line)["slug"] for line in lines] == ["biden-admin", "us"]
    assert list(json.loads(lines[0])) == ACTOR_KEYS


def test_actor_list_csv_has_a_header_and_one_row_per_actor(two_actors):
    rows = list(csv.DictReader(io.StringIO(two_actors("actor", "list", "-f", "csv").stdout)))
    assert list(rows[0]) == ACTOR_KEYS
    assert [(r["slug"], r["parent"], r["active_until"]) for r in rows] == [
        ("biden-admin", "us", "2025-01-20"), ("us", "", ""),
    ]


def test_actor_list_table_shows_every_actor(two_actors):
    out = two_actors("actor", "list").stdout
    header = out.splitlines()[0].split()
    assert header == ACTOR_KEYS
    assert "Biden administration" in out and "United States" in out


def test_actor_list_github_format_is_a_markdown_table(two_actors):
    lines = two_actors("actor", "list", "--format", "github").stdout.strip().splitlines()
    assert lines[0].startswith("| slug") and set(lines[1]) <= set("|-: ")
    assert len(lines) == 4


def test_actor_list_unknown_format_is_a_usage_error(two_actors):
    two_actors.fails("actor", "list", "--format", "yaml-ish", code=2)


def test_actor_list_of_an_empty_database_is_an_empty_json_list(cli):
    assert cli.json("actor", "list") == []
    assert cli("actor", "list", "-f", "csv").stdout.strip() == ",".join(ACTOR_KEYS)


# actor alias ----------------------------------------------------------


def test_actor_alias_adds_another_name(two_actors):
    two_actors("actor", "alias", "biden-admin", "the Biden administration")
    assert by_slug(two_actors.json("actor", "list"))["biden-admin"]["aliases"] == ["the Biden administration"]


def test_actor_alias_accepts_the_actor_by_alias(two_actors):
    two_actors("actor", "alias", "washington", "United States of America")
    assert "United States of America" in by_slug(two_actors.json("actor", "list"))["us"]["aliases"]


def test_alias_already_taken_ignoring_case_is_refused(two_actors, unchanged):
    with unchanged():
        result = two_actors.fails("actor", "alias", "biden-admin", "WASHINGTON")
    assert 'alias "WASHINGTON" already names actor "us"' in result.stderr


def test_alias_equal_to_another_actors_slug_is_refused(two_actors, unchanged):
    with unchanged():
        result = two_actors.fails("actor", "alias", "biden-admin", "US")
    assert 'slug of actor "us"' in result.stderr


def test_alias_for_an_unknown_actor_is_refused_with_a_hint(two_actors, unchanged):
    with unchanged():
        result = two_actors.fails("actor", "alias", "biden-admn", "Team Biden")
    assert result.stderr.strip() == 'Error: unknown actor "biden-admn": did you mean "biden-admin"?'


def test_alias_lookup_ignores_case_when_recording(cli, landmine):
    position = record(cli, "washington", "restrict", "2014-09")
    assert cli.json("timeline")[0]["actor"] == "us"
    assert cli.json("timeline", "--actor", "WaShInGtOn")[0]["id"] == position
    assert cli.json("timeline", "--actor", "usa")[0]["id"] == position


# scale add / list -----------------------------------------------------


def test_every_new_database_has_the_builtin_support_scale(cli):
    support = by_slug(cli.json("scale", "list"))["support"]
    assert support.pop("cues")["oppose"][:2] == ["oppose", "criticise"]  # its general cues: see test_vocabulary
    assert support == {
        "slug": "support",
        "name": "Support",
        "pivot": 0,
        "levels": {"-2": "strongly oppose", "-1": "oppose", "0": "neutral", "1": "support", "2": "strongly support"},
    }


def test_scale_add_stores_levels_and_pivot_zero_by_default(cli):
    cli(
        "scale", "add", "apl-policy", "--name", "Landmine policy", "--level", "-2=ban", "--level", "-1=restrict",
        "--level", "0=no stated policy", "--level", "1=permit", "--level", "2=supply",
    )
    scale = by_slug(cli.json("scale", "list"))["apl-policy"]
    assert scale == {
        "slug": "apl-policy",
        "name": "Landmine policy",
        "pivot": 0,
        "levels": {"-2": "ban", "-1": "restrict", "0": "no stated policy", "1": "permit", "2": "supply"},
        "cues": {},
    }


def test_scale_add_with_a_pivot_that_is_not_zero(cli):
    cli("scale", "add", "ordinal", "--name", "Ordinal", "--level", "0=none", "--level", "1=some",
        "--level", "2=much", "--level", "3=all", "--pivot", "1")
    scale = by_slug(cli.json("scale", "list"))["ordinal"]
    assert scale["pivot"] == 1 and list(scale["levels"]) == ["0", "1", "2", "3"]


def test_scale_add_without_level_zero_needs_a_pivot(cli, unchanged):
    with unchanged():
        result = cli.fails("scale", "add", "grade", "--name", "Grade", "--level", "1=low", "--level", "2=high")
    assert "no level 0" in result.stderr and "pivot" in result.stderr
    cli("scale", "add", "grade", "--name", "Grade", "--level", "1=low", "--level", "2=high", "--pivot", "1")
    assert by_slug(cli.json("scale", "list"))["grade"]["pivot"] == 1


def test_scale_add_pivot_that_is_not_a_level_is_refused(cli, unchanged):
    with unchanged():
        result = cli.fails("scale", "add", "s", "--name", "S", "--level", "-1=no", "--level", "1=yes", "--pivot", "0")
    assert "pivot 0 is not a level" in result.stderr


def test_scale_add_duplicate_label_is_refused(cli, unchanged):
    with unchanged():
        result = cli.fails("scale", "add", "s", "--name", "S", "--level", "-1=No", "--level", "0=maybe", "--level", "1=no")
    assert 'label "no" twice' in result.stderr


def test_scale_add_same_level_twice_is_refused(cli, unchanged):
    with unchanged():
        result = cli.fails("scale", "add", "s", "--name", "S", "--level", "0=a", "--level", "0=b")
    assert "level 0 is given twice" in result.stderr


@pytest.mark.parametrize("level", ["ban", "x=ban", "-2:ban", "1=", "=ban", "1.5=half"])
def test_scale_add_malformed_level_is_refused(cli, unchanged, level):
    with unchanged():
        result = cli.fails("scale", "add", "s", "--name", "S", "--level", "0=neutral", f"--level={level}")
    assert "VALUE=LABEL" in result.stderr


def test_scale_add_with_a_single_level_is_refused(cli, unchanged):
    with unchanged():
        cli.fails("scale", "add", "s", "--name", "S", "--level", "0=neutral")


def test_scale_add_without_levels_is_a_usage_error(cli, unchanged):
    with unchanged():
        cli.fails("scale", "add", "s", "--name", "S", code=2)


def test_scale_add_duplicate_slug_is_refused(cli, unchanged):
    with unchanged():
        result = cli.fails("scale", "add", "support", "--name", "Again", "--level", "0=a", "--level", "1=b")
    assert 'scale "support" already exists' in result.stderr


def test_scale_list_table_shows_levels_with_labels(cli):
    out = cli("scale", "list").stdout
    assert "-2=strongly oppose" in out and "2=strongly support" in out


# topic add / list -----------------------------------------------------


def test_topic_add_uses_the_support_scale_by_default(cli):
    cli("topic", "add", "nato-expansion", "--name", "NATO expansion")
    assert cli.json("topic", "list") == [
        {"slug": "nato-expansion", "name": "NATO expansion", "scale": "support", "parent": None, "description": None,
         "keywords": []}
    ]


def test_topic_add_with_scale_parent_and_description(cli, landmine):
    cli("topic", "add", "apl-export", "--name", "Export of landmines", "--scale", "apl-policy",
        "--parent", "apl-use", "--description", "Transfers to other states")
    topic = by_slug(cli.json("topic", "list"))["apl-export"]
    assert topic == {"slug": "apl-export", "name": "Export of landmines", "scale": "apl-policy",
                     "parent": "apl-use", "description": "Transfers to other states", "keywords": []}


def test_topic_on_its_own_scale_takes_that_scales_labels(cli, landmine):
    record(cli, "us", "supply", "2024-11-19")
    assert cli.json("timeline")[0]["stance_label"] == "supply"


def test_topic_add_unknown_scale_is_refused_with_a_hint(cli, landmine, unchanged):
    with unchanged():
        result = cli.fails("topic", "add", "t", "--name", "T", "--scale", "apl-polcy")
    assert result.stderr.strip() == 'Error: unknown scale "apl-polcy": did you mean "apl-policy"?'


def test_topic_add_unknown_parent_is_refused_with_a_hint(cli, landmine, unchanged):
    with unchanged():
        result = cli.fails("topic", "add", "t", "--name", "T", "--parent", "apl-us")
    assert result.stderr.strip() == 'Error: unknown topic "apl-us": did you mean "apl-use"?'


def test_topic_add_duplicate_slug_is_refused(cli, landmine, unchanged):
    with unchanged():
        result = cli.fails("topic", "add", "apl-use", "--name", "Again")
    assert 'topic "apl-use" already exists' in result.stderr


def test_topic_add_invalid_slug_is_refused(cli, unchanged):
    with unchanged():
        result = cli.fails("topic", "add", "Landmines!", "--name", "Landmines")
    assert "invalid topic slug" in result.stderr


def test_topic_list_formats(cli, landmine):
    cli("topic", "add", "atacms", "--name", "ATACMS strikes into Russia")
    assert [row["slug"] for row in cli.json("topic", "list")] == ["apl-use", "atacms"]
    rows = list(csv.DictReader(io.StringIO(cli("topic", "list", "-f", "csv").stdout)))
    assert list(rows[0]) == TOPIC_KEYS
    assert [(r["slug"], r["scale"]) for r in rows] == [("apl-use", "apl-policy"), ("atacms", "support")]
    table = cli("topic", "list", "-f", "plain").stdout
    assert "ATACMS strikes into Russia" in table and "apl-policy" in table
