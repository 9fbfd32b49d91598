"""Accessibility (axe-core, light and dark), phone width, and nothing fetched off-site.

Each axe test checks its page in both schemes: opened in a dark tab, then switched to light
(hb_axe.assert_axe_clean_in_both_schemes), which saves loading every page twice.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hb_axe import assert_axe_clean_in_both_schemes
from hb_browser import DESKTOP, PHONE, ROOT, TabFactory, scheme_of
from playwright.sync_api import Page
from real_handbook import real_handbook

from handbook.notebooks import find_notebooks

HB = real_handbook()  # shared with the other modules
# The stage page with the most kinds of content: examples, resources and questions.
STAGE = next(
    (nb.stage for nb in find_notebooks(ROOT / "docs") if HB.questions_in_stage(nb.stage)),
    HB.stages[0].id,
)
PAGES = {
    "home": "",
    # The planner with a chosen plan and an interview sprint showing.
    "path": "path/?bg=data-scientist&hours=8&start=2026-12-01&goal=interview&weeks=4",
    "stage": f"stages/{STAGE}/",
    "catalog": "catalog/courses/",
    # The comparison table above the certification entries.
    "certifications": "catalog/certifications/",
    "questions": "questions/",
    # Code, formulas and the Download button in the notebook theme.
    "example": "examples/08-neural-network/",
    # Long link lists and the site's own pages.
    "topics": "topics/",
    "whats-new": "whats-new/",
    "data": "data/",
    "link-health": "link-health/",
}
# The certifications page opens in the compact view at desktop and has no folds: the catalog
# state "certifications-compact-desktop" below is that very page, so it is not checked twice.
AXE_PAGES = [name for name in PAGES if name != "certifications"]


@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_serious_violations(new_tab: TabFactory, axe_source: Path, name: str) -> None:
    tab = new_tab(dark=True)
    page = tab.open(PAGES[name])
    # Check what learners open too: every answer (code, formulas) in the page.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    if name == "questions" and HB.questions:
        # The practice card too, answer revealed, drawn from the "review again" queue with
        # its marks in the list (the learner state of that name, at this width).
        review_queue_with_card(page)
    assert_axe_clean_in_both_schemes(tab, axe_source, name)


# Catalog states (test_browser_catalog.py): each view of a catalog with the comparison table,
# at desktop and phone width, and the phone's filter sheet opened; light and dark each.
VIEW_KEY = "hb-view-v1"
CATALOG_STATES = {
    "certifications-compact-desktop": ("catalog/certifications/", "compact", DESKTOP, False),
    "certifications-compact-phone": ("catalog/certifications/", "compact", PHONE, False),
    "certifications-cards-desktop": ("catalog/certifications/", "cards", DESKTOP, False),
    "certifications-cards-phone": ("catalog/certifications/", "cards", PHONE, False),
    "stage-cards-phone": (f"stages/{STAGE}/", "cards", PHONE, False),
    "filter-sheet-phone": ("catalog/courses/", "compact", PHONE, True),
}


@pytest.mark.parametrize("name", list(CATALOG_STATES))
def test_axe_catalog_states(new_tab: TabFactory, axe_source: Path, name: str) -> None:
    path, view, viewport, sheet = CATALOG_STATES[name]
    tab = new_tab(dark=True, viewport=viewport)
    # The view as a reader chose it on an earlier visit (stored before the page loads).
    tab.page.add_init_script(f"localStorage.setItem('{VIEW_KEY}', '{view}')")
    page = tab.open(path)
    assert page.evaluate("document.documentElement.getAttribute('data-hb-view')") == view
    page.evaluate("document.querySelectorAll('.hb-item details').forEach(d => { d.open = true; })")
    if sheet:
        page.locator(".hb-filter-bar__open").click()
        assert page.locator("dialog.hb-filter-sheet").evaluate("d => d.open")
    assert_axe_clean_in_both_schemes(tab, axe_source, name)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scroll_at_390px(new_tab: TabFactory, name: str) -> None:
    """At 390 px nothing scrolls sideways; and, while every page is open here: a light system
    scheme gives the light theme, and every request stays on the site."""
    tab = new_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    page = tab.open(PAGES[name], settle=True)  # late requests too (search index, icons...)
    assert scheme_of(page) == "light"
    assert tab.external == [], "requests that left the site:\n" + "\n".join(
        sorted(set(tab.external))
    )
    if name == "questions" and HB.questions:
        page.get_by_role("button", name="Draw a question").click()
        page.locator('[data-hb-practice="reveal"]').click()
    widths = page.evaluate("""() => ({doc: document.documentElement.scrollWidth,
                                      body: document.body.scrollWidth, view: window.innerWidth})""")
    tab.shot("390px")
    assert widths["doc"] <= widths["view"] and widths["body"] <= widths["view"], widths


def tick_under_not_done_yet(page: Page) -> None:
    """A done-mark ticked under "Not done yet": the undo line stands in for the row."""
    page.locator(".hb-item:not(.hb-unlisted) .hb-done__box").first.focus()
    page.keyboard.press("Space")
    page.locator(".hb-undo").wait_for()


def review_queue_with_card(page: Page) -> None:
    """Two questions marked "review again" (marks in the list), drawn from their queue."""
    review = {q.id: "review" for q in HB.questions[:2]}
    page.evaluate("(t) => window.handbookProgress.importText(t)", json.dumps({"practice": review}))
    page.locator(".hb-practice").get_by_role("radio", name=re.compile("^Only")).check()
    page.get_by_role("button", name="Draw a question").click()
    page.locator('[data-hb-practice="reveal"]').click()


# Learner-tool states that only exist after an action, checked like the pages above: the
# page, and the part of it the state is about (a JS expression for axe's context; the whole
# questions page, every answer open, is test_axe_finds_no_serious_violations[questions], and
# at phone width its chrome is checked by the catalog states below).
LEARNER_STATES = {
    "undo": ("catalog/courses/?status=todo", tick_under_not_done_yet, "document"),
    "review-queue": (
        "questions/",
        review_queue_with_card,
        "{include: [['.hb-filters'], ['.hb-practice'], ['.hb-question:has(.hb-mark--review)']]}",
    ),
}


# (The review queue at desktop width is part of test_axe_finds_no_serious_violations[questions].)
LEARNER_CASES = [("undo", "desktop"), ("undo", "phone"), ("review-queue", "phone")]


@pytest.mark.parametrize(("name", "view"), LEARNER_CASES, ids=["-".join(c) for c in LEARNER_CASES])
def test_axe_on_progress_and_practice_states(
    new_tab: TabFactory, axe_source: Path, name: str, view: str
) -> None:
    if name == "review-queue" and not HB.questions:
        pytest.skip("no interview questions to practise")
    options: dict[str, Any] = {"viewport": PHONE, "is_mobile": True} if view == "phone" else {}
    tab = new_tab(dark=True, **options)
    path, act, within = LEARNER_STATES[name]
    page = tab.open(path)
    act(page)
    assert_axe_clean_in_both_schemes(tab, axe_source, f"{name}, {view}", within)
    assert tab.own_errors() == []
