"""Fixing records with history kept: actor, topic, scale and source edits, correct, history, db downgrade."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from helpers import SEED_ARTICLE, SOURCE_SLUG, record


def history(cli, *args):
    return cli.json("history", *args)


def last_changes(cli, n=None):
    rows = history(cli)
    return rows if n is None else rows[-n:]


# actor edit -------------------------------------------------------------


def test_actor_edit_changes_fields_and_records_each_in_history(cli, landmine):
    cli("actor", "edit", "biden-admin", "--name", "Biden Administration", "--note", "46th", "--active-until", "2025-01-19")
    [actor] = [a for a in cli.json("actor", "list") if a["slug"] == "biden-admin"]
    assert (actor["name"], actor["note"], actor["active_until"]) == ("Biden Administration", "46th", "2025-01-19")
    changes = {(row["field"], row["old_value"], row["new_value"]) for row in history(cli)}
    assert changes == {
        ("name", "Biden administration", "Biden Administration"),
        ("note", None, "46th"),
        ("active_until", "2025-01-20", "2025-01-19"),
    }
    row = history(cli)[0]
    assert (row["action"], row["record_type"], row["record"]) == ("edit", "actor", "biden-admin")
    assert row["changed_at"].endswith("Z") and row["changed_by"]


def test_actor_edit_parent_and_no_parent(cli, landmine):
    cli("actor", "add", "eu", "--name", "European Union")
    cli("actor", "edit", "trump-admin", "--parent", "eu")
    cli("actor", "edit", "trump-admin", "--no-parent")
    parents = [(r["field"], r["old_value"], r["new_value"]) for r in history(cli)]
    assert parents == [("parent", "us", "eu"), ("parent", "eu", None)]
    assert [a["parent"] for a in cli.json("actor", "list") if a["slug"] == "trump-admin"] == [None]


@pytest.mark.parametrize(
    "args, message",
    [
        (("--parent", "biden-admin"), "cannot be the parent"),
        (("--active-from", "2026-01-01"), "--active-until (2025-01-20) is before --active-from (2026-01-01)"),
        (("--name", "Biden administration"), "nothing to change"),
        (("--parent", "nobody"), 'unknown actor "nobody"'),
        (("--active-from", "someday"), "invalid --active-from"),
    ],
)
def test_actor_edit_refusals_change_nothing(cli, landmine, unchanged, args, message):
    with unchanged():
        assert message in cli.fails("actor", "edit", "biden-admin", *args).stderr


def test_actor_edit_cannot_make_a_child_its_own_parent(cli, landmine, unchanged):
    with unchanged():
        assert "cannot be the parent" in cli.fails("actor", "edit", "us", "--parent", "biden-admin").stderr


# actor rename, alias --remove, merge ----------------------------------


def test_actor_rename_keeps_the_old_slug_working(cli, landmine):
    position = record(cli, "biden-admin", "supply", "2024-11-19")
    cli("actor", "rename", "biden-admin", "biden")
    [row] = cli.json("timeline", "--actor", "biden-admin")  # a script using the old slug
    assert (row["id"], row["actor"]) == (position, "biden")
    aliases = next(a["aliases"] for a in cli.json("actor", "list") if a["slug"] == "biden")
    assert "biden-admin" in aliases
    assert [(r["action"], r["field"], r["old_value"], r["new_value"]) for r in history(cli)] == [
        ("rename", "slug", "biden-admin", "biden"),
        ("alias-add", "alias", None, "biden-admin"),
    ]


def test_actor_rename_to_one_of_its_aliases(cli, landmine):
    cli("actor", "rename", "us", "usa")
    assert set([a for a in cli.json("actor", "list") if a["slug"] == "usa"][0]["aliases"]) == {"us", "Washington"}


@pytest.mark.parametrize(
    "new, message", [("trump-admin", 'actor "trump-admin" already exists'), ("Bad Slug", "invalid actor slug"),
                     ("washington", "already an alias of actor")],
)
def test_actor_rename_refusals_change_nothing(cli, landmine, unchanged, new, message):
    with unchanged():
        assert message in cli.fails("actor", "rename", "biden-admin", new).stderr


def test_actor_alias_remove(cli, landmine):
    cli("actor", "alias", "us", "Washington", "--remove")
    assert next(a["aliases"] for a in cli.json("actor", "list") if a["slug"] == "us") == ["USA"]
    cli.fails("timeline", "--actor", "Washington")
    [row] = history(cli)
    assert (row["action"], row["old_value"], row["new_value"]) == ("alias-remove", "Washington", None)


def test_actor_alias_remove_of_an_unknown_alias_is_refused(cli, landmine, unchanged):
    with unchanged():
        assert 'has no alias "Moscow" (its aliases: "USA", "Washington")' in cli.fails(
            "actor", "alias", "us", "Moscow", "--remove").stderr


def test_actor_alias_add_is_recorded(cli, landmine):
    cli("actor", "alias", "us", "America")
    assert [(r["action"], r["new_value"]) for r in history(cli)] == [("alias-add", "America")]


def test_actor_merge_moves_positions_aliases_and_children(cli, landmine):
    cli("actor", "add", "biden", "--name", "Biden admin (dup)", "--alias", "Team Biden")
    cli("actor", "add", "biden-nsc", "--name", "NSC", "--parent", "biden")
    dup_position = record(cli, "biden", "supply", "2024-11-19")
    cli("actor", "merge", "biden", "biden-admin")
    [row] = cli.json("timeline", "--actor", "biden")  # the old slug still works
    assert (row["id"], row["actor"]) == (dup_position, "biden-admin")
    actors = {a["slug"]: a for a in cli.json("actor", "list")}
    assert "biden" not in actors
    assert {"Team Biden", "biden"} <= set(actors["biden-admin"]["aliases"])
    assert actors["biden-nsc"]["parent"] == "biden-admin"
    actions = {(r["action"], r["record_type"], r["field"]) for r in history(cli)}
    assert ("merge", "position", "actor") in actions and ("merge", "actor", "merged_into") in actions


def test_actor_merge_refuses_live_twins_naming_them(cli, landmine, unchanged):
    cli("actor", "add", "biden", "--name", "Biden admin (dup)")
    a = record(cli, "biden", "supply", "2024-11-19")
    b = record(cli, "biden-admin", "supply", "2024-11-19")
    with unchanged():
        message = cli.fails("actor", "merge", "biden", "biden-admin").stderr
    assert f"position {a} of biden and {b} of biden-admin" in message


@pytest.mark.parametrize("pair", [("us", "biden-admin"), ("us", "us"), ("us", "nobody")])
def test_actor_merge_other_refusals(cli, landmine, unchanged, pair):
    with unchanged():
        cli.fails("actor", "merge", *pair)


# topics and scales -----------------------------------------------------


def test_topic_edit_and_rename_keep_the_old_slug_working(cli, landmine):
    position = record(cli, "biden-admin", "supply", "2024-11-19")
    cli("topic", "edit", "apl-use", "--name", "Landmine use", "--description", "APL only")
    cli("topic", "rename", "apl-use", "landmine-use")
    [row] = cli.json("timeline", "--topic", "apl-use")
    assert (row["id"], row["topic"]) == (position, "landmine-use")
    topic = cli.json("topic", "list")[0]
    assert (topic["slug"], topic["name"], topic["description"]) == ("landmine-use", "Landmine use", "APL only")
    assert [r["field"] for r in history(cli)] == ["name", "description", "slug"]


def test_topic_edit_scale_refuses_stranded_stances_naming_positions(cli, landmine, unchanged):
    cli("scale", "add", "yesno", "--name", "Yes/no", "--level", "-1=no", "--level", "0=unsure", "--level", "1=yes")
    keep = record(cli, "biden-admin", "permit", "2024-11-19")
    strand = record(cli, "biden-admin", "supply", "2024-11-20")
    with unchanged():
        message = cli.fails("topic", "edit", "apl-use", "--scale", "yesno").stderr
    assert f"positions {strand} on topic apl-use" in message and str(keep) not in message.split("positions")[1][:3]


@pytest.mark.parametrize("args", [("topic", "rename", "apl-use", "Bad"), ("topic", "edit", "apl-use"),
                                  ("topic", "edit", "apl-use", "--parent", "apl-use"), ("topic", "rename", "nope", "x")])
def test_topic_refusals_change_nothing(cli, landmine, unchanged, args):
    with unchanged():
        cli.fails(*args)


def test_topic_edit_cannot_make_a_descendant_its_parent(cli, landmine, unchanged):
    cli("topic", "add", "apl-transfer", "--name", "Transfer", "--parent", "apl-use")
    cli("topic", "add", "apl-export", "--name", "Export", "--parent", "apl-transfer")
    with unchanged():
        message = cli.fails("topic", "edit", "apl-use", "--parent", "apl-export").stderr
    assert "topic apl-export cannot be the parent of apl-use: it is apl-use or under it" in message


def test_actor_merge_refuses_an_actor_and_its_descendant(cli, landmine, unchanged):
    cli("actor", "add", "biden-nsc", "--name", "NSC", "--parent", "biden-admin")
    with unchanged():
        assert "one is under the other" in cli.fails("actor", "merge", "us", "biden-nsc").stderr
        assert "one is under the other" in cli.fails("actor", "merge", "biden-nsc", "us").stderr


def test_scale_level_add_rename_remove(cli, landmine):
    cli("scale", "level", "add", "apl-policy", "3=mass deployment")
    cli("scale", "level", "rename", "apl-policy", "restrict", "restrict use")
    cli("scale", "level", "remove", "apl-policy", "3")
    levels = next(s["levels"] for s in cli.json("scale", "list") if s["slug"] == "apl-policy")
    assert levels == {"-2": "ban", "-1": "restrict use", "0": "no stated policy", "1": "permit", "2": "supply"}
    assert [(r["action"], r["field"], r["old_value"], r["new_value"]) for r in history(cli)] == [
        ("level-add", "level 3", None, "mass deployment"),
        ("level-rename", "level -1", "restrict", "restrict use"),
        ("level-remove", "level 3", "mass deployment", None),
    ]


def test_scale_level_remove_refuses_to_strand_a_stance_naming_positions(cli, landmine, unchanged):
    position = record(cli, "biden-admin", "supply", "2024-11-19")
    with unchanged():
        message = cli.fails("scale", "level", "remove", "apl-policy", "supply").stderr
    assert f"positions {position} take the stance 2 (supply)" in message


@pytest.mark.parametrize(
    "args, message",
    [
        (("add", "apl-policy", "2=more"), "already has level 2"),
        (("add", "apl-policy", "5=Ban"), 'already has the label "ban"'),
        (("add", "apl-policy", "five"), "expected VALUE=LABEL"),
        (("rename", "apl-policy", "permit", "ban"), 'already has the label "ban"'),
        (("rename", "apl-policy", "allow", "x"), 'stance "allow" is not on scale "apl-policy"'),
        (("remove", "apl-policy", "0"), "is the pivot"),
    ],
)
def test_scale_level_refusals_change_nothing(cli, landmine, unchanged, args, message):
    with unchanged():
        assert message in cli.fails("scale", "level", *args).stderr


# sources ---------------------------------------------------------------


def test_source_edit_fields_are_recorded(cli, landmine):
    cli("source", "edit", SOURCE_SLUG, "--title", "New title", "--outlet", "", "--published", "2024-11-22")
    [shown] = cli.json("source", "show", SOURCE_SLUG)
    assert (shown["title"], shown["outlet"], shown["published_on"]) == ("New title", None, "2024-11-22")
    assert {(r["field"], r["new_value"]) for r in history(cli)} == {
        ("title", "New title"), ("outlet", None), ("published_on", "2024-11-22")}


def test_source_text_added_later_is_checked_against_every_quote(cli, landmine, tmp_path):
    source = cli("source", "add", "--title", "Wire copy", "--slug", "wire").stdout.strip()
    fine = record(cli, "biden-admin", "supply", "2024-11-19", "--quote", "land mines that are not persistent", source="wire")
    cli("source", "edit", "wire", "--text-file", "-", input="The land mines that are not persistent, he said.")
    assert cli.json("source", "show", source)[0]["has_text"] is True
    [row] = history(cli)
    assert (row["field"], row["old_value"], row["new_value"]) == (
        "content", None, "The land mines that are not persistent, he said.")
    assert fine


def test_source_text_that_lacks_a_quote_is_refused_listing_the_quotes(cli, landmine, unchanged, tmp_path):
    cli("source", "add", "--title", "Wire copy", "--slug", "wire")
    a = record(cli, "biden-admin", "supply", "2024-11-19", "--quote", "not persistent", source="wire")
    b = record(cli, "biden-admin", "ban", "2022", "--quote", "never again", source="wire")
    text_file = tmp_path / "wire.txt"
    text_file.write_text("The mines are not persistent.")
    with unchanged():
        message = cli.fails("source", "edit", "wire", "--text-file", str(text_file)).stderr
    assert f'position {b}: "never again"' in message and f"position {a}" not in message


@pytest.mark.parametrize(
    "args, message",
    [
        (("--text-file", str(SEED_ARTICLE)), "already has the same text"),
        (("--slug", "Bad Slug"), "invalid source slug"),
        (("--published", "soon"), "invalid --published"),
        (("--title", "Wire copy"), "nothing to change"),
    ],
)
def test_source_edit_refusals_change_nothing(cli, landmine, unchanged, args, message):
    cli("source", "add", "--title", "Wire copy", "--slug", "wire")
    with unchanged():
        assert message in cli.fails("source", "edit", "wire", *args).stderr


def test_history_names_a_source_by_its_slug_else_its_url_else_its_id(cli, landmine):
    by_url = cli("source", "add", "--title", "Wire", "--url", "https://example.org/wire").stdout.strip()
    bare = cli("source", "add", "--title", "Leaflet").stdout.strip()
    cli("source", "edit", SOURCE_SLUG, "--title", "New title")
    cli("source", "edit", by_url, "--title", "Wire copy")
    cli("source", "remove", bare)
    assert [row["record"] for row in history(cli)] == [SOURCE_SLUG, "https://example.org/wire", f"source {bare}"]


def test_source_remove_only_when_unused(cli, landmine, unchanged):
    cli("source", "add", "--title", "Stray", "--slug", "stray", "--url", "https://example.org/stray")
    position = record(cli, "biden-admin", "supply", "2024-11-19")
    with unchanged():
        assert f"evidence for positions {position}" in cli.fails("source", "remove", SOURCE_SLUG).stderr
    cli("source", "remove", "stray")
    assert [s["slug"] for s in cli.json("source", "list")] == [SOURCE_SLUG]
    removed = {r["field"]: r["old_value"] for r in history(cli) if r["action"] == "remove"}
    assert removed["url"] == "https://example.org/stray" and removed["title"] == "Stray"


# correct ---------------------------------------------------------------


def test_correct_can_change_actor_topic_kind_and_summary(cli, landmine):
    cli("topic", "add", "apl-transfer", "--name", "Transfer", "--scale", "apl-policy")
    old = record(cli, "trump-admin", "supply", "2024-11-19", "--summary", "wrong")
    new = int(cli("correct", old, "--actor", "biden-admin", "--topic", "apl-transfer", "--kind", "action",
                  "--summary", "Biden authorises the delivery").stdout)
    [row] = cli.json("timeline", "--topic", "apl-transfer")
    assert (row["id"], row["actor"], row["kind"], row["summary"]) == (
        new, "biden-admin", "action", "Biden authorises the delivery")
    fields = {r["field"]: (r["old_value"], r["new_value"]) for r in history(cli)}
    assert fields["actor"] == ("trump-admin", "biden-admin") and fields["superseded_by"] == (None, str(new))


def test_correct_with_an_empty_summary_clears_it_and_history_says_so(cli, landmine):
    # Like every clearing edit option (--note '', --url ''), and --help says so.
    assert "empty value ('') to clear it" in " ".join(cli("correct", "--help").stdout.split())
    old = record(cli, "biden-admin", "supply", "2024-11-19", "--summary", "wrong")
    new = int(cli("correct", old, "--summary", "").stdout)
    [row] = cli.json("timeline")
    assert (row["id"], row["summary"], row["supersedes_id"]) == (new, None, old)
    fields = {r["field"]: (r["old_value"], r["new_value"]) for r in history(cli)}
    assert fields["summary"] == ("wrong", None) and fields["superseded_by"] == (None, str(new))
    assert "nothing to correct" in cli.fails("correct", new, "--summary", "").stderr


def test_correct_topic_onto_a_scale_without_the_stance_is_refused(cli, landmine, unchanged):
    cli("scale", "add", "yesno", "--name", "Yes/no", "--level", "-1=no", "--level", "0=unsure", "--level", "1=yes")
    cli("topic", "add", "other", "--name", "Other", "--scale", "yesno")
    old = record(cli, "biden-admin", "supply", "2024-11-19")
    with unchanged():
        assert 'not on scale "yesno"' in cli.fails("correct", old, "--topic", "other").stderr


def test_retract_is_recorded_in_history(cli, landmine):
    position = record(cli, "biden-admin", "supply", "2024-11-19")
    cli("retract", position, "--reason", "misread")
    [row] = history(cli)
    assert (row["action"], row["record_id"], row["new_value"]) == ("retract", position, "misread")


def test_an_import_that_gives_an_existing_actor_a_new_alias_is_recorded_in_history(cli, landmine, tmp_path):
    bundle = tmp_path / "aliases.yaml"
    bundle.write_text("actors:\n  - {slug: biden-admin, aliases: [Biden White House]}\n")

    cli("import", str(bundle))
    cli("import", str(bundle))  # the second import adds nothing, so it logs nothing

    [row] = history(cli)
    assert (row["action"], row["record_type"], row["record"]) == ("alias-add", "actor", "biden-admin")
    assert (row["field"], row["old_value"], row["new_value"]) == ("alias", None, "Biden White House")


# history ---------------------------------------------------------------


def test_history_since_filters_and_refuses_a_bad_date(cli, landmine):
    cli("actor", "edit", "us", "--note", "x")
    assert len(history(cli, "--since", "2000")) == 1
    assert history(cli, "--since", "2999-01-01") == []
    assert "invalid --since" in cli.fails("history", "--since", "yesterday").stderr


def test_history_table_and_view(cli, landmine):
    cli("actor", "edit", "us", "--note", "x")
    assert "note" in cli("history").stdout
    [row] = cli.json("sql", "SELECT record, field, new_value FROM v_history")
    assert row == {"record": "us", "field": "note", "new_value": "x"}


# db downgrade ----------------------------------------------------------


def test_downgrade_that_drops_rows_asks_for_yes_and_counts_them(cli, landmine, unchanged, db):
    with unchanged():
        message = cli.fails("db", "downgrade", "base").stderr
    assert "drops 13 rows" in message and "3 in actors" in message and "--yes" in message
    cli("db", "downgrade", "base", "--yes")
    assert db.current_revision() is None
    db.dispose()


def test_downgrade_below_the_audit_revision_counts_the_audit_rows(cli, landmine, db):
    cli("actor", "edit", "us", "--note", "x")
    assert "drops 1 rows (1 in audit_log)" in cli.fails("db", "downgrade", "0002").stderr
    cli("db", "downgrade", "0002", "--yes")
    assert db.current_revision() == "0002"
    db.dispose()


def test_downgrade_below_the_vocabulary_revision_counts_keywords_and_cues_but_not_the_built_in_ones(cli, landmine, db):
    cli("db", "downgrade", "0005")  # nothing of the user's is lost yet: no --yes needed
    cli("db", "upgrade")
    cli("topic", "keyword", "apl-use", "landmines")
    cli("scale", "cue", "support", "support", "cheer on")
    message = cli.fails("db", "downgrade", "0005").stderr
    assert "drops 2 rows" in message and "1 in topic_keywords" in message and "1 in scale_cues" in message
    cli("db", "downgrade", "0005", "--yes")
    assert db.current_revision() == "0005"
    db.dispose()


def test_downgrade_below_the_cue_revision_takes_back_only_its_shipped_cues(cli, landmine, db):
    cli("scale", "cue", "support", "support", "cheer on")
    cli("db", "downgrade", "0006")  # the shipped cues are no user data: no --yes needed
    with db.engine.connect() as connection:  # the commands refuse a database behind the newest revision
        phrases = set(connection.execute(text("SELECT phrase FROM scale_cues")).scalars())
    assert "cheer on" in phrases and "endorse" in phrases and "put on hold" not in phrases
    db.dispose()
