"""Property: whatever file ``import`` is given, it either imports exactly what
the file says (exit 0) or refuses it with one ``Error:`` line and leaves the
database as it was (exit 1); never a traceback.

Generated CSV files and YAML bundles of positions, valid and broken (bad
names, stances, dates, kinds and quotes; blank, multi-line, NUL-holding
summaries; truncated files, stray ``"``, repeated lines), go through the CLI
on each backend. One database per test function, emptied of what an example
added before the next one, keeps PostgreSQL fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from test_import_export import CATALOG, write
from test_import_trust import ARTICLE

from policytrack.bulk.yamlio import load_bundle
from policytrack.errors import PolicytrackError
from policytrack.quotes import normalize_text

from helpers import snapshot

EXAMPLES = settings(
    max_examples=40, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What the generated cells mean: the oracle's own small model of the catalog.
ACTORS = {"us": "us", "biden-admin": "biden-admin", "Washington": "us", "USA": "us"}
TOPIC_LEVELS = {
    "apl-use": {"ban": -2, "restrict": -1, "no stated policy": 0, "permit": 1, "supply": 2},
    "atacms": {"strongly oppose": -2, "oppose": -1, "neutral": 0, "support": 1, "strongly support": 2},
}
DATES = {"2022": ("2022-01-01", "year"), "2022-06": ("2022-06-01", "month"), "2022-06-21": ("2022-06-21", "day"),
         "2023-02-28": ("2023-02-28", "day")}
KINDS = {"": "statement", "statement": "statement", "action": "action"}
QUOTES = ["decided to limit", "the Biden administration\u2019s previous policy",
          "  the Biden\nadministration's previous  policy ", "DECIDED TO LIMIT", "decided  to limit"] * 2 + [
          "not in the article", "   "]

summaries = st.one_of(
    st.none(), st.sampled_from(["", "  ", " Sends mines ", "a, \"quoted\" one", "two\nlines", "tab\tend\t"]),
    st.text(alphabet=st.sampled_from(list("ab ,\"'\n\t\u00e9") * 6 + ["\x00"]), max_size=12),
)
FIELDS = ("actor", "topic", "stance", "on", "kind", "summary", "quote")


@st.composite
def rows(draw) -> dict:
    """A row of cells, each valid most of the time, so that whole files often are."""
    topic = draw(st.sampled_from([*TOPIC_LEVELS] * 8 + ["nowhere"]))
    labels = list(TOPIC_LEVELS.get(topic, TOPIC_LEVELS["atacms"]))
    return {
        "actor": draw(st.sampled_from([*ACTORS] * 4 + ["nobody"])),
        "topic": topic,
        "stance": draw(st.sampled_from([*labels, *labels, "-1", "2", "sideways"])),
        "on": draw(st.sampled_from([*DATES] * 4 + ["2022-13"])),
        "kind": draw(st.sampled_from([*KINDS] * 5 + ["rumour"])),
        "summary": draw(summaries),
        "quote": draw(st.one_of(st.none(), st.sampled_from(QUOTES))),
    }




def breakage(*ways: str):
    """How a file is broken after it is written (mostly not): (what, where as a fraction of its length)."""
    return st.one_of(st.none(), st.none(), st.none(), st.tuples(st.sampled_from(ways), st.floats(0, 1)))


class Refused(Exception):
    """The oracle finds the file invalid: import must refuse it."""


@pytest.fixture
def baseline(cli, db, tmp_path):
    """The catalog of test_import_export; returns a function that removes what an example added."""
    write(tmp_path, "article.txt", ARTICLE)
    cli("import", write(tmp_path, "catalog.yaml", CATALOG))
    before = snapshot(db)
    tops = {table: max((row[0] for row in before[table]), default=0)
            for table in ("actors", "actor_aliases", "topics", "scales", "sources")}

    def reset() -> dict:
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM evidence"))
            connection.execute(text("DELETE FROM positions"))
            for table in ("actor_aliases", "topics", "actors", "sources"):
                connection.execute(text(f"DELETE FROM {table} WHERE id > {tops[table]}"))
            connection.execute(text(f"DELETE FROM scale_levels WHERE scale_id > {tops['scales']}"))
            connection.execute(text(f"DELETE FROM scales WHERE id > {tops['scales']}"))
        db.dispose()
        assert snapshot(db) == before
        return before

    return reset


def broken(data: bytes, how) -> bytes:
    if how is None:
        return data
    what, where = how
    at = int(where * len(data))
    if what == "truncate":
        return data[:at]
    if what == "quote":
        return data[:at] + b'"' + data[at:]
    if what == "nul":
        return data[:at] + b"\x00" + data[at:]
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    line = min(int(where * len(lines)), len(lines) - 1)
    return b"".join(lines[: line + 1] + lines[line:])


def check_import(cli, db, before: dict, path: Path, expected) -> None:
    """The property, given the oracle's reading of the file (``Refused`` when it finds it invalid)."""
    result = cli("import", path, expect=None)
    assert "Traceback" not in result.stderr
    if result.exit_code == 1:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
        assert snapshot(db) == before, "a refused import changed the database"
        return
    assert result.exit_code == 0, result.stderr
    assert not isinstance(expected, Refused), f"imported a file the oracle refuses ({expected}): {result.stderr}"
    assert stored(cli) == expected


def stored(cli) -> dict:
    """identity -> (summary, evidence), as the timeline shows them."""
    return {
        (row["actor"], row["topic"], row["stance"], row["effective_on"], row["date_precision"], row["kind"]): (
            row["summary"], sorted((item["source"], key(item["quote"])) for item in row["sources"])
        )
        for row in cli.json("timeline")
    }


def key(quote: str | None) -> str:
    return "" if quote is None else normalize_text(quote)


def expected_positions(records: list[dict]) -> dict:
    """What the rows say, by the oracle's model; raises Refused for anything invalid."""
    positions: dict = {}
    for record in records:
        cells = {name: "" if record.get(name) is None else str(record[name]) for name in FIELDS}
        if any("\x00" in cell for cell in cells.values()):
            raise Refused("NUL")
        try:
            actor = ACTORS[cells["actor"].strip()]
            levels = TOPIC_LEVELS[cells["topic"].strip()]
            stance = int(cells["stance"]) if cells["stance"].lstrip("-").isdigit() else levels[cells["stance"]]
            on, precision = DATES[cells["on"].strip()]
            kind = KINDS[cells["kind"].strip()]
        except KeyError as missing:
            raise Refused(f"unknown {missing}") from None
        if stance not in levels.values():
            raise Refused("level")
        quote = cells["quote"]
        if quote and not quote.strip():
            raise Refused("blank quote")
        if quote and normalize_text(quote) not in normalize_text(ARTICLE):
            raise Refused("quote")
        identity = (actor, cells["topic"].strip(), stance, on, precision, kind)
        summary, evidence = positions.setdefault(identity, (cells["summary"].strip() or None, []))
        if ("article", key(quote or None)) not in evidence:
            evidence.append(("article", key(quote or None)))
    return {identity: (summary, sorted(evidence)) for identity, (summary, evidence) in positions.items()}


def oracle(read) -> dict | Refused:
    try:
        return expected_positions(read())
    except Refused as refused:
        return refused


# CSV ---------------------------------------------------------------------------------------

COLUMNS = ["actor", "topic", "stance", "on", "kind", "summary", "source", "quote"]


def csv_bytes(records: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow(["article" if name == "source" else record[name] or "" for name in COLUMNS])
    return out.getvalue().encode("utf-8")


def read_csv(data: bytes) -> list[dict]:
    if b"\x00" in data:
        raise Refused("NUL byte")
    try:
        lines = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))
    except (csv.Error, UnicodeDecodeError) as error:
        raise Refused(str(error)) from None
    if not lines:
        raise Refused("header")
    if lines[0] != COLUMNS:
        header = lines[0]
        # A file cut short inside its header, after whole columns, is a valid file of no positions.
        whole_columns = len(set(header)) == len(header) and {"actor", "topic", "stance", "on"} <= set(header) <= set(COLUMNS)
        if len(lines) == 1 and whole_columns:
            return []
        raise Refused("header")
    records = []
    for line in lines[1:]:
        if not line:
            continue
        if len(line) != len(COLUMNS):
            raise Refused("fields")
        record = dict(zip(COLUMNS, line))
        if any("\n" in record[name] or "\r" in record[name] for name in COLUMNS if name not in ("summary", "quote")):
            raise Refused("line break")
        records.append(record)
    return records


@given(records=st.lists(rows(), min_size=1, max_size=5), how=breakage("truncate", "quote", "repeat line", "nul"))
@EXAMPLES
def test_any_csv_file_is_imported_exactly_or_refused_whole(cli, db, baseline, tmp_path, records, how):
    before = baseline()
    data = broken(csv_bytes(records), how)
    path = tmp_path / "generated.csv"
    path.write_bytes(data)

    expected = oracle(lambda: read_csv(data))
    event("valid" if not isinstance(expected, Refused) else "refused")
    check_import(cli, db, before, path, expected)
    if how is None and not isinstance(expected, Refused):
        assert stored(cli) == expected  # a valid file is imported, not refused


# Bundles -----------------------------------------------------------------------------------


# YAML values that are not text where the bundle wants text (a nested list was once stored as its repr).
ODD_VALUES = st.sampled_from([
    ["x"], [["x", "y"]], {"a": "b"}, True, False, 2022, -1, 1.5, dt.date(2022, 6, 21), None,
])


@st.composite
def odd_cells(draw) -> tuple[str, object] | None:
    """Mostly nothing; sometimes one field of one record given a value of another YAML type."""
    if draw(st.integers(0, 2)):
        return None
    return draw(st.sampled_from(FIELDS)), draw(ODD_VALUES)


def bundle_bytes(records: list[dict], odd: tuple[str, object] | None = None) -> bytes:
    positions = []
    for number, record in enumerate(records):
        if odd is not None and number == 0:
            record = {**record, odd[0]: odd[1]}
        item = {name: record[name] for name in ("actor", "topic", "stance", "on")}
        if record["kind"]:
            item["kind"] = record["kind"]
        if record["summary"] is not None:
            item["summary"] = record["summary"]
        item["evidence"] = [{"source": "article"} | ({"quote": record["quote"]} if record["quote"] else {})]
        positions.append(item)
    return yaml.safe_dump({"positions": positions}, sort_keys=False, allow_unicode=True).encode("utf-8")


def read_bundle(path: Path) -> list[dict]:
    try:
        data = load_bundle(path)  # the YAML reading itself is tested in test_import_trust
    except PolicytrackError as error:
        raise Refused(str(error)) from None
    records = []
    if set(data) - {"positions"} or not isinstance(data.get("positions") or [], list):
        raise Refused("shape")
    for item in data.get("positions") or []:
        if not isinstance(item, dict) or set(item) - {"actor", "topic", "stance", "on", "kind", "summary", "evidence"}:
            raise Refused("fields")
        evidence = item.get("evidence")
        if not isinstance(evidence, list) or len(evidence) != 1 or evidence[0].get("source") != "article":
            raise Refused("evidence")
        on = item.get("on")
        record = {**item, "on": on.isoformat() if isinstance(on, dt.date) else on, "quote": evidence[0].get("quote")}
        if any(isinstance(value, (dict, list, bool)) for name, value in record.items() if name != "evidence"):
            raise Refused("not text")
        records.append(record)
    return records


# YAML escapes NUL in text (the generated summaries hold some); a raw NUL byte is a CSV matter.
@given(
    records=st.lists(rows(), min_size=1, max_size=5), how=breakage("truncate", "quote", "repeat line"), odd=odd_cells()
)
@EXAMPLES
def test_any_bundle_is_imported_exactly_or_refused_whole(cli, db, baseline, tmp_path, records, how, odd):
    before = baseline()
    path = tmp_path / "generated.yaml"
    path.write_bytes(broken(bundle_bytes(records, odd), how))

    expected = oracle(lambda: read_bundle(path))
    event("valid" if not isinstance(expected, Refused) else "refused")
    check_import(cli, db, before, path, expected)
    if how is None and not isinstance(expected, Refused):
        assert stored(cli) == expected
