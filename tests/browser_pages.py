"""Headless Debian Chromium for the browser tests: the launch settings, a module-wide browser
and a page opened from a file with every non-file request blocked (and counted) and errors collected."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
MISSING = f"{CHROMIUM} (Debian chromium) is missing"


def launch() -> Iterator[object]:
    """A headless Chromium for the length of a fixture (skips when it or playwright is missing)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(MISSING)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Opened:
    """A page opened from a file with every non-file request blocked (and counted) and errors collected."""

    def __init__(self, browser: object, path: Path, viewport: tuple[int, int] = (1200, 800)):
        self.requests: list[str] = []
        self.errors: list[str] = []
        width, height = viewport
        self.page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith("file://"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.requests.append(url)
            route.abort()  # type: ignore[attr-defined]
