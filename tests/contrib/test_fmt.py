"""scripts/fmt.py: canonical layout, idempotent, comments kept, data never changed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fmt import main

from handbook.fmt import WIDTH, FormatError, format_text, key_order
from handbook.yamlsource import parse

ROOT = Path(__file__).resolve().parents[2]


def _comments(text: str) -> list[str]:
    return [m.group(0).strip() for m in re.finditer(r"#.*$", text, re.MULTILINE)]


def test_idempotent(messy: Path) -> None:
    once = format_text(messy.read_text(encoding="utf-8"))
    assert format_text(once) == once


def test_data_unchanged(messy: Path) -> None:
    text = messy.read_text(encoding="utf-8")
    assert parse(format_text(text).encode()).data == parse(text.encode()).data


def test_comments_kept_in_order(messy: Path) -> None:
    text = messy.read_text(encoding="utf-8")
    out = format_text(text)
    assert _comments(out) == _comments(text)
    assert out.startswith("# yaml-language-server: $schema=")


def test_comment_before_an_item_stays_before_it(messy: Path) -> None:
    # "# courses" hangs off the last key of the previous item, which reordering moves.
    lines = format_text(messy.read_text(encoding="utf-8")).splitlines()
    at = lines.index("    # courses")
    assert lines[at + 1] == "  - id: sql-course"
    assert lines[at - 1].startswith("    format: docs  # reference")


def test_canonical_layout(messy: Path) -> None:
    out = format_text(messy.read_text(encoding="utf-8"))
    assert "  - id: modelling\n    title: Modelling\n" in out  # schema key order
    assert "    prerequisites: [basics]\n" in out  # flow id lists
    assert "    topics: [python]\n" in out
    assert "  - {id: sql, title: SQL}\n" in out  # one-line topics
    assert '    seed: "000"\n' in out  # double quotes, only where needed
    assert "    title: Python docs\n" in out
    assert "    added: 2026-01-02\n" in out  # dates plain
    assert "    description: >-\n      The official documentation" in out  # folded prose
    assert "    description: |-\n      150 flowers" in out  # line breaks kept: literal
    assert "    description: >\n      Queries" in out  # a final line break is kept
    assert out.endswith("# end of file\n")
    assert not [line for line in out.splitlines() if line != line.rstrip()]


def test_keys_follow_schema_order(messy: Path) -> None:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(format_text(messy.read_text(encoding="utf-8")))
    assert list(data) == [key for key in key_order(None) if key in data]
    for section in ("stages", "resources", "questions"):
        order = key_order(section)
        for item in data[section]:
            assert list(item) == sorted(item, key=order.index)


def test_prose_wrapped_within_width() -> None:
    long = " ".join(["word"] * 80)
    text = (ROOT / "tests/contrib/fixtures/messy.yaml").read_text(encoding="utf-8")
    text = text.replace("Queries, joins and window functions.", long)
    out = format_text(text)
    assert max(len(line) for line in out.splitlines() if "word" in line) <= WIDTH
    assert parse(out.encode()).data == parse(text.encode()).data


def test_check_fails_on_misformatted_file(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = messy.read_bytes()
    assert main(["--check", str(messy)]) == 1
    out = capsys.readouterr().out
    assert f"{messy}:13:1: not in canonical layout (lines 13-18); run `make fmt`" in out
    assert "+  - id: modelling" in out  # the diff
    assert messy.read_bytes() == before


def test_check_passes_on_formatted_file(tidy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", str(tidy)]) == 0
    assert "already formatted" in capsys.readouterr().out


def test_fmt_rewrites_then_check_passes(messy: Path) -> None:
    assert main([str(messy)]) == 0
    assert main(["--check", str(messy)]) == 0


def test_check_annotations_in_actions(messy: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/fmt.py"), "--check", str(messy)],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
    )
    assert result.returncode == 1
    assert f"::error file={messy},line=13,endLine=18,title=format::" in result.stdout


@pytest.mark.parametrize("text", ["stages: [\n", "a: 1\na: 2\n"])
def test_invalid_yaml_is_an_error_not_a_traceback(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/fmt.py"), str(path)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "invalid YAML" in result.stderr
    assert path.read_text(encoding="utf-8") == text
    with pytest.raises(FormatError):
        format_text(text)


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.yaml")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_real_file_is_canonical() -> None:
    text = (ROOT / "resources.yaml").read_text(encoding="utf-8")
    assert format_text(text) == text, "resources.yaml is not in canonical layout: run `make fmt`"
