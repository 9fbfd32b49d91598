"""Property-based fuzzing of the validator and the renderers on mutated real data.

Mutations start from the real resources.yaml, cut down to every stage and topic plus the
resources and questions they need (so one example validates in a tenth of a second), then
change it textually (bytes spliced in: brackets, tags, control characters, quotes, markup)
or structurally (a value deleted, retyped, duplicated, or replaced by hostile text).
Whatever happens: no exception; a rejection cites a real line for every problem, on one
line; an acceptance renders every page and well-formed feed, JSON and CSV.

Examples are derandomized (the same on every run, so CI cannot flake) and bounded in number.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from handbook.linkhealth import LinkHealth
from handbook.load import validate_bytes
from handbook.notebooks import Notebook
from handbook.render.items import Context
from handbook.site import generated_files, nav

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 29)
EXAMPLES = 60
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces an attacker or a careless editor would type, mixed with arbitrary characters.
TOKENS = [
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "!custom ",
    "\t",
    "\x01",
    "\x00",
    "\ufffe",
    "\u202e",
    ": ",
    "- ",
    "'",
    '"',
    "\n",
    "  ",
    "#",
    "%",
    "<script>alert(1)</script>",
    "{: onclick=alert(1) }",
    "[x](javascript:alert(1))",
    "https://[::1/",
    "? ",
    "<<: ",
    "---\n",
    "...\n",
    "\r\n",
    "\\",
    "|\n",
    ">-\n",
]
HOSTILE_TEXT = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=6).map("".join)


@cache
def base_data() -> dict[str, Any]:
    """The real data, cut to what the stages and a few questions reference."""
    data = yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))
    wanted = {q for s in data["stages"] for q in s.get("test_out", [])}
    questions = data["questions"][:12] + [q for q in data["questions"][12:] if q["id"] in wanted]
    excluded = data["excluded"][:3]
    needed = {s[pick] for s in data["stages"] for pick in ("read", "do")}
    needed |= {r for s in data["stages"] for r in s.get("core", [])}
    needed |= {ref for q in questions for ref in q["references"]}
    needed |= {e["replaced_by"] for e in excluded if "replaced_by" in e}
    resources = [r for r in data["resources"] if r["id"] in needed]
    needed |= {r["replaced_by"] for r in resources if "replaced_by" in r}
    resources = [r for r in data["resources"] if r["id"] in needed]
    return {
        "stages": data["stages"],
        "topics": data["topics"],
        "backgrounds": data["backgrounds"],
        "resources": resources,
        "questions": questions,
        "excluded": excluded,
    }


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def check(raw: bytes) -> None:
    """The properties every input must satisfy."""
    handbook, problems = validate_bytes(raw, TODAY)
    event("accepted" if handbook is not None else "rejected")
    if handbook is None:
        assert problems
        lines = raw.count(b"\n") + 2
        for problem in problems:
            assert 1 <= problem.line <= lines and problem.col >= 1, problem
            shown = problem.format("resources.yaml")
            assert "\n" not in shown and "\r" not in shown, shown
            assert shown.startswith(f"resources.yaml:{problem.line}:{problem.col}:"), shown
            assert "\n" not in problem.annotation("resources.yaml")
        return
    ctx = Context(handbook=handbook)
    files = generated_files(ctx, [], LinkHealth(), "https://example.org/")
    nav(ctx, list[Notebook](), [])
    ET.fromstring(files["feed.xml"].encode("utf-8"))
    assert len(json.loads(files["resources.json"])["resources"]) == len(handbook.resources)
    assert len(list(csv.DictReader(io.StringIO(files["resources.csv"])))) == len(handbook.resources)


def test_the_unmutated_base_is_valid() -> None:
    handbook, problems = validate_bytes(dump(base_data()).encode(), TODAY)
    assert problems == [] and handbook is not None
    assert len(handbook.stages) == len(base_data()["stages"]) and len(handbook.backgrounds) >= 3


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 40), HOSTILE_TEXT), min_size=1, max_size=4
    )
)
def test_textual_mutations(edits: list[tuple[float, int, str]]) -> None:
    text = dump(base_data())
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    check(text.encode("utf-8", "surrogatepass"))


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, path + (i,))
    return out


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE_TEXT, inner, max_size=3),
    max_leaves=8,
)


@FUZZ
@given(
    choices=st.lists(
        st.tuples(
            st.floats(0, 1), st.sampled_from(["delete", "replace", "duplicate", "text"]), JSONISH
        ),
        min_size=1,
        max_size=3,
    )
)
def test_structural_mutations(choices: list[tuple[float, str, Any]]) -> None:
    data = copy.deepcopy(base_data())
    for where, action, value in choices:
        paths = _paths(data)[1:]
        path = paths[int(where * (len(paths) - 1))]
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        if action == "delete":
            del parent[key]
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif action == "text" and isinstance(parent[key], str):
            parent[key] = parent[key] + (value if isinstance(value, str) else str(value))
        else:
            parent[key] = value
    check(dump(data).encode("utf-8", "surrogatepass"))
