"""Add one resource to resources.yaml: propose an id, refuse duplicates, insert in place.

Where a new resource goes (also in .github/CONTRIBUTING.md): right after the last resource
of the same kind whose first stage is the same; if there is none, after the last resource of
the same kind; if the kind is new, at the end of the list. The file is then written in the
canonical layout of handbook.fmt, which on the main branch changes nothing else.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from handbook.fmt import format_text, key_order, put_trailing, take_trailing
from handbook.load import validate_bytes
from handbook.urls import normalise_url, url_problem
from handbook.yamlsource import mappings, parse, section

TITLE_SIMILARITY = 0.9  # difflib ratio at or above which two titles count as the same
ID_MAX = 60


class AddError(Exception):
    """The entry cannot be added; `messages` says why, one line each."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class Added:
    """The new file text and where the entry landed."""

    text: str
    id: str
    line: int


def slugify(title: str) -> str:
    """A valid resource id from a title: 'The Python Tutorial!' -> 'the-python-tutorial'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > ID_MAX:
        slug = slug[:ID_MAX].rsplit("-", 1)[0] if "-" in slug[:ID_MAX] else slug[:ID_MAX]
    return slug or "resource"


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are (0..1), ignoring case and punctuation."""

    def norm(s: str) -> str:
        return " ".join(re.sub(r"[^\w]+", " ", s.casefold()).split())

    return difflib.SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


def duplicates(data: Any, entry: dict[str, Any], allow_similar_title: bool = False) -> list[str]:
    """Why `entry` duplicates something already in `data` (empty list: it does not)."""
    reasons: list[str] = []
    resources = [r for _, r in mappings(data, "resources")]
    questions = [q for _, q in mappings(data, "questions")]
    new_id, url, title = entry.get("id"), str(entry.get("url", "")), str(entry.get("title", ""))
    if any(item.get("id") == new_id for item in resources + questions):
        reasons.append(f"id '{new_id}' is already used; choose another with --id")
    key = normalise_url(url)
    for res in resources:
        if isinstance(res.get("url"), str) and normalise_url(res["url"]) == key:
            reasons.append(
                f"the URL is already listed as '{res.get('id')}' "
                f"({res.get('title')}); both normalise to {key}"
            )
        other = res.get("title")
        if not allow_similar_title and isinstance(other, str):
            ratio = title_similarity(title, other)
            if ratio >= TITLE_SIMILARITY:
                reasons.append(
                    f"the title is nearly identical to '{res.get('id')}' ({other!r}, "
                    f"similarity {ratio:.2f}); if it really is a different resource, "
                    "pass --allow-similar-title"
                )
    for _, ex in mappings(data, "excluded"):
        if isinstance(ex.get("url"), str) and normalise_url(ex["url"]) == key:
            reasons.append(f"the URL is deliberately excluded: {ex.get('reason')}")
    return reasons


def insert_index(resources: list[Any], kind: str, first_stage: str) -> int:
    """Index the new resource goes to (see the module docstring for the rule)."""
    same_kind = [
        i for i, r in enumerate(resources) if isinstance(r, dict) and r.get("kind") == kind
    ]
    same_stage = [
        i
        for i in same_kind
        if isinstance(resources[i].get("stages"), list)
        and resources[i]["stages"]
        and resources[i]["stages"][0] == first_stage
    ]
    if same_stage:
        return same_stage[-1] + 1
    if same_kind:
        return same_kind[-1] + 1
    return len(resources)


def _entry_map(entry: dict[str, Any]) -> CommentedMap:
    order = key_order("resources")
    item = CommentedMap()
    for key in sorted(entry, key=lambda k: order.index(k) if k in order else len(order)):
        value = entry[key]
        item[key] = CommentedSeq(value) if isinstance(value, list) else value
    return item


def add_resource(
    text: str,
    entry: dict[str, Any],
    today: dt.date | None = None,
    allow_similar_title: bool = False,
) -> Added:
    """Return the file text with `entry` inserted; AddError if it is a duplicate or invalid."""
    source = parse(text.encode())
    if source.data is None or not isinstance(source.data, dict):
        raise AddError(
            [p.format("resources.yaml") for p in source.problems]
            or ["the data file is not a mapping"]
        )
    url = str(entry.get("url", ""))
    if url_problem(url):
        raise AddError([f"url: {url!r} is not a usable web address: {url_problem(url)}"])
    reasons = duplicates(source.data, entry, allow_similar_title)
    if reasons:
        raise AddError(reasons)
    stages = entry.get("stages") or [""]
    index = insert_index(section(source.data, "resources"), str(entry.get("kind")), str(stages[0]))

    def insert(root: Any) -> None:
        items = root.get("resources")
        if not isinstance(items, CommentedSeq):
            items = CommentedSeq()
            root["resources"] = items
        item = _entry_map(entry)
        if index > 0:
            # Comments that introduce the next item hang off the previous one: keep them there.
            trailing = take_trailing(items[index - 1])
            items.insert(index, item)
            put_trailing(item, trailing)
        else:
            items.insert(index, item)

    new_text = format_text(text, transform=insert)
    handbook, problems = validate_bytes(new_text.encode(), today)
    if handbook is None:
        raise AddError([p.format("resources.yaml (with the new entry)") for p in problems])
    line = handbook.resource_by_id[str(entry["id"])].line
    return Added(new_text, str(entry["id"]), line)
