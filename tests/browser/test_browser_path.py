"""Your path, walked by three learners in Chromium: a software engineer with 6 hours a week, a
data scientist with an interview in 4 weeks, a newcomer on a phone. Every expected number is
computed here from the data (the page's own #hb-plan block is checked against the model),
never typed in.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hb_browser import PHONE, Tab, TabFactory
from playwright.sync_api import Page
from real_handbook import real_handbook

from handbook.model import PLANS

HB = real_handbook()  # shared with the other modules
START = "2026-12-01"


def plan_json(page: Page) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.locator("#hb-plan").get_attribute("data-json") or "{}")
    return data


def expected_rows(
    background: str, hours_per_week: float, done: frozenset[str] = frozenset()
) -> list[tuple[str, str, float, str]]:
    """(stage, plan, hours left, milestone ISO date) per stage, from the model itself."""
    start = dt.date.fromisoformat(START)
    rows, cumulative = [], 0.0
    for stage in HB.stages:
        plan = stage.paths[background].plan
        left = sum(
            (HB.resource_by_id[r].hours or 0) * PLANS[plan].share
            for r in stage.core
            if r not in done
        )
        cumulative += left
        milestone = start + dt.timedelta(days=math.ceil(cumulative / hours_per_week * 7))
        rows.append((stage.id, plan, left, milestone.isoformat()))
    return rows


def choose(page: Page, background: str, hours: float, goal: str = "job", weeks: int = 4) -> None:
    page.locator(f"#hb-bg-{background}").check()
    page.locator("#hb-hours").fill(str(hours))
    page.locator("#hb-hours").dispatch_event("change")
    page.locator("#hb-start").fill(START)
    page.locator("#hb-start").dispatch_event("change")
    page.locator(f"#hb-goal-{goal}").check()
    page.locator("#hb-weeks").fill(str(weeks))
    page.locator("#hb-weeks").dispatch_event("change")


def shown_rows(page: Page) -> list[tuple[str, str, float, str]]:
    return [
        (
            r.get_attribute("data-stage") or "",
            r.get_attribute("data-plan") or "",
            float(r.get_attribute("data-hours-left") or "nan"),
            r.get_attribute("data-milestone") or "",
        )
        for r in page.locator(".hb-plan-table tbody tr").all()
    ]


def open_path(tab: Tab, query: str = "") -> Page:
    page = tab.open("path/" + query)
    page.wait_for_function("document.documentElement.hasAttribute('data-hb-path-ready')")
    return page


def test_the_page_carries_the_model_numbers(tab: Tab) -> None:
    data = plan_json(open_path(tab))
    assert [s["id"] for s in data["stages"]] == [s.id for s in HB.stages]
    for shown, stage in zip(data["stages"], HB.stages, strict=True):
        assert shown["coreHours"] == HB.core_hours(stage)
        assert {b: p["plan"] for b, p in shown["paths"].items()} == {
            b: p.plan for b, p in stage.paths.items()
        }
    assert {p: v["share"] for p, v in data["plans"].items()} == {
        p.id: p.share for p in PLANS.values()
    }


def test_software_engineer_at_six_hours_a_week(tab: Tab) -> None:
    page = open_path(tab)
    choose(page, "software-engineer", 6)
    rows = expected_rows("software-engineer", 6)
    assert shown_rows(page) == rows
    python = next(r for r in rows if r[0] == "python-engineering")
    assert python[1] in ("skim", "skip")
    total = sum(r[2] for r in rows)
    every = sum(s.hours for s in HB.stages)
    assert total < 0.75 * every  # well under the whole roadmap
    finish = page.locator(".hb-path__finish").get_attribute("data-finish")
    assert finish == rows[-1][3]
    assert (
        finish
        == (dt.date.fromisoformat(START) + dt.timedelta(days=math.ceil(total / 6 * 7))).isoformat()
    )
    # Doubling the hours roughly halves the time to the finish date.
    choose(page, "software-engineer", 12)
    assert shown_rows(page) == expected_rows("software-engineer", 12)
    assert not tab.own_errors()


def test_done_marks_move_the_plan(tab: Tab) -> None:
    page = open_path(tab)
    choose(page, "newcomer", 10)
    first = HB.stages[0].core[0]
    page.evaluate(f"window.handbookProgress.importText(JSON.stringify({{done: ['{first}']}}))")
    page.wait_for_function("document.querySelector('.hb-plan-table li[data-done=\"1\"]') !== null")
    assert shown_rows(page) == expected_rows("newcomer", 10, frozenset({first}))


def test_knowing_the_test_out_questions_tests_out_of_a_stage(tab: Tab) -> None:
    stage = HB.stages[0]
    page = open_path(tab)
    choose(page, "newcomer", 10)
    state = {"done": [], "practice": {q: "knew" for q in stage.test_out}}
    page.evaluate(f"window.handbookProgress.importText({json.dumps(json.dumps(state))})")
    row = page.locator(f'.hb-plan-table tr[data-stage="{stage.id}"]')
    page.wait_for_function(
        f"document.querySelector('tr[data-stage=\"{stage.id}\"]')"
        ".getAttribute('data-hours-left') === '0'"
    )
    assert "tested out" in row.inner_text()
    rows = expected_rows("newcomer", 10, frozenset(stage.core))  # as if its core were done
    assert shown_rows(page) == rows


def test_data_scientist_interview_sprint_with_spaced_review(tab: Tab) -> None:
    review = [q.id for q in HB.questions[:2]]
    knew = HB.questions[2].id
    page = open_path(tab)
    state = {"done": [], "practice": {review[0]: "review", review[1]: "review", knew: "knew"}}
    page.evaluate(f"window.handbookProgress.importText({json.dumps(json.dumps(state))})")
    choose(page, "data-scientist", 10, goal="interview", weeks=4)
    weeks = page.locator(".hb-sprint__week")
    assert weeks.count() == 4
    counts = [int(w.locator("strong").inner_text().split(": ")[1].split()[0]) for w in weeks.all()]
    assert sum(counts) == len(HB.questions) - 1  # every question but the known one
    assert max(counts) - min(counts) <= max(
        len([q for q in HB.questions if q.topic == t.id]) for t in HB.topics
    )
    for number in (1, 2, 3, 4):
        shown = weeks.nth(number - 1).locator("[data-review]").all_inner_texts()
        assert shown == (sorted(review) if number in (1, 2, 4) else []), number
    # The stage plan is still there, with the data scientist's skips from the data.
    skipped = {s.id for s in HB.stages if s.paths["data-scientist"].plan == "skip"}
    assert {r[0] for r in shown_rows(page) if r[1] == "skip"} == skipped


def test_calendar_export_is_valid_icalendar(tab: Tab) -> None:
    page = open_path(tab)
    choose(page, "software-engineer", 6)
    with page.expect_download() as info:
        page.locator('[data-hb-path="ics"]').click()
    text = Path(info.value.path()).read_bytes().decode("utf-8")  # keep the CRLFs
    calendar = icalendar.Calendar.from_ical(text)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    rows = [r for r in expected_rows("software-engineer", 6) if r[2] > 0]
    assert [e.decoded("dtstart").isoformat() for e in events] == [r[3] for r in rows]
    assert all(str(e.get("summary")).startswith("Finish stage ") for e in events)
    assert [line for line in text.split("\r\n") if len(line.encode()) > 75] == []


def test_shared_link_reproduces_the_plan_in_a_fresh_browser(new_tab: TabFactory) -> None:
    first = new_tab()
    page = open_path(first)
    choose(page, "data-scientist", 7.5, goal="interview", weeks=6)
    url, rows = page.url, shown_rows(page)
    assert "bg=data-scientist" in url
    second = new_tab()  # a new browser context: no localStorage
    other = second.page
    other.goto(url, wait_until="load")
    other.wait_for_function("document.documentElement.hasAttribute('data-hb-path-ready')")
    assert shown_rows(other) == rows
    assert other.locator(".hb-sprint__week").count() == 6


def test_works_without_javascript(new_tab: TabFactory) -> None:
    tab = new_tab(java_script_enabled=False)
    tab.page.goto(tab.base + "path/", wait_until="load")
    headings = tab.page.locator("h3").all_inner_texts()
    assert [b.title for b in HB.backgrounds] == [h.strip("¶ ") for h in headings[:3]]
    assert tab.page.locator("table").count() >= len(HB.backgrounds)
    tab.page.goto(tab.base, wait_until="load")
    links = tab.page.locator(".hb-node__link").all()
    assert len(links) == len(HB.stages)


def test_print_shows_a_checklist_not_controls(tab: Tab) -> None:
    page = open_path(tab)
    choose(page, "software-engineer", 6)
    page.emulate_media(media="print")
    assert not page.locator(".hb-path__form").is_visible()
    assert not page.locator(".hb-path__actions").is_visible()
    assert page.locator(".hb-plan-table").is_visible()
    assert "☐" in page.locator(".hb-plan-table").inner_text()


def test_newcomer_on_a_phone(new_tab: TabFactory) -> None:
    tab = new_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    page = tab.open("")
    nodes = page.locator(".hb-node")
    assert nodes.count() == len(HB.stages)
    boxes = [n.bounding_box() for n in nodes.all()]
    assert all(b and b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes)
    assert len({round(b["x"]) for b in boxes if b}) == 1  # one column, in stage order
    tops = [b["y"] for b in boxes if b]
    assert tops == sorted(tops)
    # Keyboard order is stage order 1..N.
    texts = [link.inner_text() for link in page.locator(".hb-node__link").all()]
    assert [t.split()[0] for t in texts] == [str(n) for n in range(1, len(HB.stages) + 1)]
    # The continue card leads to the first core item, then to the next once it is done.
    first_stage = HB.stages[0]
    card = page.locator(".hb-continue__item a")
    assert card.inner_text() == HB.resource_by_id[first_stage.core[0]].title
    card.click()
    page.wait_for_url(f"**/stages/{first_stage.id}/#{first_stage.core[0]}")
    page.evaluate(
        f"window.handbookProgress.importText(JSON.stringify({{done: ['{first_stage.core[0]}']}}))"
    )
    next_up = page.locator(".hb-next__item a").first
    assert next_up.inner_text() == HB.resource_by_id[first_stage.core[1]].title
    page = tab.open("")
    assert page.locator(".hb-continue__label").inner_text() == "Continue"
    assert (
        page.locator(".hb-continue__item a").inner_text()
        == HB.resource_by_id[first_stage.core[1]].title
    )
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]


@pytest.mark.parametrize("background", [b.id for b in HB.backgrounds])
def test_roadmap_shows_the_chosen_plan(tab: Tab, background: str) -> None:
    page = open_path(tab, f"?bg={background}&hours=10&start={START}")
    page = tab.open("")
    page.wait_for_function("document.documentElement.hasAttribute('data-hb-path-ready')")
    badges = {
        b.get_attribute("data-stage"): b.inner_text() for b in page.locator(".hb-node__plan").all()
    }
    assert badges == {s.id: PLANS[s.paths[background].plan].label for s in HB.stages}


def test_pages_reached_by_instant_navigation_keep_their_data(tab: Tab) -> None:
    """Material swaps each page in without a reload and re-creates its scripts from their
    text alone: the plan and progress data must survive that (render/text.py data_block)."""
    page = tab.open("")
    assert page.locator("#hb-manifest").count() == 1
    stage = HB.stages[1]
    page.locator(f'.md-content a[href$="stages/{stage.id}/"]').first.click()
    page.wait_for_url(f"**/stages/{stage.id}/")
    page.wait_for_function(
        "(id) => document.querySelector(`.hb-next[data-stage='${id}'] .hb-next__link`)",
        arg=stage.id,
    )
    assert plan_json(page)["stages"][1]["id"] == stage.id
    # Back home the same way: the roadmap's progress bars read the manifest again.
    page.go_back()
    page.wait_for_function("document.querySelector('#hb-manifest')")
    assert json.loads(page.locator("#hb-manifest").get_attribute("data-json") or "{}")["stages"]
    assert tab.own_errors() == []
