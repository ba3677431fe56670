"""Sources from the web and from saved pages: download a page, keep its main text.

The page is read with the standard library (redirects followed, a timeout,
a size limit, a user agent that says who is asking); its main text and
metadata are extracted with trafilatura, imported only when a page is read
so that the command line starts fast. Every failure is a domain error with
one line of explanation.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from policytrack import __version__
from policytrack.errors import InvalidValue

USER_AGENT = f"policytrack/{__version__} (source fetcher; +https://pypi.org/project/policytrack/)"
DEFAULT_TIMEOUT = 20.0  # seconds
MAX_BYTES = 5_000_000
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Fewer words than this is a menu or a stub, not an article.
MIN_WORDS = 8


@dataclass
class Page:
    """An article's main text and what its page says about it."""

    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None


def download(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """(HTML, final url after redirects) of a web page."""
    if not url.lower().startswith(("http://", "https://")):
        raise InvalidValue(f"cannot fetch {url}: only http:// and https:// urls can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in _HTML_TYPES:
                raise InvalidValue(f"{url} is not an HTML page (its content type is {content_type})")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InvalidValue(f"{url} is larger than the limit of {max_bytes} bytes")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InvalidValue(f"{url} is larger than the limit of {max_bytes} bytes")
            charset = response.headers.get_content_charset() or "utf-8"
            final_url = response.geturl()
    except urllib.error.HTTPError as error:
        raise InvalidValue(f"{url} answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (socket.timeout, TimeoutError)):
            raise InvalidValue(f"{url} did not answer within {timeout:g} s") from None
        raise InvalidValue(f"cannot reach {url}: {getattr(error.reason, 'strerror', None) or error.reason}") from None
    except TimeoutError:
        raise InvalidValue(f"{url} did not answer within {timeout:g} s") from None
    except OSError as error:
        raise InvalidValue(f"cannot read {url}: {error.strerror or error}") from None
    try:
        html = data.decode(charset, errors="replace")
    except LookupError:
        html = data.decode("utf-8", errors="replace")
    return html, final_url


def read_html_file(path: str | Path, max_bytes: int = MAX_BYTES) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InvalidValue(f"cannot read --html-file {path}: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise InvalidValue(f"--html-file {path} is larger than the limit of {max_bytes} bytes")
    if b"<" not in data[:4096]:
        raise InvalidValue(f"--html-file {path} is not an HTML page")
    return data.decode("utf-8", errors="replace")


def extract_page(html: str, url: str | None, what: str) -> Page:
    """The main text and metadata of a page, or an error naming ``what`` when it has no text."""
    import trafilatura

    found = trafilatura.extract(
        html, url=url, output_format="json", with_metadata=True, include_comments=False, favor_precision=True
    )
    data = json.loads(found) if found else {}
    text = (data.get("text") or "").strip()
    if len(text.split()) < MIN_WORDS:
        raise InvalidValue(f"no article text could be extracted from {what}")
    published = data.get("date")
    try:
        published = dt.date.fromisoformat(published).isoformat() if published else None
    except ValueError:
        published = None
    return Page(
        text=text,
        title=data.get("title") or None,
        author=data.get("author") or None,
        outlet=data.get("source-hostname") or data.get("sitename") or data.get("hostname") or None,
        published=published,
        url=url,
    )


def fetch_page(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> Page:
    html, _final = download(url, timeout, max_bytes)
    return extract_page(html, url, url)


def page_from_file(path: str | Path, url: str | None = None) -> Page:
    return extract_page(read_html_file(path), url, f"--html-file {path}")
