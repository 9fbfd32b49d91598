"""Browser tests: the real site, built once, served on 127.0.0.1, driven in Debian's Chromium.

Nothing is mocked: every test loads pages of a real `mkdocs build --strict` (notebook execution
off for speed). Requests that would leave 127.0.0.1 are aborted and recorded, so a test never
touches the internet and can assert that the site does not try to.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hb_browser import (
    AXE,
    DESKTOP,
    HERE,
    Tab,
    TabFactory,
    chromium_path,
)
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright
from sharedbuild import shared_build
from sitebuild import CHROMIUM_ARGS, serve


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a slow (real build + real browser) test."""
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built strictly once per session, for every worker (sharedbuild.py).

    HANDBOOK_BROWSER_SITE=DIR reuses a site built beforehand (for quick iterations on tests).
    """
    return shared_build(tmp_path_factory, "browser").result()


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (port chosen by the OS)."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    path = chromium_path()
    browser = playwright_session.chromium.launch(
        executable_path=path, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def new_tab(
    browser: Browser, base_url: str, request: pytest.FixtureRequest
) -> Iterator[TabFactory]:
    """Make tabs: `new_tab()` desktop light, `new_tab(dark=True)`, `new_tab(viewport=PHONE)`."""
    contexts: list[BrowserContext] = []

    def make(
        viewport: dict[str, int] | None = None,
        dark: bool = False,
        context: BrowserContext | None = None,
        **options: Any,
    ) -> Tab:
        if context is None:
            context = browser.new_context(
                viewport=viewport or DESKTOP,  # type: ignore[arg-type]
                color_scheme="dark" if dark else "light",
                accept_downloads=True,
                **options,
            )
            contexts.append(context)
        tab = Tab(context.new_page(), base_url, request.node.name)

        def route(route: Any) -> None:
            tab.external.append(route.request.url)
            route.abort()

        tab.page.route(lambda url: not url.startswith(base_url), route)
        tab.page.on("pageerror", lambda err: tab.errors.append(str(err)))
        return tab

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def tab(new_tab: TabFactory) -> Tab:
    """One desktop tab in light mode."""
    return new_tab()


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.exists():
        pytest.fail(
            "axe-core is not installed: run `npm ci --prefix tests/browser` "
            "(`make browser` does it).",
            pytrace=False,
        )
    return AXE
