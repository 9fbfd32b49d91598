"""The command line end to end: reports, state, confirmation, --max-age, --only-new, exit codes."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from linkcheck_server import Hostile

from handbook.linkdata import Report, State, UrlHistory
from handbook.render.link_health import link_health_page
from linkwatch import state
from linkwatch.cli import main

DAY0 = datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
KEYS = {"url", "verdict", "status", "error_class", "final_url", "confirmed", "sources"}


def _run(tmp_path: Path, args: list[str], when: datetime = DAY0) -> tuple[int, dict]:  # type: ignore[type-arg]
    report = tmp_path / "report.json"
    code = main(
        [
            *args,
            "--allow-local",
            "--no-progress",
            "--json",
            str(report),
            "--now",
            when.isoformat(),
            "--root",
            str(tmp_path),
        ]
    )
    return code, json.loads(report.read_text())


def test_json_report_schema_and_sources(server: Hostile, tmp_path: Path) -> None:
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text(f"# T\n\nRead [this]({server.url('/ok')}).\n\nMail me: mailto:a@b.org\n")
    (tmp_path / "resources.yaml").write_text(
        f"resources:\n  - id: a\n    url: {server.url('/r301')}\n"
        f"    archive_url: {server.url('/404')}\n"
        f"excluded:\n  - url: {server.url('/410')}\n"
    )
    markdown = tmp_path / "report.md"
    code, report = _run(tmp_path, ["--markdown", str(markdown)])
    assert code == 0
    assert set(report) == {"generated", "results"}
    by_url = {r["url"]: r for r in report["results"]}
    assert all(set(r) == KEYS for r in report["results"])
    assert by_url[server.url("/ok")]["sources"] == ["docs/page.md:3"]
    assert by_url[server.url("/r301")]["sources"] == ["resources.yaml:3"]
    assert by_url[server.url("/r301")]["verdict"] == "redirected"
    assert by_url[server.url("/r301")]["final_url"] == server.url("/ok")
    assert by_url[server.url("/404")]["sources"] == ["resources.yaml:4"]
    assert server.url("/410") not in by_url  # excluded sources are not checked
    text = markdown.read_text()
    assert "Suggested URL updates" in text and "Failing, not yet confirmed" in text


def test_confirmed_only_after_runs_spanning_days(server: Hostile, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# a comment\n{server.url('/404')}\n{server.url('/ok')}\n")
    st = tmp_path / "state.json"
    args = ["--urls", str(urls), "--state", str(st)]
    assert _run(tmp_path, args, DAY0)[0] == 0
    assert _run(tmp_path, args, DAY0 + timedelta(days=1))[0] == 0  # two runs, one day: no alarm
    code, report = _run(tmp_path, args, DAY0 + timedelta(days=3))
    assert code == 0  # three runs but only three days
    code, report = _run(tmp_path, args, DAY0 + timedelta(days=8))
    assert code == 1
    broken = next(r for r in report["results"] if r["verdict"] == "broken")
    assert broken["confirmed"] and broken["sources"] == ["urls.txt:2"]
    saved = json.loads(st.read_text())
    history = saved["urls"][server.url("/404")]
    assert history["consecutive_failures"] == 4 and history["first_failed"].startswith("2026-01-01")
    histories = State.from_json(saved).urls
    assert {url for url, h in histories.items() if h.confirmed} == {server.url("/404")}
    assert (histories[server.url("/ok")].last_ok or "").startswith("2026-01-09")
    assert len(saved["runs"]) == 4


def test_unverifiable_never_fails(server: Hostile, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server.url('/999')}\n{server.url('/cf')}\n")
    code, report = _run(
        tmp_path, ["--urls", str(urls), "--confirm-runs", "1", "--confirm-days", "0"]
    )
    assert code == 0
    assert {r["verdict"] for r in report["results"]} == {"unverifiable"}


def test_single_run_confirmation_is_configurable(server: Hostile, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server.url('/404')}\n")
    code, _ = _run(tmp_path, ["--urls", str(urls), "--confirm-runs", "1", "--confirm-days", "0"])
    assert code == 1


def test_max_age_makes_no_requests(server: Hostile, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server.url('/ok')}\n{server.url('/r301')}\n{server.url('/404')}\n")
    st = tmp_path / "state.json"
    args = ["--urls", str(urls), "--state", str(st), "--max-age", "7"]
    _run(tmp_path, args)
    server.reset()
    _, report = _run(tmp_path, args, DAY0 + timedelta(days=2))
    # Only the broken URL is re-checked: working ones were verified two days ago.
    assert [p for _, p, _ in server.log] == ["/404", "/404"]
    assert {r["url"]: r["verdict"] for r in report["results"]}[server.url("/r301")] == "redirected"
    server.reset()
    _run(tmp_path, args, DAY0 + timedelta(days=2, hours=3))
    assert server.log == []  # a same-day re-run sends nothing at all
    server.reset()
    _run(tmp_path, args, DAY0 + timedelta(days=9))
    assert {p for _, p, _ in server.log} == {"/ok", "/r301", "/404"}


def test_state_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "state.json"
    state.save(State(), path)
    before = path.read_text()

    def killed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("linkwatch.state.os.replace", killed)
    grown = State(urls={"https://a.org/": UrlHistory(first_seen="2026-01-01")})
    with pytest.raises(KeyboardInterrupt):
        state.save(grown, path)
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
            "HOME": str(cwd),
            "PATH": "/usr/bin:/bin",
        },
    )


def test_only_new_checks_added_urls(
    server: Hostile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = tmp_path / "docs" / "a.md"
    page.parent.mkdir()
    page.write_text(f"old broken link {server.url('/410')}\n")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "base")
    page.write_text(f"old broken link {server.url('/410')}\nnew {server.url('/ok')}\n")
    code, report = _run(tmp_path, ["--only-new", "main"])
    assert code == 0
    assert [r["url"] for r in report["results"]] == [server.url("/ok")]
    assert "/410" not in {p for _, p, _ in server.log}
    page.write_text(
        f"old {server.url('/410')}\nnew {server.url('/ok')}\nbad {server.url('/404')}\n"
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    capsys.readouterr()
    code, report = _run(tmp_path, ["--only-new", "main"])
    assert code == 1
    broken = [r for r in report["results"] if r["verdict"] == "broken"]
    assert [r["sources"] for r in broken] == [["docs/a.md:3"]]
    # A pull request sees the new broken link on its line, as an escaped workflow command.
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::error file=docs/a.md,line=3::broken link {server.url('/404')} (404 http_status)"
    ]


def test_health_page_with_and_without_history(server: Hostile, tmp_path: Path) -> None:
    assert "No link check has run yet" in link_health_page(None, State(), {})
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server.url('/ok')}\n{server.url('/404')}\n{server.url('/999')}\n")
    st = tmp_path / "state.json"
    _, report = _run(tmp_path, ["--urls", str(urls), "--state", str(st)])
    page = link_health_page(Report.from_json(report), State(), {})
    assert "No history yet" in page and "## Broken links (0)" in page
    assert "1 more failed the last check but are not confirmed" in page
    assert "urls.txt:3" in page and "## Unverifiable links (1)" in page
    confirmed = ["--confirm-runs", "1", "--confirm-days", "0"]
    _, now_confirmed = _run(tmp_path, ["--urls", str(urls), *confirmed])
    page = link_health_page(Report.from_json(now_confirmed), State(), {})
    assert "## Broken links (1)" in page and "`urls.txt:2`" in page
    _, report = _run(tmp_path, ["--urls", str(urls), "--state", str(st)], DAY0 + timedelta(days=7))
    history = State.from_json(json.loads(st.read_text()))
    page = link_health_page(Report.from_json(report), history, {})
    assert "xychart-beta" in page and "| 2026-01-08 | 50.0% |" in page
    assert "| 2026-01-01 |" in page  # first failure date shown


def test_offline_runner_records_nothing(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"https://host{i}.invalid/\n" for i in range(25)))
    st = tmp_path / "state.json"
    code = main(["--urls", str(urls), "--state", str(st), "--no-progress", "--root", str(tmp_path)])
    assert code == 2 and not st.exists()
