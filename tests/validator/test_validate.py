"""The validator: one valid fixture, many invalid variants, each with its exact message and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from validate import main

FIXTURES = Path(__file__).parent / "fixtures"
VALID = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
ROOT = Path(__file__).resolve().parents[2]

# Each case: name, [(old text, new text) replaced once in valid.yaml], expected output lines.
CASES: list[tuple[str, list[tuple[str, str]], list[str]]] = [
    (
        "unknown-level",
        [
            (
                "    level: advanced\n    cost: paid\n    added: 2026-01-03\n    status",
                "    level: expert\n    cost: paid\n    added: 2026-01-03\n    status",
            )
        ],
        ["54:12: resources[2].level: 'expert' is not one of beginner, intermediate, advanced"],
    ),
    (
        "unknown-cost",
        [("    cost: free\n    added: 2026-01-01", "    cost: cheap\n    added: 2026-01-01")],
        ["32:11: resources[0].cost: 'cheap' is not one of free, freemium, paid"],
    ),
    (
        "unknown-kind",
        [("    kind: reading", "    kind: blog")],
        [
            "24:11: resources[0].kind: 'blog' is not one of reading, course, dataset, certification, "
            "tool, community"
        ],
    ),
    (
        "typo-field",
        [("    title: Python docs", "    titel: Python docs")],
        [
            "23:5: resources[0]: missing required field 'title'",
            "25:5: resources[0].titel: unknown field 'titel' (did you mean 'title'?); allowed fields: "
            "added, archive_url, cost, description, exam_code, format, formats, hours, id, issuer, kind, "
            "level, license, price, provider, replaced_by, retired_on, seed, size, stages, status, "
            "title, topics, url, validity",
        ],
    ),
    (
        "missing-required",
        [("    provider: PSF\n", "")],
        ["23:5: resources[0]: missing required field 'provider'"],
    ),
    (
        "bad-id",
        [("  - id: python-docs\n    kind", "  - id: Python Docs\n    kind")],
        [
            "8:11: stages[0].read: unknown resource 'python-docs'; known: Python Docs, iris, new-cert, "
            "old-cert, sql-course",
            "16:11: stages[1].read: unknown resource 'python-docs'; known: Python Docs, iris, new-cert, "
            "old-cert, sql-course",
            "23:9: resources[0].id: 'Python Docs' is not a valid id: use lowercase letters, digits and "
            "single hyphens (e.g. 'intro-to-sql')",
        ],
    ),
    (
        "duplicate-id",
        [("  - id: new-cert\n    kind", "  - id: iris\n    kind")],
        [
            "59:18: resources[2].replaced_by: unknown resource 'new-cert'; known: iris, old-cert, "
            "python-docs, sql-course",
            "77:9: resources[4].id: duplicate id 'iris' (first used on line 62); ids must be unique and "
            "are never reused",
        ],
    ),
    (
        "duplicate-key",
        [("    provider: PSF\n", "    provider: PSF\n    provider: Python\n")],
        [
            "28:5: resources[0].provider: duplicate key 'provider' (first defined on line 27); YAML "
            "would silently keep only the last one"
        ],
    ),
    (
        "unknown-stage-ref",
        [
            (
                "    stages: [basics]\n    topics: [python]",
                "    stages: [basic]\n    topics: [python]",
            )
        ],
        ["29:14: resources[0].stages[0]: unknown stage 'basic'; known: basics, modelling"],
    ),
    (
        "unknown-topic-ref",
        [("    topics: [sql]\n    level", "    topics: [databases]\n    level")],
        ["41:14: resources[1].topics[0]: unknown topic 'databases'; known: python, sql"],
    ),
    (
        "unknown-read",
        [
            (
                "    read: python-docs\n    do: sql-course\n    hours: 10",
                "    read: python-doc\n    do: sql-course\n    hours: 10",
            )
        ],
        [
            "8:11: stages[0].read: unknown resource 'python-doc'; known: iris, new-cert, old-cert, "
            "python-docs, sql-course"
        ],
    ),
    (
        "paid-pick",
        [("    do: sql-course\n    hours: 20", "    do: new-cert\n    hours: 20")],
        ["17:9: stages[1].do: the do-one pick 'new-cert' must be free (it is paid)"],
    ),
    (
        "retired-pick",
        [
            ("    do: sql-course\n    hours: 20", "    do: iris\n    hours: 20"),
            (
                "    license: CC-BY-4.0\n",
                "    status: superseded\n    replaced_by: sql-course\n    license: CC-BY-4.0\n",
            ),
        ],
        ["17:9: stages[1].do: the do-one pick 'iris' is superseded; pick an active resource"],
    ),
    (
        "prereq-later",
        [("    prerequisites: []", "    prerequisites: [modelling]")],
        [
            "7:21: stages[0].prerequisites[0]: prerequisite 'modelling' must come earlier in the stage "
            "list"
        ],
    ),
    (
        "prereq-self",
        [("    prerequisites: [basics]", "    prerequisites: [modelling]")],
        ["15:21: stages[1].prerequisites[0]: a stage cannot be its own prerequisite"],
    ),
    (
        "unknown-reference",
        [("    references: [sql-course]", "    references: [sql-book]")],
        [
            "100:18: questions[0].references[0]: unknown resource 'sql-book'; known: iris, new-cert, "
            "old-cert, python-docs, sql-course"
        ],
    ),
    (
        "unknown-replaced-by",
        [("    replaced_by: new-cert", "    replaced_by: newer-cert")],
        [
            "59:18: resources[2].replaced_by: unknown resource 'newer-cert'; known: iris, new-cert, "
            "old-cert, python-docs, sql-course"
        ],
    ),
    (
        "duplicate-url",
        [
            (
                "    url: https://example.org/iris",
                "    url: https://Example.org/sql/?utm_source=newsletter",
            )
        ],
        [
            "80:10: resources[4].url: same page as the URL on line 37 (both normalise to "
            "https://example.org/sql)"
        ],
    ),
    (
        "non-http-url",
        [("    url: https://example.org/iris", "    url: ftp://example.org/iris")],
        [
            "80:10: resources[4].url: 'ftp://example.org/iris' is not an absolute http(s) URL; only "
            "http:// and https:// links are allowed"
        ],
    ),
    (
        "javascript-url",
        [("    url: https://example.org/iris", "    url: javascript:alert(1)")],
        [
            "80:10: resources[4].url: 'javascript:alert(1)' is not an absolute http(s) URL; only "
            "http:// and https:// links are allowed"
        ],
    ),
    (
        "impossible-date",
        [("    added: 2026-01-04", "    added: 2026-02-30")],
        ["87:12: resources[4].added: '2026-02-30' is not a real calendar date (YYYY-MM-DD)"],
    ),
    (
        "future-date",
        [("    added: 2026-01-04", "    added: 2999-01-01")],
        ["87:12: resources[4].added: 2999-01-01 is in the future (today is {today})"],
    ),
    (
        "date-format",
        [("    added: 2026-01-04", "    added: 04/01/2026")],
        ["87:12: resources[4].added: '04/01/2026' is not a date in the form YYYY-MM-DD"],
    ),
    (
        "retired-without-date",
        [("    retired_on: 2025-06-01\n", "")],
        ["57:13: resources[2].status: a retired resource needs 'retired_on' (YYYY-MM-DD)"],
    ),
    (
        "active-with-retired-on",
        [("    exam_code: NEW-01\n", "    exam_code: NEW-01\n    retired_on: 2025-01-01\n")],
        [
            "75:17: resources[3].retired_on: 'retired_on' is only for retired or superseded "
            "resources; set status"
        ],
    ),
    (
        "cert-field-on-reading",
        [("    added: 2026-01-01\n", "    added: 2026-01-01\n    issuer: PSF\n")],
        ["34:5: resources[0].issuer: field 'issuer' applies only to kind certification"],
    ),
    (
        "validity-on-reading",
        [("    added: 2026-01-01\n", "    added: 2026-01-01\n    validity: 3 years\n")],
        ["34:5: resources[0].validity: field 'validity' applies only to kind certification"],
    ),
    (
        "dataset-missing-license",
        [("    license: CC-BY-4.0\n", "")],
        ["77:5: resources[4]: missing required field 'license'"],
    ),
    (
        "wrong-type-hours",
        [("    hours: 5", "    hours: five")],
        ["45:12: resources[1].hours: expected a number, got 'five'"],
    ),
    (
        "negative-hours",
        [("    hours: 5", "    hours: -5")],
        ["45:12: resources[1].hours: -5 must be greater than 0"],
    ),
    (
        "nan-hours",
        [("    hours: 5", "    hours: .nan")],
        ["45:12: resources[1].hours: nan is not a usable number of hours"],
    ),
    (
        "empty-title",
        [("    title: Python docs", "    title: ''")],
        ["25:12: resources[0].title: must not be empty"],
    ),
    (
        "bad-difficulty",
        [("    difficulty: easy", "    difficulty: trivial")],
        ["98:17: questions[0].difficulty: 'trivial' is not one of easy, medium, hard"],
    ),
    (
        "html-in-answer",
        [("      Precision is", "      <script>alert(1)</script> Precision is")],
        [
            "94:13: questions[0].answer: raw HTML (<script>) is not allowed; use Markdown, or put '<' "
            "inside `code`"
        ],
    ),
    (
        "js-link-in-answer",
        [("      Precision is", "      [click](javascript:alert(1)) Precision is")],
        [
            "94:13: questions[0].answer: link target 'javascript:alert(1)' is not allowed; links must "
            "be http(s) or mailto URLs"
        ],
    ),
    (
        "alias",
        [
            (
                "    stages: [basics, modelling]",
                "    stages: &s [basics, modelling]\n    topics_copy: *s",
            )
        ],
        [
            "40:13: resources[1].topics_copy: YAML anchors and aliases (&name / *name) are not allowed; "
            "write the value out",
            "41:5: resources[1].topics_copy: unknown field 'topics_copy' (did you mean 'topics'?); "
            "allowed fields: added, archive_url, cost, description, exam_code, format, formats, hours, "
            "id, issuer, kind, level, license, price, provider, replaced_by, retired_on, seed, size, "
            "stages, status, title, topics, url, validity",
        ],
    ),
    (
        "unquoted-seed",
        [('    seed: "000"', "    seed: 0")],
        ["104:11: excluded[0].seed: expected text, got 0"],
    ),
    (
        "empty-stages-list",
        [
            (
                "    stages: [modelling]\n    topics: [python]\n    level: beginner",
                "    stages: []\n    topics: [python]\n    level: beginner",
            )
        ],
        ["83:13: resources[4].stages: must list at least 1 item(s)"],
    ),
    (
        "top-level-typo",
        [("questions:", "questoins:")],
        [
            "2:1: missing required field 'questions'",
            "91:1: questoins: unknown field 'questoins' (did you mean 'questions'?); allowed fields: "
            "backgrounds, excluded, questions, resources, stages, topics",
        ],
    ),
    (
        "self-replacing",
        [("    replaced_by: new-cert", "    replaced_by: old-cert")],
        ["59:18: resources[2].replaced_by: a resource cannot replace itself"],
    ),
    (
        "excluded-is-resource",
        [("  - url: https://example.org/ad", "  - url: https://example.org/iris")],
        ["102:10: excluded[0].url: this URL is excluded but also listed as a resource on line 80"],
    ),
    (
        "custom-tag",
        [("    provider: PSF", "    provider: !custom PSF")],
        [
            "27:15: resources[0].provider: YAML tag '!custom' is not allowed; remove it and write the "
            "value plainly",
            "27:15: resources[0].provider: expected text, got null",
        ],
    ),
    (
        "escaped-control-characters",
        [
            ("    title: Python docs", '    title: "Python\\x01docs"'),
            ("    provider: PSF", '    provider: "P\\uFFFES\\vF"'),
            (
                "    description: The official documentation.",
                '    description: "The \\u202eofficial\\0"',
            ),
        ],
        [
            "25:12: resources[0].title: contains the invisible or control character U+0001 (at "
            "character 7); delete it",
            "27:15: resources[0].provider: contains the invisible or control character U+FFFE (at "
            "character 2); delete it",
            "28:18: resources[0].description: contains the invisible or control character U+202E (at "
            "character 5); delete it",
        ],
    ),
    (
        "unclosed-ipv6-url",
        [("    url: https://docs.python.org/3/", '    url: "https://[::1/"')],
        ["26:10: resources[0].url: not a usable web address: Invalid IPv6 URL"],
    ),
    (
        "bad-port-url",
        [("    url: https://docs.python.org/3/", "    url: https://x.org:99999/")],
        ["26:10: resources[0].url: not a usable web address: Port out of range 0-65535"],
    ),
    (
        "attribute-list-in-answer",
        [("      Precision is", '      x\n      {: onclick="alert(1)" }\n      Precision is')],
        [
            '94:13: questions[0].answer: attribute lists ({{: onclick="alert(1)" }}) are not '
            "allowed; remove the braces"
        ],
    ),
    (
        "reference-link-in-summary",
        [("    summary: Learn the basics.", '    summary: "[x][r]\\n\\n[r]: JaVaScript:alert(1)"')],
        [
            "5:14: stages[0].summary: link target 'JaVaScript:alert(1)' is not allowed; links must be "
            "http(s) or mailto URLs"
        ],
    ),
    (
        "two-errors-at-once",
        [
            (
                "    level: beginner\n    cost: free\n    added: 2026-01-01",
                "    level: novice\n    cost: free\n    added: 2026-01-01",
            ),
            ("    difficulty: easy", "    difficulty: trivial"),
        ],
        [
            "31:12: resources[0].level: 'novice' is not one of beginner, intermediate, advanced",
            "98:17: questions[0].difficulty: 'trivial' is not one of easy, medium, hard",
        ],
    ),
]


def run_validator(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
) -> tuple[int, list[str]]:
    """Write `content` to resources.yaml in a temp dir and validate it there."""
    (tmp_path / "resources.yaml").write_bytes(content)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["resources.yaml"])
    return code, capsys.readouterr().out.splitlines()


def test_valid_fixture_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_validator(tmp_path, monkeypatch, capsys, VALID.encode())
    assert code == 0
    assert out == ["resources.yaml: OK (2 stages, 5 resources, 1 questions, 1 excluded URLs)"]


@pytest.mark.parametrize(("name", "edits", "expected"), CASES, ids=[c[0] for c in CASES])
def test_invalid_variant(
    name: str,
    edits: list[tuple[str, str]],
    expected: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = VALID
    for old, new in edits:
        assert old in text, f"fixture text to replace not found: {old!r}"
        text = text.replace(old, new, 1)
    code, out = run_validator(tmp_path, monkeypatch, capsys, text.encode())
    import datetime as dt

    today = dt.date.today().isoformat()
    assert code == 1
    assert out == [f"resources.yaml:{line.format(today=today)}" for line in expected]


BAD_FILES: list[tuple[str, bytes, str]] = [
    (
        "empty",
        b"",
        "resources.yaml:1:1: file is empty: expected a mapping with keys stages, "
        "topics, resources, questions, excluded",
    ),
    (
        "whitespace-only",
        b"   \n\n",
        "resources.yaml:1:1: file is empty: expected a mapping with "
        "keys stages, topics, resources, questions, excluded",
    ),
    (
        "comment-only",
        b"# nothing here\n",
        "resources.yaml:1:1: file has no data: expected a "
        "mapping with keys stages, topics, resources, questions, excluded",
    ),
    (
        "binary",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        "resources.yaml:3:1: file looks binary (NUL byte); expected UTF-8 YAML text",
    ),
    (
        "latin-1",
        "stages:\n  - title: Caf\xe9\n".encode("latin-1"),
        "resources.yaml:2:15: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
    ),
    (
        "not-yaml",
        b"stages: [unclosed\n",
        "resources.yaml:2:1: invalid YAML: while parsing a flow "
        "sequence did not find expected ',' or ']'",
    ),
    (
        "tab-indent",
        b"stages:\n\t- id: x\n",
        "resources.yaml:2:1: invalid YAML: while scanning for "
        "the next token found character that cannot start any token",
    ),
    ("top-level-list", b"- a\n- b\n", 'resources.yaml:1:1: expected a mapping, got ["a", "b"]'),
    ("top-level-string", b"hello\n", "resources.yaml:1:1: expected a mapping, got 'hello'"),
    (
        "complex-key",
        b"? [a, b]\n: 1\n",
        "resources.yaml:1:3: keys must be plain strings (merge keys << are not allowed)",
    ),
    (
        "huge",
        b"a: " + b"x" * (9 * 1024 * 1024),
        "resources.yaml:1:1: file is 9,437,187 bytes; "
        "the limit is 8,388,608 bytes (16 times the real resources.yaml)",
    ),
    (
        "deep-brackets",
        b"a: " + b"[" * 30000 + b"]" * 30000,
        "resources.yaml:1:35: lists and mappings are nested more than 32 levels deep; resources "
        "data needs 5",
    ),
    (
        "deep-blocks",
        "".join(f"{'  ' * i}k{i}:\n" for i in range(40)).encode(),
        "resources.yaml:33:65: lists and mappings are nested more than 32 levels deep; resources "
        "data needs 5",
    ),
    (
        "raw-control-character",
        b"a: x\x01y\n",
        "resources.yaml:1:5: character U+0001 is not allowed in YAML text; delete it",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_unreadable_input_is_reported_without_traceback(
    name: str,
    content: bytes,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run_validator(tmp_path, monkeypatch, capsys, content)
    assert code == 1
    assert expected in out


def test_alias_bomb_is_rejected_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nine levels of nine aliases would expand to 387 million items if constructed.
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join(['*' + prev] * 9)}]")
    code, out = run_validator(tmp_path, monkeypatch, capsys, "\n".join(lines).encode())
    assert code == 1
    assert (
        "resources.yaml:1:4: b[0]: YAML anchors and aliases (&name / *name) are not "
        "allowed; write the value out"
    ) in out


def test_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["nope.yaml"]) == 1
    assert capsys.readouterr().out.splitlines() == ["nope.yaml:1:1: file not found"]


def test_cli_emits_github_annotations(tmp_path: Path) -> None:
    bad = VALID.replace("    difficulty: easy", "    difficulty: trivial", 1)
    (tmp_path / "resources.yaml").write_text(bad, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), "resources.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"GITHUB_ACTIONS": "true", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "resources.yaml:98:17: questions[0].difficulty: 'trivial' is not one of easy, medium, hard",
        "::error file=resources.yaml,line=98,col=17,title=questions[0].difficulty::'trivial' is "
        "not one of easy, medium, hard",
    ]
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "resources.yaml: 1 problem found"


def test_real_resources_yaml_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(ROOT / "resources.yaml")]) == 0


def test_annotations_cannot_inject_workflow_commands() -> None:
    from handbook.problems import Problem

    problem = Problem(3, 5, "resources[0].x\n::warning ::owned,%", "bad\r\n::error ::owned 100%")
    line = problem.annotation("data, v2.yaml")
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::error file=data%2C v2.yaml,line=3,col=5,title=resources[0].x%0A%3A%3A"
        "warning %3A%3Aowned%2C%25::bad%0D%0A::error ::owned 100%25"
    )
    assert "\n" not in problem.format("resources.yaml")
