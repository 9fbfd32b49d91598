"""Issue 11, bugs 1 and 2: every wait is capped and bounded by the URL's deadline, a run always
ends with its report and state, and only a GET can make a URL broken."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from linkcheck_server import TEST_SETTINGS, Hostile, run_check

from linkwatch import model
from linkwatch.cli import main
from linkwatch.policy import Config

SHORT = Config(settings=replace(TEST_SETTINGS, deadline=10.0))


@pytest.mark.parametrize(
    ("path", "verdict", "status", "error_class"),
    [
        # A server saying "unavailable" is unverifiable, however it says it.
        ("/503-always", "unverifiable", 503, model.UNAVAILABLE),
        ("/head-405-get-503-forever", "unverifiable", 503, model.UNAVAILABLE),
        ("/head-503-forever", "unverifiable", 503, model.UNAVAILABLE),
        ("/503-ra-30", "unverifiable", 503, model.UNAVAILABLE),
        ("/429-ra-50", "unverifiable", 429, model.RATE_LIMITED),
        ("/429-day", "unverifiable", 429, model.RATE_LIMITED),
        ("/500", "broken", 500, model.HTTP_STATUS),
    ],
)
def test_no_wait_outlasts_the_deadline(
    server: Hostile, path: str, verdict: str, status: int, error_class: str
) -> None:
    url = server.url(path)
    run = run_check(server, [url], SHORT)
    outcome = run[url]
    assert (outcome.verdict, outcome.status, outcome.error_class) == (verdict, status, error_class)
    # The fake clock records every wait: together they stay inside the 10 s deadline.
    assert sum(run.clock.sleeps) < 10.0, run.clock.sleeps


def test_retry_after_over_the_cap_is_not_waited_after_a_head_405(server: Hostile) -> None:
    url = server.url("/head-405-get-503-forever")
    run = run_check(server, [url])
    assert run.clock.sleeps == []
    assert server.requests_to("/head-405-get-503-forever") == ["HEAD", "GET"]


def test_retry_after_over_the_cap_on_head_stops_the_host(server: Hostile) -> None:
    url, other = server.url("/head-503-forever"), server.url("/ok")
    config = Config(settings=replace(TEST_SETTINGS, per_host=1))
    run = run_check(server, [url, other], config)
    assert run.clock.sleeps == []
    # The server asked for a day's pause: nothing more is sent to it in this run.
    assert server.requests_to("/head-503-forever") == ["HEAD"]
    assert server.hits["/ok"] == 0
    assert run[other].error_class == model.UNAVAILABLE


def test_host_pause_longer_than_a_urls_budget_is_not_waited(server: Hostile) -> None:
    paused, queued = server.url("/503-ra-30"), server.url("/ok")
    config = Config(settings=replace(SHORT.settings, per_host=1))
    run = run_check(server, [paused, queued], config)
    # /ok queued behind the Retry-After: 30 cannot wait it out in 10 s, so it is not requested.
    assert (run[queued].verdict, run[queued].error_class) == ("unverifiable", model.UNAVAILABLE)
    assert server.hits["/ok"] == 0
    assert sum(run.clock.sleeps) < 10.0


def test_backoff_longer_than_the_budget_is_not_slept(server: Hostile) -> None:
    url = server.url("/500")
    config = Config(settings=replace(SHORT.settings, backoff=100.0))
    run = run_check(server, [url], config)
    assert run[url].verdict == "broken" and run.clock.sleeps == []


def test_retry_after_within_the_budget_is_still_waited(server: Hostile) -> None:
    url = server.url("/503-ra-30")
    run = run_check(server, [url])  # 60 s deadline: one 30 s pause fits, a second does not
    assert run.clock.sleeps == [30.0]
    assert server.requests_to("/503-ra-30") == ["HEAD", "GET"]


@pytest.mark.parametrize(
    ("path", "methods", "verdict"),
    [
        ("/head-404", ["HEAD", "GET"], "ok"),
        ("/404", ["HEAD", "GET"], "broken"),
        ("/503-always", ["HEAD", "GET", "GET", "GET"], "unverifiable"),
    ],
)
def test_head_alone_never_makes_a_url_broken(
    server: Hostile, path: str, methods: list[str], verdict: str
) -> None:
    url = server.url(path)
    assert run_check(server, [url])[url].verdict == verdict
    assert server.requests_to(path) == methods


@pytest.mark.parametrize("paused", ["/head-405-get-503-forever", "/503-ra-30"])
def test_a_run_always_ends_and_writes_report_and_state(
    server: Hostile, tmp_path: Path, paused: str
) -> None:
    # Real clock, as in issue 11: Retry-After 99999 (over the cap) and 30 (over the deadline),
    # with /ok queued behind the pause on the same host.
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server.url(paused)}\n{server.url('/ok')}\n")
    report, markdown, state = tmp_path / "r.json", tmp_path / "r.md", tmp_path / "s.json"
    deadline = 2.0
    argv = [
        "--urls", str(urls), "--allow-local", "--no-progress", "--per-host", "1",
        "--deadline", str(deadline), "--root", str(tmp_path),
        "--json", str(report), "--markdown", str(markdown), "--state", str(state),
    ]  # fmt: skip
    codes: list[int] = []
    # In a thread, so that a regression fails this test instead of hanging the suite.
    worker = threading.Thread(target=lambda: codes.append(main(argv)), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(deadline + 20)
    elapsed = time.monotonic() - started
    assert codes == [0], "the run did not end"
    assert elapsed < deadline + 10  # generous slack: proves termination, not speed
    results = {r["url"]: r for r in json.loads(report.read_text())["results"]}
    assert results[server.url(paused)]["verdict"] == "unverifiable"
    assert results[server.url(paused)]["error_class"] == model.UNAVAILABLE
    saved = json.loads(state.read_text())["urls"]
    assert set(saved) == set(results)
    assert all(h["consecutive_failures"] == 0 for h in saved.values())
    assert "Unverifiable" in markdown.read_text()
