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
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.add import AddError, add_resource, slugify
from handbook.fmt import FormatError
from handbook.load import data_path
from handbook.schema import load_schema
from handbook.yamlsource import parse

REQUIRED = ("kind", "title", "url", "provider", "description", "stages", "topics", "level",
            "cost")
KIND_FIELDS = {"certification": ("issuer", "exam_code", "price"),
               "dataset": ("license", "size", "formats")}
LISTS = ("stages", "topics", "formats")


def _prop(name: str) -> dict[str, Any]:
    prop: dict[str, Any] = load_schema()["$defs"]["resource"]["properties"][name]
    return prop


def _enum(name: str) -> list[str]:
    return list(_prop(name).get("enum", []))


def parser() -> argparse.ArgumentParser:
    """Command-line flags: one per field of the schema a contributor fills in."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="\n".join(__doc__.splitlines()[2:]))
    p.add_argument("--file", type=Path, help="data file (default: resources.yaml)")
    p.add_argument("--id", help="resource id (default: proposed from the title)")
    p.add_argument("--kind", choices=_enum("kind"))
    p.add_argument("--title")
    p.add_argument("--url")
    p.add_argument("--provider")
    p.add_argument("--description")
    p.add_argument("--stages", action="append", metavar="ID[,ID]",
                   help="stage id(s); repeat or separate with commas")
    p.add_argument("--topics", action="append", metavar="ID[,ID]",
                   help="topic id(s); repeat or separate with commas")
    p.add_argument("--level", choices=_enum("level"))
    p.add_argument("--cost", choices=_enum("cost"))
    p.add_argument("--hours", type=float, help="estimated hours to work through it")
    p.add_argument("--format", choices=_enum("format"), help="the medium")
    p.add_argument("--added", help="date added, YYYY-MM-DD (default: today)")
    p.add_argument("--issuer", help="certification: who awards it")
    p.add_argument("--exam-code", dest="exam_code", help="certification: official exam code")
    p.add_argument("--price", help="certification: exam price with currency, e.g. 'USD 150'")
    p.add_argument("--license", help="dataset: licence (SPDX id where one exists)")
    p.add_argument("--size", help="dataset: rows/items and/or bytes")
    p.add_argument("--formats", action="append", metavar="FMT[,FMT]",
                   help="dataset: file formats, e.g. CSV,Parquet")
    p.add_argument("--allow-similar-title", action="store_true",
                   help="add even if an existing title is nearly identical")
    p.add_argument("--dry-run", action="store_true", help="check and show, but write nothing")
    return p


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


class Asker:
    """Prompts on a terminal for fields the flags did not give."""

    def __init__(self, known: dict[str, list[str]], ask: Callable[[str], str] = input) -> None:
        self.known = known
        self.ask = ask

    def text(self, name: str, default: str | None = None, optional: bool = False) -> str | None:
        hint = _prop(name).get("description", "")
        suffix = f" [{default}]" if default else (" (optional, Enter to skip)" if optional else "")
        while True:
            answer = self.ask(f"{name}{suffix} - {hint}\n> ").strip()
            if answer or default or optional:
                return answer or default
            print(f"  {name} is required")

    def choice(self, name: str, options: list[str], optional: bool = False) -> str | None:
        while True:
            answer = self.text(name, optional=optional)
            if not answer or answer in options:
                return answer
            print(f"  choose one of: {', '.join(options)}")

    def ids(self, name: str, options: list[str]) -> list[str]:
        print(f"  known {name}: {', '.join(options)}")
        while True:
            values = _split([self.text(name) or ""])
            unknown = [v for v in values if v not in options]
            if values and not unknown:
                return values
            print(f"  unknown {name}: {', '.join(unknown)}" if unknown else "  give at least one")


def collect(args: argparse.Namespace, known: dict[str, list[str]], interactive: bool,
            ask: Callable[[str], str] = input) -> dict[str, Any]:
    """The new entry from flags, asking on a terminal for whatever is missing."""
    values: dict[str, Any] = {name: getattr(args, name) for name in (
        "kind", "title", "url", "provider", "description", "level", "cost", "hours", "format",
        "issuer", "exam_code", "price", "license", "size")}
    for name in LISTS:
        values[name] = _split(getattr(args, name))
    kind_extra = KIND_FIELDS.get(values["kind"] or "", ())
    if interactive:
        asker = Asker(known, ask)
        for name in REQUIRED:
            if values[name]:
                continue
            if name in ("kind", "level", "cost"):
                values[name] = asker.choice(name, _enum(name))
            elif name in ("stages", "topics"):
                values[name] = asker.ids(name, known[name])
            else:
                values[name] = asker.text(name)
        kind_extra = KIND_FIELDS.get(values["kind"] or "", ())
        for name in kind_extra:
            if not values[name]:
                values[name] = (_split([asker.text(name) or ""]) if name in LISTS
                                else asker.text(name, optional=name != "issuer"
                                                and values["kind"] != "dataset"))
        if not values["format"]:
            values["format"] = asker.choice("format", _enum("format"), optional=True)
        if values["hours"] is None:
            hours = asker.text("hours", optional=True)
            values["hours"] = _number(hours) if hours else None
    missing = [name for name in REQUIRED if not values[name]]
    if missing:
        flags = ", ".join(f"--{name}" for name in missing)
        raise AddError([f"missing {flags} (run in a terminal to be asked, or see --help)"])
    entry: dict[str, Any] = {}
    if args.id:
        entry["id"] = args.id
    elif interactive:
        entry["id"] = Asker(known, ask).text("id", default=slugify(values["title"]))
    else:
        entry["id"] = slugify(values["title"])
    entry.update({name: values[name] for name in REQUIRED})
    entry["added"] = args.added or dt.date.today().isoformat()
    for name in ("hours", "format", *kind_extra):
        if values.get(name) not in (None, "", []):
            entry[name] = values[name]
    if isinstance(entry.get("hours"), float) and entry["hours"].is_integer():
        entry["hours"] = int(entry["hours"])
    stray = [f"--{n.replace('_', '-')}" for names in KIND_FIELDS.values() for n in names
             if n not in kind_extra and values.get(n)]
    if stray:
        raise AddError([f"{', '.join(stray)} only apply to another kind than {values['kind']}"])
    return entry


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise AddError([f"hours: {text!r} is not a number"]) from None


def known_ids(text: str) -> dict[str, list[str]]:
    """Stage and topic ids defined in the data file, for prompts."""
    data = parse(text.encode()).data
    def ids(key: str) -> list[str]:
        items = data.get(key) if isinstance(data, dict) else None
        return [str(i["id"]) for i in items or [] if isinstance(i, dict) and "id" in i]
    return {"stages": ids("stages"), "topics": ids("topics")}


def _shown(path: Path) -> str:
    """The path as the user would write it: relative to the current directory if inside it."""
    relative = os.path.relpath(path) if path.is_absolute() else str(path)
    return str(path) if relative.startswith("..") else relative


def main(argv: list[str] | None = None, ask: Callable[[str], str] = input,
         interactive: bool | None = None) -> int:
    """Run the command; return the exit status (0 added, 1 refused, 130 interrupted)."""
    args = parser().parse_args(argv)
    path: Path = args.file or data_path()
    shown = _shown(path)
    if interactive is None:
        interactive = sys.stdin.isatty()
    try:
        text = path.read_text(encoding="utf-8")
        entry = collect(args, known_ids(text), interactive, ask)
        added = add_resource(text, entry, allow_similar_title=args.allow_similar_title)
    except (KeyboardInterrupt, EOFError):
        print("\ncancelled; nothing was written", file=sys.stderr)
        return 130
    except OSError as err:
        print(f"{shown}: cannot read: {err.strerror or err}", file=sys.stderr)
        return 1
    except UnicodeDecodeError as err:
        line = err.object.count(b"\n", 0, err.start) + 1
        print(f"{shown}:{line}: not valid UTF-8 (byte 0x{err.object[err.start]:02x}); save the "
              "file as UTF-8; nothing was written", file=sys.stderr)
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
    print(f"{shown}:{added.line}: added '{added.id}'. Next: `make build` to preview, then open "
          "a pull request.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
