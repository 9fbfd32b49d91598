#!/usr/bin/env python3
"""Summarise what a change does to resources.yaml, in Markdown for $GITHUB_STEP_SUMMARY.

Usage: python scripts/pr_summary.py [--base REF] [--file PATH] [--urls]
  --base   git ref to compare with (default: origin/main)
  --urls   print only the URLs the change adds or changes, one per line (for the link check)
Never fails the build: without a base it says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.changes import summary
from handbook.load import data_path


def main(argv: list[str] | None = None) -> int:
    """Print the summary (or the new URLs); always 0 unless the arguments are wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="origin/main", help="git ref (default: origin/main)")
    parser.add_argument("--file", type=Path, help="data file (default: resources.yaml)")
    parser.add_argument("--urls", action="store_true", help="print only added/changed URLs")
    args = parser.parse_args(argv)
    path: Path = args.file or data_path()
    text = summary(path.resolve(), args.base, urls=args.urls)
    if text is not None:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
