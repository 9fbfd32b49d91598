"""Interview practice on the questions page: one set of controls (the filter), the queues,
remembered choices, "review again" marks in the list, and the drawn card on a phone."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hb_browser import (
    PHONE_OPTIONS,
    VIEWS,
    Tab,
    TabFactory,
    choose_filter,
    clear_filters,
    close_filter_sheet,
    open_filter_sheet,
)
from playwright.sync_api import Page
from real_handbook import real_handbook

HB = real_handbook()  # shared with the other modules
QUESTIONS = "questions/"
CHOICE_KEY = "hb-practice-v1"
TOPICS = [t.id for t in HB.topics if any(q.topic == t.id for q in HB.questions)]
# Two questions to review, in different topics, and a third topic with neither of them.
REVIEW = [next(q.id for q in HB.questions if q.topic == t) for t in TOPICS[:2]]
OTHER_TOPIC = TOPICS[2]
pytestmark = pytest.mark.skipif(len(TOPICS) < 3, reason="needs questions in three topics")


def import_progress(page: Page, state: dict[str, Any]) -> None:
    """Merge marks into the stored progress the way an imported file would."""
    page.evaluate("(text) => window.handbookProgress.importText(text)", json.dumps(state))


def drawn(page: Page) -> str:
    page.get_by_role("button", name="Draw a question").click()
    qid = page.locator(".hb-card__question").get_attribute("data-hb-id")
    assert qid
    return qid


def message(page: Page) -> str:
    return page.locator(".hb-practice__message").inner_text()


def queue(page: Page, label: str) -> Any:
    name = re.compile("^" + re.escape(label))
    return page.locator(".hb-practice").get_by_role("radio", name=name)


def queue_text(page: Page, label: str) -> str:
    """A queue's label, with the count of shown questions it holds."""
    pattern = re.compile("^\\s*" + re.escape(label))
    text: str = page.locator(".hb-queue label").filter(has_text=pattern).inner_text()
    return text.strip()


def listed(page: Page) -> int:
    count: int = page.evaluate("document.querySelectorAll('.hb-question:not(.hb-unlisted)').length")
    return count


@pytest.mark.parametrize("view", [VIEWS[0], VIEWS[3]])
def test_one_set_of_controls_drives_list_and_practice(
    new_tab: TabFactory, view: dict[str, Any]
) -> None:
    tab = new_tab(**view)
    page = tab.open(QUESTIONS)
    content = page.locator(".md-content")
    # One topic and one difficulty control on the page, in the filter, which comes first
    # (on a phone, in the filter sheet).
    open_filter_sheet(page)
    assert content.get_by_role("combobox", name="Topic").count() == 1
    assert content.get_by_role("combobox", name="Difficulty").count() == 1
    close_filter_sheet(page)
    assert content.get_by_role("checkbox").count() == page.locator(".hb-done__box").count()
    assert page.locator(".hb-practice select, .hb-practice input:not([type=radio])").count() == 0
    assert page.evaluate(
        "!!(document.querySelector('.hb-filters').compareDocumentPosition("
        "document.querySelector('.hb-practice')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    # Practice draws from what the filter shows, and the card's link points at a shown row.
    topic, difficulty = HB.questions[0].topic, HB.questions[0].difficulty
    pool = {q.id for q in HB.questions if q.topic == topic and q.difficulty == difficulty}
    choose_filter(page, "topic", topic)
    choose_filter(page, "difficulty", difficulty)
    assert listed(page) == len(pool)
    assert queue_text(page, "Any question") == f"Any question ({len(pool)})"
    queue(page, "Any question").check()
    for _ in range(min(4, len(pool) + 1)):
        qid = drawn(page)
        assert qid in pool
        assert page.locator(f'.hb-item[data-id="{qid}"]').is_visible()
    assert page.locator(".hb-card__link").get_attribute("href") == f"#{qid}"
    assert tab.own_errors() == []


# Behaviour, not colour: one light desktop and one dark phone (axe checks this state in both
# schemes: test_browser_a11y.py, LEARNER_CASES).
@pytest.mark.parametrize("view", [VIEWS[0], VIEWS[3]])
def test_review_only_queue_and_review_marks_in_the_list(
    new_tab: TabFactory, view: dict[str, Any]
) -> None:
    tab = new_tab(**view)
    page = tab.open(QUESTIONS)
    assert page.locator(".hb-mark--review").count() == 0
    # With nothing to review, the queue says so instead of drawing.
    queue(page, "Only “review again”").check()
    assert queue_text(page, "Only “review again”") == "Only “review again” (0)"
    page.get_by_role("button", name="Draw a question").click()
    assert page.locator(".hb-card").is_hidden()
    assert message(page).startswith("No question is marked “review again” yet")

    import_progress(page, {"done": [], "practice": {REVIEW[0]: "review", REVIEW[1]: "review"}})
    # The marks show in the list, on those two questions only.
    marks = page.locator(".hb-question .hb-mark--review")
    assert marks.count() == 2
    for qid in REVIEW:
        mark = page.locator(f'.hb-item[data-id="{qid}"] .hb-mark--review')
        assert mark.is_visible() and mark.inner_text().strip().endswith("Review again")
    assert queue_text(page, "Only “review again”") == "Only “review again” (2)"
    seen = {drawn(page) for _ in range(4)}
    assert seen == set(REVIEW)  # never one of the other questions
    assert "marked to review again" in page.locator(".hb-card__meta").inner_text()
    tab.shot("review-queue")

    # Filtered to a topic with neither of them: the queue is empty, and says where they are.
    choose_filter(page, "topic", OTHER_TOPIC)
    assert queue_text(page, "Only “review again”") == "Only “review again” (0)"
    page.get_by_role("button", name="Draw a question").click()
    assert page.locator(".hb-card").is_hidden()
    assert "None of the questions the filters show" in message(page)
    assert "(2 elsewhere in the bank)" in message(page)

    # Knowing one takes it out of the queue and takes its mark off the list.
    clear_filters(page)
    qid = drawn(page)
    page.get_by_role("button", name="Show answer").click()
    page.get_by_role("button", name="Knew it").click()
    assert page.locator(f'.hb-item[data-id="{qid}"] .hb-mark--review').count() == 0
    assert marks.count() == 1
    other = next(r for r in REVIEW if r != qid)
    assert page.locator(".hb-card__question").get_attribute("data-hb-id") == other
    assert message(page).startswith("Marked as known and done.")
    assert tab.own_errors() == []


@pytest.mark.parametrize("view", [VIEWS[0], VIEWS[3]])
def test_topic_difficulty_and_queue_are_remembered(
    new_tab: TabFactory, view: dict[str, Any]
) -> None:
    tab = new_tab(**view)
    page = tab.open(QUESTIONS)
    question = next(q for q in HB.questions if q.topic == OTHER_TOPIC)
    count = sum(
        q.topic == question.topic and q.difficulty == question.difficulty for q in HB.questions
    )
    choose_filter(page, "topic", question.topic)
    choose_filter(page, "difficulty", question.difficulty)
    queue(page, "Any question").check()
    saved = json.loads(page.evaluate(f"localStorage.getItem('{CHOICE_KEY}')"))
    assert saved == {"queue": "all", "topic": question.topic, "difficulty": question.difficulty}

    # A fresh visit without a query: the same choices, the list filtered to match.
    page = tab.open(QUESTIONS)
    assert page.locator('.hb-filters select[name="topic"]').input_value() == question.topic
    assert page.locator('.hb-filters select[name="difficulty"]').input_value() == (
        question.difficulty
    )
    assert queue(page, "Any question").is_checked()
    assert listed(page) == count
    assert page.locator(".hb-filter-count").inner_text() == (
        f"Showing {count} of {len(HB.questions)} questions."
    )
    assert drawn(page) in {
        q.id
        for q in HB.questions
        if q.topic == question.topic and q.difficulty == question.difficulty
    }

    # A link that says what to show wins over the remembered choice (the path page's links).
    page = tab.open(f"{QUESTIONS}?topic={TOPICS[0]}")
    assert page.locator('.hb-filters select[name="topic"]').input_value() == TOPICS[0]
    assert page.locator('.hb-filters select[name="difficulty"]').input_value() == ""

    # So does a link to one question (search results, a stage's test-out links).
    target = next(q for q in HB.questions if q.topic != question.topic)
    page = tab.open(f"{QUESTIONS}#{target.id}")
    assert page.locator('.hb-filters select[name="topic"]').input_value() == ""
    assert page.locator(f'.hb-item[data-id="{target.id}"]').is_visible()

    # Clearing the filters is remembered too.
    clear_filters(page)
    page = tab.open(QUESTIONS)
    assert listed(page) == len(HB.questions)
    assert queue(page, "Any question").is_checked()
    assert tab.own_errors() == []


def card_box(page: Page) -> dict[str, float]:
    box: dict[str, float] = page.evaluate("""() => {
      const card = document.querySelector('.hb-card').getBoundingClientRect();
      const header = document.querySelector('.md-header').getBoundingClientRect();
      return {top: card.top, bottom: card.bottom, header: header.bottom,
              view: window.innerHeight};
    }""")
    return box


def test_drawn_card_is_scrolled_into_view_on_a_phone(new_tab: TabFactory) -> None:
    """Where the card lands does not depend on the colour scheme: checked once, dark."""
    tab: Tab = new_tab(dark=True, **PHONE_OPTIONS)
    page = tab.open(QUESTIONS)
    # The Draw button at the very bottom of the screen: the card opens below the fold.
    page.evaluate("""() => {
      const button = document.querySelector('[data-hb-practice="draw"]');
      window.scrollBy(0, button.getBoundingClientRect().bottom - window.innerHeight + 4);
    }""")
    page.get_by_role("button", name="Draw a question").tap()
    box = card_box(page)
    # Its top just under the sticky header, and the whole (answer-folded) card on screen.
    assert box["header"] <= box["top"] <= box["header"] + 24, box
    assert box["bottom"] <= box["view"], box
    assert page.evaluate("document.activeElement.classList.contains('hb-card__question')")
    tab.shot("drawn")
    # Revealing the answer does not move the page: the reader is already there.
    page.get_by_role("button", name="Show answer").tap()
    assert card_box(page)["top"] == box["top"]
