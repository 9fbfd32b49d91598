#!/usr/bin/env python3
"""Print a GitHub Actions workflow command (`::error::message`) with the message escaped.

Usage: python scripts/annotate.py {error,warning,notice} MESSAGE...   (words joined by spaces)
For workflow steps that quote a tool's output: that text cannot start a command of its own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.problems import workflow_command


def main(argv: list[str] | None = None) -> int:
    """Print the command; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("error", "warning", "notice"))
    parser.add_argument("message", nargs="+")
    args = parser.parse_args(argv)
    print(workflow_command(args.command, " ".join(args.message)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
