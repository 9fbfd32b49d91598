"""scripts/new_resource.py (`make new`): on a temp copy, success and every rejection."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest
from new_resource import main

from handbook.add import insert_index, slugify, title_similarity
from handbook.fmt import format_text
from handbook.load import load_handbook

ROOT = Path(__file__).resolve().parents[2]
GOOD = [
    "--kind",
    "course",
    "--title",
    "Practical SQL exercises",
    "--url",
    "https://example.org/practical-sql",
    "--provider",
    "Example School",
    "--description",
    "Fifty graded exercises from SELECT to window functions.",
    "--stages",
    "basics",
    "--topics",
    "sql,python",
    "--level",
    "beginner",
    "--cost",
    "free",
    "--hours",
    "6",
    "--format",
    "interactive",
    "--added",
    "2026-02-01",
]


def _run(path: Path, *args: str) -> int:
    return main(["--file", str(path), *args], interactive=False)


def test_adds_in_canonical_order(tidy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tidy.read_text(encoding="utf-8")
    assert _run(tidy, *GOOD) == 0
    out = capsys.readouterr().out
    text = tidy.read_text(encoding="utf-8")
    handbook = load_handbook(tidy)
    ids = [r.id for r in handbook.resources]
    # Right after the last course whose first stage is `basics`.
    assert ids == ["python-docs", "sql-course", "practical-sql-exercises", "iris"]
    added = handbook.resource_by_id["practical-sql-exercises"]
    assert (added.kind, added.topics, added.hours, added.added) == (
        "course",
        ("sql", "python"),
        6,
        "2026-02-01",
    )
    assert f"{tidy}:{added.line}: added 'practical-sql-exercises'" in out
    assert format_text(text) == text  # the file stays canonical
    # Nothing else changed: the diff is exactly the new entry.
    diff = difflib.ndiff(before.splitlines(), text.splitlines())
    assert [line[2:] for line in diff if line[:2] in ("+ ", "- ")] == [
        "  - id: practical-sql-exercises",
        "    kind: course",
        "    title: Practical SQL exercises",
        "    url: https://example.org/practical-sql",
        "    provider: Example School",
        "    description: >-",
        "      Fifty graded exercises from SELECT to window functions.",
        "    stages: [basics]",
        "    topics: [sql, python]",
        "    level: beginner",
        "    cost: free",
        "    added: 2026-02-01",
        "    hours: 6",
        "    format: interactive",
    ]
    assert "# end of file" in text and "    # courses" in text


def test_comment_before_next_item_stays_there(tidy: Path) -> None:
    # A reading goes after python-docs, whose last key carries the "# courses" comment.
    args = [
        "--kind",
        "reading",
        "--title",
        "SQL style guide",
        "--url",
        "https://example.org/style",
        "--provider",
        "X",
        "--description",
        "How to lay out queries.",
        "--stages",
        "basics",
        "--topics",
        "sql",
        "--level",
        "beginner",
        "--cost",
        "free",
    ]
    assert _run(tidy, *args) == 0
    lines = tidy.read_text(encoding="utf-8").splitlines()
    at = lines.index("    # courses")
    assert lines[at + 1] == "  - id: sql-course"
    assert lines.index("  - id: sql-style-guide") < at


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/sql",
        "http://www.example.org/sql/",
        "https://example.org/sql?utm_source=x#part",
    ],
)
def test_rejects_duplicate_url(tidy: Path, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = tidy.read_bytes()
    args = [*GOOD]
    args[args.index("--url") + 1] = url
    assert _run(tidy, *args) == 1
    err = capsys.readouterr().err
    assert "the URL is already listed as 'sql-course' (SQL for data analysis)" in err
    assert tidy.read_bytes() == before


def test_rejects_near_identical_title(tidy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tidy.read_bytes()
    args = [*GOOD]
    args[args.index("--title") + 1] = "SQL for Data Analysis!"
    assert _run(tidy, *args) == 1
    err = capsys.readouterr().err
    assert "the title is nearly identical to 'sql-course'" in err
    assert "--allow-similar-title" in err
    assert tidy.read_bytes() == before
    assert _run(tidy, *args, "--allow-similar-title") == 0


def test_rejects_existing_id(tidy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tidy, *GOOD, "--id", "iris") == 1
    assert "id 'iris' is already used" in capsys.readouterr().err


def test_rejects_what_the_validator_rejects(tidy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tidy.read_bytes()
    args = [*GOOD]
    args[args.index("--topics") + 1] = "sql,nosuchtopic"
    assert _run(tidy, *args) == 1
    err = capsys.readouterr().err
    assert "resources[2].topics[1]: unknown topic 'nosuchtopic'" in err
    assert tidy.read_bytes() == before


def test_kind_specific_fields(tidy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tidy, *GOOD, "--license", "MIT") == 1
    assert "--license only apply to another kind than course" in capsys.readouterr().err
    dataset = [
        "--kind",
        "dataset",
        "--title",
        "Penguins",
        "--url",
        "https://example.org/penguins",
        "--provider",
        "P",
        "--description",
        "344 penguins.",
        "--stages",
        "modelling",
        "--topics",
        "python",
        "--level",
        "beginner",
        "--cost",
        "free",
    ]
    assert _run(tidy, *dataset) == 1
    assert "missing required field 'license'" in capsys.readouterr().err
    assert (
        _run(
            tidy,
            *dataset,
            "--license",
            "CC0-1.0",
            "--size",
            "344 rows",
            "--formats",
            "CSV",
            "--formats",
            "Parquet",
        )
        == 0
    )
    penguins = load_handbook(tidy).resource_by_id["penguins"]
    assert penguins.formats == ("CSV", "Parquet")
    assert [r.id for r in load_handbook(tidy).resources][-1] == "penguins"  # after iris


def test_missing_flags_without_terminal(tidy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tidy, "--title", "Something") == 1
    assert "missing --kind, --url, --provider" in capsys.readouterr().err


def test_interactive_prompts(tidy: Path) -> None:
    answers = iter(
        [
            "tool",
            "DuckDB",
            "https://duckdb.org/",
            "DuckDB Labs",
            "An in-process SQL database for analytics.",
            "basics",
            "nope",
            "sql",
            "expert",
            "beginner",
            "free",
            "",
            "",
            "duckdb-tool",
        ]
    )
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    assert main(["--file", str(tidy)], ask=ask, interactive=True) == 0
    resource = load_handbook(tidy).resource_by_id["duckdb-tool"]
    assert (resource.kind, resource.topics, resource.level) == ("tool", ("sql",), "beginner")
    assert prompts[-1].startswith("id [duckdb]")
    assert sum(p.startswith("topics") for p in prompts) == 2  # "nope" was asked again
    assert sum(p.startswith("level") for p in prompts) == 2  # "expert" was asked again


def test_cli_without_terminal_never_tracebacks(tidy: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/new_resource.py"),
            "--file",
            str(tidy),
            "--kind",
            "reading",
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "missing --title" in result.stderr


def test_dry_run_writes_nothing(tidy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tidy.read_bytes()
    assert _run(tidy, *GOOD, "--dry-run") == 0
    assert "would go on line" in capsys.readouterr().out
    assert tidy.read_bytes() == before


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("The Python Tutorial", "the-python-tutorial"),
        ("  Café & Crème: ML 101!  ", "cafe-creme-ml-101"),
        ("C++ / CUDA", "c-cuda"),
        ("!!!", "resource"),
        ("word " * 30, ("word-" * 12)[:-1]),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_title_similarity_threshold() -> None:
    assert title_similarity("Deep Learning", "Deep learning.") == 1.0
    assert title_similarity("Deep Learning", "Deep Learning with Python") < 0.9


def test_insert_index_rule() -> None:
    items = [
        {"kind": "reading", "stages": ["a"]},
        {"kind": "course", "stages": ["a"]},
        {"kind": "reading", "stages": ["b"]},
        {"kind": "course", "stages": ["b"]},
    ]
    assert insert_index(items, "reading", "a") == 1
    assert insert_index(items, "course", "c") == 4
    assert insert_index(items, "reading", "c") == 3
    assert insert_index(items, "tool", "a") == 4


@pytest.mark.parametrize("url", ["https://[::1/", "https://example.org:99999/x", "ftp://x.org/"])
def test_unusable_url_is_refused_without_traceback(
    tidy: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tidy.read_bytes()
    args = [*GOOD]
    args[args.index("--url") + 1] = url
    assert _run(tidy, *args) == 1
    err = capsys.readouterr().err
    assert "not a usable web address" in err or "url" in err
    assert tidy.read_bytes() == before


def test_non_utf8_data_file_is_reported_on_its_line(tidy: Path) -> None:
    tidy.write_bytes(tidy.read_bytes().replace(b"Python docs", b"Python \xff docs", 1))
    line = tidy.read_bytes().split(b"\xff")[0].count(b"\n") + 1
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/new_resource.py"), "--file", str(tidy), *GOOD],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f":{line}: not valid UTF-8 (byte 0xff)" in result.stderr


def test_every_field_of_a_new_entry_has_a_flag_from_the_schema() -> None:
    from new_resource import parser

    from handbook.newentry import NOT_FOR_NEW, entry_fields
    from handbook.schema import resource_properties

    flags = {action.dest for action in parser()._actions}
    assert set(entry_fields()) <= flags
    assert set(resource_properties()) - set(entry_fields()) == set(NOT_FOR_NEW)
    assert not flags & set(NOT_FOR_NEW)
