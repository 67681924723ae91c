"""The HTML view opened in headless Chromium with the network blocked: what it drew, fetched and logged."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError

#: The Debian package's browser; Playwright drives it as it is, never a browser build of its own.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class OfflinePage:
    """A Playwright page whose every non-file request is recorded and aborted."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: str | Path, timeout: float = 60.0) -> float:
        """Load a graph page and wait until it is drawn and interactive; milliseconds from navigation."""
        self.page.goto(Path(path).resolve().as_uri())
        self.page.wait_for_function("() => window.kg && window.kg.ready", timeout=timeout * 1000)
        return float(self.page.evaluate("window.kg.readyAt"))

    def drawn(self) -> tuple[list[str], list[tuple[str, str, str]]]:
        """The ids of the nodes vis-network draws, and (from, to, label) of each edge it draws."""
        return self.page.evaluate(
            """() => {
              const body = window.kg.network.body;
              const edges = body.edgeIndices.map((id) => body.edges[id].options);
              return [body.nodeIndices, edges.map((e) => [e.from, e.to, e.label])];
            }"""
        )

    def screen_point(self, node: str) -> tuple[float, float]:
        """Where a node is on the screen, in page pixels."""
        point = self.page.evaluate(
            "(id) => window.kg.network.canvasToDOM(window.kg.network.getPosition(id))", node
        )
        box = self.page.locator("#graph").bounding_box()
        return box["x"] + point["x"], box["y"] + point["y"]


def _route(requests: list[str]):
    def handle(route) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    return handle


@dataclass
class Chromium:
    """One headless Chromium with a fresh profile; each page it opens is offline."""

    context: Any

    def new_page(self, width: int = 1600, height: int = 1000) -> OfflinePage:
        """A new tab of this size: non-file requests recorded and aborted, errors and dialogs kept."""
        page = self.context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        offline = OfflinePage(page)
        page.route("**/*", _route(offline.requests))
        page.on("console", lambda m: offline.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: offline.errors.append(str(error)))
        page.on("dialog", lambda dialog: (offline.dialogs.append(dialog.message), dialog.dismiss()))
        return offline


@contextmanager
def chromium(path: str = CHROMIUM) -> Iterator[Chromium]:
    """Headless Chromium (the system's, never a download) on a fresh profile; KGError says what is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise KGError("playwright is not installed: pip install -e '.[test]'") from error
    if not shutil.which(path):
        raise KGError(f"{path} not found: apt-get install chromium chromium-driver (as scripts/test.sh)")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=path, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield Chromium(context)
        finally:
            context.close()


@contextmanager
def offline_page(width: int = 1600, height: int = 1000) -> Iterator[OfflinePage]:
    """One offline page in its own headless Chromium."""
    with chromium() as browser:
        yield browser.new_page(width, height)
