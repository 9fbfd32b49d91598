"""Done-marks, progress bars, export/import/reset, and interview practice mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hb_browser import Tab, choose_filter, reload
from playwright.sync_api import Dialog, Page
from real_handbook import real_handbook

HB = real_handbook()  # shared with the other modules
KEY = "hb-progress-v1"
CATALOG = "catalog/courses/"


def stored(page: Page) -> dict[str, Any]:
    raw = page.evaluate(f"localStorage.getItem('{KEY}')")
    data: dict[str, Any] = json.loads(raw) if raw else {}
    return data


def bar(page: Page, selector: str) -> tuple[int, int]:
    host = page.locator(selector).first
    return int(host.get_attribute("data-done") or -1), int(host.get_attribute("data-total") or -1)


def stage_total(stage: str) -> int:
    return len(HB.resources_in_stage(stage)) + len(HB.questions_in_stage(stage))


def test_done_marks_persist_and_feed_progress(tab: Tab) -> None:
    page = tab.open(CATALOG)
    courses = [r for r in HB.resources if r.kind == "course"][:3]
    for course in courses:
        page.locator(f'.hb-item[data-id="{course.id}"] .hb-done__box').check()
    assert sorted(stored(page)["done"]) == sorted(c.id for c in courses)
    reload(page)
    for course in courses:
        assert page.locator(f'.hb-item[data-id="{course.id}"] .hb-done__box').is_checked()
    tab.shot("catalog")

    # The roadmap: one bar per stage plus the overall bar, all from the stored ids.
    page = tab.open("")
    for stage in HB.stages:
        done = sum(stage.id in c.stages for c in courses)
        assert bar(page, f'.hb-progress[data-stage="{stage.id}"]') == (done, stage_total(stage.id))
    overall = len(HB.resources) + len(HB.questions)
    assert bar(page, ".hb-progress--overall") == (len(courses), overall)
    assert page.get_by_role("progressbar", name="Overall progress").count() == 1
    tab.shot("home")

    # The stage page shows the same count for its stage.
    first = courses[0].stages[0]
    page = tab.open(f"stages/{first}/")
    done = sum(first in c.stages for c in courses)
    assert bar(page, f'.hb-progress[data-stage="{first}"]') == (done, stage_total(first))
    assert page.locator(f'.hb-item[data-id="{courses[0].id}"] .hb-done__box').is_checked()

    # Unticking works everywhere.
    page.locator(f'.hb-item[data-id="{courses[0].id}"] .hb-done__box').uncheck()
    assert courses[0].id not in stored(page)["done"]


def test_unknown_and_malformed_ids_are_ignored(tab: Tab) -> None:
    """Progress saved by an older build (ids since removed, junk) neither crashes nor counts."""
    known = HB.resources[0].id
    saved = {
        "version": 1,
        "done": [known, "removed-resource-id", "Not An Id!", 42],
        "practice": {"gone-question": "knew", known: "bogus"},
    }
    tab.page.add_init_script(f"localStorage.setItem('{KEY}', {json.dumps(json.dumps(saved))})")
    page = tab.open("")
    assert bar(page, ".hb-progress--overall") == (1, len(HB.resources) + len(HB.questions))
    assert tab.own_errors() == []
    tab.open(CATALOG)
    assert tab.own_errors() == []


def test_export_import_and_reset(tab: Tab, tmp_path: Path) -> None:
    page = tab.open(CATALOG)
    ids = [r.id for r in HB.resources if r.kind == "course"][:2]
    for rid in ids:
        page.locator(f'.hb-item[data-id="{rid}"] .hb-done__box').check()
    page = tab.open("")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    info.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["format"] == "ml-engineer-handbook-progress" and sorted(data["done"]) == sorted(ids)

    # Reset asks first: dismissing keeps everything, accepting clears it.
    answers = iter([False, True])
    messages: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        messages.append(dialog.message)
        if next(answers):
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", on_dialog)
    page.get_by_role("button", name="Reset progress").click()
    assert sorted(stored(page)["done"]) == sorted(ids)
    page.get_by_role("button", name="Reset progress").click()
    assert stored(page)["done"] == []
    assert len(messages) == 2 and "Reset your progress?" in messages[0]
    assert bar(page, ".hb-progress--overall")[0] == 0
    tab.shot("after-reset")

    # Import brings the marks back; a file that is not an export changes nothing.
    page.locator('input[type="file"][data-hb-action="import-file"]').set_input_files(exported)
    page.wait_for_function(f"JSON.parse(localStorage.getItem('{KEY}')).done.length === {len(ids)}")
    assert "Imported: 2 new done marks." in page.locator(".hb-panel__status").inner_text()
    assert bar(page, ".hb-progress--overall")[0] == len(ids)
    junk = tmp_path / "junk.json"
    junk.write_text('{"format": "something-else", "done": ["x"]}')
    page.locator('input[type="file"][data-hb-action="import-file"]').set_input_files(junk)
    page.wait_for_function(
        "document.querySelector('.hb-panel__status').textContent.includes('nothing was imported')"
    )
    assert sorted(stored(page)["done"]) == sorted(ids)
    tab.shot("after-import")


def test_practice_mode(tab: Tab) -> None:
    if not HB.questions:
        page = tab.open("questions/")
        assert "no interview questions yet" in page.locator(".hb-practice").inner_text()
        return
    page = tab.open("questions/")
    topic = HB.questions[0].topic
    difficulty = HB.questions[0].difficulty
    pool = {q.id for q in HB.questions if q.topic == topic and q.difficulty == difficulty}
    # Practice draws from what the page's one filter shows (see test_browser_practice.py).
    choose_filter(page, "topic", topic)
    choose_filter(page, "difficulty", difficulty)
    page.get_by_role("button", name="Draw a question").click()
    card = page.locator(".hb-card")
    qid = card.locator(".hb-card__question").get_attribute("data-hb-id")
    assert qid in pool
    # The answer stays hidden until revealed, in the card and in the list.
    answer = card.locator(".hb-card__answer")
    assert not answer.is_visible()
    assert not page.locator(f'.hb-item[data-id="{qid}"] details').get_attribute("open")
    reveal = card.locator('[data-hb-practice="reveal"]')
    assert reveal.inner_text() == "Show answer"
    reveal.click()
    assert answer.is_visible() and answer.inner_text().strip()
    assert reveal.get_attribute("aria-expanded") == "true"
    tab.shot("revealed")

    card.get_by_role("button", name="Knew it").click()
    state = stored(page)
    assert state["practice"][qid] == "knew" and qid in state["done"]
    assert page.locator(f'.hb-item[data-id="{qid}"] .hb-done__box').is_checked()
    assert "Knew 1" in page.locator(".hb-practice__stats").inner_text()
    if len(pool) > 1:
        nxt = card.locator(".hb-card__question").get_attribute("data-hb-id")
        assert nxt in pool and nxt != qid
        card.get_by_role("button", name="Show answer").click()
        card.get_by_role("button", name="Review again").click()
        state = stored(page)
        assert state["practice"][nxt] == "review" and nxt not in state["done"]
    else:
        assert (
            "knew or finished every question" in page.locator(".hb-practice__message").inner_text()
        )

    # Known questions feed the roadmap progress.
    page = tab.open("")
    assert bar(page, ".hb-progress--overall")[0] == 1
