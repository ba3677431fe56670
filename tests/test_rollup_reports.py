"""--rollup for current and diff, and the hint when an umbrella actor is asked about without it."""

from __future__ import annotations

from helpers import record


def build(cli):
    trump = record(cli, "trump-admin", "permit", "2020-01-31")
    restrict = record(cli, "biden-admin", "restrict", "2022-06-21")
    supply = record(cli, "biden-admin", "supply", "2024-11-19")
    return trump, restrict, supply


def test_current_rollup_gives_the_top_level_actor_the_latest_sub_actor_position(cli, landmine):
    trump, restrict, supply = build(cli)
    assert cli.json("current", "--rollup") == [{
        "actor": "us", "topic": "apl-use", "stance": 2, "stance_label": "supply", "effective_on": "2024-11-19",
        "date_precision": "day", "position_id": supply,
    }]
    [row] = cli.json("current", "--rollup", "--actor", "trump-admin", "--on", "2021")  # a sub-actor stands for us
    assert (row["actor"], row["position_id"]) == ("us", trump)
    assert [r["actor"] for r in cli.json("current")] == ["biden-admin", "trump-admin"]


def test_current_without_rollup_on_an_umbrella_actor_hints(cli, landmine):
    build(cli)
    result = cli("current", "--actor", "us", "-f", "json")
    assert result.stdout.strip() == "[]"
    assert "us has no positions of its own; its sub-actors (biden-admin, trump-admin) do: add --rollup" in result.stderr
    assert "hint" not in cli("current", "--actor", "us", "--rollup").stderr
    assert "hint" not in cli("current", "--actor", "biden-admin").stderr


def test_diff_dates_rollup_spans_administrations(cli, landmine):
    trump, restrict, supply = build(cli)
    [row] = cli.json("diff", "us", "--from", "2021", "--to", "2024-12", "--rollup")
    assert (row["from_position"], row["to_position"], row["change"]) == (trump, supply, "shift")
    assert "add --rollup" in cli("diff", "us", "--from", "2021").stderr


def test_diff_actors_rollup(cli, landmine):
    build(cli)
    cli("actor", "add", "uk", "--name", "United Kingdom", "--kind", "state")
    record(cli, "uk", "ban", "1998")
    [row] = cli.json("diff", "us", "uk", "--on", "2023", "--rollup")
    assert (row["label_a"], row["label_b"], row["relation"]) == ("restrict", "ban", "differ")
    assert cli.json("diff", "us", "uk", "--on", "2023")[0]["relation"] == "only_b"


def test_rollup_refuses_an_unknown_actor(cli, landmine, unchanged):
    with unchanged():
        cli.fails("current", "--rollup", "--actor", "nobody")
