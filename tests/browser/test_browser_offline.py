"""The offline flavour (`make offline`): the built site opened from disk, with no server and no
network, in real Chromium. Pages load and link to each other, search answers, progress and the
path planner work, and nothing is fetched from anywhere.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hb_browser import DESKTOP, PHONE
from playwright.sync_api import Browser, Page
from real_handbook import real_handbook
from sharedbuild import shared_build

HB = real_handbook()
GITHUB_FACTS = "https://api.github.com/repos/owner/handbook"
HREF = re.compile(r'\bhref="([^"]*)"')
PLAN = re.compile(r'<div class="hb-data" id="hb-plan" hidden data-json="([^"]*)"></div>')


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline build, with a repository known (so its notebooks offer Colab).

    HANDBOOK_BROWSER_OFFLINE_SITE=DIR reuses one built beforehand with the same settings.
    """
    return shared_build(tmp_path_factory, "offline").result()


class DiskTab:
    """A tab on the site's files, recording every request that leaves the disk."""

    def __init__(self, page: Page, root: Path) -> None:
        self.page, self.root = page, root
        self.external: list[str] = []
        self.errors: list[str] = []
        page.route(lambda url: not url.startswith("file://"), self._block)
        page.on("pageerror", lambda err: self.errors.append(str(err)))

    def _block(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        # Material's repository widget asks GitHub for the repository's stars and release
        # (sharedbuild.REPO is known in this build); offline the request fails and the
        # widget shows less.
        if not url.startswith(GITHUB_FACTS):
            self.external.append(url)
        route.abort()  # type: ignore[attr-defined]

    def ready(self) -> Page:
        self.page.wait_for_function("document.documentElement.hasAttribute('data-hb-ready')")
        return self.page

    def open(self, path: str) -> Page:
        self.page.goto((self.root / path).as_uri())
        return self.ready()


@pytest.fixture
def disk_tab(browser: Browser, offline_site: Path) -> Iterator[DiskTab]:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    yield DiskTab(context.new_page(), offline_site)
    context.close()


def test_every_link_between_pages_points_at_a_file(offline_site: Path) -> None:
    """From disk a link must name a file: no directory-style address anywhere, including the
    addresses in the planner's data that path.js turns into links."""
    missing: set[str] = set()
    # (404.html is for web servers, which show it at any address: its links are site-absolute.)
    pages = sorted(p for p in offline_site.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 30 and (offline_site / f"stages/{HB.stages[0].id}.html").is_file()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        hrefs = HREF.findall(text)
        for data in PLAN.findall(text):
            plan = json.loads(html.unescape(data))
            hrefs += [plan["pathUrl"], plan["questionsUrl"]]
            hrefs += [s["url"] for s in plan["stages"]]
            hrefs += [c["url"] for s in plan["stages"] for c in s["core"]]
        for href in hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "//")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                missing.add(f"{page.relative_to(offline_site)} -> {href}")
    assert sorted(missing) == []
    for export in ("resources.json", "resources.csv", "feed.xml", "search/search_index.js"):
        assert (offline_site / export).is_file(), export


def test_site_opened_from_disk_navigates_searches_and_keeps_progress(disk_tab: DiskTab) -> None:
    page = disk_tab.open("index.html")
    first = HB.stages[0]
    page.locator(".hb-node__link").first.click()
    disk_tab.ready()
    assert page.url.endswith(f"/stages/{first.id}.html")
    item = page.locator(".hb-item[data-id]").first
    item_id = item.get_attribute("data-id")
    item.locator(".hb-done__box").check()
    # Another page, through the navigation: the tick is there (localStorage of file pages).
    page.locator('.md-nav a[href$="questions.html"]').first.click()
    disk_tab.ready()
    assert page.url.endswith("/questions.html")
    assert item_id in page.evaluate("Object.keys(window.handbookProgress.state().done)")
    page.go_back()
    disk_tab.ready()
    assert page.locator(f'.hb-item[data-id="{item_id}"] .hb-done__box').is_checked()
    # Search, with the index inlined and Material's worker in the file:// shim.
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("pandas")
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   if (m && /\\d+ matching/.test(m.textContent)) return true;
                   /* Material reads the box on keyup: ask again until the worker is up. */
                   document.querySelector('input.md-search__input')
                     .dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
                   return false; }""",
        polling=250,
        timeout=20_000,
    )
    result = page.locator(".md-search-result__item a").first
    href = result.get_attribute("href") or ""
    assert href.startswith("file://") and ".html" in href
    result.click()
    disk_tab.ready()
    assert page.url.split("?")[0].split("#")[0].endswith(".html")
    assert disk_tab.external == [] and disk_tab.errors == []


def test_path_planner_and_notebooks_from_disk(disk_tab: DiskTab) -> None:
    page = disk_tab.open("path.html")
    page.wait_for_function("document.documentElement.hasAttribute('data-hb-path-ready')")
    page.locator(f"#hb-bg-{HB.backgrounds[0].id}").check()
    links = page.locator(".hb-plan-table a[href]")
    assert links.count() > 0
    href = links.first.get_attribute("href") or ""
    target = (disk_tab.root / unquote(urlsplit(href).path)).resolve()
    assert target.is_file(), href
    # A notebook page: its download sits next to it, and with a repository known it offers
    # Colab (the hosted site's behaviour, see test_browser_print for the site without one).
    page = disk_tab.open("examples/08-neural-network.html")
    download = page.get_by_role("link", name="Download the notebook")
    assert (disk_tab.root / "examples" / (download.get_attribute("href") or "")).is_file()
    colab = page.get_by_role("link", name="Open in Colab")
    assert (colab.get_attribute("href") or "").startswith(
        "https://colab.research.google.com/github/owner/handbook/"
    )
    assert disk_tab.external == [] and disk_tab.errors == []


def test_phone_reads_the_site_from_disk(browser: Browser, offline_site: Path) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[arg-type]
    try:
        tab = DiskTab(context.new_page(), offline_site)
        page = tab.open("index.html")
        page.locator(".hb-node__link").nth(1).click()
        tab.ready()
        assert page.url.endswith(f"/stages/{HB.stages[1].id}.html")
        widths = page.evaluate("({doc: document.documentElement.scrollWidth, view: innerWidth})")
        assert widths["doc"] <= widths["view"], widths
        assert tab.external == [] and tab.errors == []
    finally:
        context.close()
