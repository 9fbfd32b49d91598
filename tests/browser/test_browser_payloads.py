"""Stored script injection, tried as an attacker would: a site built from hostile data, every
page loaded in Chromium with alert/confirm/prompt hooked and every event handler provoked.

The site is built with the validator's early Markdown check switched off
(HANDBOOK_SANITIZER_ONLY=1), so what is tested is the rendering itself: escaping of plain
fields and the allow-list sanitizer on Markdown. Zero payloads may fire, and no element may
carry an event-handler attribute at all.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from hb_browser import DESKTOP, PHONE, wait_ready
from payloads import BENIGN_TITLE, PLAIN_PAYLOADS
from playwright.sync_api import Browser, Page
from sharedbuild import shared_build
from sitebuild import serve

HOOK = """
window.__fired = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  window[name] = (...args) => { window.__fired.push(name + "(" + args.join(",") + ")"); };
}
"""
# Every element with an on* attribute gets that event dispatched; every focusable element is
# focused; the result is what fired plus what should not exist at all.
PROVOKE = r"""
() => {
  const handlers = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.name.toLowerCase().startsWith("on")) {
        handlers.push(el.tagName + " " + attr.name);
        el.dispatchEvent(new Event(attr.name.slice(2)));
      }
    }
  }
  for (const el of document.querySelectorAll("a, button, input, [tabindex], details, summary")) {
    el.focus();
    el.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  }
  const badLinks = Array.from(document.querySelectorAll("[href], [src], [action], [formaction]"))
    .map((el) => el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("action")
                 || el.getAttribute("formaction") || "")
    .filter((url) => /^\s*(javascript|data|vbscript):/i.test(url.replace(/[\t\n\r]/g, "")))
    .filter((url) => url !== "javascript:void(0)");  // Material's own search share button
  // Every payload calls alert(): no script element and no style attribute may mention it.
  const styled = Array.from(document.querySelectorAll("[style]"))
    .filter((el) => /alert|javascript|url\(/i.test(el.getAttribute("style")))
    .map((el) => el.tagName);
  // Data blocks (type application/json) are never run; they must still parse as JSON.
  const isData = (s) => {
    if (s.type !== "application/json") return false;
    try { JSON.parse(s.textContent); return true; } catch (e) { return false; }
  };
  const scripts = Array.from(document.scripts)
    .filter((s) => !isData(s) && (/alert\(/.test(s.textContent) || /alert/.test(s.src)))
    .map((s) => s.textContent.slice(0, 80));
  return {handlers, badLinks, styled, scripts};
}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from payloads.hostile_yaml(), Markdown check off (sharedbuild.py)."""
    return shared_build(tmp_path_factory, "hostile").result()


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


def data_pages(site: Path) -> list[str]:
    """Every page built from the data or hand-written (notebooks hold no contributed text)."""
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    return [
        ("" if p == "." else p + "/")
        for p in pages
        if not p.startswith(("examples", "search", "assets"))
    ]


def open_hooked(browser: Browser, url: str, viewport: dict[str, int]) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    context.add_init_script(HOOK)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route(lambda u: not u.startswith(url), lambda route: route.abort())
    return page, dialogs


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_payload_fires_on_any_page(
    browser: Browser, hostile_site: Path, hostile_url: str, viewport: dict[str, int]
) -> None:
    pages = data_pages(hostile_site)
    assert len(pages) >= 10, pages
    page, dialogs = open_hooked(browser, hostile_url, viewport)
    for path in pages:
        page.goto(hostile_url + path, wait_until="load")
        wait_ready(page)  # handbook.js has built its controls from the data too
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        found = page.evaluate(PROVOKE)
        page.wait_for_timeout(50)  # let dispatched handlers and image errors run
        fired = page.evaluate("window.__fired")
        assert found == {"handlers": [], "badLinks": [], "styled": [], "scripts": []}, path
        assert fired == [] and dialogs == [], path
    page.context.close()


def test_search_results_show_hostile_titles_as_text(browser: Browser, hostile_url: str) -> None:
    page, dialogs = open_hooked(browser, hostile_url, DESKTOP)
    page.goto(hostile_url, wait_until="load")
    wait_ready(page)
    for query in ("img", "onerror", "script", "hostile"):
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("")
        box.type(query)
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        assert page.evaluate(PROVOKE)["handlers"] == [], query
    page.wait_for_timeout(100)
    assert page.evaluate("window.__fired") == [] and dialogs == []
    page.context.close()


def test_benign_title_is_shown_literally_everywhere(browser: Browser, hostile_url: str) -> None:
    page, _ = open_hooked(browser, hostile_url, DESKTOP)
    page.goto(hostile_url + "stages/benign/", wait_until="load")
    wait_ready(page)
    assert page.title() == f"3. {BENIGN_TITLE} - ML Engineer Handbook"
    assert page.locator("h1").evaluate("h => h.firstChild.textContent") == f"3. {BENIGN_TITLE}"
    assert page.locator(".md-nav__link--active").first.inner_text().strip() == f"3. {BENIGN_TITLE}"
    page.goto(hostile_url + "stages/modelling/", wait_until="load")
    wait_ready(page)
    footer = page.locator(".md-footer__link--next")
    assert BENIGN_TITLE in footer.inner_text()
    assert footer.get_attribute("aria-label") == f"Next: 3. {BENIGN_TITLE}"
    # The hostile stage title is text in the <title> too, not markup that closes it.
    assert page.title().startswith(f"2. {PLAIN_PAYLOADS['second stage title']} - ")
    page.context.close()


def test_exports_of_hostile_data_are_well_formed(hostile_site: Path) -> None:
    feed = ET.fromstring((hostile_site / "feed.xml").read_bytes())
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert PLAIN_PAYLOADS["resource title"] in titles
    records = json.loads((hostile_site / "resources.json").read_text(encoding="utf-8"))
    assert PLAIN_PAYLOADS["provider"] in json.dumps(records, ensure_ascii=False)
    rows = list(
        csv.DictReader(io.StringIO((hostile_site / "resources.csv").read_text(encoding="utf-8")))
    )
    assert {row["description"] for row in rows} >= {PLAIN_PAYLOADS["description"]}
