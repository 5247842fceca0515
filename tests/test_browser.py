"""The HTML diagram page in a real browser: Debian's headless Chromium, driven over the Chrome
DevTools Protocol on a pipe (`--remote-debugging-pipe`: NUL-terminated JSON on fds 3 and 4),
so no dependency is needed beyond the browser itself.

The tests load pages that `dataflow diagram --format html` writes and check what a DPO sees:
the diagram fits the window, hovering over or tabbing to a node shows a styled tooltip with
its full text, nodes and edges link to their entries in the findings panel, which list the
rule IDs with links to the rule documentation, the zoom buttons change the view, and the page
asks for nothing but itself. Skipped when Chromium or Graphviz is missing.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT, run_cli
from test_diagram import TRANSFERS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed: apt-get install "
                       "chromium (Debian) to test the HTML diagram in a headless browser"),
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed: "
                       "apt-get install graphviz"),
]
ONWARD = FIXTURES / "trace" / "onward"
TIMEOUT = 30.0


def _above_4(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """One headless Chromium and one page, over the DevTools protocol on a pipe."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        commands_r, self._commands = os.pipe()
        self._results, results_w = os.pipe()
        # Above 4, so that the shell's `3<&` and `4>&` cannot overwrite one another.
        commands_r, results_w = (_above_4(commands_r), _above_4(results_w))
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        # The browser reads commands on fd 3 and writes answers on fd 4 (bash: dash takes
        # only one-digit descriptors).
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$@" 3<&{commands_r} 4>&{results_w}', "bash", CHROMIUM,
             *flags],
            pass_fds=(commands_r, results_w), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_r)
        os.close(results_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        self.send("Page.enable")
        self.send("Network.enable")

    def close(self) -> None:
        """Ask the browser to quit (it ends its own helper processes); kill it if it will not."""
        try:
            os.write(self._commands, b'{"id": 0, "method": "Browser.close"}\0')
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
        finally:
            os.close(self._commands)
            os.close(self._results)

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([self._results], [], [], wait)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._results, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        found: dict[str, Any] = json.loads(raw)
        return found

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if self.session is not None and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._message(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            self.events.append(answer)

    def wait_for(self, event: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, found in enumerate(self.events):
                if found.get("method") == event:
                    del self.events[: i + 1]
                    return found
            self.events.append(self._message(deadline))

    def open(self, page: Path, width: int = 1280, height: int = 800) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        self.events.clear()
        self.send("Page.navigate", url=page.as_uri())
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        answer = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise AssertionError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def mouse(self, kind: str, x: float, y: float, **extra: Any) -> None:
        self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def click(self, x: float, y: float) -> None:
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y, button="left", clickCount=1)
        self.mouse("mouseReleased", x, y, button="left", clickCount=1)

    def key(self, key: str, code: int) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=key,
                      windowsVirtualKeyCode=code)
        if key == "Enter":
            self.send("Input.dispatchKeyEvent", type="char", text="\r")

    def centre(self, selector: str) -> tuple[float, float]:
        """The middle of the first element matching `selector`, scrolled into view."""
        box = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            e.scrollIntoView({{block: "center"}}); const r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        return float(box[0]), float(box[1])


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    started = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield started
    finally:
        started.close()


def _page(tmp: Path, folder: Path, *options: str) -> Path:
    out = tmp / "diagram.html"
    result = run_cli("diagram", folder, "--format", "html", "-o", out, *options)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def onward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _page(tmp_path_factory.mktemp("onward"), ONWARD, "--record-url", "ropa.html")


@pytest.fixture(scope="module")
def transfers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("transfers")
    (folder / "flows").mkdir()
    (folder / "flows" / "acme.yaml").write_text(TRANSFERS, encoding="utf-8")
    return _page(folder, folder / "flows")


def _node(label: str) -> str:
    """The selector of the link of the node or edge whose full text starts with `label`."""
    return f"#diagram svg a[aria-label^={json.dumps(label, ensure_ascii=False)}]"


FIT = """(() => { const svg = document.querySelector("#diagram svg");
  const s = svg.getBoundingClientRect(), g = svg.querySelector("g.graph").getBoundingClientRect();
  return {inner: innerWidth, scroll: document.documentElement.scrollWidth, svgLeft: s.left,
          svgRight: s.right, svgBottom: s.bottom, drawnLeft: g.left, drawnRight: g.right,
          drawnTop: g.top, drawnBottom: g.bottom, svgTop: s.top, viewport: innerHeight}; })()"""


@pytest.mark.parametrize("width", [1600, 1024, 700])
def test_the_whole_diagram_fits_the_window(browser: Browser, tmp_path: Path,
                                           width: int) -> None:
    """The wide diagram of flows/examples (recipients in three countries outside the EEA) is
    drawn whole inside the window, with no horizontal scrolling, at any width."""
    page = _page(tmp_path, ROOT / "flows" / "examples")
    browser.open(page, width=width, height=900)
    fit = browser.js(FIT)
    assert fit["scroll"] <= fit["inner"], fit
    assert fit["svgLeft"] >= 0 and fit["svgRight"] <= fit["inner"], fit
    assert fit["svgLeft"] - 1 <= fit["drawnLeft"] and fit["drawnRight"] <= fit["svgRight"] + 1
    assert fit["svgTop"] - 1 <= fit["drawnTop"] and fit["drawnBottom"] <= fit["svgBottom"] + 1
    assert fit["svgBottom"] <= fit["viewport"], fit         # the diagram is on the first screen
    shot = base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"])
    assert shot.startswith(b"\x89PNG")
    assert int.from_bytes(shot[16:20], "big") == width     # what the fit was measured in
    (tmp_path / "screen.png").write_bytes(shot)


def test_hover_shows_the_nodes_tooltip(browser: Browser, onward: Path) -> None:
    browser.open(onward)
    assert browser.js('document.getElementById("tooltip").hidden') is True
    x, y = browser.centre(_node("Sick leave"))
    browser.mouse("mouseMoved", x, y)
    tip = browser.js("""(() => { const t = document.getElementById("tooltip");
        const r = t.getBoundingClientRect(); return {hidden: t.hidden, text: t.innerText,
        shown: getComputedStyle(t).display !== "none" && r.width > 0 && r.height > 0,
        inside: r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight};
        })()""")
    assert tip["hidden"] is False and tip["shown"] and tip["inside"], tip
    text = tip["text"]
    for expected in ("Sick leave", "activity", "controller",
                     "2 years from end of the sick leave", "health-record", "Art. 9",
                     "SC-01", "Special-category data"):
        assert expected in text, (expected, text)
    assert "XFER-05" not in text                       # another element's finding
    # The browser's own tooltip (xlink:title) gives way to the styled one, for readers too.
    assert browser.js(f"""document.querySelector({json.dumps(_node("Sick leave"))})
        .getAttributeNS("http://www.w3.org/1999/xlink", "title")""") is None
    browser.mouse("mouseMoved", 2, 2)
    assert browser.js('document.getElementById("tooltip").hidden') is True


def test_hover_over_an_edge(browser: Browser, onward: Path) -> None:
    browser.open(onward)
    x, y = browser.centre(_node("VoiceLab Inc. → Annotate Pvt Ltd") + " text")
    browser.mouse("mouseMoved", x, y)
    text = browser.js('document.getElementById("tooltip").innerText')
    assert "VoiceLab Inc. → Annotate Pvt Ltd" in text
    assert "✗ no mechanism" in text and "XFER-05" in text


def test_keyboard_focus_shows_the_tooltip_and_enter_opens_the_entry(browser: Browser,
                                                                    onward: Path) -> None:
    browser.open(onward)
    for _ in range(12):  # the toolbar, the figure, then the nodes
        browser.key("Tab", 9)
        if browser.js('document.activeElement.closest("#diagram svg a") !== null'):
            break
    else:
        pytest.fail("Tab never reached a node of the diagram")
    focused = browser.js('document.activeElement.getAttribute("aria-label").split("\\n")[0]')
    target = browser.js('document.activeElement.getAttributeNS('
                        '"http://www.w3.org/1999/xlink", "href")')
    assert browser.js('document.getElementById("tooltip").hidden') is False
    assert browser.js('document.getElementById("tooltip").innerText').startswith(focused)
    browser.key("Enter", 13)
    assert browser.js("location.hash") == target
    assert browser.js('document.querySelector(":target h3").innerText').startswith(focused)
    browser.key("Escape", 27)
    assert browser.js('document.getElementById("tooltip").hidden') is True


def test_a_click_on_a_node_opens_its_findings(browser: Browser, onward: Path) -> None:
    browser.open(onward)
    browser.click(*browser.centre(_node("Sick leave")))
    assert browser.js("location.hash") == "#activity-tri.sick-leave"
    entry = browser.js("""(() => { const e = document.querySelector(":target");
        return {text: e.innerText, rules: [...e.querySelectorAll("a.rule")].map(a => a.href),
                record: e.querySelector('a[href^="ropa.html"]').href,
                top: e.getBoundingClientRect().top, height: innerHeight}; })()""")
    assert "SC-01" in entry["text"] and "organisation.yaml:" in entry["text"]
    assert entry["rules"] == ["https://w3id.org/dataflow/rules#sc-01"]
    assert entry["record"].endswith("/ropa.html#activity-tri.sick-leave")
    assert 0 <= entry["top"] < entry["height"]          # scrolled into view


def test_the_panel_lists_xfer_01_with_a_link(browser: Browser, transfers: Path) -> None:
    browser.open(transfers)
    entry = browser.js("""(() => { const e = document.getElementById("flow-acme.crm-to-vendor");
        return {rules: [...e.querySelectorAll("li.error a.rule")].map(a => [a.innerText, a.href]),
                text: e.innerText}; })()""")
    assert entry["rules"] == [["XFER-01", "https://w3id.org/dataflow/rules#xfer-01"]]
    assert "Customer register → Vendor Inc." in entry["text"]
    assert "✗ no mechanism" in entry["text"] and "acme.yaml:" in entry["text"]
    # The edge links to that entry, and the entry links back to both ends.
    browser.click(*browser.centre(_node("Customer register → Vendor Inc.") + " text"))
    assert browser.js("location.hash") == "#flow-acme.crm-to-vendor"
    ends = browser.js('[...document.querySelectorAll(":target .links a")].map(a => '
                      'a.getAttribute("href"))')
    assert ends == ["#activity-acme.crm", "#party-acme.vendor", "#diagram"]
    assert browser.js('[...document.querySelectorAll("#party-acme.vendor, '
                      '#activity-acme.crm")].length') == 0   # ids with dots: by id only
    assert browser.js('document.getElementById("party-acme.vendor") !== null')


def test_each_mechanism_is_drawn_its_own_way(browser: Browser, transfers: Path) -> None:
    browser.open(transfers)
    edges = browser.js("""(() => Object.fromEntries([...document.querySelectorAll(
        "#diagram g.edge")].map(g => { const a = g.querySelector("a");
          const label = a.getAttribute("aria-label").split("\\n")[0];
          const lines = [...g.querySelectorAll("path")].filter(
            p => p.getAttribute("stroke") !== "transparent");
          return [label, {paths: lines.length,
                          head: g.querySelector("polygon, ellipse").tagName,
                          dashed: g.querySelector("path").getAttribute("stroke-dasharray")}];
        })))()""")
    assert edges["Customer register → Tokyo KK"]["paths"] == 1          # adequacy: one line
    assert edges["Customer register → Delhi Pvt Ltd"]["paths"] == 2     # SCC: a double line
    assert edges["Customer register → Lima SAC"]["head"] == "ellipse"   # derogation: o
    assert edges["Customer register → Vendor Inc."]["head"] == "polygon"
    # The legend names what the diagram uses, and nothing else (no Art. 9, no dashed flow).
    legend = browser.js('[...document.querySelectorAll(".legend li")].map(l => l.className '
                        '|| l.querySelector(".sample").className.split(" ")[1])')
    assert legend == ["error", "outside", "adequacy", "safeguards", "derogation", "none",
                      "labels"]


def test_zoom_and_fit(browser: Browser, onward: Path) -> None:
    browser.open(onward)
    home = browser.js('document.querySelector("#diagram svg").getAttribute("viewBox")')
    width = float(home.split()[2])
    browser.click(*browser.centre('[data-zoom="in"]'))
    zoomed = browser.js('document.querySelector("#diagram svg").getAttribute("viewBox")')
    assert float(zoomed.split()[2]) == pytest.approx(width * 0.8, rel=1e-3)
    x, y = browser.centre("#diagram")
    browser.mouse("mouseWheel", x, y, deltaX=0, deltaY=-100, modifiers=2)  # Ctrl + wheel
    wheeled = browser.js('document.querySelector("#diagram svg").getAttribute("viewBox")')
    assert float(wheeled.split()[2]) < float(zoomed.split()[2])
    browser.click(*browser.centre('[data-zoom="fit"]'))
    fitted = browser.js('document.querySelector("#diagram svg").getAttribute("viewBox")')
    assert [float(v) for v in fitted.split()] == pytest.approx([float(v) for v in home.split()])
    # Dragging the background pans (and is no click); the keys zoom the focused figure.
    left = browser.js('(() => { const r = document.querySelector("#diagram svg")'
                      '.getBoundingClientRect(); return [r.left + 3, r.top + 3]; })()')
    browser.mouse("mousePressed", *left, button="left", clickCount=1)
    for step in range(1, 6):
        browser.mouse("mouseMoved", left[0] + 20 * step, left[1], button="left")
    browser.mouse("mouseReleased", left[0] + 100, left[1], button="left", clickCount=1)
    panned = [float(v) for v in browser.js(
        'document.querySelector("#diagram svg").getAttribute("viewBox")').split()]
    assert panned[0] < float(home.split()[0]) and panned[2] == pytest.approx(width)
    assert browser.js("location.hash") == ""
    browser.js('document.getElementById("diagram").focus()')
    browser.key("0", 48)
    browser.key("-", 189)
    keyed = browser.js('document.querySelector("#diagram svg").getAttribute("viewBox")')
    assert float(keyed.split()[2]) == pytest.approx(width * 1.25, rel=1e-3)


def test_the_page_fetches_nothing(browser: Browser, onward: Path) -> None:
    browser.open(onward)
    browser.click(*browser.centre(_node("Sick leave")))
    requested = [e["params"]["request"]["url"] for e in browser.events
                 if e.get("method") == "Network.requestWillBeSent"]
    assert all(url.startswith("file://") for url in requested), requested
    assert browser.js("document.scripts.length") == 1
    assert browser.js('[...document.querySelectorAll("[src], link[href]")].length') == 0
