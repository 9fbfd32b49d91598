"""Parse YAML into plain data while remembering where every key and value came from.

PyYAML's normal loading loses line numbers, silently keeps the last of two duplicate keys and
expands aliases (so a few lines can expand to gigabytes). We compose the node graph ourselves
and convert it, which fixes all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from handbook.problems import Problem, field_path

# The real file is about 0.5 MB and the 10,000-resource benchmark file 4.4 MB. Parsing costs
# about 40 bytes of memory per byte of YAML, so a cap keeps a hostile file from taking
# gigabytes and a minute before any message appears.
MAX_BYTES = 8 * 1024 * 1024
# The real data nests 5 levels deep. libyaml's composer recurses once per level in C and
# overflows the C stack (a segfault no `except` can catch) somewhere past ten thousand, so
# depth is measured on the parser's event stream, which needs no recursion, before composing.
MAX_DEPTH = 32
Path_ = tuple[str | int, ...]
# Tags the data may carry (all implicit, from plain YAML); any other tag, such as `!custom`
# or `!!python/object`, is reported instead of being constructed.
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)

try:  # libyaml is bundled with PyYAML's wheels; fall back to pure Python if it is missing.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"


@dataclass
class Source:
    """Plain data plus the 1-based (line, column) of every key and value in it."""

    data: Any = None
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def mark(self, path: Path_) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.value_marks:
                return self.value_marks[path]
            path = path[:-1]
        return self.value_marks.get((), (1, 1))

    def key_mark(self, path: Path_) -> tuple[int, int]:
        """The position of the key that names `path` (falls back to its value)."""
        return self.key_marks.get(path) or self.mark(path)


# --- reading parsed data before validation ---------------------------------------------------
# The validator, `make new` and the pull-request summary read data that may be malformed:
# these are the only helpers they use to reach into it.


def section(data: Any, key: str) -> list[Any]:
    """The list under `key` (stages, resources...) of parsed data; [] if it is not a list."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def mappings(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """(position in the list, item) for every item of a section that is a mapping."""
    return [(i, item) for i, item in enumerate(section(data, key)) if isinstance(item, dict)]


def by_id(data: Any, key: str) -> dict[str, dict[str, Any]]:
    """The items of a section that have a text id, by id (of two with one id, the last)."""
    return {item["id"]: item for _, item in mappings(data, key) if isinstance(item.get("id"), str)}


def _decode(raw: bytes) -> tuple[str | None, Problem | None]:
    if not raw.strip():
        return None, Problem(
            1,
            1,
            "",
            "file is empty: expected a mapping with keys "
            "stages, topics, resources, questions, excluded",
        )
    if len(raw) > MAX_BYTES:
        return None, Problem(
            1,
            1,
            "",
            f"file is {len(raw):,} bytes; the limit is "
            f"{MAX_BYTES:,} bytes (16 times the real resources.yaml)",
        )
    nul = raw.find(b"\0")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        return None, Problem(line, 1, "", "file looks binary (NUL byte); expected UTF-8 YAML text")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, Problem(
            line, col, "", f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8"
        )


def parse(raw: bytes) -> Source:
    """Parse YAML bytes; problems (never exceptions) describe anything unreadable."""
    source = Source()
    text, problem = _decode(raw)
    if problem is not None or text is None:
        source.problems.append(problem or Problem(1, 1, "", "unreadable"))
        return source
    try:
        too_deep = _too_deep(text)
        if too_deep is not None:
            source.problems.append(too_deep)
            return source
        root = yaml.compose(text, Loader=_Loader)
        if root is not None:
            _Converter(source).run(root)
    except RecursionError:  # the pure-Python fallback parser: depth is bounded above anyway
        source.problems.append(Problem(1, 1, "", "nesting is too deep to be resources data"))
        source.data = None
        return source
    except yaml.reader.ReaderError as err:
        source.problems.append(_reader_problem(text, err))
        return source
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(filter(None, [err.context, err.problem])) or "invalid YAML"
        source.problems.append(Problem(line, col, "", f"invalid YAML: {what}"))
        return source
    except yaml.YAMLError as err:
        source.problems.append(Problem(1, 1, "", f"invalid YAML: {err}"))
        return source
    if root is None:
        source.problems.append(
            Problem(
                1,
                1,
                "",
                "file has no data: expected a mapping with "
                "keys stages, topics, resources, questions, excluded",
            )
        )
    return source


def _too_deep(text: str) -> Problem | None:
    """A problem at the first collection nested deeper than MAX_DEPTH, else None."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line, col = (
                    (event.start_mark.line + 1, event.start_mark.column + 1)
                    if event.start_mark
                    else (1, 1)
                )
                return Problem(
                    line,
                    col,
                    "",
                    f"lists and mappings are "
                    f"nested more than {MAX_DEPTH} levels deep; resources data "
                    "needs 5",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _reader_problem(text: str, err: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow in a file (a control character, say), line-cited."""
    line = text.count("\n", 0, err.position) + 1
    col = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
    return Problem(
        line, col, "", f"character U+{err.character:04X} is not allowed in YAML text; delete it"
    )


class _Converter:
    """Walk a composed node graph into dicts/lists/scalars, recording marks."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def run(self, root: yaml.Node) -> None:
        self.source.data = self.convert(root, ())

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.source.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:
            # A node reached twice is an alias: refusing them makes alias bombs impossible.
            self.problem(
                path,
                "YAML anchors and aliases (&name / *name) are not allowed; write the value out",
            )
            return None
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            self.problem(
                path, f"YAML tag '{node.tag}' is not allowed; remove it and write the value plainly"
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == _STR:
            return node.value  # what SafeConstructor returns, without its dispatch (most values)
        if node.tag == _TIMESTAMP:
            return str(node.value)  # keep dates as written; the schema checks their format
        try:
            return self.constructor.construct_object(node)
        except yaml.MarkedYAMLError as err:
            self.problem(path, f"cannot read value: {err.problem or 'invalid'}")
            return None

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key_node.tag == "tag:yaml.org,2002:merge":
                key = None
            kpath = path + (str(key),)
            kmark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key, str):
                self.source.problems.append(
                    Problem(
                        *kmark,
                        field_path(path),
                        "keys must be plain strings (merge keys << are not allowed)",
                    )
                )
                continue
            if key in out:
                first = self.source.key_marks[kpath][0]
                self.source.problems.append(
                    Problem(
                        *kmark,
                        field_path(kpath),
                        f"duplicate key "
                        f"'{key}' (first defined on line {first}); "
                        "YAML would silently keep only the last one",
                    )
                )
                continue
            self.source.key_marks[kpath] = kmark
            out[key] = self.convert(value_node, kpath)
        return out

    def problem(self, path: Path_, message: str) -> None:
        line, col = self.source.value_marks[path]
        self.source.problems.append(Problem(line, col, field_path(path), message))
