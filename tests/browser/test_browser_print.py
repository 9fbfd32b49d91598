"""Print and phones: paper gets content without controls; notebook pages fit a 390 px phone.

Print is checked with Chromium's print media emulation (the stylesheet paper gets) and with a
real PDF of a stage page. Both schemes: the dark one must print dark text on white. A page is
opened in a dark tab, checked, then switched to light and checked again (hb_browser.use_scheme),
rather than loaded twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hb_axe import assert_axe_clean_in_both_schemes
from hb_browser import PHONE, PHONE_OPTIONS, Tab, TabFactory, use_scheme
from playwright.sync_api import Page
from real_handbook import real_handbook
from sharedbuild import shared_build

HB = real_handbook()
# A stage with core picks and its own resources beyond them, so the print drops something.
STAGE = next(
    s for s in HB.stages if len(s.core) >= 2 and len(HB.resources_in_stage(s.id)) > len(s.core)
)
CORE = [r for r in STAGE.core if r in HB.resource_by_id]
EXAMPLE = "examples/08-neural-network/"
SCHEMES = ["dark", "light"]  # the order of the checks: the tab opens dark

# What the print stylesheet gives a pseudo-element (none when it prints nothing).
AFTER_JS = "(el) => getComputedStyle(el, '::after').content"
VISIBLE_JS = (
    "(el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'"
)


def shown(page: Page, selector: str) -> list[bool]:
    """Whether each match is laid out and visible: one round trip for all of them (one per
    element took half a minute on the question bank's hundreds of rows)."""
    flags: list[bool] = page.locator(selector).evaluate_all(f"els => els.map({VISIBLE_JS})")
    return flags


def luminance(css_color: str) -> float:
    """Relative luminance (0 black .. 1 white) of an rgb()/rgba() colour over white."""
    values = [float(v) for v in re.findall(r"[\d.]+", css_color)]
    r, g, b = values[:3]
    alpha = values[3] if len(values) > 3 else 1.0
    r, g, b = (alpha * c + (1 - alpha) * 255 for c in (r, g, b))
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def assert_paper_colours(page: Page) -> None:
    colours = page.evaluate(
        """() => ({bg: getComputedStyle(document.body).backgroundColor,
                   fg: getComputedStyle(document.querySelector('.md-typeset')).color})"""
    )
    assert luminance(colours["bg"]) > 0.95 and luminance(colours["fg"]) < 0.2, colours


def print_in_each_scheme(new_tab: TabFactory, path: str, check: Callable[[Page], None]) -> None:
    """Load `path` once (dark), then check its paper rendering in each colour scheme."""
    tab = new_tab(dark=True)
    page = tab.open(path)
    for scheme in SCHEMES:
        use_scheme(page, scheme)
        check(page)
    assert tab.own_errors() == []


def test_catalog_prints_without_controls_and_with_link_targets(new_tab: TabFactory) -> None:
    print_in_each_scheme(new_tab, "catalog/courses/", check_printed_catalog)


def check_printed_catalog(page: Page) -> None:
    page.emulate_media(media="screen")
    assert page.locator(".hb-filter-form").is_visible()
    assert page.locator(".hb-done").first.is_visible()
    page.emulate_media(media="print")
    assert not any(shown(page, ".hb-filter-form, .hb-done, .hb-progress, .md-header, .md-sidebar"))
    assert_paper_colours(page)
    # An outside link prints its address after its text; a link within the site does not.
    outside = page.locator("a.hb-out").first
    href = outside.get_attribute("href")
    assert href and href.startswith("http")
    assert href in outside.evaluate(AFTER_JS)
    inside = page.get_by_role("link", name="Go to the stage").first
    assert inside.evaluate("(a) => a.origin === location.origin")
    assert inside.evaluate(AFTER_JS) == "none"
    # Every entry prints, badges as dark text (their coloured backgrounds do not print).
    assert all(shown(page, ".hb-item"))
    free = page.locator(".hb-mark--free").first
    assert luminance(free.evaluate("(el) => getComputedStyle(el).color")) < 0.2


def checklist(page: Page) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = page.evaluate(
        """() => Array.from(document.querySelectorAll('.hb-checklist li')).map(li =>
             [li.dataset.id, li.querySelector('.hb-checklist__box').textContent])"""
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_stage_prints_as_a_checklist_of_its_core_items(new_tab: TabFactory) -> None:
    tab = new_tab(dark=True)
    page = tab.open(f"stages/{STAGE.id}/")
    done = CORE[0]
    state = {"done": [done], "practice": {}}
    page.evaluate(f"window.handbookProgress.importText({json.dumps(json.dumps(state))})")
    for scheme in SCHEMES:
        use_scheme(page, scheme)
        check_printed_checklist(page, done)


def check_printed_checklist(page: Page, done: str) -> None:
    page.emulate_media(media="screen")
    assert not page.locator(".hb-checklist").is_visible()  # paper only
    page.emulate_media(media="print")
    assert page.locator(".hb-checklist").is_visible()
    assert checklist(page) == [(r, "☑" if r == done else "☐") for r in CORE]
    # Each box is followed by the item's title, linked, with its address printed.
    for resource_id, link in zip(CORE, page.locator(".hb-checklist a").all(), strict=True):
        resource = HB.resource_by_id[resource_id]
        assert link.inner_text() == resource.title
        assert link.get_attribute("href") == resource.url
        assert link.evaluate(AFTER_JS) != "none"
    # The rest is not printed: controls, "Start here", the full resource list, the questions.
    hidden = ".hb-progress, .hb-filter-form, .hb-done, .hb-next, #hb-start, #hb-resources, .hb-item"
    assert not any(shown(page, hidden))
    assert page.locator("#hb-outcomes").is_visible()
    assert_paper_colours(page)


def test_stage_page_prints_to_a_short_pdf(tab: Tab, tmp_path: Path) -> None:
    page = tab.open(f"stages/{STAGE.id}/")
    pdf = page.pdf(path=str(tmp_path / "stage.pdf"), format="A4")
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    # On paper the stage is its checklist: a page or two, where the screen holds every
    # resource and question of the stage.
    assert 1 <= pages <= 3, pages
    page.emulate_media(media="screen")
    screen_height = page.evaluate("document.documentElement.scrollHeight")
    page.emulate_media(media="print")
    print_height = page.evaluate("document.documentElement.scrollHeight")
    assert print_height < screen_height / 2, (print_height, screen_height)


def test_questions_print_with_answers_compactly(new_tab: TabFactory) -> None:
    print_in_each_scheme(new_tab, "questions/", check_printed_questions)


def check_printed_questions(page: Page) -> None:
    page.emulate_media(media="print")
    assert not any(shown(page, ".hb-practice, .hb-practice-ui, .hb-filter-form, .hb-done"))
    report: dict[str, Any] = page.evaluate(
        """() => {
          const folds = Array.from(document.querySelectorAll('.hb-question details'));
          const answered = folds.filter(d => Array.from(d.children).some(c =>
            c.tagName !== 'SUMMARY' && c.getClientRects().length && c.offsetHeight > 0));
          const summaries = folds.filter(d => d.querySelector('summary').getClientRects().length);
          const boxed = folds.filter(d => { const s = getComputedStyle(d);
            return parseFloat(s.paddingTop) + parseFloat(s.paddingBottom) +
                   parseFloat(s.borderLeftWidth) + parseFloat(s.borderTopWidth) > 1; });
          return {folds: folds.length, open: folds.filter(d => d.open).length,
                  answered: answered.length, summaries: summaries.length, boxed: boxed.length};
        }"""
    )
    assert report["folds"] == len(HB.questions)
    assert report["open"] == 0  # the answers show on paper without opening the folds
    assert report["answered"] == report["folds"], report
    assert report["summaries"] == 0 and report["boxed"] == 0, report
    # Compact: on paper a question with its answer takes less room than on screen, opened.
    first = page.locator(".hb-question").first
    paper = first.evaluate("(el) => el.getBoundingClientRect().height")
    page.emulate_media(media="screen")
    first.locator("details").evaluate("(d) => { d.open = true; }")
    screen = first.evaluate("(el) => el.getBoundingClientRect().height")
    assert paper < screen, (paper, screen)
    page.emulate_media(media="print")
    assert_paper_colours(page)
    first.locator("details").evaluate("(d) => { d.open = false; }")  # as it was, for the next


def test_notebook_page_fits_a_phone(new_tab: TabFactory) -> None:
    tab = new_tab(dark=True, **PHONE_OPTIONS)
    page = tab.open(EXAMPLE)
    for scheme in SCHEMES:
        use_scheme(page, scheme)
        check_fits_a_phone(page)
        tab.shot(f"390px-{scheme}")


def check_fits_a_phone(page: Page) -> None:
    widths = page.evaluate("({doc: document.documentElement.scrollWidth, view: window.innerWidth})")
    assert widths["doc"] <= widths["view"], widths
    # No prompt gutter: the "In [n]:" column is not laid out, code starts near the edge.
    assert not any(shown(page, ".jp-InputPrompt, .jp-OutputPrompt"))
    code = page.locator(".jp-CodeCell .highlight-ipynb")
    assert code.count() > 0
    boxes = [b for b in (c.bounding_box() for c in code.all()) if b]
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes)
    assert min(b["x"] for b in boxes) < 40 and max(b["width"] for b in boxes) > 0.8 * 358
    # Code wider than the screen scrolls inside its own block, which the keyboard can reach.
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('.jp-CodeCell .highlight-ipynb'))
             .filter(el => el.scrollWidth > el.clientWidth)
             .map(el => [getComputedStyle(el).overflowX, el.tabIndex])"""
    )
    assert wide, "no notebook code line is wider than a phone: the check would be empty"
    assert all(overflow in ("auto", "scroll") and tab_index == 0 for overflow, tab_index in wide)


def test_notebook_page_on_a_phone_passes_axe(new_tab: TabFactory, axe_source: Path) -> None:
    tab = new_tab(dark=True, **PHONE_OPTIONS)
    tab.open(EXAMPLE)
    assert_axe_clean_in_both_schemes(tab, axe_source, "notebook on a phone", shot=False)


# ---- Colab: offered only when the site knows its repository --------------------------------
# A page "promises" Colab when it links to it or tells the reader to open a notebook there.
# (The notebooks' own code, which installs packages only when run on Colab, is not a promise.)
PROMISE = re.compile(
    r"colab\.research\.google\.com|open (?:it |them |this notebook )?in colab", re.I
)


@pytest.fixture(scope="module")
def site_without_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with no repository known: no $HANDBOOK_REPO_URL and no git remote (the
    hostile-data build, which knows none either: sharedbuild.SPECS)."""
    return shared_build(tmp_path_factory, "hostile").result()


def test_no_page_promises_colab_without_a_repository(site_without_repo: Path) -> None:
    pages = sorted(site_without_repo.rglob("*.html"))
    notebooks = [p for p in pages if "examples" in p.relative_to(site_without_repo).parts]
    assert len(notebooks) >= 8, "the notebook pages, where a Colab link would be, are checked"
    promising = [
        str(p.relative_to(site_without_repo))
        for p in pages
        if PROMISE.search(p.read_text(encoding="utf-8"))
    ]
    assert promising == []
    notebook = (site_without_repo / EXAMPLE / "index.html").read_text(encoding="utf-8")
    assert "Download the notebook" in notebook
