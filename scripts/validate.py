#!/usr/bin/env python3
"""Validate resources.yaml: print every problem as PATH:LINE:COL: field: message, exit 1 if any.

Usage: python scripts/validate.py [PATH]   (default: resources.yaml, or $HANDBOOK_RESOURCES)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.load import HandbookError, data_path, load_handbook, shown_path


def main(argv: list[str] | None = None) -> int:
    """Run the validator; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, help="data file (default: resources.yaml)")
    args = parser.parse_args(argv)
    path: Path = args.path or data_path()
    shown = shown_path(path)
    try:
        handbook = load_handbook(path)
    except HandbookError as err:
        in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
        for problem in err.problems:
            print(problem.format(shown))
            if in_actions:
                print(problem.annotation(shown))
        count = len(err.problems)
        sys.stdout.flush()
        print(f"{shown}: {count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    print(
        f"{shown}: OK ({len(handbook.stages)} stages, {len(handbook.resources)} resources, "
        f"{len(handbook.questions)} questions, {len(handbook.excluded)} excluded URLs)"
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stderr.close()
        sys.exit(1)
