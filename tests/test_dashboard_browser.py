"""The dashboard in a real browser: headless Chromium, driven over the DevTools protocol.

Chromium is started with ``--remote-debugging-pipe``: it reads protocol commands from file
descriptor 3 and writes replies and events to descriptor 4, each a JSON message ended by a
NUL byte. That needs nothing but the standard library (no websocket client, no port to
find, nothing listening on the network). The test opens the file in a new tab, records
every network request, console message, uncaught exception and browser log entry (which
include refused loads and Content-Security-Policy violations) until the load event, reads
the rendered DOM and takes a full-page screenshot.

CI installs Debian's ``chromium``; without it these tests fail (they do not skip), saying
how to install it. Run this file as a script to write ``docs/dashboard.png``::

    python tests/test_dashboard_browser.py
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

#: A real browser is slow: pytest -m "not slow" leaves these out.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
QUARTER = "2018/19 Q2"
TIMEOUT = 60.0  # seconds for the whole page visit


def chromium() -> str:
    """The Chromium executable; fails the test (never skips) when it is missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        pytest.fail(
            "Chromium is not installed: the dashboard's browser test needs it. "
            "Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu); CI does."
        )
    return found


class Browser:
    """A headless Chromium process and its DevTools pipe."""

    def __init__(self, executable: str, profile: Path) -> None:
        commands_read, self._commands = os.pipe()  # we write commands to fd 3
        self._replies, replies_write = os.pipe()  # it writes replies to fd 4
        self._log = (profile / "stderr.log").open("w+b")  # a file: a full pipe would block it

        def onto_3_and_4() -> None:  # in the child: Chromium wants descriptors 3 and 4 exactly
            high_read = fcntl.fcntl(commands_read, fcntl.F_DUPFD, 10)
            high_write = fcntl.fcntl(replies_write, fcntl.F_DUPFD, 10)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)

        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--mute-audio",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            close_fds=False,  # (fds are not inherited by default; 3 and 4 are made to be)
            preexec_fn=onto_3_and_4,
        )
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its reply (events meanwhile are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def wait_for(self, method: str, deadline: float) -> dict[str, Any]:
        """Wait for an event, keeping every event seen."""
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def _read(self, deadline: float | None = None) -> dict[str, Any]:
        deadline = deadline or time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._replies], [], [], max(0.0, left))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return dict(json.loads(message))

    def close(self) -> str:
        """End the browser; return what it wrote to stderr."""
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._replies)
        self._log.seek(0)
        text = self._log.read().decode(errors="replace")
        self._log.close()
        return text


DOM_SUMMARY = """(() => ({
  title: document.title,
  measures: [...new Set([...document.querySelectorAll('[data-measure]')]
    .map(e => e.dataset.measure))],
  charts: document.querySelectorAll('svg.chart[role="img"]').length,
  drawnCharts: [...document.querySelectorAll('svg.chart')]
    .filter(s => s.getBoundingClientRect().width > 100).length,
  firstText: document.body.firstElementChild.textContent.trim(),
  lastText: document.body.lastElementChild.textContent.trim(),
  width: document.documentElement.scrollWidth,
  height: document.documentElement.scrollHeight,
  images: document.images.length,
}))()"""


def visit(
    page: Path, screenshot: Path | None = None, viewport: tuple[int, int] = (1280, 1800)
) -> dict[str, Any]:
    """Open ``page`` in headless Chromium; what it requested, logged and rendered.

    Returns ``requests`` (every URL the page asked for, the file itself included),
    ``errors`` (console errors, uncaught exceptions and browser log errors, as text),
    ``dom`` (:data:`DOM_SUMMARY`) and Chromium's own ``stderr``; if ``screenshot`` is
    given, writes a PNG of the window (``viewport`` pixels, the top of the page) there.
    """
    url = page.resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="ssp-chromium-") as profile:
        browser = Browser(chromium(), Path(profile))
        try:
            deadline = time.monotonic() + TIMEOUT
            target = browser.send("Target.createTarget", url="about:blank")["targetId"]
            session = browser.send("Target.attachToTarget", targetId=target, flatten=True)[
                "sessionId"
            ]
            for domain in ("Page", "Runtime", "Log", "Network"):
                browser.send(f"{domain}.enable", session)
            width, height = viewport
            browser.send(
                "Emulation.setDeviceMetricsOverride",
                session,
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=False,
            )
            browser.events.clear()  # only what the page itself causes from here on
            browser.send("Page.navigate", session, url=url)
            browser.wait_for("Page.loadEventFired", deadline)
            dom = browser.send(
                "Runtime.evaluate", session, expression=DOM_SUMMARY, returnByValue=True
            )["result"]["value"]
            if screenshot is not None:
                shot = browser.send("Page.captureScreenshot", session, format="png")
                screenshot.write_bytes(base64.b64decode(shot["data"]))
            browser.send("Runtime.evaluate", session, expression="0")  # flush late events
        finally:
            stderr = browser.close()
    events = browser.events
    requests = [
        e["params"]["request"]["url"]
        for e in events
        if e.get("method") == "Network.requestWillBeSent"
    ]
    errors = []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            errors.append("console: " + " ".join(str(a.get("value")) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            errors.append("exception: " + params["exceptionDetails"].get("text", ""))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(f"log ({params['entry']['source']}): {params['entry']['text']}")
        elif method == "Network.loadingFailed":
            errors.append(f"failed load: {params.get('errorText')}")
    return {"requests": requests, "errors": errors, "dom": dom, "url": url, "stderr": stderr}


def sample_report(audience: str = "partnership") -> Any:
    """The dashboard's report for ``QUARTER`` from the README's main command's store: the
    plugins' samples and the sample returns fetched, the commentary loaded (the same
    figures as the README's summary and API example)."""
    import ssp_targets as ssp

    with tempfile.TemporaryDirectory(prefix="ssp-main-command-") as folder:
        project = Path(folder)
        for part in ("definitions", "data"):
            shutil.copytree(ROOT / part, project / part)
        shutil.copy(ROOT / "ssp-targets.toml", project)
        for command in (["fetch"], ["load-commentary", "data/sample/commentary.csv"]):
            subprocess.run(
                [sys.executable, "-m", "ssp_targets", *command],
                cwd=project,
                check=True,
                capture_output=True,
            )
        plan = ssp.load_plan(project / "definitions" / "ssp-2017-20.toml")
        indicators = sorted(plan.indicators)
        with ssp.Store(project / "ssp-targets.db", plan=plan) as store:
            observations = store.observations(indicators=indicators)
            commentary = store.commentary()
            provenance = store.provenance(indicators=indicators)
        populations = ssp.load_populations(plan)
    assessed = ssp.assess(plan, observations, commentary=commentary, populations=populations)
    return ssp.build_report(
        plan,
        assessed,
        QUARTER,
        audience=audience,
        provenance=provenance,
        populations=populations,
    )


def write_page(report: Any, path: Path) -> Path:
    from ssp_targets.renderers.dashboard import render_dashboard

    path.write_text(render_dashboard(report), encoding="utf-8")
    return path


@pytest.mark.parametrize("audience", ["partnership", "public"])
def test_the_dashboard_renders_in_chromium(tmp_path, audience):
    report = sample_report(audience)
    page = write_page(report, tmp_path / "dashboard.html")
    png = tmp_path / "dashboard.png"
    seen = visit(page, png)
    assert seen["requests"] == [seen["url"]], "the page asked for more than itself"
    assert seen["errors"] == [], seen["errors"]
    dom = seen["dom"]
    expected = set(report.rows["measure"].astype(str)) | set(report.drafts["measure"].astype(str))
    assert set(dom["measures"]) == expected
    quantitative = int((report.rows["kind"].astype(object) == "quantitative").sum())
    assert dom["charts"] == dom["drawnCharts"] == quantitative
    assert dom["firstText"] == dom["lastText"] == report.marking
    assert dom["width"] <= 1280  # nothing wider than the window: no sideways scrolling
    assert report.quarter in dom["title"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a picture, not a blank page


def test_the_harness_sees_requests_and_errors(tmp_path):
    """A page that does make a request and log an error is caught (so the checks above
    are not vacuous)."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><title>bad</title><img src="http://127.0.0.1:9/x.png">'
        '<script>console.error("boom")</script>',
        encoding="utf-8",
    )
    seen = visit(bad)
    assert "http://127.0.0.1:9/x.png" in seen["requests"]
    assert any("boom" in e for e in seen["errors"])


def write_readme_screenshot(out: Path = ROOT / "docs" / "dashboard.png") -> Path:
    """Render the sample dashboard and photograph its first 1280 x 1800 pixels."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        page = write_page(sample_report(), Path(folder) / "dashboard.html")
        seen = visit(page, out, viewport=(1280, 1800))
    if seen["errors"] or seen["requests"] != [seen["url"]]:
        raise SystemExit(f"the page misbehaved: {seen['errors']} {seen['requests']}")
    return out


if __name__ == "__main__":
    print(write_readme_screenshot(*(Path(a) for a in sys.argv[1:2])))
