#!/usr/bin/env python3
"""Add a resource to resources.yaml: asks for each field (or takes flags), checks, inserts.

Examples:
  python scripts/new_resource.py                      # asks for every field
  python scripts/new_resource.py --kind reading --title "The Python Tutorial" \\
      --url https://docs.python.org/3/tutorial/ --provider "Python Software Foundation" \\
      --description "The official tour of the language." --stages python-engineering \\
      --topics python --level beginner --cost free
Without a terminal (CI, scripts) every required field must be given as a flag.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.add import AddError, add_resource
from handbook.fmt import FormatError
from handbook.load import data_path, shown_path
from handbook.newentry import add_field_arguments, collect, known_ids


def parser() -> argparse.ArgumentParser:
    """Command-line flags: one per field of the schema a contributor fills in."""
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]),
    )
    p.add_argument("--file", type=Path, help="data file (default: resources.yaml)")
    add_field_arguments(p)
    p.add_argument(
        "--allow-similar-title",
        action="store_true",
        help="add even if an existing title is nearly identical",
    )
    p.add_argument("--dry-run", action="store_true", help="check and show, but write nothing")
    return p


def main(
    argv: list[str] | None = None,
    ask: Callable[[str], str] = input,
    interactive: bool | None = None,
) -> int:
    """Run the command; return the exit status (0 added, 1 refused, 130 interrupted)."""
    args = parser().parse_args(argv)
    path: Path = args.file or data_path()
    shown = shown_path(path)
    if interactive is None:
        interactive = sys.stdin.isatty()
    try:
        text = path.read_text(encoding="utf-8")
        entry = collect(vars(args), known_ids(text), interactive, ask)
        added = add_resource(text, entry, allow_similar_title=args.allow_similar_title)
    except (KeyboardInterrupt, EOFError):
        print("\ncancelled; nothing was written", file=sys.stderr)
        return 130
    except OSError as err:
        print(f"{shown}: cannot read: {err.strerror or err}", file=sys.stderr)
        return 1
    except UnicodeDecodeError as err:
        line = err.object.count(b"\n", 0, err.start) + 1
        print(
            f"{shown}:{line}: not valid UTF-8 (byte 0x{err.object[err.start]:02x}); save the "
            "file as UTF-8; nothing was written",
            file=sys.stderr,
        )
        return 1
    except (AddError, FormatError) as err:
        print(f"{shown}: not added:", file=sys.stderr)
        for message in str(err).splitlines():
            print(f"  - {message}", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"{shown}: '{added.id}' is valid and would go on line {added.line} (dry run)")
        return 0
    try:
        path.write_text(added.text, encoding="utf-8")
    except OSError as err:
        print(f"{shown}: cannot write: {err.strerror or err}", file=sys.stderr)
        return 1
    print(
        f"{shown}:{added.line}: added '{added.id}'. Next: `make build` to preview, then open "
        "a pull request."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
