#!/usr/bin/env python3
"""Summarise what a change does to resources.yaml, in Markdown for $GITHUB_STEP_SUMMARY.

Usage: python scripts/pr_summary.py [--base REF] [--file PATH] [--urls]
  --base   git ref to compare with (default: origin/main)
  --urls   print only the URLs the change adds or changes, one per line (for the link check)
Never fails the build: without a base it says so and exits 0.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.render.text import plain
from handbook.yamlsource import parse

ROOT = Path(__file__).resolve().parents[1]
LIST_LIMIT = 50


@dataclass
class Change:
    """What differs between two versions of the data."""

    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)
    questions_added: list[dict[str, Any]] = field(default_factory=list)
    questions_removed: list[str] = field(default_factory=list)
    questions_changed: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        """True if nothing in the data changed."""
        return not (self.added or self.removed or self.changed or self.questions_added
                    or self.questions_removed or self.questions_changed or self.other)


def _by_id(data: Any, key: str) -> dict[str, dict[str, Any]]:
    items = data.get(key) if isinstance(data, dict) else None
    return {str(i["id"]): i for i in items or [] if isinstance(i, dict) and "id" in i}


def compare(old: Any, new: Any) -> Change:
    """The difference between two parsed versions of resources.yaml."""
    change = Change()
    before, after = _by_id(old, "resources"), _by_id(new, "resources")
    change.added = [r for rid, r in after.items() if rid not in before]
    change.removed = [r for rid, r in before.items() if rid not in after]
    for rid, res in after.items():
        if rid in before and before[rid] != res:
            keys = sorted(set(before[rid]) | set(res))
            change.changed.append((res, [k for k in keys if before[rid].get(k) != res.get(k)]))
    qold, qnew = _by_id(old, "questions"), _by_id(new, "questions")
    change.questions_added = [q for qid, q in qnew.items() if qid not in qold]
    change.questions_removed = [qid for qid in qold if qid not in qnew]
    change.questions_changed = [qid for qid, q in qnew.items() if qid in qold and qold[qid] != q]
    for key in ("stages", "topics", "excluded"):
        a = old.get(key) if isinstance(old, dict) else None
        b = new.get(key) if isinstance(new, dict) else None
        if a != b:
            change.other.append(key)
    return change


def _stage(res: dict[str, Any]) -> str:
    stages = res.get("stages")
    return str(stages[0]) if isinstance(stages, list) and stages else "(none)"


def _line(res: dict[str, Any]) -> str:
    stages = ", ".join(map(str, res.get("stages") or []))
    return (f"- **{plain(str(res.get('title', '?')))}** (`{res.get('id')}`): {res.get('kind')}, "
            f"{res.get('level')}, {res.get('cost')}; stages {stages}; <{res.get('url')}>")


def _limited(lines: list[str]) -> list[str]:
    if len(lines) <= LIST_LIMIT:
        return lines
    return [*lines[:LIST_LIMIT], f"- … and {len(lines) - LIST_LIMIT} more"]


def markdown(change: Change, base: str) -> str:
    """The summary as Markdown."""
    out = [f"### resources.yaml compared with `{base}`", ""]
    if change.empty():
        return "\n".join([*out, "No change to the data.", ""])
    counts = [f"{len(change.added)} added", f"{len(change.changed)} changed",
              f"{len(change.removed)} removed"]
    out += [f"**Resources:** {', '.join(counts)}. **Interview questions:** "
            f"{len(change.questions_added)} added, {len(change.questions_changed)} changed, "
            f"{len(change.questions_removed)} removed.", ""]
    if change.added:
        by = Counter((str(r.get("kind")), _stage(r)) for r in change.added)
        out += ["#### New resources by kind and first stage", "",
                "| Kind | First stage | New |", "| --- | --- | --- |"]
        out += [f"| {kind} | {stage} | {n} |" for (kind, stage), n in sorted(by.items())]
        out += ["", *_limited([_line(r) for r in change.added]), ""]
    if change.changed:
        out += ["#### Changed resources", ""]
        out += _limited([f"- `{r.get('id')}`: {', '.join(keys)}"
                         + (f" (now **{r.get('status')}**)" if "status" in keys else "")
                         for r, keys in change.changed])
        out.append("")
    if change.removed:
        out += ["#### Removed resources", "",
                "> [!WARNING]", "> Ids are never reused and links depend on them: prefer "
                "`status: retired` or `superseded` to deleting.", ""]
        out += _limited([f"- `{r.get('id')}` ({plain(str(r.get('title', '?')))})"
                         for r in change.removed])
        out.append("")
    if change.questions_added:
        out += ["#### New interview questions", ""]
        out += _limited([f"- `{q.get('id')}`: {plain(str(q.get('question', '')))}"
                         for q in change.questions_added])
        out.append("")
    if change.other:
        out += [f"Also changed: {', '.join(f'`{k}`' for k in change.other)}.", ""]
    return "\n".join(out)


def new_urls(change: Change) -> list[str]:
    """URLs of added resources and of resources whose URL changed."""
    urls = [str(r["url"]) for r in change.added if r.get("url")]
    urls += [str(r["url"]) for r, keys in change.changed if "url" in keys and r.get("url")]
    return urls


def read_base(base: str, path: Path) -> tuple[str | None, str]:
    """The file at `base` (in the repository holding `path`), or None and why not."""
    try:
        result = subprocess.run(["git", "show", f"{base}:./{path.name}"], cwd=path.parent,
                                capture_output=True, text=True, check=False)
    except OSError as err:
        return None, f"git is not available ({err.strerror})"
    if result.returncode != 0:
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "unknown"
        return None, reason
    return result.stdout, ""


def main(argv: list[str] | None = None) -> int:
    """Print the summary (or the new URLs); always 0 unless the arguments are wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="origin/main", help="git ref (default: origin/main)")
    parser.add_argument("--file", type=Path, default=ROOT / "resources.yaml")
    parser.add_argument("--urls", action="store_true", help="print only added/changed URLs")
    args = parser.parse_args(argv)
    path: Path = args.file.resolve()
    relpath = path.name
    try:
        new_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(f"### resources.yaml\n\nCould not read {relpath}: {err}")
        return 0
    old_text, reason = read_base(args.base, path)
    if old_text is None:
        if not args.urls:
            print(f"### resources.yaml\n\nNo comparison: could not read `{relpath}` at "
                  f"`{args.base}` ({reason}). Fetch the base branch (checkout with "
                  "`fetch-depth: 0`) to get a summary.")
        return 0
    old, new = parse(old_text.encode()), parse(new_text.encode())
    if new.data is None:
        if not args.urls:
            print("### resources.yaml\n\nThe changed file does not parse; see the validation "
                  "step for the errors.")
        return 0
    change = compare(old.data or {}, new.data)
    if args.urls:
        print("\n".join(new_urls(change)))
    else:
        print(markdown(change, args.base))
    return 0


if __name__ == "__main__":
    sys.exit(main())
