"""scripts/pr_summary.py and validator annotations: what a reviewer sees on a pull request."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pr_summary import main

ROOT = Path(__file__).resolve().parents[2]
NEW = [
    "--kind",
    "course",
    "--title",
    "Practical SQL exercises",
    "--url",
    "https://example.org/practical-sql",
    "--provider",
    "Example School",
    "--description",
    "Fifty graded exercises.",
    "--stages",
    "modelling",
    "--topics",
    "sql",
    "--level",
    "beginner",
    "--cost",
    "free",
    "--added",
    "2026-02-01",
]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tidy: Path) -> Path:
    """A git repository whose only commit holds the tidy fixture as resources.yaml."""
    _git(tidy.parent, "init", "-q", "-b", "main")
    _git(tidy.parent, "add", "resources.yaml")
    _git(tidy.parent, "commit", "-q", "-m", "base")
    return tidy


def test_summary_of_an_addition(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from new_resource import main as new_main

    assert new_main(["--file", str(repo), *NEW], interactive=False) == 0
    capsys.readouterr()
    text = repo.read_text(encoding="utf-8")
    repo.write_text(
        text.replace("    license: CC-BY-4.0", "    license: CC0-1.0"), encoding="utf-8"
    )
    assert main(["--base", "main", "--file", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "### resources.yaml compared with `main`" in out
    assert "**Resources:** 1 added, 1 changed, 0 removed." in out
    assert "| course | modelling | 1 |" in out
    assert (
        "- **Practical SQL exercises** (`practical-sql-exercises`): course, beginner, free" in out
    )
    assert "- `iris`: license" in out
    assert main(["--base", "main", "--file", str(repo), "--urls"]) == 0
    assert capsys.readouterr().out.split() == ["https://example.org/practical-sql"]


def test_summary_warns_about_removal(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = repo.read_text(encoding="utf-8")
    start = text.index("  - id: iris")
    repo.write_text(text[:start] + text[text.index("questions:") :], encoding="utf-8")
    assert main(["--base", "main", "--file", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "#### Removed resources" in out and "- `iris` (Iris)" in out


def test_no_change(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--base", "main", "--file", str(repo)]) == 0
    assert "No change to the data." in capsys.readouterr().out


def test_missing_base_is_not_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--base", "origin/nope", "--file", str(repo)]) == 0
    assert (
        "No comparison: could not read `resources.yaml` at `origin/nope`" in capsys.readouterr().out
    )


def test_not_a_repository(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--file", str(messy)]) == 0
    assert "No comparison" in capsys.readouterr().out


def test_validator_annotations_for_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "resources.yaml"
    shutil.copy(Path(__file__).parent / "fixtures" / "messy.yaml", bad)
    text = bad.read_text(encoding="utf-8")
    bad.write_text(
        text.replace(
            "    level: beginner\n    cost: free\n    added: 2026-01-03",
            "    level: expert\n    cost: free\n    added: 2026-01-03",
        ),
        encoding="utf-8",
    )
    line = next(i for i, s in enumerate(bad.read_text().splitlines(), 1) if "expert" in s)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/validate.py"), "resources.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
    )
    assert result.returncode == 1
    assert (
        f"::error file=resources.yaml,line={line},col=12,title=resources[2].level::"
        "'expert' is not one of beginner, intermediate, advanced"
    ) in result.stdout
    assert f"resources.yaml:{line}:12: resources[2].level:" in result.stdout


def test_workflow_annotation_escapes_quoted_output(capsys: pytest.CaptureFixture[str]) -> None:
    from annotate import main as annotate

    assert annotate(["error", "The link check failed;", "100% down\n::warning::x"]) == 0
    assert capsys.readouterr().out == (
        "::error::The link check failed; 100%25 down%0A::warning::x\n"
    )
