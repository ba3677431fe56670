"""``source add --url URL --fetch`` and ``--html-file``: pages served by a local HTTP server
on 127.0.0.1 that the test starts itself (no test reaches the internet)."""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE = """<html><head><title>Germany to send tanks | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2023-01-25T18:00:00Z">
<meta property="og:title" content="Germany to send tanks">
</head><body><nav>Home | World | Sport</nav><article><h1>Germany to send tanks</h1>
<p>Germany will send Leopard 2 battle tanks to Ukraine, Chancellor Olaf Scholz announced on Wednesday,
ending weeks of hesitation that had strained relations with allies.</p>
<p>Berlin will initially deliver 14 tanks from Bundeswehr stocks, the German government said in a statement.</p>
</article><footer>Copyright Example News</footer></body></html>"""
EMPTY = "<html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>"
LIMIT = 5_000_000


class Pages(BaseHTTPRequestHandler):
    seen_agents: list[str] = []  # the User-Agent of every request, for the test that checks it

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        Pages.seen_agents.append(self.headers.get("User-Agent", ""))
        path = self.path.split("?")[0]
        if path == "/article":
            self._send(200, "text/html; charset=utf-8", ARTICLE.encode())
        elif path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article?from=moved")
            self.end_headers()
        elif path == "/missing":
            self._send(404, "text/html", b"<html><body>Not found</body></html>")
        elif path == "/slow":
            time.sleep(2)
            self._send(200, "text/html", ARTICLE.encode())
        elif path == "/report.pdf":
            self._send(200, "application/pdf", b"%PDF-1.4 ...")
        elif path == "/empty":
            self._send(200, "text/html", EMPTY.encode())
        elif path == "/huge":
            self._send(200, "text/html", b"<html><body><p>" + b"x " * (LIMIT // 2 + 10) + b"</p></body></html>")
        else:
            self._send(404, "text/plain", b"no such page")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (the timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def secure_site(tmp_path_factory):
    """The same pages over HTTPS, with a self-signed certificate for 127.0.0.1 (made by openssl)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


def test_fetch_over_https_with_a_trusted_certificate_says_who_is_asking(cli, secure_site, monkeypatch):
    from policytrack.fetch import USER_AGENT

    url, cert = secure_site
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test's own certificate, as a system store would
    Pages.seen_agents.clear()
    source_id = cli("source", "add", "--url", f"{url}/moved", "--fetch").stdout.strip()
    [shown] = cli.json("source", "show", source_id)
    assert (shown["title"], shown["url"]) == ("Germany to send tanks", f"{url}/moved")
    assert Pages.seen_agents == [USER_AGENT, USER_AGENT]  # the redirect and the page
    assert USER_AGENT.startswith("policytrack/") and "+https://" in USER_AGENT


def test_an_untrusted_certificate_is_one_error_line_and_writes_nothing(cli, secure_site, unchanged, monkeypatch):
    url, _cert = secure_site
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with unchanged():
        result = cli.fails("source", "add", "--url", f"{url}/article", "--fetch")
    assert "cannot reach" in result.stderr and "CERTIFICATE_VERIFY_FAILED" in result.stderr


def test_fetch_keeps_the_main_text_and_fills_the_fields_from_the_page(cli, site):
    import datetime as dt

    source_id = cli("source", "add", "--url", f"{site}/moved", "--fetch").stdout.strip()
    [shown] = cli.json("source", "show", source_id)
    assert shown["title"] == "Germany to send tanks"
    assert (shown["author"], shown["outlet"], shown["published_on"]) == ("Jane Roe", "Example News", "2023-01-25")
    assert shown["url"] == f"{site}/moved"
    assert shown["retrieved_on"] == dt.date.today().isoformat()
    # The main text only: no navigation, no footer.
    from policytrack.db import Database
    from policytrack.models import Source

    database = Database(cli.url)
    with database.session(write=False) as session:
        content = session.get(Source, int(source_id)).content
    database.dispose()
    assert "Chancellor Olaf Scholz announced on Wednesday" in content
    assert "Home | World" not in content and "Copyright" not in content


def test_fields_given_on_the_command_line_win_over_the_page(cli, site):
    source_id = cli("source", "add", "--url", f"{site}/article", "--fetch", "--title", "My title",
                    "--published", "2023-01-26", "--slug", "tanks").stdout.strip()
    [shown] = cli.json("source", "show", source_id)
    assert (shown["title"], shown["published_on"], shown["slug"], shown["author"]) == (
        "My title", "2023-01-26", "tanks", "Jane Roe")


def test_html_file_reads_a_saved_page_without_network(cli, tmp_path):
    saved = tmp_path / "page.html"
    saved.write_text(ARTICLE)
    source_id = cli("source", "add", "--html-file", str(saved)).stdout.strip()
    [shown] = cli.json("source", "show", source_id)
    assert (shown["title"], shown["outlet"], shown["retrieved_on"]) == ("Germany to send tanks", "Example News", None)
    assert shown["content_length"] > 100


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("path, message", [
    ("/missing", "answered HTTP 404"),
    ("/report.pdf", "is not an HTML page (its content type is application/pdf)"),
    ("/empty", "no article text could be extracted"),
    ("/huge", f"larger than the limit of {LIMIT} bytes"),
])
def test_fetch_failures_are_one_error_line_and_write_nothing(cli, site, unchanged, path, message):
    with unchanged():
        result = cli.fails("source", "add", "--url", f"{site}{path}", "--fetch")
    assert message in result.stderr


def test_unreachable_host_and_timeout_are_one_error_line(cli, site, unchanged):
    with unchanged():
        result = cli.fails("source", "add", "--url", f"http://127.0.0.1:{_closed_port()}/article", "--fetch")
        assert "cannot reach" in result.stderr
        result = cli.fails("source", "add", "--url", f"{site}/slow", "--fetch", "--timeout", "0.3")
        assert "did not answer within 0.3 s" in result.stderr


def test_the_same_text_twice_is_refused_naming_the_source(cli, site, unchanged):
    first = cli("source", "add", "--url", f"{site}/article", "--fetch").stdout.strip()
    with unchanged():
        result = cli.fails("source", "add", "--url", f"{site}/article?copy=1", "--fetch")
    assert f"source {first} already has the same text" in result.stderr


def test_bad_requests_are_refused(cli, tmp_path, unchanged):
    with unchanged():
        cli.fails("source", "add", "--fetch", "--title", "x")  # no --url
        cli.fails("source", "add", "--url", "ftp://example.org/x", "--fetch")
        cli.fails("source", "add", "--html-file", str(tmp_path / "missing.html"))
        plain = tmp_path / "notes.html"
        plain.write_text("just words, no markup")
        assert "not an HTML page" in cli.fails("source", "add", "--html-file", str(plain)).stderr
