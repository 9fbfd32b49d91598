"""Rules a JSON Schema cannot express: unique ids, cross-references, duplicate URLs, dates."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from handbook.model import kind_only_fields
from handbook.problems import Problem, field_path
from handbook.safety import unsafe_parts
from handbook.urls import normalise_url, url_problem
from handbook.yamlsource import Path_, Source, by_id, mappings

# Kept out of every text: control characters (a feed cannot carry them; tab and newline are
# fine), lone surrogates, Unicode non-characters, and the bidirectional controls that make
# text display in another order than a reviewer reads it in a diff.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def unwanted_character(ch: str) -> bool:
    """True for a character no text field of the data may contain."""
    code = ord(ch)
    if ch in "\t\n":
        return False
    return (
        unicodedata.category(ch) in ("Cc", "Cs")
        or ch in _BIDI_CONTROLS
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
    )


# The same set as one character class, so a text is scanned in C: testing each of the file's
# 600,000 characters in Python was a tenth of every `mkdocs serve` rebuild.
# tests/validator/test_characters.py checks it against unwanted_character for every code point.
UNWANTED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + re.escape("".join(sorted(_BIDI_CONTROLS)))
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)


def _strings(value: Any) -> list[tuple[int, str]]:
    return (
        [(i, v) for i, v in enumerate(value) if isinstance(v, str)]
        if isinstance(value, list)
        else []
    )


class _Checker:
    def __init__(self, source: Source, today: dt.date, markdown: bool = True) -> None:
        self.check_markdown = markdown
        self.source = source
        self.data = source.data
        self.today = today
        self.problems: list[Problem] = []
        self.stage_ids = list(by_id(self.data, "stages"))
        self.topic_ids = set(by_id(self.data, "topics"))
        self.resources = by_id(self.data, "resources")
        self.questions_by_id = by_id(self.data, "questions")
        self.background_ids = list(by_id(self.data, "backgrounds"))

    def add(self, path: Path_, message: str) -> None:
        line, col = self.source.mark(path)
        self.problems.append(Problem(line, col, field_path(path), message))

    def run(self) -> list[Problem]:
        self.characters(self.data, ())
        self.urls()
        self.unique_ids()
        self.stages()
        self.resource_rules()
        self.questions()
        self.duplicate_urls()
        return self.problems

    def characters(self, value: Any, path: Path_) -> None:
        """Every text in the file holds only characters a page and a feed can carry."""
        if isinstance(value, dict):
            for key, item in value.items():
                self.characters(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.characters(item, path + (i,))
        elif isinstance(value, str):
            found = UNWANTED.search(value)
            if found is not None:
                bad = found.group(0)
                self.add(
                    path,
                    f"contains the invisible or control character U+{ord(bad):04X} "
                    f"(at character {found.start() + 1}); delete it",
                )

    def urls(self) -> None:
        for key in ("resources", "excluded"):
            for i, item in mappings(self.data, key):
                for name in ("url", "archive_url"):
                    url = item.get(name)
                    # A URL without an http(s) scheme is the schema's to report.
                    if not (
                        isinstance(url, str) and url.lower().startswith(("http://", "https://"))
                    ):
                        continue
                    problem = url_problem(url)
                    if problem:
                        self.add((key, i, name), f"not a usable web address: {problem}")

    def unique_ids(self) -> None:
        # Resources and questions share one id space: both become anchors on the same pages.
        for keys in (("stages",), ("topics",), ("backgrounds",), ("resources", "questions")):
            first: dict[str, Path_] = {}
            for key in keys:
                for i, item in mappings(self.data, key):
                    ident = item.get("id")
                    if not isinstance(ident, str):
                        continue
                    if ident in first:
                        line = self.source.mark(first[ident])[0]
                        self.add(
                            (key, i, "id"),
                            f"duplicate id '{ident}' (first used on line "
                            f"{line}); ids must be unique and are never reused",
                        )
                    else:
                        first[ident] = (key, i, "id")

    def ref(self, path: Path_, value: Any, known: Any, what: str) -> None:
        if isinstance(value, str) and value not in known:
            allowed = ", ".join(sorted(known)) if len(known) <= 30 else f"{len(known)} ids"
            self.add(path, f"unknown {what} '{value}'; known: {allowed}")

    def stages(self) -> None:
        seen: set[str] = set()
        for i, stage in mappings(self.data, "stages"):
            for j, pre in _strings(stage.get("prerequisites")):
                path: Path_ = ("stages", i, "prerequisites", j)
                if pre == stage.get("id"):
                    self.add(path, "a stage cannot be its own prerequisite")
                elif pre in self.stage_ids and pre not in seen:
                    self.add(path, f"prerequisite '{pre}' must come earlier in the stage list")
                else:
                    self.ref(path, pre, self.stage_ids, "stage")
            for pick in ("read", "do"):
                value = stage.get(pick)
                self.ref(("stages", i, pick), value, self.resources, "resource")
                picked = self.resources.get(value) if isinstance(value, str) else None
                if picked is None:
                    continue
                if picked.get("cost") in ("freemium", "paid"):
                    self.add(
                        ("stages", i, pick),
                        f"the {pick}-one pick '{value}' must be free (it is {picked.get('cost')})",
                    )
                if picked.get("status", "active") != "active":
                    self.add(
                        ("stages", i, pick),
                        f"the {pick}-one pick '{value}' is "
                        f"{picked.get('status')}; pick an active resource",
                    )
            if isinstance(stage.get("id"), str):
                seen.add(stage["id"])
            self.markdown(("stages", i, "summary"), stage.get("summary"))
            self.path_fields(i, stage)
            self.finite(("stages", i, "hours"), stage.get("hours"))

    def path_fields(self, i: int, stage: dict[str, Any]) -> None:
        """Core picks, test-out questions and one plan per background."""
        stage_id = stage.get("id")
        for j, ident in _strings(stage.get("core")):
            path: Path_ = ("stages", i, "core", j)
            picked = self.resources.get(ident)
            if picked is None:
                self.ref(path, ident, self.resources, "resource")
            elif stage_id not in (picked.get("stages") or []):
                self.add(path, f"core pick '{ident}' does not list stage '{stage_id}'")
            elif not isinstance(picked.get("hours"), int | float):
                self.add(path, f"core pick '{ident}' has no hours; the path adds them up")
            elif picked.get("status", "active") != "active":
                self.add(path, f"core pick '{ident}' is {picked.get('status')}")
        for j, ident in _strings(stage.get("test_out")):
            path = ("stages", i, "test_out", j)
            question = self.questions_by_id.get(ident)
            if question is None:
                self.ref(path, ident, self.questions_by_id, "question")
            elif stage_id not in (question.get("stages") or []):
                self.add(path, f"test-out question '{ident}' does not list stage '{stage_id}'")
        paths = stage.get("paths")
        if isinstance(paths, dict):
            for background in paths:
                self.ref(
                    ("stages", i, "paths", background),
                    background,
                    self.background_ids,
                    "background",
                )
            for background in self.background_ids:
                if background not in paths:
                    self.add(("stages", i, "paths"), f"no plan for background '{background}'")
        elif self.background_ids and "paths" not in stage:
            self.add(("stages", i), "missing field 'paths': a plan for every background")

    def resource_rules(self) -> None:
        for i, res in mappings(self.data, "resources"):
            base: Path_ = ("resources", i)
            for j, stage in _strings(res.get("stages")):
                self.ref(base + ("stages", j), stage, self.stage_ids, "stage")
            for j, topic in _strings(res.get("topics")):
                self.ref(base + ("topics", j), topic, self.topic_ids, "topic")
            self.kind_fields(base, res)
            self.status(base, res)
            for key in ("added", "retired_on"):
                self.not_future(base + (key,), res.get(key))
            self.finite(base + ("hours",), res.get("hours"))

    def kind_fields(self, base: Path_, res: dict[str, Any]) -> None:
        kind = res.get("kind")
        for name, owner in kind_only_fields().items():
            if name in res and kind != owner:
                line, col = self.source.key_mark(base + (name,))
                self.problems.append(
                    Problem(
                        line,
                        col,
                        field_path(base + (name,)),
                        f"field '{name}' applies only to kind {owner}",
                    )
                )

    def status(self, base: Path_, res: dict[str, Any]) -> None:
        status = res.get("status", "active")
        replaced = res.get("replaced_by")
        if status == "retired" and "retired_on" not in res:
            self.add(base + ("status",), "a retired resource needs 'retired_on' (YYYY-MM-DD)")
        if status == "superseded" and "replaced_by" not in res:
            self.add(
                base + ("status",), "a superseded resource needs 'replaced_by' (a resource id)"
            )
        if status == "active":
            for name in ("retired_on", "replaced_by"):
                if name in res:
                    self.add(
                        base + (name,),
                        f"'{name}' is only for retired or superseded resources; set status",
                    )
        if isinstance(replaced, str):
            if replaced == res.get("id"):
                self.add(base + ("replaced_by",), "a resource cannot replace itself")
            else:
                self.ref(base + ("replaced_by",), replaced, self.resources, "resource")

    def markdown(self, path: Path_, value: Any) -> None:
        """A Markdown field: say early, on its line, what the sanitizer would remove."""
        if isinstance(value, str) and self.check_markdown:
            for message in unsafe_parts(value):
                self.add(path, message)

    def finite(self, path: Path_, value: Any) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            self.add(path, f"{value} is not a usable number of hours")

    def not_future(self, path: Path_, value: Any) -> None:
        if not isinstance(value, str):
            return
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return  # the schema reports malformed dates
        if day > self.today:
            self.add(path, f"{value} is in the future (today is {self.today.isoformat()})")

    def questions(self) -> None:
        for i, q in mappings(self.data, "questions"):
            base: Path_ = ("questions", i)
            self.ref(base + ("topic",), q.get("topic"), self.topic_ids, "topic")
            for j, stage in _strings(q.get("stages")):
                self.ref(base + ("stages", j), stage, self.stage_ids, "stage")
            for j, ref in _strings(q.get("references")):
                self.ref(base + ("references", j), ref, self.resources, "resource")
            self.markdown(base + ("answer",), q.get("answer"))
        for i, ex in mappings(self.data, "excluded"):
            self.ref(
                ("excluded", i, "replaced_by"), ex.get("replaced_by"), self.resources, "resource"
            )

    def duplicate_urls(self) -> None:
        first: dict[str, Path_] = {}
        for i, res in mappings(self.data, "resources"):
            url = res.get("url")
            if not isinstance(url, str) or url_problem(url):
                continue
            key = normalise_url(url)
            if key in first:
                other = self.source.mark(first[key])[0]
                self.add(
                    ("resources", i, "url"),
                    f"same page as the URL on line {other} (both normalise to {key})",
                )
            else:
                first[key] = ("resources", i, "url")
        for i, ex in mappings(self.data, "excluded"):
            url = ex.get("url")
            if isinstance(url, str) and not url_problem(url) and normalise_url(url) in first:
                other = self.source.mark(first[normalise_url(url)])[0]
                self.add(
                    ("excluded", i, "url"),
                    f"this URL is excluded but also listed as a resource on line {other}",
                )


def check_semantics(source: Source, today: dt.date, markdown: bool = True) -> list[Problem]:
    """Every cross-field problem in `source.data` (`markdown=False`: leave unsafe Markdown to
    the sanitizer, for tests that prove it holds alone)."""
    if not isinstance(source.data, dict):
        return []
    return _Checker(source, today, markdown).run()
