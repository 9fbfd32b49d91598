#!/usr/bin/env python3
"""Browser benchmark: a synthetic 10,000-resource site in headless Chromium.

Measures, and prints (no pass/fail: the goals are 100 ms and 500 KB):
- filter change -> results shown, on the largest catalog page and the largest stage page,
  each in the card view and in the compact list view (with each page's height), against the
  same page with its list window lifted (every match listed: the baseline);
- search keystroke -> results shown (Material's search, after its index is ready), with the
  whole query entered at once, and typed a key at a time (100 ms apart) the way a learner
  types, measured from the last key to the results of the full query being shown. Each query
  runs twice: with Material's stock search worker (the baseline) and with the handbook's
  (docs/assets/search-worker.js), and the speed-up is printed;
- bytes the home page transfers, served plain and served gzip-compressed (as GitHub Pages
  and most static hosts do).

"Shown" means the DOM is updated and the next frame has been produced (requestAnimationFrame,
then a task), timed with performance.now() inside the page from the dispatched input event.
Usage: python bench/browser.py [--resources 10000] [--site DIR] [--repeat 7]
                                [--only home filters search]
(`--site site --only home` after `make build` gives the real site's home-page figures.)
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # sitebuild
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))  # handbook

from playwright.sync_api import Page, Route, sync_playwright
from sitebuild import CHROMIUM_ARGS, QuietHandler, serve
from synthetic import build_synthetic_site

ROOT = Path(__file__).resolve().parents[1]

# Specific queries (a title, a provider, an exam code) and broad ones: the synthetic titles
# draw on 21 words, so "docker" matches about a fifth of all 10,000 resources.
SEARCH_QUERIES = (
    "Provider 42",
    "EX-00123",
    "monitoring 4321",
    "Topic 17",
    "docker",
    "gradient boosting",
    "p",
    "m",
    "s",
)
TYPED_QUERIES = ("gradient boosting", "docker", "Provider 42", "python")
TYPING_DELAY_MS = 100

# Records, inside the page, when Material sends each query to its search worker and when the
# page has shown each answer (Material renders synchronously on the message, so the next frame
# plus a task is "shown"), with the query it answers: the handbook's worker answers only the
# latest of the queries waiting for it and names it (data.query); Material's answers every
# query in order and names none (null).
# With stock=true it also undoes the handbook's search tuning: the page gets Material's own
# worker instead of docs/assets/search-worker.js (the baseline of the search figures).
WORKER_PROBE_JS = """((stock) => {
  const probe = window.__hbSearch = {sent: [], shown: [], answers: [], keys: []};
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(url, ...args) {
      const material = new URL(url, location.href).searchParams.get('material');
      super(stock && material ? material : url, ...args);
      this.addEventListener('message', (event) => {
        if (event.data && event.data.type === 3) {
          const data = event.data.data;
          const query = data && 'query' in data ? data.query : null;
          requestAnimationFrame(() => setTimeout(() => {
            probe.shown.push(performance.now());
            probe.answers.push(query);
          }, 0));
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) probe.sent.push(message.data);
      return super.postMessage(message, ...rest);
    }
  };
  document.addEventListener('keyup', () => probe.keys.push(performance.now()), true);
})(%s);"""
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".map", ".txt")

FILTER_JS = """async ([name, value]) => {
  const control = document.querySelector(`.hb-filters [name="${name}"]`);
  const t0 = performance.now();
  if (control.type === 'checkbox') control.checked = !control.checked; else control.value = value;
  control.dispatchEvent(new Event('change', {bubbles: true}));
  const handled = performance.now() - t0;
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return [handled, performance.now() - t0,
          Number(document.querySelector('.hb-filters').getAttribute('data-shown')),
          document.querySelectorAll('.hb-resource:not(.hb-unlisted)').length];
}"""

SEARCH_JS = """async (query) => {
  const input = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  const clear = () => new Promise(resolve => {
    input.value = '';
    input.dispatchEvent(new KeyboardEvent('keyup', {key: 'Backspace', bubbles: true}));
    const poll = () => list.children.length ? setTimeout(poll, 5) : resolve();
    poll();
  });
  await clear();
  await new Promise(r => setTimeout(r, 50));
  return await new Promise(resolve => {
    let t0 = 0;
    const observer = new MutationObserver(() => {
      if (!list.children.length) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve([performance.now() - t0,
        list.children.length]), 0));
    });
    observer.observe(list, {childList: true});
    t0 = performance.now();
    input.value = query;
    input.dispatchEvent(new KeyboardEvent('keyup', {key: query.slice(-1), bubbles: true}));
    setTimeout(() => { observer.disconnect(); resolve([-1, 0]); }, 20000);
  });
}"""


class GzipHandler(QuietHandler):
    """Text files go out gzip-compressed when asked, as GitHub Pages and most hosts do."""

    _cache: ClassVar[dict[str, bytes]] = {}

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        key = str(path)
        if key not in self._cache:
            self._cache[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Bytes(body)


class _Bytes:
    """What send_head returns: something copyfile can read and close."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.done = False

    def read(self, size: int = -1) -> bytes:
        if self.done:
            return b""
        self.done = True
        return self.data

    def close(self) -> None:
        """Nothing to release."""


def largest(site: Path, folder: str) -> str:
    page = max((site / folder).glob("*/index.html"), key=lambda p: p.stat().st_size)
    return f"{folder}/{page.parent.name}/"


def summary(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):6.1f} ms · max {max(values):6.1f} ms (n={len(values)})"
    )


def ready(page: Page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    page.wait_for_function(
        "document.documentElement.hasAttribute('data-hb-ready')", timeout=120_000
    )
    return time.perf_counter() - start


def filter_times(page: Page, repeat: int) -> tuple[list[float], list[float], list[int], list[int]]:
    """Alternate through level values and the free-only box; return handler/shown times, the
    numbers of matches and of entries listed (the list window shows at most 300 at first)."""
    handled: list[float] = []
    shown: list[float] = []
    counts: list[int] = []
    listed: list[int] = []
    values = ["beginner", "advanced", "intermediate", ""]
    for i in range(repeat):
        for name, value in (("level", values[i % len(values)]), ("free", "")):
            h, s, c, n = page.evaluate(FILTER_JS, [name, value])
            handled.append(h)
            shown.append(s)
            counts.append(c)
            listed.append(n)
    return handled, shown, counts, listed


# The two views of a catalog (docs/assets/handbook.js, "compact view"): every figure is taken
# in both, the reader's choice being stored where handbook.js keeps it.
VIEWS = ("cards", "compact")
VIEW_KEY = "hb-view-v1"


# The baseline of the filter figures: the same page with the list window and the comparison
# table's window lifted (every match listed, as before the windows), through the hooks
# handbook.js reads before it starts.
WHOLE_LIST_JS = "window.handbookListWindow = window.handbookTableWindow = 1e9;"


def report_filter(browser: Any, base: str, url: str, view: str, repeat: int) -> list[float]:
    """Filter-change figures of one page in one view, the whole list (baseline) first, then
    the list window; one line each and their ratio. Returns the windowed times."""
    results: dict[str, list[float]] = {}
    for label, init in (("whole list", WHOLE_LIST_JS), ("list window", "")):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route(lambda u: not u.startswith(base), lambda route: route.abort())
        if init:
            page.add_init_script(init)
        page.goto(url, wait_until="commit")
        page.evaluate("([key, view]) => localStorage.setItem(key, view)", [VIEW_KEY, view])
        load = ready(page, url)
        shown_view = page.evaluate("document.documentElement.getAttribute('data-hb-view')")
        height = page.evaluate("document.documentElement.scrollHeight")
        n = page.locator(".hb-resource").count()
        handled, shown, counts, listed = filter_times(page, repeat)
        page.close()
        results[label] = shown
        path = url.split("/", 3)[3]
        print(
            f"filter change on {path}, {label} ({n} resources, {shown_view} view, {height} px "
            f"tall, ready in {load:.1f} s): shown {summary(shown)}; handler {summary(handled)}; "
            f"matches {min(counts)}..{max(counts)}, listed {min(listed)}..{max(listed)}"
        )
    whole, windowed = results["whole list"], results["list window"]
    print(
        f"  list window vs whole list: median "
        f"{statistics.median(whole) / statistics.median(windowed):.1f}x faster, "
        f"max {max(whole) / max(windowed):.1f}x"
    )
    return windowed


def home_transfer(browser: Any, base: str) -> tuple[int, int, list[str]]:
    """Bytes transferred by a cold load of the home page (all requests until network idle)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []
    external: list[str] = []

    def finished(request: Any) -> None:
        s = request.sizes()
        sizes.append(s["responseBodySize"] + s["responseHeadersSize"])

    def block(route: Route) -> None:
        external.append(route.request.url)
        route.abort()

    page.on("requestfinished", finished)
    page.route(lambda url: not url.startswith(base), block)
    page.goto(base, wait_until="networkidle")
    time.sleep(1.0)  # the search index and worker are fetched after load
    context.close()
    return sum(sizes), len(sizes), external


# The last query sent has been answered and shown: a named answer to it arrived after `from`
# (an index into the answers), or, from a worker that names none, as many answers as queries.
ANSWERED_JS = """([query, from]) => { const probe = __hbSearch;
  if (probe.sent.at(-1) !== query) return false;
  const named = probe.answers.slice(from).lastIndexOf(query);
  if (named >= 0) return from + named + 1;
  return probe.answers.at(-1) === null && probe.shown.length >= probe.sent.length
    ? probe.shown.length : false; }"""
# Every query sent so far is answered (or, by the handbook's worker, superseded and dropped).
SETTLED_JS = """() => { const probe = __hbSearch;
  if (!probe.sent.length) return true;
  return probe.answers.at(-1) === null ? probe.shown.length >= probe.sent.length
    : probe.answers.at(-1) === probe.sent.at(-1); }"""


def typed_time(page: Page, query: str) -> float:
    """Type the query a key at a time; ms from the last key to its full query's answer shown."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function(SETTLED_JS)
    page.evaluate("__hbSearch.keys = []")
    start = page.evaluate("__hbSearch.answers.length")
    box.press_sequentially(query, delay=TYPING_DELAY_MS)
    answered = page.wait_for_function(
        ANSWERED_JS,
        arg=[query, start],
        # Material's stock worker answers each key in turn, up to a second each on a busy
        # 2-core machine: a typed query's last answer can take well over 30 s.
        timeout=180_000,
    ).json_value()
    shown, keys = page.evaluate(
        "(n) => [__hbSearch.shown[n - 1], __hbSearch.keys.at(-1)]", int(answered)
    )
    return float(shown - keys)


def search_figures(browser: Any, url: str, repeat: int, stock: bool) -> dict[str, list[float]]:
    """Per query: ms to results shown, whole query at once, then typed key by key."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    base = url.split("/", 3)[:3]
    page.route(lambda u: u.split("/", 3)[:3] != base, lambda route: route.abort())
    page.add_init_script(WORKER_PROBE_JS % ("true" if stock else "false"))
    ready(page, url)
    start = time.perf_counter()
    page.evaluate(SEARCH_JS, "stage")
    print(
        f"{'Material' if stock else 'handbook'} search worker: index ready "
        f"{time.perf_counter() - start:.1f} s after the page was ready"
    )
    figures: dict[str, list[float]] = {}
    for query in SEARCH_QUERIES:
        times = []
        for _ in range(max(3, repeat // 2)):
            ms, items = page.evaluate(SEARCH_JS, query)
            if ms >= 0 and items:
                times.append(ms)
        figures[query] = times
    for query in TYPED_QUERIES:
        figures["typed: " + query] = [typed_time(page, query) for _ in range(3)]
    page.close()
    return figures


def report_search(figures: dict[str, dict[str, list[float]]]) -> None:
    """Medians per query for Material's worker (baseline) and the handbook's, with ratios."""
    stock, ours = figures["Material"], figures["handbook"]
    print(
        f"search -> results shown (median ms; typed = {TYPING_DELAY_MS} ms between keys, "
        "timed from the last key):"
    )
    print(f"  {'query':32} {'Material':>9} {'handbook':>9} {'speed-up':>9}   handbook max")
    for query in ours:
        if not stock[query] or not ours[query]:
            print(f"  {query!r:32} no results")
            continue
        a, b = statistics.median(stock[query]), statistics.median(ours[query])
        print(f"  {query:32} {a:9.1f} {b:9.1f} {a / b:8.1f}x   {max(ours[query]):6.1f}")
    every_stock = [t for times in stock.values() for t in times]
    every_ours = [t for times in ours.values() for t in times]
    print(f"all searches, Material's worker: {summary(every_stock)}")
    print(f"all searches, handbook's worker: {summary(every_ours)}")
    print(
        f"median speed-up {statistics.median(every_stock) / statistics.median(every_ours):.1f}x"
        f"; worst case {max(every_stock) / max(every_ours):.1f}x"
    )


PARTS = ("home", "filters", "search")


def main() -> int:
    """Build (or reuse) the synthetic site, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--site", type=Path, help="reuse a site built beforehand")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--only", nargs="+", choices=PARTS, default=list(PARTS), help="measure these parts"
    )
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        print("Chromium is not installed: run `make browser`.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        if args.site:
            site = args.site
        else:
            site, seconds = build_synthetic_site(args.resources, Path(tmp))
            print(f"build of {args.resources} resources: {seconds:.1f} s")
        index = site / "search" / "search_index.json"
        print(
            f"home page HTML {(site / 'index.html').stat().st_size / 1024:.0f} KB, "
            f"search index {index.stat().st_size / 1024:.0f} KB "
            f"({len(gzip.compress(index.read_bytes())) / 1024:.0f} KB gzipped)"
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            for use_gzip in (False, True) if "home" in args.only else ():
                with serve(site, GzipHandler if use_gzip else QuietHandler) as base:
                    total, count, external = home_transfer(browser, base)
                label = "gzip" if use_gzip else "plain"
                print(
                    f"home page transfer ({label}): {total / 1024:.0f} KB in {count} requests"
                    + (
                        f"; {len(set(external))} off-site requests blocked: "
                        f"{', '.join(sorted(set(external)))}"
                        if external
                        else ""
                    )
                )
            with serve(site, GzipHandler) as base:
                if "filters" in args.only:
                    every: list[float] = []
                    for folder in ("catalog", "stages"):
                        for view in VIEWS:
                            url = base + largest(site, folder)
                            every += report_filter(browser, base, url, view, args.repeat)
                    print(f"all filter changes (list window): {summary(every)}")
                if "search" in args.only:
                    path = largest(site, "stages")
                    figures = {
                        label: search_figures(browser, base + path, args.repeat, stock)
                        for label, stock in (("Material", True), ("handbook", False))
                    }
                    report_search(figures)
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
