"""Progress from the keyboard: ticking under a Status filter, its undo, and the import button."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hb_browser import VIEWS, TabFactory, choose_filter
from playwright.sync_api import FileChooser, Page
from real_handbook import real_handbook

HB = real_handbook()  # shared with the other modules
KEY = "hb-progress-v1"
CATALOG = "catalog/courses/"
SHOWN_JS = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter(el => !el.hidden && el.getClientRects().length > 0).map(el => el.dataset.id)"""


def stored(page: Page) -> dict[str, Any]:
    raw = page.evaluate(f"localStorage.getItem('{KEY}')")
    data: dict[str, Any] = json.loads(raw) if raw else {"done": [], "practice": {}}
    return data


def shown(page: Page, selector: str = ".hb-item") -> list[str]:
    ids: list[str] = page.evaluate(SHOWN_JS, selector)
    return ids


def focused(page: Page) -> tuple[str | None, str]:
    """What has keyboard focus: the item id it belongs to, and "box", "undo" or its tag."""
    found: list[Any] = page.evaluate("""() => {
      const el = document.activeElement;
      const undo = el && el.closest('.hb-undo');
      if (undo && el.classList.contains('hb-undo__button')) return [undo.dataset.hbId, 'undo'];
      if (el.classList.contains('hb-done__box')) return [el.getAttribute('data-hb-id'), 'box'];
      return [null, el.tagName];
    }""")
    return found[0], found[1]


def wait_for_choosers(page: Page, choosers: list[FileChooser], count: int) -> None:
    """Let Playwright deliver file-chooser events (polled: they arrive with page events)."""
    for _ in range(50):
        if len(choosers) >= count:
            break
        page.wait_for_timeout(100)
    assert len(choosers) == count


def announced(page: Page, text: str) -> None:
    page.wait_for_function(
        "(t) => document.getElementById('hb-announcer').textContent.includes(t)", arg=text
    )


@pytest.mark.parametrize("view", VIEWS)
def test_ticking_under_not_done_yet_moves_on_and_offers_undo(
    new_tab: TabFactory, view: dict[str, Any]
) -> None:
    tab = new_tab(**view)
    page = tab.open(CATALOG + "?status=todo")
    before = shown(page)
    assert len(before) > 2
    first, second = before[0], before[1]
    page.locator(f'.hb-item[data-id="{first}"] .hb-done__box').focus()
    page.keyboard.press("Space")

    # Stored and hidden by the filter, but not without a trace: a line with Undo in its place.
    assert first in stored(page)["done"]
    assert first not in shown(page)
    trace = page.locator(f'.hb-undo[data-hb-id="{first}"]')
    assert trace.is_visible()
    title = HB.resource_by_id[first].title
    assert trace.inner_text().startswith(f"Marked done: {title}.")
    undo = trace.get_by_role("button", name="Undo")
    assert undo.is_visible()
    # Focus went on to the next item's box, not to the page body.
    assert focused(page) == (second, "box")
    live = page.locator("#hb-announcer")
    assert live.get_attribute("aria-live") == "polite"
    announced(page, "marked done and hidden by the filter")
    tab.shot("undo-offered")

    # The undo is reachable backwards from where focus went, and Enter restores the row.
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        if focused(page)[1] == "undo":
            break
    assert focused(page) == (first, "undo")
    page.keyboard.press("Enter")
    assert first not in stored(page)["done"]
    assert shown(page)[:2] == [first, second]
    assert not page.locator(f'.hb-item[data-id="{first}"] .hb-done__box').is_checked()
    assert trace.count() == 0
    assert focused(page) == (first, "box")
    announced(page, "Undone")

    # Choosing another filter clears the traces: they describe the list as it was.
    page.locator(f'.hb-item[data-id="{second}"] .hb-done__box').focus()
    page.keyboard.press("Space")
    assert page.locator(".hb-undo").count() == 1
    choose_filter(page, "status", "")
    assert page.locator(".hb-undo").count() == 0
    assert page.locator(f'.hb-item[data-id="{second}"] .hb-done__box').is_checked()
    assert tab.own_errors() == []


@pytest.mark.parametrize("view", VIEWS[:1] + VIEWS[3:])
def test_ticking_the_last_shown_item_focuses_its_undo(
    new_tab: TabFactory, view: dict[str, Any]
) -> None:
    topic = next(t.id for t in HB.topics if sum(q.topic == t.id for q in HB.questions) > 1)
    tab = new_tab(**view)
    page = tab.open(f"questions/?status=todo&topic={topic}")
    ids = shown(page, ".hb-question")
    assert ids == [q.id for q in HB.questions if q.topic == topic]
    last = ids[-1]
    page.locator(f'.hb-item[data-id="{last}"] .hb-done__box').focus()
    page.keyboard.press("Space")
    assert shown(page, ".hb-question") == ids[:-1]
    assert focused(page) == (last, "undo")
    page.keyboard.press("Enter")
    assert shown(page, ".hb-question") == ids
    assert focused(page) == (last, "box")
    assert stored(page)["done"] == []


@pytest.mark.parametrize("view", VIEWS[:1] + VIEWS[3:])
def test_import_is_one_visible_tab_stop_and_works_from_the_keyboard(
    new_tab: TabFactory, view: dict[str, Any], tmp_path: Path
) -> None:
    tab = new_tab(**view)
    page = tab.open("")
    file_input = page.locator('input[type="file"][data-hb-action="import-file"]')
    assert file_input.count() == 1 and not file_input.is_visible()
    assert file_input.evaluate("el => el.tabIndex") == -1
    # Tab goes Export -> Import -> Reset: no invisible stop in between.
    page.get_by_role("button", name="Export progress").focus()
    order = []
    for _ in range(2):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.textContent"))
    assert order == ["Import progress", "Reset progress"]

    # A file as exported by earlier builds: version 1, done as a list, practice marks.
    done = [r.id for r in HB.resources[:2]]
    review = HB.questions[0].id
    export = tmp_path / "handbook-progress.json"
    export.write_text(
        json.dumps(
            {
                "format": "ml-engineer-handbook-progress",
                "version": 1,
                "exported": "2026-01-15T09:30:00.000Z",
                "done": done,
                "practice": {review: "review"},
            },
            indent=2,
        )
    )
    # Listen before any key is pressed: Playwright turns the chooser interception on
    # asynchronously, and a chooser opened before that never reaches the test.
    choosers: list[FileChooser] = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    page.get_by_role("button", name="Import progress").focus()
    page.keyboard.press("Enter")
    wait_for_choosers(page, choosers, 1)
    choosers[0].set_files(export)
    page.wait_for_function(
        "document.querySelector('.hb-panel__status').textContent.includes('Imported: 2')"
    )
    state = stored(page)
    assert sorted(state["done"]) == sorted(done) and state["practice"] == {review: "review"}
    # Space works too (a real button), and a second import adds nothing new.
    page.keyboard.press("Space")
    wait_for_choosers(page, choosers, 2)
    choosers[1].set_files(export)
    page.wait_for_function(
        "document.querySelector('.hb-panel__status').textContent.includes('Imported: 0')"
    )
    assert tab.own_errors() == []
