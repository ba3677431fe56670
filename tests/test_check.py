"""``policytrack check``: the integrity report (codes as in policytrack/checks.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from policytrack.models import Actor, Evidence

CHECK_KEYS = {"severity", "code", "position", "source", "actor", "message"}

ARTICLE = "The minister said: \u201cWe\u2019ll restrict   the use of landmines\u201d on Tuesday.\n"


def findings(world):
    """The findings as JSON, whatever the exit status."""
    import json

    result = world.cli("check", "--format", "json", expect=None)
    return result.exit_code, json.loads(result.stdout)


def codes(rows):
    return [(row["severity"], row["code"]) for row in rows]


@pytest.fixture(autouse=True)
def src_in_use(world):
    """The world's source ``src`` supports a position, so it is not reported unused."""
    world.record("us", "aid", "support", "2020")


@pytest.fixture
def article(world, tmp_path):
    """A source with its text, published 2024-11-21; returns its id."""
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = world.cli("source", "add", "--title", "Article", "--slug", "article", "--published", "2024-11-21",
                       "--text-file", str(path))
    return int(result.stdout)


def test_a_clean_database_has_no_findings(world):
    assert findings(world) == (0, [])


def test_a_quote_missing_from_its_source_is_an_error(world, article):
    position = world.record("fr", "apl", "restrict", "2024-11", "--quote", "restrict the use of landmines",
                            source="article")
    with world.db.session() as s:
        s.execute(update(Evidence).where(Evidence.position_id == position).values(quote="we will supply mines"))
    world.db.dispose()

    status, rows = findings(world)

    assert status == 1
    [row] = rows
    assert (row["severity"], row["code"]) == ("error", "quote_not_in_source")
    assert (row["position"], row["source"], row["actor"]) == (position, article, "fr")


def test_quotes_match_ignoring_case_whitespace_and_quote_marks(world, article):
    world.record("fr", "apl", "restrict", "2024-11", "--quote", "\"we'll RESTRICT the use\nof landmines\"",
                 source="article")

    assert findings(world) == (0, [])


def test_any_quote_goes_for_a_source_without_text(world):
    world.record("fr", "apl", "restrict", "2024-11", "--quote", "words the source has no text for")

    assert findings(world) == (0, [])


def test_an_active_period_ending_before_it_starts_is_an_error(world):
    with world.db.session() as s:
        s.add(Actor(slug="inverted", name="Inverted", kind="government",
                    active_from=dt.date(2021, 1, 20), active_until=dt.date(2017, 1, 20)))
    world.db.dispose()

    status, rows = findings(world)

    assert status == 1
    assert [(row["severity"], row["code"], row["actor"]) for row in rows] == [
        ("error", "active_period_inverted", "inverted"),
    ]


@pytest.fixture
def administration(world):
    world.cli("actor", "add", "admin", "--name", "An administration", "--kind", "government", "--parent", "us",
              "--active-from", "2021-01-20", "--active-until", "2025-01-20")
    return world


@pytest.mark.parametrize("on", ["2020-06", "2021-01-19", "2025-01-21", "2025-02", "2019"])
def test_a_position_outside_its_actors_active_period_is_a_warning(administration, on):
    position = administration.record("admin", "aid", "support", on)

    status, rows = findings(administration)

    assert status == 0
    assert [(row["severity"], row["code"], row["position"], row["actor"]) for row in rows] == [
        ("warning", "outside_active_period", position, "admin"),
    ]


@pytest.mark.parametrize("on", ["2021", "2021-01", "2021-01-20", "2023-05-05", "2025-01-20", "2025-01", "2025"])
def test_a_position_overlapping_the_active_period_is_not_outside_it(administration, on):
    administration.record("admin", "aid", "support", on)

    assert findings(administration) == (0, [])


def test_an_actor_without_active_period_has_no_such_warning(world):
    world.record("fr", "aid", "support", "1800")

    assert findings(world) == (0, [])


def test_an_action_dated_after_every_source_is_a_warning(world, article):
    position = world.record("fr", "apl", "restrict", "2024-12-01", "--kind", "action", source="article")

    status, rows = findings(world)

    assert status == 0
    assert [(row["severity"], row["code"], row["position"], row["actor"]) for row in rows] == [
        ("warning", "action_after_sources", position, "fr"),
    ]


def test_a_statement_may_announce_a_later_date(world, article):
    world.record("fr", "apl", "restrict", "2024-12-01", "--kind", "statement", source="article")

    assert findings(world) == (0, [])


def test_an_action_in_the_month_of_its_source_is_not_after_it(world, article):
    world.record("fr", "apl", "restrict", "2024-11", "--kind", "action", source="article")

    assert findings(world) == (0, [])


def test_an_action_reported_by_a_later_source_is_not_after_every_source(world, article):
    world.cli("source", "add", "--title", "Follow-up", "--slug", "follow-up", "--published", "2025-01-10")
    world.record("fr", "apl", "restrict", "2024-12-01", "--kind", "action", source="article")
    world.record("fr", "apl", "restrict", "2024-12-01", "--kind", "action", source="follow-up")

    assert findings(world) == (0, [])


def test_an_action_with_an_undated_source_is_not_flagged(world, article):
    world.record("fr", "apl", "restrict", "2024-12-01", "--kind", "action", source="article")
    world.record("fr", "apl", "restrict", "2024-12-01", "--kind", "action", source="src")  # src has no date

    assert findings(world) == (0, [])


def test_a_source_with_no_positions_is_a_warning(world):
    unused = int(world.cli("source", "add", "--title", "Nobody cites me", "--slug", "unused").stdout)

    status, rows = findings(world)

    assert status == 0
    assert [(row["severity"], row["code"], row["source"], row["position"]) for row in rows] == [
        ("warning", "source_unused", unused, None),
    ]


def test_json_keys_and_errors_before_warnings(world, article):
    world.cli("source", "add", "--title", "Nobody cites me", "--slug", "unused")
    position = world.record("fr", "apl", "restrict", "2024-11", "--quote", "restrict the use", source="article")
    with world.db.session() as s:
        s.execute(update(Evidence).where(Evidence.position_id == position).values(quote="not in the article"))
    world.db.dispose()

    status, rows = findings(world)

    assert status == 1
    assert all(set(row) == CHECK_KEYS for row in rows)
    assert codes(rows) == [("error", "quote_not_in_source"), ("warning", "source_unused")]
    assert all(isinstance(row["message"], str) and row["message"] for row in rows)


def test_check_exits_1_with_the_report_on_stdout_in_any_format(world):
    with world.db.session() as s:
        s.add(Actor(slug="inverted", name="Inverted", kind="government",
                    active_from=dt.date(2021, 1, 1), active_until=dt.date(2020, 1, 1)))
    world.db.dispose()

    result = world.cli("check", expect=1)

    assert "active_period_inverted" in result.stdout
    assert "Traceback" not in result.stderr


def test_check_with_only_warnings_exits_0(world):
    world.cli("source", "add", "--title", "Nobody cites me", "--slug", "unused")

    assert codes(findings(world)[1]) == [("warning", "source_unused")]
    world.cli("check")  # asserts exit 0


def test_check_on_a_clean_database_says_so(cli):
    result = cli("check")
    assert result.stderr.strip() == "no findings"
    assert cli.json("check") == []


# The precision of publication dates ---------------------------------------------------


@pytest.mark.parametrize("published, action_on, warned", [
    ("2024", "2024-06", False),  # an action of June 2024 is not after a source of "2024"
    ("2024", "2024-12-31", False),
    ("2024", "2025-01", True),
    ("2024-06", "2024-06-30", False),
    ("2024-06", "2024-07-01", True),
    ("2024-06-15", "2024-06-16", True),
    ("2024-06-15", "2024-06", False),
])
def test_an_action_is_after_its_source_only_after_the_end_of_its_publication_period(world, published, action_on, warned):
    world.cli("source", "add", "--title", "Annual report", "--slug", "annual", "--published", published)
    position = world.record("fr", "aid", "support", action_on, "--kind", "action", source="annual")

    _, rows = findings(world)

    reported = [row for row in rows if row["code"] == "action_after_sources"]
    assert [row["position"] for row in reported] == ([position] if warned else [])
    if warned:
        assert f"(latest {published})" in reported[0]["message"]


def test_an_action_after_one_source_is_not_after_a_later_coarse_one(world):
    world.cli("source", "add", "--title", "Early", "--slug", "early", "--published", "2024-01-10")
    world.cli("source", "add", "--title", "Yearly", "--slug", "yearly", "--published", "2024")
    position = world.record("fr", "aid", "support", "2024-06", "--kind", "action", source="early")
    world.record("fr", "aid", "support", "2024-06", "--kind", "action", source="yearly")

    _, rows = findings(world)

    assert position not in [row["position"] for row in rows if row["code"] == "action_after_sources"]


# --as-recorded --------------------------------------------------------------------------


def test_check_as_recorded_leaves_out_positions_recorded_later(world):
    from helpers import utc

    world.cli("actor", "add", "old-admin", "--name", "Old", "--active-from", "2017-01-20", "--active-until", "2021-01-20")
    position = world.record("old-admin", "aid", "support", "2022")
    world.set_times(position, recorded_at=utc(2024, 6, 1))

    def outside(*args):
        result = world.cli("check", "--format", "json", *args, expect=None)
        import json

        return [row["position"] for row in json.loads(result.stdout) if row["code"] == "outside_active_period"]

    assert outside() == [position]
    assert outside("--as-recorded", "2024-06-02") == [position]
    assert outside("--as-recorded", "2024-05-31") == []


def test_check_as_recorded_leaves_out_sources_added_later_and_uses_made_later(world):
    import json

    from sqlalchemy import update

    from policytrack.models import Source

    from helpers import utc

    memo = int(world.cli("source", "add", "--title", "Memo", "--slug", "memo").stdout)
    cited = int(world.cli("source", "add", "--title", "Cited later", "--slug", "cited").stdout)
    position = world.record("fr", "aid", "oppose", "2023", source="cited")
    with world.db.session() as s:
        s.execute(update(Source).where(Source.id == memo).values(added_at=utc(2024, 3, 1)))
        s.execute(update(Source).where(Source.id == cited).values(added_at=utc(2024, 1, 1)))
    world.db.dispose()
    world.set_times(position, recorded_at=utc(2024, 5, 1))

    def unused(moment):
        result = world.cli("check", "--format", "json", "--as-recorded", moment, expect=None)
        return [row["source"] for row in json.loads(result.stdout) if row["code"] == "source_unused"]

    assert unused("2024-02-01") == [cited]  # the memo did not exist yet; cited was not yet cited
    assert unused("2024-04-01") == [memo, cited]
    assert unused("2024-06-01") == [memo]


def test_check_as_recorded_refuses_a_bad_timestamp(world):
    assert "--as-recorded" in world.cli.fails("check", "--as-recorded", "yesterday").stderr
