"""Headless Chromium for the browser tests: the DOM a page renders, its console
messages, and screenshots (saved to tests/artifacts/, which git ignores).

Debian's ``chromium`` package (``.ci/run`` installs it); without it the
browser tests skip and say why.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
_CONSOLE = re.compile(r":CONSOLE[:(]\d*\)?\]? (.*)")


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")


def _run(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--enable-logging=stderr", "--v=0", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def render(url: str, screenshot: str | None = None, size: str = "1280,2400") -> tuple[str, list[str]]:
    """The page's DOM after loading and every message it wrote to the console;
    with ``screenshot``, also a picture of it in tests/artifacts/ under that name."""
    extra = []
    if screenshot:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / screenshot
        path.unlink(missing_ok=True)
        extra = [f"--screenshot={path}", f"--window-size={size}", "--hide-scrollbars"]
    result = _run(*extra, "--dump-dom", url)
    assert result.returncode == 0, result.stderr[-2000:]
    if screenshot:
        assert path.is_file() and path.stat().st_size > 5000, result.stderr[-2000:]
    return result.stdout, [m.group(1) for m in map(_CONSOLE.search, result.stderr.splitlines()) if m]


class Dom(HTMLParser):
    """Ids, tags, links, loaded resources and the text under each id of a DOM."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.resources: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])

    def handle_data(self, data):
        self.text.append(data)
