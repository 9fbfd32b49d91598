"""Issue 11, bug 4: a damaged or foreign state file stops the run with exit 2 (never 1, which
means "broken links found") and one line naming the file; killed saves leave nothing behind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from linkcheck_server import Hostile

from handbook.linkdata import State, read_state
from linkwatch import cli, state
from linkwatch.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOOD_HISTORY = {"first_seen": "2026-01-01T03:00:00Z"}
BAD_STATES = [
    # file contents, what the message must say
    (b"{not json", "not valid JSON"),
    (b"", "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"[]", "expected a JSON object"),
    (b"null", "expected a JSON object"),
    (b'{"name": "package.json, not a state"}', "version None"),
    (b'{"version": 2, "urls": {}}', "version 2"),
    (b'{"version": 1, "urls": []}', "urls should be a dict"),
    (b'{"version": 1, "urls": {"https://a.org/": 5}}', "should be an object"),
    (b'{"version": 1, "urls": {"https://a.org/": {"seen": 1}}}', "unexpected keyword"),
    (b'{"version": 1, "urls": {"https://a.org/": {"first_seen": 5}}}', "first_seen = 5"),
    (b'{"version": 1, "urls": {"https://a.org/": {"first_seen": "soon"}}}', "not a date"),
    (
        b'{"version": 1, "urls": {"https://a.org/": {"first_seen": "2026-01-01T03:00:00Z",'
        b' "last": [{"date": "2026-01-01T03:00:00Z", "verdict": "fine"}]}}}',
        "not a verdict",
    ),
    (b'{"version": 1, "runs": [{"date": "2026-01-01T03:00:00Z"}]}', "runs[0]"),
]


@pytest.mark.parametrize(("content", "problem"), BAD_STATES)
def test_bad_state_exits_2_with_one_line(
    server: Hostile,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    problem: str,
) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server.url('/404')}\n")
    st, report = tmp_path / "state.json", tmp_path / "report.json"
    st.write_bytes(content)
    argv = ["--urls", str(urls), "--state", str(st), "--json", str(report), "--allow-local"]
    code = main([*argv, "--no-progress", "--confirm-runs", "1", "--confirm-days", "0"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and str(st) in err and problem in err, err
    assert st.read_bytes() == content  # kept as it was, for a human to look at
    assert not report.exists() and server.log == []  # stopped before any request


def test_script_exit_code_for_a_bad_state(tmp_path: Path) -> None:
    # What the workflow runs: the script itself, traceback-free, exit 2.
    st = tmp_path / "state.json"
    st.write_text("{not json")
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.com/\n")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_links.py"), "--urls", str(urls),
         "--state", str(st), "--no-progress"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and f"{st}: not valid JSON" in done.stderr


def test_unexpected_error_exits_2_not_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(_argv: object) -> int:
        raise RuntimeError("bug")

    monkeypatch.setattr(cli, "main", crash)
    assert cli.run([]) == 2
    assert "the run failed" in capsys.readouterr().err


def test_good_state_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"version": 1, "urls": {"https://a.org/": GOOD_HISTORY}}))
    loaded = read_state(path)
    assert loaded.urls["https://a.org/"].first_seen == GOOD_HISTORY["first_seen"]
    assert read_state(tmp_path / "missing.json") == State()


def test_stale_temporary_files_are_removed(server: Hostile, tmp_path: Path) -> None:
    st = tmp_path / "state.json"
    state.save(State(), st)
    # What a save killed before os.replace leaves: its mkstemp file, or the older fixed name.
    leftovers = [tmp_path / ".state.json.k1ll3d.tmp", tmp_path / "state.json.tmp"]
    for leftover in leftovers:
        leftover.write_text('{"version": 1, "ur')
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server.url('/ok')}\n")
    code = main(["--urls", str(urls), "--state", str(st), "--allow-local", "--no-progress"])
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json", "urls.txt"]
    assert server.url("/ok") in read_state(st).urls


def test_unwritable_state_exits_2(
    server: Hostile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server.url('/ok')}\n")
    blocker = tmp_path / "file"
    blocker.write_text("")
    st = blocker / "state.json"  # its parent is a file: the save must fail
    code = main(["--urls", str(urls), "--state", str(st), "--allow-local", "--no-progress"])
    assert code == 2 and "cannot write" in capsys.readouterr().err
