"""The search worker shim (docs/assets/search-worker.js) against Material's own worker.

Both workers run side by side in Chromium on the real site's search index. For broad queries
the shim must return fewer matches (that is its point), and the first KEEP matches in
Material's final order must be the same. A single letter is searched in titles only, so there
the shim returns Material's title matches. Each resource and question is a result (a group) of
its own, and a query of several words lists the matches of more of its words first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hb_browser import ROOT, Tab

WORKER = (ROOT / "docs" / "assets" / "search-worker.js").read_text(encoding="utf-8")
KEEP = int(re.search(r"^var KEEP = (\d+);", WORKER, re.MULTILINE).group(1))  # type: ignore[union-attr]
# Queries a learner really types first (a first letter, a common word): each matches more
# sections of the real site than the shim's cap, so trimming happens.
BROAD = ["m", "s", "c", "data", "learning"]
# (A single letter is searched in titles only: see search-worker.js.)
# Queries of several words: matches of more of the words come first.
MULTI = ["feature store", "vector database", "sql window functions"]
# A query whose last word is one letter so far: that word is matched as typed, not as a prefix
# of every word starting with it (which Material would score one by one).
ONE_LETTER_LAST = "gradient d"

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
      // A resource's or question's group shows it twice (subtitle over excerpt, then its
      // title): count it once, as its title.
      const shimmed = worker === workers[1];
      const docs = groups.flatMap(g => shimmed && g[0].result ? [g[g.length - 1]] : g);
      // Material's final order: sections by score (ties by location: the shim regroups, so
      // equal scores may arrive in another order).
      const scored = docs.filter(doc => doc.score > 0)
        .sort((a, b) => b.score - a.score || a.location.localeCompare(b.location));
      const ranked = scored.map(doc => doc.location);
      const titled = scored.filter(doc => doc.title.includes('<mark')).map(doc => doc.location);
      // Query words a match contains (MULTI's words are no stop words, which would not count).
      const found = (doc) => Object.keys(doc.terms || {}).filter(t => doc.terms[t]).length;
      out.answers[query].push({
        ranked, titled, suggest, matches: docs.length,
        groups: groups.map(g => g.map(doc => ({location: doc.location, result: doc.result || null,
                                                title: doc.title, found: found(doc),
                                                score: doc.score})))});
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
    result: dict[str, Any] = page.evaluate(COMPARE_JS, [*BROAD, *MULTI, ONE_LETTER_LAST])
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


@pytest.mark.parametrize("query", BROAD + MULTI)
def test_each_resource_and_question_is_a_result_of_its_own(
    compared: dict[str, Any], query: str
) -> None:
    """A match carrying a subtitle (a resource or a question) is a group of its own: subtitle
    first, title last (drawn as the group's heading), same anchor. Other groups are pages."""
    material, shim = compared["answers"][query]
    own = [g for g in shim["groups"] if g[0]["result"]]
    assert own, "no resource or question among the results: the test proves nothing"
    assert any(doc["result"] for g in material["groups"] for doc in g[1:]), (
        "Material's groups hold resources as page sections: the shim's regrouping shows nothing"
    )
    for group in own:
        subtitle, heading = group
        assert subtitle["location"] == heading["location"] and "#" in heading["location"]
        assert subtitle["title"] == subtitle["result"] and heading["title"] != heading["result"]
    for group in shim["groups"]:
        if not group[0]["result"]:
            assert not any(doc["result"] for doc in group), group
            assert len({doc["location"].split("#")[0] for doc in group}) == 1, group


@pytest.mark.parametrize("query", MULTI)
def test_matches_of_more_query_words_come_first(compared: dict[str, Any], query: str) -> None:
    material, shim = compared["answers"][query]
    best = [max(doc["found"] for doc in group) for group in shim["groups"]]
    assert best == sorted(best, reverse=True), best
    # Material's own order puts a match of fewer words first: the reordering shows.
    material_best = [max(doc["found"] for doc in group) for group in material["groups"]]
    assert material_best != sorted(material_best, reverse=True)


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


def sections_with_word(site_dir: Path, word: str) -> int:
    """Index entries holding `word` itself, split as the index's own separator splits."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    return sum(
        word in separator.split(re.sub(r"<[^>]+>", " ", f"{d['title']} {d['text']}").lower())
        for d in index["docs"]
    )


def test_a_last_word_of_one_letter_is_matched_as_typed(
    compared: dict[str, Any], site_dir: Path
) -> None:
    letter = ONE_LETTER_LAST.split()[-1]
    material, shim = compared["answers"][ONE_LETTER_LAST]
    alone = sections_with_word(site_dir, letter)

    def both_words(answer: dict[str, Any]) -> int:
        return sum(doc["found"] == 2 for group in answer["groups"] for doc in group)

    # Material's prefix "d*" finds "d" in every section with a word starting with d ("data",
    # "deep") ...
    assert both_words(material) > alone + 20
    # ... the shim only where "d" stands alone (a formula's d).
    assert 0 < both_words(shim) <= alone


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


# A broad query keeps the worker busy while later queries arrive: only the last is answered.
LATEST_JS = """async ([busy, typed]) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const index = await (await fetch(new URL('search/search_index.json', location.href))).json();
  const worker = new Worker(config.search);
  await new Promise((resolve) => {
    worker.onmessage = (m) => { if (m.data.type === 1) resolve(); };
    worker.postMessage({type: 0, data: {config: index.config, docs: index.docs,
                                        options: {suggest: true}}});
  });
  const answers = [];
  worker.onmessage = (m) => { if (m.data.type === 3) answers.push(m.data.data.query); };
  worker.postMessage({type: 2, data: busy});
  typed.forEach((query) => worker.postMessage({type: 2, data: query}));
  const last = typed[typed.length - 1];
  const deadline = performance.now() + 20000;
  while (!answers.includes(last) && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300));  // anything answered late would show now
  worker.terminate();
  return answers;
}"""


def test_only_the_latest_query_is_answered(tab: Tab) -> None:
    """Keys typed while the worker searches are not answered one by one: the last one is."""
    page = tab.open()
    typed = ["ve", "vec", "vect", "vecto", "vector"]
    answers = page.evaluate(LATEST_JS, ["learning", typed])
    assert answers[-1] == "vector", answers
    assert set(answers) <= {"learning", "vector"}, answers
    assert tab.own_errors() == []
