"""Filters on catalog and stage pages: combinations, counts, shareable URLs, keyboard, no-JS."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from hb_browser import Tab, TabFactory, wait_ready
from playwright.sync_api import Page
from real_handbook import real_handbook

CATALOG = "catalog/courses/"
HB = real_handbook()  # shared with the other modules
STAGE = next(s.id for s in HB.stages if len({r.kind for r in HB.resources_in_stage(s.id)}) > 2)

# What should be visible, computed from the data attributes alone (independent of handbook.js).
EXPECTED_JS = """(f) => Array.from(document.querySelectorAll('.hb-resource')).filter(el =>
  (!f.kind || el.dataset.kind === f.kind) && (!f.level || el.dataset.level === f.level) &&
  (!f.free || el.dataset.cost === 'free') &&
  (!f.stage || el.dataset.stages.split(' ').includes(f.stage)) &&
  (!f.topic || el.dataset.topics.split(' ').includes(f.topic))).map(el => el.dataset.id)"""
VISIBLE_JS = """() => Array.from(document.querySelectorAll('.hb-resource'))
  .filter(el => !el.hidden && el.offsetParent !== null).map(el => el.dataset.id)"""


def visible(page: Page) -> list[str]:
    ids: list[str] = page.evaluate(VISIBLE_JS)
    return ids


def expected(page: Page, **filters: str) -> list[str]:
    ids: list[str] = page.evaluate(EXPECTED_JS, filters)
    return ids


def option_count(page: Page, name: str, value: str) -> int:
    text = page.locator(f'.hb-filters select[name="{name}"] option[value="{value}"]').inner_text()
    return int(text.rsplit("(", 1)[1].rstrip(")"))


def query(page: Page) -> dict[str, list[str]]:
    """The page's query string once the URL has caught up (handbook.js updates it 0.2 s late)."""
    page.wait_for_timeout(400)
    return parse_qs(urlsplit(page.url).query)


def test_catalog_filters_combine_and_land_in_the_url(tab: Tab) -> None:
    page = tab.open(CATALOG)
    total = page.locator(".hb-resource").count()
    assert total > 10 and len(visible(page)) == total
    assert page.locator(".hb-filter-count").inner_text() == f"Showing all {total} resources."
    free_count = int(page.locator(".hb-filter--free label").inner_text().split("(")[1][:-1])
    page.locator('.hb-filters select[name="level"]').select_option("beginner")
    page.locator('.hb-filters input[name="free"]').check()
    want = expected(page, level="beginner", free="1")
    assert 0 < len(want) < total and free_count >= len(want)
    assert visible(page) == want
    assert page.locator(".hb-filter-count").inner_text() == (
        f"Showing {len(want)} of {total} resources."
    )
    assert query(page) == {"level": ["beginner"], "free": ["1"]}
    topic = page.locator('.hb-filters select[name="topic"] option').nth(1).get_attribute("value")
    assert topic
    predicted = option_count(page, "topic", topic)
    page.locator('.hb-filters select[name="topic"]').select_option(topic)
    assert visible(page) == expected(page, level="beginner", free="1", topic=topic)
    assert len(visible(page)) == predicted
    tab.shot("filtered")

    # The URL is shareable: opening it elsewhere restores the same filter.
    assert query(page)["topic"] == [topic]
    url = page.url
    other = tab.page.context.new_page()
    other.goto(url, wait_until="load")
    wait_ready(other)
    assert visible(other) == visible(page)
    assert other.locator('.hb-filters select[name="level"]').input_value() == "beginner"
    assert other.locator('.hb-filters input[name="free"]').is_checked()
    other.close()

    page.get_by_role("button", name="Clear filters").click()
    assert len(visible(page)) == total
    assert query(page) == {}


def test_stage_filters_by_kind_and_counts_agree(tab: Tab) -> None:
    page = tab.open(f"stages/{STAGE}/")
    select = page.locator('.hb-filters select[name="kind"]')
    kinds = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    assert len(kinds) > 2
    for kind in kinds:
        predicted = option_count(page, "kind", kind)
        select.select_option(kind)
        assert visible(page) == expected(page, kind=kind)
        assert len(visible(page)) == predicted
        # Kind headings with nothing left under them are hidden too.
        hidden_headings = page.locator(".md-content h3.hb-unlisted").count()
        assert hidden_headings == len(kinds) - 1
    assert query(page) == {"kind": [kinds[-1]]}
    tab.shot()


def test_filters_are_keyboard_usable(tab: Tab) -> None:
    page = tab.open(CATALOG)
    total = len(visible(page))
    free = page.locator('.hb-filters input[name="free"]')
    free.focus()
    page.keyboard.press("Space")
    assert free.is_checked()
    assert len(visible(page)) == len(expected(page, free="1")) < total
    level = page.locator('.hb-filters select[name="level"]')
    level.focus()
    page.keyboard.press("ArrowDown")
    chosen = level.input_value()
    assert chosen
    assert visible(page) == expected(page, free="1", level=chosen)
    # Every control is reachable with Tab from the first one.
    page.locator(".hb-filter-form select").first.focus()
    reached = set()
    for _ in range(12):
        reached.add(
            page.evaluate("document.activeElement.name || document.activeElement.textContent")
        )
        page.keyboard.press("Tab")
    assert {"level", "stage", "topic", "status", "free", "Clear filters"} <= reached


def test_without_javascript_everything_is_listed(new_tab: TabFactory, base_url: str) -> None:
    tab = new_tab(java_script_enabled=False)
    tab.page.goto(base_url + CATALOG, wait_until="load")
    total = tab.page.locator(".hb-resource").count()
    assert total == sum(r.kind == "course" for r in HB.resources)
    assert len(visible(tab.page)) == total
    assert tab.page.locator(".hb-filter-form").count() == 0
    tab.shot("no-js")
