"""Shared helpers of the browser tests (uniquely named: every test folder has a conftest)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Tab options for a phone, and the four views a feature is tested in (pass to new_tab).
PHONE_OPTIONS = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
VIEWS = [
    pytest.param({}, id="desktop-light"),
    pytest.param({"dark": True}, id="desktop-dark"),
    pytest.param(PHONE_OPTIONS, id="phone-light"),
    pytest.param({**PHONE_OPTIONS, "dark": True}, id="phone-dark"),
]


def chromium_path() -> str:
    """Debian's Chromium ($HANDBOOK_CHROMIUM overrides); fail, never skip, when it is missing."""
    # Debian and the sandbox have `chromium`; Ubuntu CI runners ship Google Chrome instead.
    for candidate in (
        os.environ.get("HANDBOOK_CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        "Chromium is not installed: run `make browser` (it installs Debian's chromium "
        "package), then run the tests again.",
        pytrace=False,
    )


@dataclass
class Tab:
    """A page of the served site plus what it tried to fetch from elsewhere."""

    page: Page
    base: str
    name: str
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str = "", settle: bool = False) -> Page:
        """Load a site path and wait until handbook.js has set up the page.

        The load event plus data-hb-ready is what the tests act on: scripts, styles and images
        are in, and the theme and handbook.js have run. Waiting for the network to go quiet as
        well costs half a second of silence per load (minutes over the suite) and only matters
        to a test about late requests: `settle=True`. (Search answers are waited for where
        they are used.)
        """
        url = self.base + path
        # Only the fragment changes: no new document, so no load event to wait for. Material
        # answers such a navigation by fetching the page again and swapping its content in;
        # the network going quiet is the sign that the swap is over.
        same_document = "#" in path and self.page.url.split("#")[0] == url.split("#")[0]
        self.page.goto(url, wait_until="networkidle" if settle or same_document else "load")
        wait_ready(self.page)
        return self.page

    def own_errors(self) -> list[str]:
        """Script errors, leaving out those of blocked off-site scripts (tested on their own)."""
        return [e for e in self.errors if "https://" not in e and "http://" not in e]

    def shot(self, label: str = "") -> Path:
        """Save a full-page screenshot as a test artifact."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{self.name}-{label}".strip("-"))[:150]
        path = SCREENSHOTS / f"{slug}.png"
        # A full-page shot of the 300-question bank with every answer open is ~100,000 px
        # tall and can take longer than Playwright's timeout on a busy runner: cap it.
        height = self.page.evaluate("document.documentElement.scrollHeight")
        self.page.screenshot(path=str(path), full_page=height <= 20_000)
        return path


TabFactory = Callable[..., Tab]


def wait_ready(page: Page) -> None:
    """Wait until handbook.js has set the page up (after a goto or reload)."""
    page.wait_for_function("document.documentElement.hasAttribute('data-hb-ready')")


def reload(page: Page) -> None:
    """Reload the page, as Tab.open loads it (see there)."""
    page.reload(wait_until="load")
    wait_ready(page)


# ---- colour schemes -----------------------------------------------------------------------
# Tests that check a page in both schemes open it in a dark tab (the theme follows the system's
# preference on a first visit) and then switch the loaded page to light, instead of loading it
# again in a light tab: a load of the question bank costs seconds.
SCHEME_ATTRIBUTE = {"light": "default", "dark": "slate"}


def scheme_of(page: Page) -> str:
    """The scheme the theme shows: "light" or "dark" (body[data-md-color-scheme])."""
    value = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    return next(name for name, attr in SCHEME_ATTRIBUTE.items() if attr == value)


def use_scheme(page: Page, scheme: str) -> None:
    """Show the loaded page in `scheme` as a fresh tab in that scheme would show it.

    Both things a first visit goes by change: the system preference (emulated, for any rule
    that asks prefers-color-scheme) and the theme's palette, switched through its own toggle's
    input as a reader's click does. The theme styles each scheme from the body's
    data-md-color-scheme, so the page is then styled exactly as one loaded in that scheme.
    """
    shows = page.evaluate(
        "[document.body.getAttribute('data-md-color-scheme'),"
        " matchMedia('(prefers-color-scheme: dark)').matches]"
    )
    if shows == [SCHEME_ATTRIBUTE[scheme], scheme == "dark"]:
        return  # already so: restyling the question bank for nothing costs a second
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.evaluate(
        """(scheme) => {
          const input = document.querySelector(
            `input[name="__palette"][data-md-color-scheme="${scheme}"]`);
          if (!input.checked) {
            input.checked = true;
            input.dispatchEvent(new Event("change", {bubbles: true}));
          }
        }""",
        SCHEME_ATTRIBUTE[scheme],
    )
    # The theme turns transitions off while it switches, so the colours are final once the
    # switching mark is gone.
    page.wait_for_function(
        """(scheme) => document.body.getAttribute('data-md-color-scheme') === scheme &&
                       !document.body.hasAttribute('data-md-color-switching')""",
        arg=SCHEME_ATTRIBUTE[scheme],
    )


# ---- filters, as a learner reaches them: on a phone they are in a sheet behind a bar ----------


def open_filter_sheet(page: Page) -> bool:
    """Open the phone filter sheet if the page shows the compact bar; True if it opened it."""
    bar = page.locator(".hb-filter-bar__open")
    if bar.count() and bar.first.is_visible() and not page.locator(SHEET_OPEN).count():
        bar.first.click()
        page.locator(SHEET_OPEN).wait_for()
        return True
    return False


def close_filter_sheet(page: Page) -> None:
    if page.locator(SHEET_OPEN).count():
        page.keyboard.press("Escape")
        page.locator(SHEET_OPEN).wait_for(state="detached")


def choose_filter(page: Page, name: str, value: str) -> None:
    """Set one filter (topic, difficulty, status...) and return to the list."""
    opened = open_filter_sheet(page)
    page.locator(f'.hb-filters select[name="{name}"]').select_option(value)
    if opened:
        close_filter_sheet(page)


def clear_filters(page: Page) -> None:
    opened = open_filter_sheet(page)
    page.locator(".hb-filters .hb-filter__clear").click()
    if opened:
        close_filter_sheet(page)


SHEET_OPEN = "dialog.hb-filter-sheet[open]"
