"""The published site and ``policytrack serve`` opened in headless Chromium.

Screenshots go to tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import Dom, render

pytest.importorskip("matplotlib", reason="the plot extra (matplotlib) is not installed")

EVIL_QUOTE = '<script>document.title="owned"</script> said <b>nothing</b>'


def test_the_console_check_sees_console_errors(tmp_path):
    page = tmp_path / "noisy.html"
    page.write_text('<!DOCTYPE html><p>x</p><script>console.error("boom from the page")</script>')

    _, console = render(page.as_uri())

    assert any("boom from the page" in line for line in console)


def local_file(page: Path, href: str) -> Path | None:
    if ":" in href.split("/")[0]:
        return None
    path = href.split("#")[0]
    return (page.parent / path).resolve() if path else page


def test_published_site_renders_without_errors_or_broken_links(cli, db, tmp_path):
    cli("init", "--seed")
    cli("topic", "add", "quotes", "--name", "Quotes with markup")
    cli("source", "add", "--title", "A press release", "--slug", "release")
    cli("record", "--actor", "ukraine", "--topic", "quotes", "--stance", "support", "--on", "2024-05",
        "--source", "release", "--quote", EVIL_QUOTE)
    site = tmp_path / "site"
    cli("publish", site)
    backend = "sqlite" if db.is_sqlite else "postgresql"

    # Chromium renders the index, every topic page and an actor page (with screenshots);
    # the other actor pages are built from the same templates and are checked as files.
    shots = {"index.html": "1280,1400", "topics/apl-use.html": "1280,2400", "topics/quotes.html": "1280,1400",
             "actors/us.html": "1280,1000"}
    doms = {}
    for path in sorted(site.rglob("*.html")):
        name = str(path.relative_to(site))
        if name in shots or name.startswith("topics/"):
            html, console = render(path.as_uri(), f"site-{name.replace('/', '-')[:-5]}-{backend}.png",
                                   shots.get(name, "1280,2400"))
            assert console == [], f"{path.name}: {console}"
        else:
            html = path.read_text(encoding="utf-8")
        dom = doms[path] = Dom(html)
        assert "script" not in dom.tags
        for resource in dom.resources:
            assert local_file(path, resource) and local_file(path, resource).is_file(), resource
        for href in dom.links:
            target = local_file(path, href)
            if target is None:
                assert href.startswith(("https://", "http://")), href
                continue
            assert target.is_file(), f"{path.relative_to(site)} links to a missing {href}"
            anchor = href.partition("#")[2]
            assert not anchor or anchor in Dom(target.read_text(encoding="utf-8")).ids, href

    topic = doms[site / "topics" / "apl-use.html"]
    changes = cli.json("reversals", "--level", "shift", "--topic", "apl-use")
    assert changes
    for change in changes:
        pair = f"{change['from_position']}-{change['to_position']}"
        assert f"row-reversal-{pair}" in topic.ids and f"reversal-{pair}" in topic.ids
    for position in cli.json("timeline", "--topic", "apl-use"):
        assert f"position-{position['id']}" in topic.ids and f"entry-{position['id']}" in topic.ids

    quotes = doms[site / "topics" / "quotes.html"]
    assert EVIL_QUOTE in "".join(quotes.text)
    assert "owned" not in "".join(quotes.text).replace(EVIL_QUOTE, "")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(cli, db):
    pytest.importorskip("datasette", reason="the web extra (datasette) is not installed")
    if not db.is_sqlite:
        pytest.skip("Datasette serves SQLite; PostgreSQL is refused (tests/test_serve.py)")
    cli("init", "--seed")
    port = free_port()
    env = {**os.environ, "POLICYTRACK_DB": db.url}
    process = subprocess.Popen(
        [sys.executable, "-m", "policytrack", "serve", "--port", str(port)], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                assert process.poll() is None, process.communicate()[1]
                time.sleep(0.1)
        yield base, Path(db.url).stem
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_in_a_browser(server, cli):
    base, name = server

    html, console = render(f"{base}/{name}/v_reversals", "serve-v_reversals.png", "1400,1400")
    dom = Dom(html)
    text = " ".join(dom.text)
    assert "Stance changes" in text and "level" in text
    for change in cli.json("reversals", "--level", "shift"):
        assert f"{change['from_label']}" in text and f"{change['to_label']}" in text
    assert not [line for line in console if "error" in line.lower()], console

    html, _ = render(f"{base}/{name}/reversals_of_actor?actor=biden-admin", "serve-reversals_of_actor.png", "1400,1000")
    text = " ".join(Dom(html).text)
    assert "Reversals of an actor" in text and "biden-admin" in text
