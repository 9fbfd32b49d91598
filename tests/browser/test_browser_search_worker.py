"""The search worker shim (docs/assets/search-worker.js) against Material's own worker.

Both workers run side by side in Chromium on the real site's search index. For broad queries
the shim must return fewer matches (that is its point), and the first KEEP matches in
Material's final order, and the order of the result cards they lead, must be the same. A
single letter is searched in titles only, so there the shim returns Material's title matches.
"""

from __future__ import annotations

from typing import Any

import pytest
from hb_browser import Tab

KEEP = 100  # as in search-worker.js
# Queries a learner really types first (a first letter, a common word): each matches more
# sections of the real site than the shim's cap, so trimming happens.
BROAD = ["m", "s", "c", "data", "learning"]
# (A single letter is searched in titles only: see search-worker.js.)

COMPARE_JS = """async (queries) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const shim = new URL(config.search);
  const material = shim.searchParams.get('material');
  const index = await (await fetch(new URL('search/search_index.json', config.base
                                          ? new URL(config.base, location.href) : location.href)))
    .json();
  const start = (url) => new Promise((resolve, reject) => {
    const worker = new Worker(url);
    worker.onerror = (e) => reject(new Error('worker failed: ' + (e.message || url)));
    worker.onmessage = (m) => { if (m.data.type === 1) resolve(worker); };
    worker.postMessage({type: 0, data: {config: index.config, docs: index.docs,
                                        options: {suggest: true}}});
  });
  const ask = (worker, query) => new Promise((resolve) => {
    worker.onmessage = (m) => { if (m.data.type === 3) resolve(m.data.data); };
    worker.postMessage({type: 2, data: query});
  });
  const workers = [await start(material), await start(shim.href)];
  const out = {worker: shim.pathname, material: new URL(material).pathname, answers: {}};
  for (const query of queries) {
    out.answers[query] = [];
    for (const worker of workers) {
      const {items: groups, suggest} = await ask(worker, query);
      // Material's final order: cards in order, sections by score within a card.
      const scored = groups.flat().filter(doc => doc.score > 0)
        .sort((a, b) => b.score - a.score);
      const ranked = scored.map(doc => doc.location);
      const titled = scored.filter(doc => doc.title.includes('<mark')).map(doc => doc.location);
      out.answers[query].push({cards: groups.map(g => g[0].location), ranked, titled, suggest,
                               matches: groups.reduce((n, g) => n + g.length, 0)});
    }
  }
  workers.forEach(w => w.terminate());
  return out;
}"""


@pytest.fixture(scope="module")
def compared(browser: Any, base_url: str) -> dict[str, Any]:
    page = browser.new_page()
    page.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    page.goto(base_url, wait_until="networkidle")
    result: dict[str, Any] = page.evaluate(COMPARE_JS, BROAD)
    page.close()
    return result


def test_pages_route_search_through_the_shim(compared: dict[str, Any]) -> None:
    assert compared["worker"].endswith("/assets/search-worker.js")
    assert "/assets/javascripts/workers/search." in compared["material"]


@pytest.mark.parametrize("query", BROAD)
def test_shim_trims_but_keeps_materials_best_matches(compared: dict[str, Any], query: str) -> None:
    material, shim = compared["answers"][query]
    assert material["matches"] > shim["matches"], "nothing was trimmed: the test proves nothing"
    if len(query) == 1:
        # A single letter searches titles only: every result is one of Material's title
        # matches, and there are as many as Material has (up to KEEP).
        assert shim["ranked"] == shim["titled"]
        assert set(shim["ranked"]) <= set(material["titled"])
        assert len(shim["ranked"]) >= min(KEEP, len(material["titled"])) > 10
        return
    expected = material["ranked"][:KEEP]
    assert len(expected) == KEEP
    assert shim["ranked"][:KEEP] == expected
    # The cards led by those matches come in the same order.
    leading = {location.split("#")[0] for location in expected}
    assert [c for c in shim["cards"] if c.split("#")[0] in leading] == [
        c for c in material["cards"] if c.split("#")[0] in leading
    ]


@pytest.mark.parametrize("query", BROAD)
def test_word_completion_is_materials_from_the_second_letter(
    compared: dict[str, Any], query: str
) -> None:
    material, shim = compared["answers"][query]
    if len(query) == 1:
        assert material["suggest"], "Material completes it: skipping it must show"
        assert shim["suggest"] == []
    else:
        assert shim["suggest"] == material["suggest"]
        assert shim["suggest"]


def test_search_box_uses_the_shim_and_answers(tab: Tab) -> None:
    """End to end: typing a broad query shows results, with the shim's worker running."""
    page = tab.open()
    box = page.locator("input.md-search__input")
    box.fill("learning")
    box.press("End")
    page.wait_for_selector(".md-search-result__item")
    assert page.locator(".md-search-result__item").count() > 3
    assert any("/assets/search-worker.js?material=" in w.url for w in page.workers)
    assert not tab.own_errors()
