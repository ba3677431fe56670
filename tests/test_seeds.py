"""The bundled seed data: SPEC.md's landmine example, loaded by ``init --seed``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import snapshot

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_init_seed_twice_adds_nothing_the_second_time(cli, db):
    first = cli("init", "--seed")
    before = snapshot(db)

    second = cli("init", "--seed")

    assert "positions: 9 created, 0 skipped" in first.stderr
    assert snapshot(db) == before
    assert "positions: 0 created, 9 skipped" in second.stderr
    assert " created, 0 skipped" not in second.stderr.replace("0 created, 0 skipped", "")


def test_load_seed_data_finds_its_files_through_the_package(db):
    from policytrack.bulk import load_seed_data
    from policytrack.bulk.seeds import seeds_dir

    assert (seeds_dir() / "landmines.yaml").is_file() and (seeds_dir() / "seed-article.txt").is_file()
    with db.session() as session:
        summary = load_seed_data(session)
    db.dispose()
    assert summary.created["positions"] == 9 and summary.created["sources"] == 5


def test_every_seed_quote_is_verbatim_from_the_article():
    from policytrack.bulk.yamlio import BundleLoader

    bundle = yaml.load((SEEDS / "landmines.yaml").read_text(encoding="utf-8"), Loader=BundleLoader)
    article = (SEEDS / "seed-article.txt").read_text(encoding="utf-8")
    with_text = {source["slug"] for source in bundle["sources"] if "text_file" in source or "content" in source}
    quotes = [item for position in bundle["positions"] for item in position["evidence"] if item.get("quote")]

    assert with_text == {"caliber-2024-11-21"}
    assert len(quotes) >= 9
    for item in quotes:
        assert item["source"] == "caliber-2024-11-21"
        assert item["quote"] in article  # verbatim, not just equal up to spacing and quote marks


def test_the_seed_article_is_the_shared_one():
    shared = Path("/work/shared/seed-article.txt")
    if not shared.exists():
        pytest.skip("the shared seed article is not here")
    assert (SEEDS / "seed-article.txt").read_bytes() == shared.read_bytes()


def position_ids(cli) -> dict[tuple[str, str, str], int]:
    return {(row["actor"], row["topic"], row["effective_on"]): row["id"] for row in cli.json("timeline")}


def test_rolled_up_reversals_show_the_landmine_story(seeded):
    ids = position_ids(seeded)
    rows = seeded.json("reversals", "--rollup")
    found = {(row["topic"], row["to_on"]): row for row in rows}

    assert {row["actor"] for row in rows} == {"us"}
    lifted = found["apl-use", "2020-01-31"]
    assert (lifted["from_actor"], lifted["to_actor"], lifted["kind"], lifted["level"]) == (
        "obama-admin", "trump-admin", "succession", "full")
    assert (lifted["from_label"], lifted["to_label"]) == ("restrict", "permit")

    restored = found["apl-use", "2022-06-21"]
    assert (restored["from_actor"], restored["to_actor"], restored["kind"]) == ("trump-admin", "biden-admin", "succession")
    assert restored["restores"] == ids["obama-admin", "apl-use", "2014-09-23"]

    for topic in ("apl-use", "apl-transfer"):
        reversed_ = found[topic, "2024-11-01"]
        assert reversed_["to_precision"] == "month"
        assert (reversed_["from_actor"], reversed_["to_actor"], reversed_["kind"], reversed_["level"]) == (
            "biden-admin", "biden-admin", "self", "full")
    assert found["apl-transfer", "2024-11-01"]["to_label"] == "supply"

    atacms = found["atacms-strikes-russia", "2024-11-18"]
    assert (atacms["from_label"], atacms["to_label"], atacms["level"], atacms["kind"]) == (
        "oppose", "support", "full", "self")
    assert atacms["sources"] == ["caliber-2024-11-21"]
    assert len(rows) == 5


def test_without_rollup_only_the_biden_administration_reverses_itself(seeded):
    rows = seeded.json("reversals")

    assert {(row["actor"], row["topic"], row["to_on"]) for row in rows} == {
        ("biden-admin", "apl-use", "2024-11-01"),
        ("biden-admin", "apl-transfer", "2024-11-01"),
        ("biden-admin", "atacms-strikes-russia", "2024-11-18"),
    }


def test_the_candidate_biden_is_not_part_of_the_us_series(seeded):
    [statement] = seeded.json("timeline", "--actor", "joe-biden")

    assert (statement["kind"], statement["stance_label"], statement["date_precision"]) == ("statement", "restrict", "year")
    assert seeded.json("reversals", "--rollup", "--actor", "joe-biden") == []


def test_check_finds_no_errors_in_the_seed_data(seeded):
    result = seeded("check", "--format", "json")

    assert [finding for finding in __import__("json").loads(result.stdout) if finding["severity"] == "error"] == []


def test_sources_without_stored_text_have_no_quotes(seeded):
    sources = {source["slug"]: source for source in seeded.json("source", "list")}

    assert sources["caliber-2024-11-21"]["has_text"] is True
    assert sources["caliber-2024-11-21"]["author"] == "Naila Huseynova"
    others = [source for slug, source in sources.items() if slug != "caliber-2024-11-21"]
    assert others and not any(source["has_text"] for source in others)
    for row in seeded.json("timeline"):
        for item in row["sources"]:
            if item["quote"] is not None:
                assert item["source"] == "caliber-2024-11-21"


def test_a_source_quoted_twice_for_one_position_is_listed_once(seeded):
    transfer = next(row for row in seeded.json("timeline") if row["topic"] == "apl-transfer" and row["stance"] == 2)
    assert [item["source"] for item in transfer["sources"]] == ["caliber-2024-11-21", "caliber-2024-11-21"]

    reversal = next(row for row in seeded.json("reversals", "--topic", "apl-transfer"))
    assert reversal["sources"] == ["caliber-2024-11-21"]
    table = seeded("timeline", "--topic", "apl-transfer").stdout
    assert "caliber-2024-11-21; caliber-2024-11-21" not in table and "caliber-2024-11-21" in table
