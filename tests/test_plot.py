"""``policytrack plot``: the timeline picture, checked through the ids in its SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

pytest.importorskip("matplotlib", reason="the plot extra (matplotlib) is not installed")

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(cli, tmp_path, *args: str, name: str = "chart.svg"):
    out = tmp_path / name
    result = cli("plot", "-o", out, *args)
    return ET.parse(out).getroot(), result


def ids(root, prefix: str) -> set[str]:
    return {element.get("id") for element in root.iter() if (element.get("id") or "").startswith(prefix)}


def drawn_positions(root) -> set[int]:
    return {int(m.group(1)) for i in ids(root, "position-") if (m := re.fullmatch(r"position-(\d+)", i))}


def stroke_of(root, gid: str) -> str:
    group = next(element for element in root.iter() if element.get("id") == gid)
    path = next(group.iter(f"{SVG}path"))
    return re.search(r"stroke:\s*(#[0-9a-f]{6})", path.get("style")).group(1)


def test_every_live_position_and_every_change_is_drawn_with_its_id(seeded, tmp_path):
    root, _ = svg_of(seeded, tmp_path)

    timeline = seeded.json("timeline")
    changes = seeded.json("reversals", "--level", "shift")
    assert drawn_positions(root) == {row["id"] for row in timeline}
    assert ids(root, "reversal-") == {f"reversal-{r['from_position']}-{r['to_position']}" for r in changes}
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}
    assert {"ban", "restrict", "no stated policy", "permit", "supply", "strongly oppose"} <= texts
    assert {"full change", "partial change", "shift change", "pivot (no position)"} <= texts
    assert ids(root, "pivot-") == {"pivot-apl-use", "pivot-apl-transfer", "pivot-atacms-strikes-russia"}


def test_retracted_positions_are_not_drawn_and_as_recorded_draws_the_past(seeded, tmp_path):
    before = seeded.json("timeline")
    stamp = seeded.json("sql", "SELECT max(recorded_at) AS at FROM positions")[0]["at"]
    victim = before[-1]["id"]
    seeded("retract", victim, "--reason", "wrong")

    now, _ = svg_of(seeded, tmp_path)
    then, _ = svg_of(seeded, tmp_path, "--as-recorded", str(stamp).replace(" ", "T"), name="then.svg")

    assert victim not in drawn_positions(now)
    assert victim in drawn_positions(then)


def test_a_coarse_date_is_drawn_as_a_bar_across_its_period(seeded, tmp_path):
    root, _ = svg_of(seeded, tmp_path)

    rows = seeded.json("timeline")
    coarse = {row["id"] for row in rows if row["date_precision"] != "day"}
    assert coarse, "the seed data has month and year positions"
    assert ids(root, "position-") - {f"position-{i}" for i in drawn_positions(root)} == {
        f"position-{i}-period" for i in coarse
    }


def test_rollup_draws_one_line_per_top_level_actor_coloured_by_sub_actor(seeded, tmp_path):
    root, _ = svg_of(seeded, tmp_path, "--rollup", "--topic", "apl-use")

    changes = seeded.json("reversals", "--rollup", "--level", "shift", "--topic", "apl-use")
    assert ids(root, "reversal-") == {f"reversal-{r['from_position']}-{r['to_position']}" for r in changes}
    succession = [r for r in changes if r["kind"] == "succession"]
    assert succession
    for change in succession:
        assert stroke_of(root, f"position-{change['from_position']}") != stroke_of(root, f"position-{change['to_position']}")


def test_png_and_pdf_by_suffix(seeded, tmp_path):
    seeded("plot", "-o", tmp_path / "chart.png")
    seeded("plot", "-o", tmp_path / "chart.pdf", "--topic", "apl-use")

    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "chart.pdf").read_bytes()[:5] == b"%PDF-"


def test_refusals(seeded, tmp_path):
    seeded.fails("plot", "-o", tmp_path / "chart.gif")
    seeded.fails("plot", "-o", tmp_path / "missing" / "chart.png")
    seeded.fails("plot", "-o", tmp_path / "chart.png", "--topic", "apl-usee")
    seeded.fails("plot", "-o", tmp_path / "chart.png", "--actor", "nobody")
    seeded.fails("plot", "-o", tmp_path / "chart.png", "--since", "2030", "--until", "2029")
    seeded.fails("plot", "-o", tmp_path / "chart.png", "--top", "0")
    assert not list(tmp_path.glob("chart*"))


def test_many_actors_draw_the_top_n_with_a_note(cli, tmp_path):
    rows = ["actor,topic,stance,on"]
    for number in range(15):
        # actor a00 has 1 position, a14 has 15: the top N are the last ones.
        rows += [f"a{number:02d},t,{(day % 2) * 2 - 1},2020-01-{day + 1:02d}" for day in range(number + 1)]
    (tmp_path / "many.csv").write_text("\n".join(rows) + "\n")
    cli("source", "add", "--title", "Bench", "--slug", "bench")
    cli("import", tmp_path / "many.csv", "--create-missing", "--source", "bench")

    root, result = svg_of(cli, tmp_path)
    assert "the 12 of 15 actors with the most positions" in result.stderr and "--top N" in result.stderr
    drawn_actors = {row["actor"] for row in cli.json("sql", "SELECT id, actor FROM v_positions") if row["id"] in drawn_positions(root)}
    assert drawn_actors == {f"a{n:02d}" for n in range(3, 15)}

    root, result = svg_of(cli, tmp_path, "--top", "2", name="top2.svg")
    assert len(drawn_positions(root)) == 14 + 15
    root, result = svg_of(cli, tmp_path, "--actor", "a00", "--actor", "a01", name="two.svg")
    assert len(drawn_positions(root)) == 1 + 2 and "note" not in result.stderr


def _width(root, gid: str) -> float:
    group = next(element for element in root.iter() if element.get("id") == gid)
    xs = [float(x) for x in re.findall(r"[ML]\s*(-?[\d.]+)\s", next(group.iter(f"{SVG}path")).get("d"))]
    return max(xs) - min(xs)


def test_a_coarse_date_is_shaded_only_until_the_next_position(cli, tmp_path):
    cli("actor", "add", "fr", "--name", "France")
    cli("actor", "add", "de", "--name", "Germany")
    cli("topic", "add", "aid", "--name", "Aid", "--scale", "support")
    cli("source", "add", "--title", "Notes", "--slug", "notes")
    record = ("record", "--topic", "aid", "--source", "notes", "--actor")
    early = cli(*record, "fr", "--stance", "support", "--on", "2022").stdout.strip()
    cli(*record, "fr", "--stance", "oppose", "--on", "2022-03-01")
    whole = cli(*record, "de", "--stance", "support", "--on", "2022").stdout.strip()
    cli(*record, "de", "--stance", "oppose", "--on", "2024-01-01")

    root, _ = svg_of(cli, tmp_path, "--since", "2021-06", "--until", "2024-06")

    # 2022 up to 2022-03-01 is 59 of its 365 days.
    ratio = _width(root, f"position-{early}-period") / _width(root, f"position-{whole}-period")
    assert ratio == pytest.approx(59 / 365, rel=0.02)


def test_the_legend_orders_names_with_numbers_by_their_value(cli, tmp_path):
    cli("topic", "add", "aid", "--name", "Aid", "--scale", "support")
    cli("source", "add", "--title", "Notes", "--slug", "notes")
    for number in (1, 2, 10, 11, 3):
        cli("actor", "add", f"unit-{number}", "--name", f"Unit {number}")
        cli("record", "--actor", f"unit-{number}", "--topic", "aid", "--stance", "support", "--on", "2022",
            "--source", "notes")

    root, _ = svg_of(cli, tmp_path)

    texts = ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]
    legend = [text for text in texts if text.startswith("Unit ")]
    assert legend == [f"Unit {n} (unit-{n})" for n in (1, 2, 3, 10, 11)]
