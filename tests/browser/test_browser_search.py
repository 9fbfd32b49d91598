"""Search that lands: each query of search_queries.yaml finds its target in the top 5 results,
and a resource's title finds it first.

A result is one card of Material's result list (one page); a card "contains" a target when the
target is the card's page (a stage page) or one of the sections shown on the card without
opening its "N more on this page" fold. That is what a learner sees without clicking.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hb_browser import DESKTOP
from playwright.sync_api import Browser, Page

from handbook.model import Handbook

QUERIES_FILE = Path(__file__).with_name("search_queries.yaml")
QUERIES: list[dict[str, Any]] = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
TOP = 5
# A resource's own title is the most specific query there is: it must come first, above
# questions, notebooks and site pages that mention it (the page boosts in handbook.site).
FIRST = {"title"}
# Search from a stage page: it is where learners are, and it carries no heavy extras.
SEARCH_FROM = "stages/{first_stage}/"

RESULTS_JS = """(top) => Array.from(document.querySelectorAll('.md-search-result__item'))
  .slice(0, top).map(item => Array.from(item.querySelectorAll('a.md-search-result__link'))
    .filter(a => !a.closest('details'))
    .map(a => { const u = new URL(a.href); return u.pathname + u.hash; }))"""


def targets(expect: str | list[str]) -> list[str]:
    """Targets as site paths: resource ids are anchors on catalog pages, stage:ID a stage page."""
    out = []
    for item in [expect] if isinstance(expect, str) else expect:
        out.append(
            f"/stages/{item.removeprefix('stage:')}/" if item.startswith("stage:") else f"#{item}"
        )
    return out


def lands(cards: list[list[str]], wanted: list[str]) -> int | None:
    """1-based rank of the first card containing a wanted target, else None."""
    for rank, links in enumerate(cards, 1):
        for link in links:
            path, _, anchor = link.partition("#")
            for target in wanted:
                if (target.startswith("#") and anchor == target[1:]) or (
                    not target.startswith("#") and path == target and not anchor
                ):
                    return rank
    return None


def test_query_file_is_valid(handbook: Handbook) -> None:
    """At least 25 queries, each expecting ids that exist in resources.yaml."""
    stages = {s.id for s in handbook.stages}
    assert len(QUERIES) >= 25
    for entry in QUERIES:
        assert set(entry) <= {"query", "expect", "why", "first"}, entry
        expect = entry["expect"]
        for item in [expect] if isinstance(expect, str) else expect:
            if item.startswith("stage:"):
                assert item.removeprefix("stage:") in stages, entry
            else:
                assert item in handbook.resource_by_id, entry


@pytest.fixture(scope="module")
def search_page(browser: Browser, base_url: str, handbook: Handbook) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    page.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    first = handbook.stages[0].id
    page.goto(base_url + SEARCH_FROM.format(first_stage=first), wait_until="networkidle")
    yield page
    context.close()


def search(page: Page, query: str) -> list[list[str]]:
    """Type a query into Material's search box and return the top result cards' links."""
    box = page.locator("input.md-search__input")
    # Material reads the box on keyup: fill it, then press a key that does not edit it.
    box.fill("")
    box.press("End")
    page.wait_for_function("!document.querySelector('.md-search-result__item')")
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   return m && /matching|no matching/i.test(m.textContent) &&
                     !/initializing/i.test(m.textContent); }""",
        timeout=20_000,
    )
    # Results render in one go after the worker answers; wait until the list is stable.
    page.wait_for_function(
        """() => { const l = document.querySelector('.md-search-result__list');
                   const h = l ? l.innerHTML : ''; const same = h === window.__hbLast;
                   window.__hbLast = h; return same && h.length > 0; }""",
        polling=150,
    )
    cards: list[list[str]] = page.evaluate(RESULTS_JS, TOP)
    return cards


@pytest.mark.parametrize("entry", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query_lands_in_top_5(search_page: Page, entry: dict[str, Any]) -> None:
    cards = search(search_page, entry["query"])
    wanted = targets(entry["expect"])
    rank = lands(cards, wanted)
    shown = "\n".join(f"  {n}. {', '.join(links)}" for n, links in enumerate(cards, 1))
    assert rank is not None, f"{entry['query']!r}: none of {wanted} in the top {TOP}; got:\n{shown}"
    if entry["why"] in FIRST and entry.get("first", True):
        assert rank == 1, f"{entry['query']!r}: a {entry['why']} query ranks {rank}:\n{shown}"
