"""Catalog pages as a long list: compact view, comparison table, sticky filters, the phone
filter sheet, the done box, stage-page links and tables of contents."""

from __future__ import annotations

import pytest
from hb_browser import DESKTOP, PHONE, Tab, TabFactory, reload
from playwright.sync_api import Locator, Page, expect
from real_handbook import real_handbook

from handbook.model import KINDS

HB = real_handbook()  # shared with the other modules
VIEW_KEY = "hb-view-v1"
PROGRESS_KEY = "hb-progress-v1"
LONG = f"catalog/{KINDS['reading'].slug}/"
CERTS = [r for r in HB.resources if r.kind == "certification"]
CERT_PAGE = f"catalog/{KINDS['certification'].slug}/"
# A stage with an entry that is also tagged with another stage: that stage must not be offered.
SHARED_STAGE = next(
    s.id for s in HB.stages if any(len(r.stages) > 1 for r in HB.resources_in_stage(s.id))
)
QUESTION_STAGE = next(s.id for s in HB.stages if HB.questions_in_stage(s.id))


def view(page: Page) -> str:
    value: str = page.evaluate("document.documentElement.getAttribute('data-hb-view')")
    return value


def height(page: Page) -> int:
    value: int = page.evaluate("document.documentElement.scrollHeight")
    return value


def visible_ids(page: Page, selector: str, attribute: str) -> list[str]:
    ids: list[str] = page.evaluate(
        f"Array.from(document.querySelectorAll({selector!r})).filter(el => !el.hidden && "
        f"el.getClientRects().length).map(el => el.getAttribute({attribute!r}))"
    )
    return ids


def view_radio(page: Page, name: str) -> Locator:
    """The view switch's radio button; on a phone, in the filter sheet, opened first."""
    bar = page.locator(".hb-filter-bar__open")
    if bar.is_visible() and not page.locator("dialog.hb-filter-sheet[open]").count():
        bar.click()
    return page.get_by_role("radio", name=name).first


def choose_view(page: Page, name: str) -> None:
    view_radio(page, name).check()
    if page.locator("dialog.hb-filter-sheet[open]").count():
        page.keyboard.press("Escape")


def same_page_target(page: Page, link: Locator) -> str:
    """The id a link points to on this very page ('' if it leads to another page)."""
    target: str = link.evaluate(
        "a => a.pathname === location.pathname ? decodeURIComponent(a.hash.slice(1)) : ''"
    )
    return target


# ---- compact view -----------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_compact_view_is_the_default_on_long_pages_and_is_remembered(
    new_tab: TabFactory, viewport: dict[str, int]
) -> None:
    tab = new_tab(viewport=viewport)
    page = tab.open(LONG)
    assert view(page) == "compact"
    assert view_radio(page, "Compact list").is_checked()
    page.keyboard.press("Escape")
    # Compact: description and facts are not shown; the title and the done box are.
    first = page.locator(".hb-resource").first
    assert not first.locator(".hb-description").is_visible()
    assert first.locator("h3, h4").first.is_visible() and first.locator(".hb-done").is_visible()
    compact = height(page)

    choose_view(page, "Cards")
    assert view(page) == "cards"
    assert first.locator(".hb-description").is_visible()
    cards = height(page)
    # The issue measured ~200 px an entry as cards: the list must be far shorter compact.
    assert compact < 0.6 * cards, (compact, cards)

    # The choice holds across a reload and on other pages; the progress store is untouched.
    reload(page)
    assert view(page) == "cards"
    assert view_radio(page, "Cards").is_checked()
    page.keyboard.press("Escape")
    assert page.evaluate(f"localStorage.getItem('{VIEW_KEY}')") == "cards"
    assert page.evaluate(f"localStorage.getItem('{PROGRESS_KEY}')") is None
    tab.open("questions/")
    assert view(page) == "cards"
    choose_view(page, "Compact list")
    reload(page)
    assert view(page) == "compact"
    assert tab.own_errors() == []


def test_printed_catalog_shows_every_detail(tab: Tab) -> None:
    page = tab.open(LONG)
    assert view(page) == "compact"
    description = page.locator(".hb-resource .hb-description").first
    assert not description.is_visible()
    page.emulate_media(media="print")
    assert description.is_visible()
    assert not page.locator(".hb-filters").is_visible()


def test_compact_view_switch_works_with_the_keyboard(tab: Tab) -> None:
    page = tab.open(LONG)
    compact = page.get_by_role("radio", name="Compact list").first
    compact.focus()
    page.keyboard.press("ArrowDown")  # radio group: arrows move and select
    assert view(page) == "cards"
    page.keyboard.press("ArrowUp")
    assert view(page) == "compact"


def test_questions_page_is_shorter_in_compact_view(tab: Tab) -> None:
    page = tab.open("questions/")
    assert view(page) == "compact"
    compact = height(page)
    page.get_by_role("radio", name="Cards").first.check()
    assert compact < 0.85 * height(page)
    # A folded answer still opens in the compact list.
    page.get_by_role("radio", name="Compact list").first.check()
    question = page.locator(".hb-question").first
    question.locator("summary").click()
    assert question.locator("details").first.evaluate("d => d.open")


# ---- done box ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["compact", "cards"])
def test_done_box_is_big_enough_and_keyboard_toggled(new_tab: TabFactory, mode: str) -> None:
    tab = new_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    # The view as the reader chose it on an earlier visit (stored before the page loads).
    tab.page.add_init_script(f"localStorage.setItem('{VIEW_KEY}', '{mode}')")
    page = tab.open(LONG)
    assert view(page) == mode
    item = page.locator(".hb-resource").nth(1)
    item_id = item.get_attribute("data-id")
    box = item.locator(".hb-done").bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44, box
    # It is told apart from the marks: no mark shares its outline.
    done_style = item.locator(".hb-done").evaluate("e => getComputedStyle(e).borderTopStyle")
    mark_style = item.locator(".hb-mark").first.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert done_style != mark_style
    checkbox = item.locator(".hb-done__box")
    checkbox.focus()
    page.keyboard.press("Space")
    assert checkbox.is_checked()
    assert item_id in page.evaluate("handbookProgress.state().done")
    page.keyboard.press("Space")
    assert not checkbox.is_checked()
    assert item_id not in page.evaluate("handbookProgress.state().done")


def test_card_metadata_is_set_apart(tab: Tab) -> None:
    page = tab.open(LONG)
    choose_view(page, "Cards")
    item = page.locator(".hb-resource").filter(has=page.locator(".hb-topics")).first
    provider = item.locator(".hb-provider").bounding_box()
    topics_sep = item.locator(".hb-provider + .hb-sep").bounding_box()
    assert provider and topics_sep
    # A visible separator sits between provider and topics (no "Foundation Topics:" run-on).
    assert topics_sep["x"] >= provider["x"] + provider["width"] or topics_sep["y"] > provider["y"]
    text = item.locator(".hb-marks").inner_text()
    assert "·" in text


# ---- comparison table -------------------------------------------------------------------


def test_certifications_table_compares_and_follows_the_filters(tab: Tab) -> None:
    assert CERTS, "resources.yaml has certifications"
    page = tab.open(CERT_PAGE)
    table = page.locator(".hb-compare table")
    heads = table.locator("thead th").all_inner_texts()
    assert heads == ["Name", "Issuer", "Exam code", "Price", "Validity", "Status", "Level"]
    rows = table.locator("tbody tr[data-for]")
    assert rows.count() == len(CERTS)
    for cert in CERTS:
        cells = table.locator(f'tr[data-for="{cert.id}"] > *').all_inner_texts()
        assert cells[0] == cert.title
        assert cells[1] == (cert.issuer or "Not stated")
        assert cells[2] == (cert.exam_code or "Not stated")
        assert cells[3] == (cert.price or "Not stated")
        assert cells[4] == (cert.validity or "Not stated")
        assert cells[6] == cert.level.capitalize()
        if cert.status == "active":
            assert cells[5] == "Active"
        else:
            assert cells[5].startswith(cert.status.capitalize())
            successor = HB.resource_by_id.get(cert.replaced_by or "")
            if successor:
                link = table.locator(f'tr[data-for="{cert.id}"] td a')
                assert link.inner_text() == successor.title
                assert same_page_target(page, link) == successor.id
        assert same_page_target(page, table.locator(f'tr[data-for="{cert.id}"] th a')) == cert.id
        assert page.locator(f"#{cert.id}").count() == 1

    level = next(lv for lv in ("advanced", "beginner") if any(c.level == lv for c in CERTS))
    page.locator('.hb-filters select[name="level"]').select_option(level)
    want = [c.id for c in CERTS if c.level == level]
    assert sorted(visible_ids(page, ".hb-compare tr[data-for]", "data-for")) == sorted(want)
    assert sorted(visible_ids(page, ".hb-resource", "data-id")) == sorted(want)
    # A filter that leaves nothing says so in the table.
    free = page.locator('.hb-filters input[name="free"]')
    if free.count():
        free.check()
    else:
        page.locator('.hb-filters select[name="status"]').select_option("done")
    if not visible_ids(page, ".hb-resource", "data-id"):
        assert page.locator(".hb-compare__none").is_visible()
    tab.shot()


# ---- sticky filters and the phone sheet ---------------------------------------------------


def test_filters_stay_in_reach_on_desktop(tab: Tab) -> None:
    page = tab.open(LONG)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    page.wait_for_timeout(200)
    level = page.locator('.hb-filters select[name="level"]')
    box = level.bounding_box()
    assert box and 0 <= box["y"] < 300, box
    # Nothing covers it: the select is what a click at its centre hits.
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).getAttribute('name')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit == "level"
    level.select_option("advanced")
    assert all(
        r.level == "advanced"
        for r in (HB.resource_by_id[i] for i in visible_ids(page, ".hb-resource", "data-id"))
    )


# Where the stage page's filters (or, on a phone, their bar) are, relative to the screen.
FILTERS_BOX_JS = """() => { const r = document.querySelector('.hb-filters').getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, released:
    document.querySelector('.hb-filters').classList.contains('hb-filters--released')}; }"""


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"viewport": DESKTOP}, id="desktop"),
        pytest.param({"viewport": PHONE, "is_mobile": True, "has_touch": True}, id="phone"),
    ],
)
def test_stage_filters_let_go_past_the_resources(
    new_tab: TabFactory, options: dict[str, object]
) -> None:
    """On a stage page the interview questions follow the resources; the resource filters do
    not filter them, so they must not stay pinned over them (and come back on the way up)."""
    tab = new_tab(**options)
    page = tab.open(f"stages/{QUESTION_STAGE}/")
    questions = page.locator("#hb-questions")
    # Halfway down the resources: the filters are stuck at the top of the screen.
    page.evaluate(
        """() => { const list = document.querySelector('#hb-resources').getBoundingClientRect();
                   const end = document.querySelector('#hb-questions').getBoundingClientRect();
                   window.scrollTo(0, scrollY + (list.top + end.top) / 2); }"""
    )
    page.wait_for_function(
        "() => { const r = document.querySelector('.hb-filters').getBoundingClientRect();"
        " return r.top >= 0 && r.top < 200; }"
    )
    assert not page.evaluate(FILTERS_BOX_JS)["released"]
    # The questions' heading at the top of the screen: the filters have scrolled away.
    questions.evaluate("(h) => window.scrollTo(0, scrollY + h.getBoundingClientRect().top - 60)")
    page.wait_for_function(
        "() => document.querySelector('.hb-filters').getBoundingClientRect().bottom <= 0"
    )
    box = page.evaluate(FILTERS_BOX_JS)
    assert box["released"], box
    # Nothing covers the heading: it is what a point on it hits.
    assert questions.evaluate(
        """(h) => { const r = h.getBoundingClientRect();
                    const hit = document.elementFromPoint(r.left + 5, r.top + r.height / 2);
                    return h.contains(hit); }"""
    )
    # Back up into the resources: they are pinned again.
    page.evaluate(
        """() => { const end = document.querySelector('#hb-questions').getBoundingClientRect();
                   window.scrollTo(0, scrollY + end.top - innerHeight * 2); }"""
    )
    page.wait_for_function(
        "() => { const r = document.querySelector('.hb-filters').getBoundingClientRect();"
        " return r.top >= 0 && r.top < 200; }"
    )
    assert not page.evaluate(FILTERS_BOX_JS)["released"]
    assert tab.own_errors() == []


def test_phone_filter_bar_opens_a_keyboard_sheet(new_tab: TabFactory) -> None:
    tab = new_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    page = tab.open(LONG)
    assert not page.locator(".hb-filters > .hb-filter-form").is_visible()
    page.evaluate("window.scrollTo(0, 4000)")
    page.wait_for_timeout(200)
    button = page.locator(".hb-filter-bar__open")
    box = button.bounding_box()
    assert box and 0 <= box["y"] < 150 and box["height"] >= 44, box
    button.focus()
    page.keyboard.press("Enter")
    sheet = page.locator("dialog.hb-filter-sheet")
    assert sheet.evaluate("d => d.open")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    level = sheet.locator('select[name="level"]')
    level.focus()
    level.select_option("beginner")
    # The page behind is inert while the sheet is open: Tab reaches the sheet's controls (and
    # the browser's own), never the page.
    for _ in range(15):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "(e => !e || e === document.body || !!e.closest('dialog.hb-filter-sheet'))"
            "(document.activeElement)"
        )
    tab.shot("sheet")
    page.keyboard.press("Escape")
    assert not sheet.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('hb-filter-bar__open')")
    assert button.get_attribute("aria-expanded") == "false"
    assert button.inner_text() == "Filters (1 on)"
    shown = visible_ids(page, ".hb-resource", "data-id")
    assert shown and all(HB.resource_by_id[i].level == "beginner" for i in shown)
    # The form is back in the page, closed; the bar's summary matches the count.
    assert page.locator(".hb-filters > .hb-filter-form").count() == 1
    assert f"Showing {len(shown)} of" in page.locator(".hb-filter-bar__count").inner_text()
    # The sheet's own button closes it too.
    button.click()
    sheet.get_by_role("button", name="Show results").click()
    assert not sheet.evaluate("d => d.open")


# ---- stage pages --------------------------------------------------------------------------


def test_stage_filter_offers_no_other_stage(tab: Tab) -> None:
    page = tab.open(f"stages/{SHARED_STAGE}/")
    others: list[str] = page.evaluate(
        """(own) => Array.from(document.querySelectorAll('.hb-resource'))
          .flatMap(el => el.dataset.stages.split(' ')).filter(s => s !== own)""",
        SHARED_STAGE,
    )
    assert others, "the page lists an entry shared with another stage"
    stage_options: list[str] = page.evaluate(
        "Array.from(document.querySelectorAll('.hb-filters select[name=stage] option'))"
        ".map(o => o.value).filter(Boolean)"
    )
    assert set(stage_options) <= {SHARED_STAGE}
    # On a catalog page the stage filter is still there.
    tab.open(LONG)
    assert page.locator('.hb-filters select[name="stage"] option').count() > 2


@pytest.mark.parametrize("stage", [s.id for s in HB.stages])
def test_start_here_details_stay_on_the_stage_page(tab: Tab, stage: str) -> None:
    page = tab.open(f"stages/{stage}/")
    links = page.locator(".admonition a", has_text="details")
    assert links.count() >= 1
    for n in range(links.count()):
        target = same_page_target(page, links.nth(n))
        assert target, links.nth(n).get_attribute("href")
        assert page.locator(f".hb-item #{target}").count() == 1, target
    path = page.url.split("#")[0]
    target = same_page_target(page, links.first)
    links.first.click()
    # Waited for, not slept: under load the jump (and the theme's smooth scroll) can be slow.
    page.wait_for_function("t => location.hash === '#' + t", arg=target)
    # Material answers an in-page link by fetching the page again and swapping its content
    # in: the network going quiet is the sign that the swap is over (see Tab.open).
    page.wait_for_load_state("networkidle")
    expect(page.locator(f"#{target}")).to_be_in_viewport()
    page.wait_for_function(
        """t => { const r = document.getElementById(t).getBoundingClientRect();
                  return new Promise(ok => requestAnimationFrame(() =>
                    ok(document.getElementById(t).getBoundingClientRect().top === r.top))); }""",
        arg=target,
    )
    assert page.url.split("#")[0] == path and page.url.endswith(f"#{target}")
    # The entry lands in view, below the sticky filters rather than under them. Waited for:
    # under load the theme's content swap can still be redrawing the filters.
    page.wait_for_function(LANDED_BELOW_FILTERS_JS, arg=target)
    top = page.locator(f"#{target}").bounding_box()
    filters = page.locator(".hb-filters").bounding_box()
    assert top and filters and filters["y"] + filters["height"] <= top["y"] + 2 < 900


LANDED_BELOW_FILTERS_JS = """t => {
  const filters = document.querySelector('.hb-filters'), entry = document.getElementById(t);
  if (!filters || !entry) return false;
  const f = filters.getBoundingClientRect(), e = entry.getBoundingClientRect();
  return f.height > 0 && e.height > 0 && f.bottom <= e.top + 2 && e.top < innerHeight; }"""


# ---- tables of contents --------------------------------------------------------------------


def toc_hrefs(page: Page) -> list[str]:
    hrefs: list[str] = page.evaluate(
        "Array.from(document.querySelectorAll('.md-sidebar--secondary .md-nav__link'))"
        ".map(a => a.hash)"
    )
    return hrefs


@pytest.mark.parametrize("where", ["questions/", f"stages/{QUESTION_STAGE}/"])
def test_toc_lists_sections_not_single_questions(tab: Tab, where: str) -> None:
    page = tab.open(where)
    hrefs = toc_hrefs(page)
    questions = {f"#{q.id}" for q in HB.questions}
    assert hrefs and not questions & set(hrefs)
    if where == "questions/":
        topics = {q.topic for q in HB.questions}
        assert {f"#hb-topic-{t}" for t in topics} <= set(hrefs)
    else:
        assert {"#hb-resources", "#hb-questions"} <= set(hrefs)
    # Every question keeps its anchor: a link to it still lands on it.
    question = next(q for q in HB.questions if where == "questions/" or QUESTION_STAGE in q.stages)
    tab.open(f"{where}#{question.id}")
    heading = page.locator(f"#{question.id}")
    box = heading.bounding_box()
    assert box and 0 < box["y"] < 900, box
