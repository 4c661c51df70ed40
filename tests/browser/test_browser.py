"""The built site in a real browser: headless Chromium loads every page from 127.0.0.1.

For every page: no console error or failed request, no broken image, every local
link resolves (target file and #anchor), Chinese text on the page. Screenshots
of the index and one section page go to build/screenshots/ for review.

Chromium is driven through its DevTools protocol with `websocket-client` (already
installed with Jupyter), so no browser-automation package is needed. `make test`
installs Debian's `chromium` first (`make browser-deps`); where that is not
possible the tests skip and say so.
"""
from __future__ import annotations

import base64
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from countydigital import paths
from reliability_fixtures import make_project, run

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--hide-scrollbars", "--window-size=1280,1600",
                  "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0"]
# After the load event and the last request: how long nothing more may arrive before a page counts as settled.
QUIET_SECONDS = 0.25
CJK = re.compile(r"[\u4e00-\u9fff]")


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


# --- a static server and a tiny DevTools client ----------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """serve(folder) -> base URL of a 127.0.0.1 server for that folder; stopped after the test."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class Browser:
    """One headless Chromium tab, spoken to over the DevTools protocol."""

    def __init__(self, binary: str, profile: Path):
        import websocket

        self.proc = subprocess.Popen([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and port_file.read_text().strip()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                pytest.skip(f"{binary} did not start a DevTools endpoint")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            assert time.monotonic() < deadline, f"no {method} within {timeout}s"
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            self.events.append(json.loads(self.ws.recv()))

    def load(self, url: str) -> list[dict]:
        """Navigate, wait for the load event, then until no request is in flight and nothing more has come for
        QUIET_SECONDS (late console messages, font and image requests); return the events of this page."""
        import websocket

        self.events = []
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self.ws.settimeout(QUIET_SECONDS)
            try:
                self.events.append(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                if not self.requests_in_flight():
                    break
        self.ws.settimeout(30)
        return self.events

    def requests_in_flight(self) -> set[str]:
        started = {e["params"]["requestId"] for e in self.events if e.get("method") == "Network.requestWillBeSent"}
        ended = {e["params"]["requestId"] for e in self.events
                 if e.get("method") in ("Network.loadingFinished", "Network.loadingFailed")}
        return started - ended

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def screenshot(self, target: Path) -> Path:
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data))
        return target

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def browser(tmp_path):
    binary = chromium_binary()
    if binary is None:
        pytest.skip("headless Chromium is not installed and could not be installed here "
                    "(`make browser-deps` needs apt-get as root); the browser checks did not run")
    pytest.importorskip("websocket", reason="websocket-client is needed to drive Chromium")
    chrome = Browser(binary, tmp_path / "chromium-profile")
    yield chrome
    chrome.close()


# --- the checks ---------------------------------------------------------------------------
PAGE_FACTS = """(() => ({
  // resolved by hand: an <a> inside an SVG (the county map) has no string href
  links: Array.from(document.querySelectorAll('a[href]'))
    .map(a => new URL(a.getAttribute('href'), document.baseURI).href),
  images: Array.from(document.images).map(i => ({src: i.src.slice(0, 80), ok: i.complete && i.naturalWidth > 0})),
  text: document.body ? document.body.innerText : '',
  title: document.title,
}))()"""


def problems_on(browser: Browser, base: str, url: str) -> list[str]:
    """Everything wrong with one page as the browser saw it (empty list: the page is fine)."""
    events = browser.load(url)
    facts = browser.evaluate(PAGE_FACTS)
    found = []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if "/favicon.ico" in json.dumps(params):
            continue  # Chromium asks every new origin for one by itself; no page links it
        if method == "Runtime.exceptionThrown":
            found.append(f"script exception: {params['exceptionDetails'].get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append(f"console error: {params.get('args')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            found.append(f"console error: {params['entry'].get('text')} {params['entry'].get('url', '')}")
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            found.append(f"failed request: {params.get('errorText')}")
        elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
            found.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
    found += [f"broken image: {i['src']}" for i in facts["images"] if not i["ok"]]
    for link in facts["links"]:
        if not link.startswith(base):
            continue  # an external reference: not fetched, there is no network
        target, _, anchor = link.partition("#")
        try:
            body = urllib.request.urlopen(target, timeout=10).read().decode("utf-8", "replace")
        except Exception as exc:
            found.append(f"broken link: {link} ({exc})")
            continue
        # A browser tries the fragment as written, then percent-decoded (nbconvert writes encoded ids).
        ids = set(re.findall(r'''\b(?:id|name)=["']([^"']+)["']''', body))
        if anchor and not {anchor, urllib.parse.unquote(anchor)} & (ids | {urllib.parse.unquote(i) for i in ids}):
            found.append(f"missing anchor: {link}")
    if not CJK.search(facts["text"]):
        found.append("no Chinese text in the page")
    return found


def site_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))


def check_site(browser: Browser, serve, site: Path, shots: str, pages: list[str] | None = None) -> dict[str, list[str]]:
    """Every page of `site` (or only `pages`, each with every link it has) as a reader's browser sees it."""
    base = serve(site)
    pages = pages or site_pages(site)
    assert "index.html" in pages and len(pages) >= 2
    report = {page: problems_on(browser, base, base + page) for page in pages}
    browser.load(base + "index.html")
    browser.screenshot(paths.BUILD_DIR / "screenshots" / f"{shots}-index.png")
    section = next(p for p in pages if "/" in p)
    browser.load(base + section)
    shot_name = f"{shots}-{section.replace('/', '-').removesuffix('.html')}.png"
    browser.screenshot(paths.BUILD_DIR / "screenshots" / shot_name)
    return report


def test_the_checks_see_what_a_reader_would(browser, serve, tmp_path):
    """A page with a broken link, a missing image and a missing anchor is reported (the checks can fail)."""
    site = tmp_path / "broken"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text('<meta charset="utf-8"><p>县域</p><a href="sub/a.html#nowhere">a</a>'
                                     '<a href="missing.html">b</a><img src="gone.png">', encoding="utf-8")
    (site / "sub" / "a.html").write_text('<meta charset="utf-8"><p id="here">English only</p>', encoding="utf-8")
    base = serve(site)
    index = problems_on(browser, base, base + "index.html")
    assert any(p.startswith("broken link") and "missing.html" in p for p in index)
    assert any(p.startswith("missing anchor") for p in index)
    assert any(p.startswith("broken image") for p in index)
    assert problems_on(browser, base, base + "sub/a.html") == ["no Chinese text in the page"]


def test_fixture_site_in_chromium(browser, serve, tmp_path):
    root = tmp_path / "fixture"
    make_project(root, [("one", {"county": "130529"}),
                        ("two", {"county": "130722", "mode": "record", "note": "张北县"})])
    built = run(root, "--jobs", "2")
    assert built.returncode == 0, built.stderr
    report = check_site(browser, serve, root / "site", "fixture")
    bad = {page: found for page, found in report.items() if found}
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)
    assert (paths.BUILD_DIR / "screenshots" / "fixture-index.png").stat().st_size > 5000


def test_real_county_page_in_chromium(browser, serve, real_sites):
    """A real county's context page, in both languages, with the index and the ledger that lead to it, from the
    whole site the default engine built (tests/shared_builds.py: real_sites); every link they have is followed."""
    site = real_sites["warm"].site
    pages = ["index.html", "claims.html", "00-county-context/130722.html"]
    pages += [f"en/{page}" for page in pages]
    report = check_site(browser, serve, site, "county", sorted(pages))
    bad = {page: found for page, found in report.items() if found}
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)
