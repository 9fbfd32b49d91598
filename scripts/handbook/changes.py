"""What a change does to resources.yaml: the summary a pull request's checks page shows.

Compares two versions of the data as parsed (not validated: the changed file may be broken)
and writes Markdown for $GITHUB_STEP_SUMMARY, or the URLs the change adds for the link check.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.render.text import plain
from handbook.yamlsource import by_id, parse

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
        return not (
            self.added
            or self.removed
            or self.changed
            or self.questions_added
            or self.questions_removed
            or self.questions_changed
            or self.other
        )


def compare(old: Any, new: Any) -> Change:
    """The difference between two parsed versions of resources.yaml."""
    change = Change()
    before, after = by_id(old, "resources"), by_id(new, "resources")
    change.added = [r for rid, r in after.items() if rid not in before]
    change.removed = [r for rid, r in before.items() if rid not in after]
    for rid, res in after.items():
        if rid in before and before[rid] != res:
            keys = sorted(set(before[rid]) | set(res))
            change.changed.append((res, [k for k in keys if before[rid].get(k) != res.get(k)]))
    qold, qnew = by_id(old, "questions"), by_id(new, "questions")
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
    return (
        f"- **{plain(str(res.get('title', '?')))}** (`{res.get('id')}`): {res.get('kind')}, "
        f"{res.get('level')}, {res.get('cost')}; stages {stages}; <{res.get('url')}>"
    )


def _limited(lines: list[str]) -> list[str]:
    if len(lines) <= LIST_LIMIT:
        return lines
    return [*lines[:LIST_LIMIT], f"- … and {len(lines) - LIST_LIMIT} more"]


def markdown(change: Change, base: str) -> str:
    """The summary as Markdown."""
    out = [f"### resources.yaml compared with `{base}`", ""]
    if change.empty():
        return "\n".join([*out, "No change to the data.", ""])
    counts = [
        f"{len(change.added)} added",
        f"{len(change.changed)} changed",
        f"{len(change.removed)} removed",
    ]
    out += [
        f"**Resources:** {', '.join(counts)}. **Interview questions:** "
        f"{len(change.questions_added)} added, {len(change.questions_changed)} changed, "
        f"{len(change.questions_removed)} removed.",
        "",
    ]
    if change.added:
        by = Counter((str(r.get("kind")), _stage(r)) for r in change.added)
        out += [
            "#### New resources by kind and first stage",
            "",
            "| Kind | First stage | New |",
            "| --- | --- | --- |",
        ]
        out += [f"| {kind} | {stage} | {n} |" for (kind, stage), n in sorted(by.items())]
        out += ["", *_limited([_line(r) for r in change.added]), ""]
    if change.changed:
        out += ["#### Changed resources", ""]
        out += _limited(
            [
                f"- `{r.get('id')}`: {', '.join(keys)}"
                + (f" (now **{r.get('status')}**)" if "status" in keys else "")
                for r, keys in change.changed
            ]
        )
        out.append("")
    if change.removed:
        out += [
            "#### Removed resources",
            "",
            "> [!WARNING]",
            "> Ids are never reused and links depend on them: prefer "
            "`status: retired` or `superseded` to deleting.",
            "",
        ]
        out += _limited(
            [f"- `{r.get('id')}` ({plain(str(r.get('title', '?')))})" for r in change.removed]
        )
        out.append("")
    if change.questions_added:
        out += ["#### New interview questions", ""]
        out += _limited(
            [
                f"- `{q.get('id')}`: {plain(str(q.get('question', '')))}"
                for q in change.questions_added
            ]
        )
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
        result = subprocess.run(
            ["git", "show", f"{base}:./{path.name}"],
            cwd=path.parent,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as err:
        return None, f"git is not available ({err.strerror})"
    if result.returncode != 0:
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "unknown"
        return None, reason
    return result.stdout, ""


def summary(path: Path, base: str, urls: bool = False) -> str | None:
    """What `scripts/pr_summary.py` prints for the data file `path` compared with git ref
    `base`: the Markdown summary, or with `urls` the added and changed URLs, one a line.
    Never raises: a missing base or an unreadable file is said in the summary (None: print
    nothing, for `urls` when there is nothing to compare)."""
    name = path.name
    try:
        new_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return f"### resources.yaml\n\nCould not read {name}: {err}"
    old_text, reason = read_base(base, path)
    if old_text is None:
        if urls:
            return None
        return (
            f"### resources.yaml\n\nNo comparison: could not read `{name}` at `{base}` "
            f"({reason}). Fetch the base branch (checkout with `fetch-depth: 0`) to get a "
            "summary."
        )
    old, new = parse(old_text.encode()), parse(new_text.encode())
    if new.data is None:
        return (
            None
            if urls
            else (
                "### resources.yaml\n\nThe changed file does not parse; see "
                "the validation step for the errors."
            )
        )
    change = compare(old.data or {}, new.data)
    return "\n".join(new_urls(change)) if urls else markdown(change, base)
