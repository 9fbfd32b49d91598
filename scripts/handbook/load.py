"""Read resources.yaml: validate everything, then build the typed model."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from handbook.checks import check_semantics
from handbook.model import Handbook, build
from handbook.problems import Problem
from handbook.schema import check_schema
from handbook.yamlsource import parse

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "resources.yaml"
ENV_VAR = "HANDBOOK_RESOURCES"
# Tests only: skip the validator's early rejection of unsafe Markdown, so a build proves the
# renderers and the sanitizer hold on their own (tests/browser/test_browser_payloads.py).
SANITIZER_ONLY_VAR = "HANDBOOK_SANITIZER_ONLY"


class HandbookError(Exception):
    """The data file has problems; `problems` lists every one of them."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(p.format(path) for p in problems))


def data_path() -> Path:
    """The data file: $HANDBOOK_RESOURCES if set (tests, benchmarks), else resources.yaml."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH)


def shown_path(path: Path) -> str:
    """The path as the user would write it: relative to the current directory if inside it."""
    relative = os.path.relpath(path) if path.is_absolute() else str(path)
    return str(path) if relative.startswith("..") else relative


def validate_bytes(
    raw: bytes, today: dt.date | None = None
) -> tuple[Handbook | None, list[Problem]]:
    """Validate YAML bytes; return the model (only when there are no problems) and problems."""
    source = parse(raw)
    if source.problems and source.data is None:
        return None, sorted(source.problems)
    problems = source.problems + check_schema(source)
    early_markdown_check = os.environ.get(SANITIZER_ONLY_VAR) != "1"
    problems += check_semantics(source, today or dt.date.today(), early_markdown_check)
    if problems:
        return None, sorted(set(problems))
    lines = [source.mark(("resources", i))[0] for i in range(len(source.data["resources"]))]
    return build(source.data, lines), []


def read_problem(path: Path) -> Problem | None:
    """A Problem if the file cannot be read at all (missing, a directory, no permission)."""
    if not path.exists():
        return Problem(1, 1, "", "file not found")
    if not path.is_file():
        return Problem(1, 1, "", "not a regular file")
    return None


def load_handbook(path: Path | None = None, today: dt.date | None = None) -> Handbook:
    """Load and validate; raise HandbookError listing every problem."""
    path = path or data_path()
    problem = read_problem(path)
    if problem:
        raise HandbookError(str(path), [problem])
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise HandbookError(str(path), [Problem(1, 1, "", f"cannot read: {err.strerror}")]) from err
    handbook, problems = validate_bytes(raw, today)
    if handbook is None:
        raise HandbookError(str(path), problems)
    return handbook
