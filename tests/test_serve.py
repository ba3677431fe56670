"""``policytrack serve``: Datasette's metadata, canned queries and read-only access,
through Datasette's own test client (no socket)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import inspect

from policytrack.schema_docs import SEARCH_INDEX_PREFIX, TABLES, VIEWS, described

from helpers import snapshot

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_table_view_and_column_is_described_once(db):
    inspector = inspect(db.engine)
    tables = {
        name for name in inspector.get_table_names()
        if name != "alembic_version" and not name.startswith(SEARCH_INDEX_PREFIX)
    }
    views = set(inspector.get_view_names())
    db.dispose()
    assert set(TABLES) == tables and set(VIEWS) == views
    for name, doc in described().items():
        columns = [column["name"] for column in inspect(db.engine).get_columns(name)]
        assert list(doc.columns) == columns, name
        assert doc.title and doc.description and all(doc.columns.values())
    db.dispose()


def test_readme_schema_tables_name_the_described_columns():
    rows = re.findall(r"^\| (`[a-z_]+`(?:, `[a-z_]+`)*) \| (.+) \|$", README.read_text(encoding="utf-8"), re.M)
    listed: dict[str, set[str]] = {}
    for names, cells in rows:
        names = re.findall(r"`([a-z_]+)`", names)
        for part in cells.split(";"):
            label, _, columns = part.rpartition(":")
            owner = names[0] if len(names) == 1 else next(n for n in names if n.endswith(label.strip() or names[0]))
            words = re.sub(r"\([^)]*\)", "", columns).split(",")
            listed[owner] = {w.strip() for w in words if w.strip()}
    assert set(listed) == set(described())
    for name, doc in described().items():
        # README leaves out the row ids of the two link tables.
        assert listed[name] == set(doc.columns) - ({"id"} if name in ("actor_aliases", "evidence") else set()), name


def datasette_for(db):
    pytest.importorskip("datasette", reason="the web extra (datasette) is not installed")
    from policytrack.serve import datasette, datasette_name, sqlite_file

    path = sqlite_file(db)
    ds = datasette(path)
    asyncio.run(ds.invoke_startup())
    return ds, datasette_name(path)


def get(ds, path: str):
    response = asyncio.run(ds.client.get(path))
    return response


def sqlite_only(db):
    if not db.is_sqlite:
        pytest.skip("Datasette serves SQLite; PostgreSQL is refused (test_postgresql_is_refused)")


def test_datasette_shows_descriptions_labels_and_facets(seeded, db):
    sqlite_only(db)
    ds, name = datasette_for(db)

    page = get(ds, f"/{name}/v_reversals")
    assert page.status_code == 200 and VIEWS["v_reversals"].description in page.text
    data = get(ds, f"/{name}/v_reversals.json?_shape=objects").json()
    assert set(data["facet_results"]) == {"level", "kind", "actor", "topic"}
    levels = {row["value"]: row["count"] for row in data["facet_results"]["level"]["results"]}
    expected = {}
    for change in seeded.json("reversals", "--level", "shift"):
        expected[change["level"]] = expected.get(change["level"], 0) + 1
    assert levels == expected

    positions = get(ds, f"/{name}/positions.json?_labels=on&_shape=objects&_size=max").json()["rows"]
    timeline = {row["id"]: row for row in seeded.json("timeline", "--include-retracted")}
    names = {row["slug"]: row["name"] for row in seeded.json("actor", "list")}
    assert {row["id"]: row["actor_id"]["label"] for row in positions} == {
        i: names[row["actor"]] for i, row in timeline.items()
    }
    actors_page = get(ds, f"/{name}/actors").text
    assert TABLES["actors"].columns["kind"] in actors_page and TABLES["actors"].title in actors_page


def test_canned_queries_answer_like_the_reports(seeded, db):
    sqlite_only(db)
    ds, name = datasette_for(db)

    def rows(query: str, **params):
        response = get(ds, f"/{name}/{query}.json?_shape=objects&" + "&".join(f"{k}={v}" for k, v in params.items()))
        assert response.status_code == 200, response.text
        return response.json()["rows"]

    changes = seeded.json("reversals", "--level", "shift", "--actor", "biden-admin")
    by_alias = rows("reversals_of_actor", actor="the+Biden+administration")
    assert [(r["from_position"], r["to_position"], r["level"]) for r in by_alias] == [
        (c["from_position"], c["to_position"], c["level"]) for c in changes
    ]
    since = seeded.json("reversals", "--level", "shift", "--since", "2024-11-15")
    assert {r["to_position"] for r in rows("changed_since", since="2024-11-15")} == {c["to_position"] for c in since}

    position = seeded.json("timeline")[-1]
    evidence = rows("evidence_of_position", position=position["id"])
    assert sorted((e["quote"]) for e in evidence) == sorted(s["quote"] for s in position["sources"])
    citing = {
        row["id"] for row in seeded.json("timeline", "--include-retracted")
        if any(s["source"] == "caliber-2024-11-21" for s in row["sources"])
    }
    source_id = next(s["id"] for s in seeded.json("source", "list") if s["slug"] == "caliber-2024-11-21")
    assert citing
    assert {r["id"] for r in rows("positions_of_source", source="caliber-2024-11-21")} == citing
    assert {r["id"] for r in rows("positions_of_source", source=source_id)} == citing


def test_nothing_can_be_written_through_datasette(seeded, db):
    sqlite_only(db)
    ds, name = datasette_for(db)
    before = snapshot(db)

    assert get(ds, f"/{name}.json?sql=DELETE+FROM+positions").status_code == 400
    assert get(ds, f"/{name}.json?sql=UPDATE+actors+SET+name%3D%27x%27").status_code == 400
    with pytest.raises(PermissionError):
        asyncio.run(ds.get_database(name).execute_write("DELETE FROM positions"))
    with pytest.raises(Exception, match="readonly"):
        asyncio.run(ds.get_database(name).execute_fn(lambda conn: conn.execute("DELETE FROM positions")))

    assert snapshot(db) == before


def test_metadata_prints_as_yaml(seeded, db):
    sqlite_only(db)
    from policytrack.serve import metadata

    printed = yaml.safe_load(seeded("serve", "--metadata").stdout)
    name = Path(db.url).stem
    assert printed == metadata(name)
    tables = printed["databases"][name]["tables"]
    assert tables["v_reversals"]["facets"] == ["level", "kind", "actor", "topic"]
    assert tables["actors"]["label_column"] == "name" and tables["topics"]["label_column"] == "name"
    assert set(printed["databases"][name]["queries"]) == {
        "reversals_of_actor", "evidence_of_position", "positions_of_source", "changed_since"
    }


def test_postgresql_is_refused(cli, db):
    if db.is_sqlite:
        pytest.skip("the refusal is PostgreSQL's")
    for args in (("serve",), ("serve", "--metadata")):
        error = cli.fails(*args).stderr
        assert "Datasette reads SQLite" in error and "policytrack export" in error
