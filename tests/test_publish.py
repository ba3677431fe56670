"""``policytrack publish DIR``: the static site, its escaping and how it replaces itself."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="the plot extra (matplotlib) is not installed")

EVIL = '<script>alert("quote")</script> & "friends"'


class Page(HTMLParser):
    """Ids, links and tags of one HTML page."""

    def __init__(self, path: Path):
        super().__init__()
        self.ids, self.links, self.tags, self.resources = set(), [], [], []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("src", "srcset", "data"):
            if attrs.get(name):
                self.resources.append(attrs[name])
        if tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])


def local_target(page: Path, href: str) -> Path | None:
    if re.match(r"^[a-z]+:", href):
        return None
    return (page.parent / href.split("#")[0]).resolve() if href.split("#")[0] else page


def test_the_site_holds_every_change_position_and_marker_and_links_only_to_itself(seeded, tmp_path):
    site = tmp_path / "site"
    result = seeded("publish", site)
    assert "index.html" in result.stderr

    changes = seeded.json("reversals", "--level", "shift")
    positions = seeded.json("timeline")
    topic_pages = {path.stem: Page(path) for path in (site / "topics").glob("*.html")}
    assert set(topic_pages) == {row["topic"] for row in positions}
    assert {p.stem for p in (site / "actors").glob("*.html")} == {row["actor"] for row in positions} | {"us"}
    for change in changes:
        page = topic_pages[change["topic"]]
        pair = f"{change['from_position']}-{change['to_position']}"
        assert f"row-reversal-{pair}" in page.ids and f"reversal-{pair}" in page.ids
    for position in positions:
        page = topic_pages[position["topic"]]
        assert f"entry-{position['id']}" in page.ids and f"position-{position['id']}" in page.ids

    for path in site.rglob("*.html"):
        page = Page(path)
        assert "script" not in page.tags
        assert all(local_target(path, r) and local_target(path, r).is_file() for r in page.resources), page.resources
        for href in page.links:
            target = local_target(path, href)
            if target is None:
                assert href.startswith(("https://", "http://")), href
            else:
                assert target.is_file(), f"{path.name} links to missing {href}"
                anchor = href.partition("#")[2]
                assert not anchor or anchor in Page(target).ids, f"{path.name}: no #{anchor} in {target.name}"


def test_text_from_the_database_is_escaped_and_only_web_urls_are_links(cli, tmp_path):
    cli("actor", "add", "evil", "--name", "<b>Evil</b> $5 & co")
    cli("topic", "add", "t", "--name", "<i>Topic</i>")
    cli("source", "add", "--title", "<img src=x onerror=alert(1)>", "--url", "javascript:alert(1)", "--slug", "js")
    cli("record", "--actor", "evil", "--topic", "t", "--stance", "support", "--on", "2024", "--source", "js",
        "--quote", EVIL, "--summary", "</li><script>bad()</script>")
    cli("record", "--actor", "evil", "--topic", "t", "--stance", "oppose", "--on", "2025", "--source", "js")
    site = tmp_path / "site"
    cli("publish", site)

    pages = [path.read_text(encoding="utf-8") for path in site.rglob("*.html")]
    topic = (site / "topics" / "t.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;quote&#34;)&lt;/script&gt; &amp; &#34;friends&#34;" in topic
    assert "&lt;b&gt;Evil&lt;/b&gt; $5 &amp; co" in topic
    assert all("<script" not in html and "<img" not in html and "<b>Evil" not in html for html in pages)
    assert all("javascript:" not in html for html in pages)
    page = Page(site / "topics" / "t.html")
    assert "entry-1" in page.ids and "row-reversal-1-2" in page.ids and "reversal-1-2" in page.ids


def test_publishing_again_replaces_its_own_files_and_keeps_everything_else(seeded, tmp_path):
    site = tmp_path / "site"
    seeded("publish", site)
    (site / "notes.txt").write_text("mine")
    (site / "topics" / "mine.html").write_text("mine")
    old_page = (site / "topics" / "apl-transfer.html")
    assert old_page.is_file()

    result = seeded("publish", site, "--topic", "apl-use")

    assert (site / "notes.txt").read_text() == "mine" and (site / "topics" / "mine.html").read_text() == "mine"
    assert not old_page.exists() and (site / "topics" / "apl-use.html").is_file()
    on_topic = {row["actor"] for row in seeded.json("timeline", "--topic", "apl-use")}
    assert {p.stem for p in (site / "actors").glob("*.html")} == on_topic | {"us"}
    written = json.loads((site / ".policytrack-publish.json").read_text())["files"]
    assert set(written) == {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()} - {
        "notes.txt", "topics/mine.html", ".policytrack-publish.json"
    }
    assert "removed" in result.stderr
    assert not [p for p in site.iterdir() if p.name.startswith(".publish-")]


def test_a_file_it_did_not_write_is_never_overwritten(seeded, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the newsroom's own page")

    seeded.fails("publish", site)

    assert (site / "index.html").read_text() == "the newsroom's own page"
    assert [p.name for p in site.iterdir()] == ["index.html"]


def test_limits_and_as_recorded(seeded, tmp_path):
    stamp = seeded.json("sql", "SELECT max(recorded_at) AS at FROM positions")[0]["at"]
    source = seeded.json("source", "list")[0]["id"]
    later = int(seeded("record", "--actor", "russia", "--topic", "apl-use", "--stance", "supply", "--on", "2024-12",
                       "--source", source).stdout)

    seeded("publish", tmp_path / "now", "--actor", "russia")
    seeded("publish", tmp_path / "then", "--as-recorded", str(stamp).replace(" ", "T"))

    assert [p.name for p in (tmp_path / "now" / "topics").iterdir()] == ["apl-use.html"]
    assert [p.name for p in (tmp_path / "now" / "actors").iterdir()] == ["russia.html"]
    assert f"entry-{later}" in Page(tmp_path / "now" / "topics" / "apl-use.html").ids
    assert f"entry-{later}" not in Page(tmp_path / "then" / "topics" / "apl-use.html").ids
    assert not (tmp_path / "then" / "actors" / "russia.html").exists()
    assert "As recorded at" in (tmp_path / "then" / "index.html").read_text()


def test_refusals_write_nothing(seeded, tmp_path):
    seeded.fails("publish", tmp_path / "site", "--topic", "nope")
    seeded.fails("publish", tmp_path / "site", "--actor", "north-korea")  # no positions
    seeded.fails("publish", tmp_path / "missing" / "site")
    (tmp_path / "file").write_text("x")
    seeded.fails("publish", tmp_path / "file")
    assert not (tmp_path / "site").exists() and (tmp_path / "file").read_text() == "x"


def test_rollup_pages_tell_the_story_of_the_top_level_actor(seeded, tmp_path):
    seeded("publish", tmp_path / "plain")
    seeded("publish", tmp_path / "rolled", "--rollup")

    def rows(page: Path) -> set[str]:
        return {i for i in Page(page).ids if i.startswith("row-reversal-")}

    def expected(*args: str) -> set[str]:
        return {f"row-reversal-{r['from_position']}-{r['to_position']}" for r in seeded.json("reversals", "--level", "shift", *args)}

    assert rows(tmp_path / "plain" / "topics" / "apl-use.html") == expected("--topic", "apl-use")
    assert rows(tmp_path / "rolled" / "topics" / "apl-use.html") == expected("--topic", "apl-use", "--rollup")
    assert len(expected("--topic", "apl-use", "--rollup")) > len(expected("--topic", "apl-use"))
    # A state's page always counts its administrations as one actor.
    assert rows(tmp_path / "plain" / "actors" / "us.html") == expected("--actor", "us", "--rollup")
    us_page = (tmp_path / "plain" / "actors" / "us.html").read_text()
    assert "succession" in us_page
    # The "By" column names the administrations (linked to their pages), not their slugs.
    assert '<a href="../actors/trump-admin.html">Trump administration (2017-2021)</a> (succession)' in us_page
    assert "after trump-admin" not in us_page


def test_many_actors_get_pages_for_the_busiest_with_a_note(seeded, tmp_path, monkeypatch):
    from policytrack.publish import site as site_module

    monkeypatch.setattr(site_module, "MAX_ACTOR_PAGES", 2)
    site = tmp_path / "site"
    result = seeded("publish", site)

    counts = {}
    for row in seeded.json("timeline"):
        counts[row["actor"]] = counts.get(row["actor"], 0) + 1
    busiest = sorted(counts, key=lambda actor: (-counts[actor], actor))[:2]
    assert {p.stem for p in (site / "actors").glob("*.html")} == set(busiest) | {"us"}
    assert f"the 2 of {len(counts)} actors with the most positions" in result.stderr
    assert f"the 2 of {len(counts)} actors with the most positions" in (site / "index.html").read_text()
    for path in site.rglob("*.html"):
        for href in Page(path).links:
            target = local_target(path, href)
            assert target is None or target.is_file(), f"{path.name} links to missing {href}"


def test_an_actor_with_rollup_publishes_the_positions_of_every_actor_below_it(seeded, tmp_path):
    # us holds no position of its own: its administrations do.
    seeded("publish", tmp_path / "us", "--actor", "us", "--rollup")

    actors = sorted(p.name for p in (tmp_path / "us" / "actors").iterdir())
    assert actors == ["biden-admin.html", "obama-admin.html", "trump-admin.html", "us.html"]
    assert sorted(p.name for p in (tmp_path / "us" / "topics").iterdir()) == [
        "apl-transfer.html", "apl-use.html", "atacms-strikes-russia.html"
    ]
    seeded.fails("publish", tmp_path / "plain", "--actor", "us")
