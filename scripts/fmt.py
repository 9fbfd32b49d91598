#!/usr/bin/env python3
"""Rewrite resources.yaml in its canonical layout (comments kept), or check that it is.

Usage: python scripts/fmt.py [--check] [PATH]   (default: resources.yaml, or $HANDBOOK_RESOURCES)
The layout rule is described in scripts/handbook/fmt.py and .github/CONTRIBUTING.md.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.fmt import FormatError, changed_lines, format_text
from handbook.load import data_path, shown_path
from handbook.problems import workflow_command


def report(shown: str, old: str, new: str) -> None:
    """Print where the file differs from its canonical layout, and the diff itself."""
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    ranges = changed_lines(old, new)
    for first, last in ranges:
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        print(f"{shown}:{first}:1: not in canonical layout ({where}); run `make fmt`")
        if in_actions:
            print(
                workflow_command(
                    "error",
                    "not in canonical layout; run make fmt",
                    file=shown,
                    line=first,
                    endLine=last,
                    title="format",
                )
            )
    diff = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"{shown} (now)",
        f"{shown} (formatted)",
        n=1,
    )
    sys.stdout.writelines(diff)
    print(
        f"{shown}: {len(ranges)} place{'s' if len(ranges) != 1 else ''} to reformat",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    """Format or check; return the exit status (0 ok, 1 would change or cannot format)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, help="data file (default: resources.yaml)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 and show the lines that would change",
    )
    args = parser.parse_args(argv)
    path: Path = args.path or data_path()
    shown = shown_path(path)
    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(f"{shown}: cannot read: {err}", file=sys.stderr)
        return 1
    try:
        new = format_text(old)
    except FormatError as err:
        print(f"{shown}: {err}", file=sys.stderr)
        return 1
    if new == old:
        print(f"{shown}: already formatted")
        return 0
    if args.check:
        report(shown, old, new)
        return 1
    path.write_text(new, encoding="utf-8")
    print(f"{shown}: reformatted ({len(changed_lines(old, new))} places)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
