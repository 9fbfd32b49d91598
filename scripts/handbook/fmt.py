"""The canonical layout of resources.yaml, applied with ruamel.yaml so comments survive.

The rule (also in .github/CONTRIBUTING.md):

- Item order is never changed: stages stay in roadmap order and resources stay where they
  were added, so a diff shows only what a contributor meant to change.
- Keys of the file, of every stage, topic, resource, question and excluded URL follow the
  order of `properties` in docs/schema/resources.schema.json; unknown keys go last.
- Id lists (stages, topics, prerequisites, references, formats, core, test_out) are flow lists.
- Topics are one-line flow mappings `{id: x, title: y}` when they fit in the line width.
- Long prose (stage summary, resource description, question answer) is a folded block
  `>-` re-wrapped at 100 columns; text that contains line breaks is a literal block `|`.
- Scalars are plain when YAML allows it, else double-quoted (so `seed: "000"`); dates are plain.
- Mappings indent by 2, sequences are written `  - item`; no trailing whitespace.

Formatting must never change the data: the result is parsed again and compared.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)
from ruamel.yaml.tokens import CommentToken

from handbook.schema import load_schema
from handbook.yamlsource import parse

WIDTH = 100
SECTIONS = {
    "stages": "stage",
    "topics": "topic",
    "backgrounds": "background",
    "resources": "resource",
    "questions": "question",
    "excluded": "excluded",
}
FLOW_LISTS = {"prerequisites", "stages", "topics", "references", "formats", "core", "test_out"}
PROSE = {"summary", "description", "answer"}
PROSE_INDENT = 6  # prose fields sit in items of a top-level list: "  - key:" then 6 spaces
DATES = {"added", "retired_on"}
QUOTED = {"seed"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class FormatError(Exception):
    """The file cannot be formatted (invalid YAML, or formatting would change the data)."""


class _PreferDoubleQuotes(Emitter):
    """Quote with "..." wherever ruamel would pick '...': one quoting style in the file."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _yaml() -> YAML:
    yaml = YAML()  # round-trip mode: keeps comments
    yaml.Emitter = _PreferDoubleQuotes
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    yaml.preserve_quotes = False
    yaml.allow_duplicate_keys = False
    return yaml


def key_order(section: str | None) -> list[str]:
    """Canonical key order of the top level (None) or of one item of `section`."""
    schema = load_schema()
    if section is None:
        return list(schema["properties"])
    return list(schema["$defs"][SECTIONS[section]]["properties"])


# --- comments -------------------------------------------------------------------------------
# ruamel attaches full-line comments that precede an item to the *last* key of the item
# before it. Reordering keys would drag such a comment into the middle of an item, so it is
# detached before reordering and attached to the new last key afterwards.


def _last_slot(node: Any) -> tuple[Any, Any] | None:
    """The (container, key) whose comment holds whatever follows `node` in the file."""
    if isinstance(node, CommentedMap) and len(node):
        key = list(node)[-1]
        child = node[key]
        if _is_block(child) and len(child):
            return _last_slot(child)
        return node, key
    if isinstance(node, CommentedSeq) and len(node):
        index = len(node) - 1
        child = node[index]
        if _is_block(child) and len(child):
            return _last_slot(child)
        return node, index
    return None


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and not node.fa.flow_style()


def _slot_token(container: Any, key: Any) -> tuple[list[Any] | None, int]:
    entry = container.ca.items.get(key)
    position = 2 if isinstance(container, CommentedMap) else 0
    return entry, position


def take_trailing(node: Any) -> str:
    """Remove and return the full-line comments after `node` (its end-of-line comment stays)."""
    slot = _last_slot(node)
    if slot is None:
        return ""
    entry, position = _slot_token(*slot)
    if not entry or position >= len(entry) or not isinstance(entry[position], CommentToken):
        return ""
    token: CommentToken = entry[position]
    value = token.value
    head, sep, rest = value.partition("\n")
    if not sep or not rest:
        return ""
    if head:
        token.value = head + sep
    else:
        entry[position] = None
    return rest


def put_trailing(node: Any, text: str) -> None:
    """Attach full-line comments `text` after the last thing inside `node`."""
    if not text:
        return
    slot = _last_slot(node)
    if slot is None:
        return
    container, key = slot
    entry, position = _slot_token(container, key)
    if entry and position < len(entry) and isinstance(entry[position], CommentToken):
        entry[position].value += text
        return
    token = CommentToken("\n" + text, _mark(), None)
    if entry is None:
        entry = [None] * (4 if isinstance(container, CommentedMap) else 2)
        container.ca.items[key] = entry
    while len(entry) <= position:
        entry.append(None)
    entry[position] = token


def _mark() -> Any:
    from ruamel.yaml.error import CommentMark

    return CommentMark(0)


# --- canonical layout ------------------------------------------------------------------------


def _reorder(mapping: CommentedMap, order: list[str]) -> None:
    """Put the keys of `mapping` in `order` (unknown keys last, in their current order)."""
    current = list(mapping)
    rank = {key: i for i, key in enumerate(order)}
    wanted = sorted(current, key=lambda k: (rank.get(str(k), len(order)), current.index(k)))
    if wanted == current:
        return
    trailing = take_trailing(mapping)
    for key in wanted:
        mapping.move_to_end(key)
    put_trailing(mapping, trailing)


def _scalar(key: str, value: Any) -> Any:
    """The canonical style of one scalar value under `key`."""
    if isinstance(value, str):
        text = str(value)
        if key in PROSE:
            # Line breaks inside the text are meaningful (Markdown lists, code): keep them.
            return LiteralScalarString(text) if "\n" in text.rstrip("\n") else folded(text)
        if key in QUOTED:
            return DoubleQuotedScalarString(text)
        if key in DATES and _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text
        if type(value) is not str:  # a string that kept a style from the input
            return text
    return value


def folded(text: str, indent: int = PROSE_INDENT) -> FoldedScalarString:
    """A `>-` block whose lines, indented by `indent`, end by column WIDTH where possible."""
    room = WIDTH - indent
    spaces = [
        i
        for i in range(1, len(text) - 1)
        if text[i] == " " and text[i - 1] != " " and text[i + 1] != " "
    ]
    folds: list[int] = []
    start, previous = 0, -1
    for end in [*spaces, len(text)]:
        if end - start > room and previous >= start:
            folds.append(previous)
            start = previous + 1
        previous = end
    block: FoldedScalarString = FoldedScalarString(text)
    block.fold_pos = folds  # type: ignore[attr-defined]  # a slot ruamel's stubs do not declare
    return block


def _flow_fits(mapping: CommentedMap) -> bool:
    width = 6 + sum(len(str(k)) + len(str(v)) + 6 for k, v in mapping.items())
    return width <= WIDTH and all(not isinstance(v, dict | list) for v in mapping.values())


def _item(section: str, item: Any) -> None:
    if not isinstance(item, CommentedMap):
        return
    _reorder(item, key_order(section))
    for key in list(item):
        value = item[key]
        if isinstance(value, CommentedSeq):
            if key in FLOW_LISTS:
                value.fa.set_flow_style()
            else:
                value.fa.set_block_style()
            for i, element in enumerate(value):
                value[i] = _scalar("", element)
        elif not isinstance(value, CommentedMap):
            item[key] = _scalar(str(key), value)
    item.fa.set_block_style()


def _flow_item(items: CommentedSeq, index: int) -> None:
    """Write a short mapping on one line; a comment after it moves behind the item."""
    item = items[index]
    if not isinstance(item, CommentedMap) or not _flow_fits(item):
        return
    trailing = take_trailing(item)
    if any(any(entry) for entry in item.ca.items.values()):
        put_trailing(item, trailing)  # comments inside the item: keep it a block
        return
    item.fa.set_flow_style()
    if trailing:
        entry = items.ca.items.setdefault(index, [None, None, None, None])
        if isinstance(entry[0], CommentToken):
            entry[0].value += trailing
        else:
            entry[0] = CommentToken("\n" + trailing, _mark(), None)


def canonicalise(root: Any) -> None:
    """Apply the canonical layout to a ruamel round-trip document in place."""
    if not isinstance(root, CommentedMap):
        return
    _reorder(root, key_order(None))
    for section in SECTIONS:
        items = root.get(section)
        if isinstance(items, CommentedSeq):
            items.fa.set_block_style()
            for index, item in enumerate(items):
                _item(section, item)
                if section == "topics":
                    _flow_item(items, index)


def _strip_trailing_space(text: str) -> str:
    """No trailing whitespace (ruamel leaves a space where it wraps a plain scalar), one final
    newline."""
    return "\n".join(line.rstrip() for line in text.rstrip().split("\n")) + "\n"


def dump(root: Any) -> str:
    """Serialise a round-trip document with the canonical settings."""
    out = io.StringIO()
    _yaml().dump(root, out)
    return out.getvalue()


def load(text: str) -> Any:
    """Parse YAML text into a ruamel round-trip document; FormatError if it is not YAML."""
    try:
        return _yaml().load(text)
    except YAMLError as err:
        raise FormatError(f"invalid YAML, fix it first: {err}") from err


def _plain(node: Any) -> Any:
    """Plain Python data of a round-trip document, as handbook.yamlsource would read it."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def format_text(text: str, transform: Callable[[Any], None] | None = None) -> str:
    """The canonical layout of `text`; `transform` may edit the document first (new entries)."""
    root = load(text)
    if root is None:
        raise FormatError("the file has no data")
    original = parse(text.encode()).data if transform is None else None
    if transform is not None:
        transform(root)
    canonicalise(root)
    expected = _plain(root)
    if original is not None and original != expected:
        raise FormatError(
            "ruamel.yaml reads the file differently from the validator "
            "(please report this as a bug); the file was left unchanged"
        )
    raw = dump(root)
    for candidate in (_strip_trailing_space(raw), raw if raw.endswith("\n") else raw + "\n"):
        reread = parse(candidate.encode())
        if not reread.problems and reread.data == expected:
            return candidate
    raise FormatError(
        "formatting would change the data (please report this as a bug); "
        "the file was left unchanged"
    )


def changed_lines(old: str, new: str) -> list[tuple[int, int]]:
    """1-based (first, last) line ranges of `old` that formatting would change."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    return [
        (i1 + 1, max(i1 + 1, i2)) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"
    ]
