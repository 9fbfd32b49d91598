#!/usr/bin/env python3
"""Regenerate the schema-derived parts of the contributor docs, or check they are current.

Writes the field reference in .github/CONTRIBUTING.md and the dropdown options of
.github/ISSUE_TEMPLATE/suggest-resource.yml. Usage: python scripts/gen_contributing.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.docgen import CONTRIBUTING, ISSUE_FORM, ROOT, render_contributing, render_issue_form
from handbook.fmt import FormatError
from handbook.load import HandbookError, load_handbook


def main(argv: list[str] | None = None) -> int:
    """Regenerate (or with --check, compare); return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file is out of date"
    )
    args = parser.parse_args(argv)
    try:
        handbook = load_handbook()
    except HandbookError as err:
        print(f"resources.yaml is invalid; fix it first:\n{err}", file=sys.stderr)
        return 1
    renderers: list[tuple[Path, Callable[[str], str]]] = [
        (CONTRIBUTING, render_contributing),
        (ISSUE_FORM, lambda text: render_issue_form(text, handbook)),
    ]
    stale = 0
    for path, render in renderers:
        shown = path.relative_to(ROOT)
        try:
            current = path.read_text(encoding="utf-8")
            wanted = render(current)
        except (OSError, ValueError, FormatError) as err:
            print(f"{shown}: {err}", file=sys.stderr)
            return 1
        if wanted == current:
            continue
        stale += 1
        if args.check:
            print(f"{shown}: out of date with the schema; run `python scripts/gen_contributing.py`")
        else:
            path.write_text(wanted, encoding="utf-8")
            print(f"{shown}: regenerated")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
