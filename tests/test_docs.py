"""Docs that cannot drift: the generated CLI reference, every command documented,
and the JSON keys SPEC.md promises for every listing command, on both backends."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policytrack.cli.reference import command_paths, reference

from helpers import record

ROOT = Path(__file__).resolve().parents[1]
CLI_REFERENCE = ROOT / "docs" / "cli.md"


def test_the_cli_reference_is_up_to_date():
    assert CLI_REFERENCE.exists(), "docs/cli.md is missing: run `make docs`"
    assert CLI_REFERENCE.read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is stale: run `make docs` (python -m policytrack.cli.reference docs/cli.md) and commit it"
    )


def test_every_command_path_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## policytrack (.+)$", CLI_REFERENCE.read_text(encoding="utf-8"), re.MULTILINE))
    paths = command_paths()
    assert {"init", "timeline", "db upgrade", "actor add", "source show"} <= set(paths)
    undocumented = [path for path in paths if f"policytrack {path}" not in readme and path not in headings]
    assert not undocumented, f"not in README.md nor docs/cli.md (run `make docs`): {undocumented}"


# The JSON keys SPEC.md names for each listing; a listing may carry more.
SPEC_KEYS = {
    ("timeline",): {
        "id", "actor", "topic", "stance", "stance_label", "effective_on", "date_precision", "kind", "summary",
        "recorded_at", "retracted_at", "sources",
    },
    ("current",): {"actor", "topic", "stance", "stance_label", "effective_on", "date_precision", "position_id"},
    ("diff", "biden-admin", "--from", "2022-01", "--to", "2025"): {
        "topic", "from_position", "from_stance", "from_label", "from_on", "from_precision", "to_position",
        "to_stance", "to_label", "to_on", "to_precision", "change",
    },
    ("diff", "biden-admin", "trump-admin", "--on", "2024-12"): {
        "topic", "stance_a", "label_a", "stance_b", "label_b", "relation",
    },
    ("reversals", "--level", "shift"): {
        "actor", "topic", "from_actor", "to_actor", "from_position", "to_position", "from_stance", "from_label",
        "from_on", "from_precision", "to_stance", "to_label", "to_on", "to_precision", "level", "kind", "restores",
        "sources",
    },
    ("check",): {"severity", "code", "position", "source", "actor", "message"},
    # The catalog listings: the fields of SPEC.md's tables, with slugs for references.
    ("actor", "list"): {"slug", "name", "kind", "parent", "active_from", "active_until", "aliases"},
    ("topic", "list"): {"slug", "name", "scale", "parent", "description"},
    ("scale", "list"): {"slug", "name", "pivot", "levels"},
    ("source", "list"): {"id", "slug", "url", "title", "outlet", "author", "published_on"},
}


@pytest.fixture
def stocked(cli, landmine):
    """Positions for every listing to return rows: a change, two actors to compare, a check finding."""
    record(cli, "trump-admin", "permit", "2020-01-31", "--kind", "action")
    record(cli, "biden-admin", "restrict", "2022-06-21", "--kind", "action")
    record(cli, "biden-admin", "supply", "2024-11-19", "--kind", "action")
    cli("source", "add", "--title", "An article nobody cites")  # check warns about it
    return cli


@pytest.mark.parametrize("command", list(SPEC_KEYS), ids=" ".join)
def test_every_listing_gives_a_json_list_with_the_keys_spec_names(stocked, command):
    rows = stocked.json(*command) if command != ("check",) else _check_json(stocked)
    assert isinstance(rows, list) and rows, f"{command} listed nothing"
    for row in rows:
        missing = SPEC_KEYS[command] - set(row)
        assert not missing, f"{' '.join(command)} -f json lacks {sorted(missing)}"
        for key in ("actor", "topic"):
            if key in row and row[key] is not None:
                assert isinstance(row[key], str) and not row[key].isdigit(), "actor and topic are slugs"


def _check_json(cli):
    import json

    return json.loads(cli("check", "--format", "json", expect=None).stdout)
