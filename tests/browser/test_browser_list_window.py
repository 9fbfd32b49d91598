"""The list window: a long filtered list shows its first entries, then "Show more".

At 10,000 resources a filter change that redraws a whole 2,000-entry list cannot be fast
(bench/browser.py); the window keeps each change to at most twice its size. Today's lists are
all shorter than the window (300), so these tests shrink it to WINDOW through the hook
handbook.js reads (window.handbookListWindow), and check what a learner meets on a long list:
the count says what is listed, "Show more" and "Show all" work by keyboard and leave focus on
the first added entry, a filter starts again from the top, links to an entry further down
(a shared address, an in-page "details" link) reveal it, practice and print see every match,
and a comparison table above a list keeps a (smaller) window of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hb_axe import axe_violations
from hb_browser import PHONE_OPTIONS, Tab, TabFactory, choose_filter
from playwright.sync_api import Page
from real_handbook import real_handbook

HB = real_handbook()
WINDOW = 20
READINGS = "catalog/readings/"
READING_IDS = [r.id for r in HB.resources if r.kind == "reading"]
# A stage whose Start-here "details" links point further down than the window reaches.
STAGE = max(HB.stages, key=lambda s: len(HB.resources_in_stage(s.id))).id

# Entries on screen (not hidden by the filter nor past the window), in page order.
DISPLAYED_JS = """(scope) => Array.from(document.querySelectorAll(`.hb-item${scope}[data-id]`))
  .filter(el => el.getClientRects().length > 0).map(el => el.dataset.id)"""


def windowed(new_tab: TabFactory, path: str, **options: Any) -> tuple[Tab, Page]:
    tab = new_tab(**options)
    tab.page.add_init_script(f"window.handbookListWindow = {WINDOW};")
    return tab, tab.open(path)


def displayed(page: Page, scope: str = ".hb-resource") -> list[str]:
    return list(page.evaluate(DISPLAYED_JS, scope))


def in_viewport(page: Page, element_id: str) -> bool:
    return bool(
        page.evaluate(
            """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                         return r.height > 0 && r.top >= 0 && r.top < innerHeight; }""",
            element_id,
        )
    )


def page_order(page: Page) -> list[str]:
    return list(
        page.evaluate(
            "Array.from(document.querySelectorAll('.hb-resource')).map(e => e.dataset.id)"
        )
    )


def test_readings_outnumber_the_window() -> None:
    """Otherwise the tests below would prove nothing."""
    assert len(READING_IDS) > 3 * WINDOW


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({}, id="desktop-light"),
        pytest.param({**PHONE_OPTIONS, "dark": True}, id="phone-dark"),
    ],
)
def test_show_more_and_show_all_by_keyboard(
    new_tab: TabFactory, axe_source: Path, options: dict[str, Any]
) -> None:
    tab, page = windowed(new_tab, READINGS, **options)
    order = page_order(page)
    total = len(order)
    assert displayed(page) == order[:WINDOW]
    count = page.locator(".hb-filter-count").first.inner_text()
    assert f"first {WINDOW} of all {total} resources" in count
    bar = page.locator(".hb-more").first
    assert bar.is_visible()
    assert f"{total - WINDOW} more resources match" in bar.inner_text()
    # The bar comes right after the last listed entry: nothing shows between them.
    gap = page.evaluate(
        """(id) => document.querySelector('.hb-more').getBoundingClientRect().top
                   - document.querySelector(`[data-id="${id}"]`).getBoundingClientRect().bottom""",
        order[WINDOW - 1],
    )
    assert 0 <= gap < 60, gap

    assert axe_violations(tab, axe_source, "'.hb-more'") == []

    more = bar.get_by_role("button", name=f"Show {WINDOW} more")
    more.focus()
    page.keyboard.press("Enter")
    assert displayed(page) == order[: 2 * WINDOW]
    # Focus lands on the first added entry's Done box: the reader carries on from there.
    assert page.evaluate("document.activeElement.dataset.hbId") == order[WINDOW]

    bar.get_by_role("button", name=f"Show all {total}").click()
    assert displayed(page) == order
    assert not bar.is_visible()
    assert tab.own_errors() == []


def test_a_filter_starts_the_window_again(new_tab: TabFactory) -> None:
    tab, page = windowed(new_tab, READINGS)
    page.locator(".hb-more").first.get_by_role("button", name="Show all").click()
    assert len(displayed(page)) > WINDOW
    topic = page.evaluate(
        """() => { const s = document.querySelector('.hb-filters select[name="topic"]');
                   return Array.from(s.options).slice(1)
                     .map(o => [o.value, Number(o.textContent.match(/\\((\\d+)\\)$/)[1])])
                     .sort((a, b) => b[1] - a[1])[0]; }"""
    )
    value, matches = topic
    assert matches > WINDOW, "the largest topic of the readings should outnumber the window"
    choose_filter(page, "topic", value)
    shown = displayed(page)
    assert len(shown) == WINDOW
    expected = [i for i in page_order(page) if value in (HB.resource_by_id[i].topics or [])]
    assert shown == expected[:WINDOW]
    assert (
        f"first {WINDOW} of the {matches} matching"
        in page.locator(".hb-filter-count").first.inner_text()
    )
    assert tab.own_errors() == []


def test_an_address_naming_an_entry_further_down_reveals_it(new_tab: TabFactory) -> None:
    target = READING_IDS[3 * WINDOW + 1]
    tab, page = windowed(new_tab, f"{READINGS}#{target}")
    order = page_order(page)
    rank = order.index(target) + 1
    assert rank > WINDOW, "the target should start out past the window"
    assert len(displayed(page)) == -(-rank // WINDOW) * WINDOW  # whole windows up to it
    assert target in displayed(page)
    assert in_viewport(page, target)
    assert tab.own_errors() == []


def test_an_in_page_details_link_reveals_its_entry(new_tab: TabFactory) -> None:
    tab, page = windowed(new_tab, f"stages/{STAGE}/")
    href = page.evaluate(
        """() => Array.from(document.querySelectorAll('.md-content a[href*="#"]')).map(a => a.hash)
             .find(h => { const t = document.getElementById(decodeURIComponent(h.slice(1)));
                          const item = t && t.closest('.hb-resource');
                          return item && item.getClientRects().length === 0; })"""
    )
    assert href, "some Start-here link should point past the window"
    target = href[1:]
    page.locator(f'.md-content a[href$="{href}"]').first.click()
    page.wait_for_function("(id) => location.hash === '#' + id", arg=target)
    assert target in displayed(page)
    page.wait_for_function(
        """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.top >= 0 && r.top < innerHeight; }""",
        arg=target,
    )
    assert tab.own_errors() == []


def test_practice_draws_from_every_match_not_only_the_listed_ones(new_tab: TabFactory) -> None:
    tab, page = windowed(new_tab, "questions/")
    assert len(displayed(page, ".hb-question")) == WINDOW
    any_queue = page.locator(".hb-practice label", has_text="Any").first.inner_text()
    assert f"({len(HB.questions)})" in any_queue
    assert tab.own_errors() == []


def test_paper_gets_every_match_then_the_window_returns(
    new_tab: TabFactory, tmp_path: Path
) -> None:
    tab, page = windowed(new_tab, READINGS)
    page.evaluate(
        """() => window.addEventListener('beforeprint', () => {
             window.__printed =
               document.querySelectorAll('.hb-resource:not(.hb-unlisted)').length; })"""
    )
    page.pdf(path=str(tmp_path / "readings.pdf"))
    assert page.evaluate("window.__printed") == len(page_order(page))
    assert len(displayed(page)) == WINDOW
    assert tab.own_errors() == []


CERTIFICATIONS = "catalog/certifications/"
# Rows of the comparison table on screen, in the table's own order (by issuer).
ROWS_JS = """() => Array.from(document.querySelectorAll('.hb-compare tr[data-for]'))
  .filter(row => row.getClientRects().length > 0).map(row => row.dataset.for)"""


def test_the_comparison_table_has_a_window_of_its_own(
    new_tab: TabFactory, axe_source: Path, tmp_path: Path
) -> None:
    """The table lists at most WINDOW rows (its own window is never larger than the list's),
    in its own order, with its own "Show more" under it; a filter starts it again; paper
    gets every row."""
    tab, page = windowed(new_tab, CERTIFICATIONS)
    rows = list(
        page.evaluate(
            "Array.from(document.querySelectorAll('.hb-compare tr[data-for]'))"
            ".map(row => row.dataset.for)"
        )
    )
    assert len(rows) > WINDOW, "the certifications should outnumber the window"
    assert page.evaluate(ROWS_JS) == rows[:WINDOW]
    bar = page.locator(".hb-compare + .hb-more")
    assert bar.is_visible()
    rest = len(rows) - WINDOW
    assert f"{rest} more rows match the filters" in bar.inner_text()
    assert axe_violations(tab, axe_source, "'.hb-compare + .hb-more'") == []

    more = bar.get_by_role("button", name=f"Show {min(rest, WINDOW)} more")
    more.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(ROWS_JS) == rows[: 2 * WINDOW]
    # Focus lands on the link of the first row added.
    assert page.evaluate("document.activeElement.closest('tr').dataset.for") == rows[WINDOW]
    # The list below keeps its own window.
    assert len(displayed(page)) == WINDOW

    level = next(
        lv
        for lv in ("beginner", "intermediate", "advanced")
        if any(HB.resource_by_id[r].level == lv for r in rows)
    )
    choose_filter(page, "level", level)
    matching = [r for r in rows if HB.resource_by_id[r].level == level]
    assert page.evaluate(ROWS_JS) == matching[:WINDOW]
    choose_filter(page, "level", "")
    assert page.evaluate(ROWS_JS) == rows[:WINDOW]  # started again

    page.evaluate(
        """() => window.addEventListener('beforeprint', () => {
             window.__rows = document.querySelectorAll('.hb-compare tr[data-for]:not(.hb-unlisted)')
               .length; })"""
    )
    page.pdf(path=str(tmp_path / "certifications.pdf"))
    assert page.evaluate("window.__rows") == len(rows)
    assert page.evaluate(ROWS_JS) == rows[:WINDOW]
    assert tab.own_errors() == []
