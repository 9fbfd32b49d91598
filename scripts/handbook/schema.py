"""Check data against the published JSON Schema and word each failure for a human."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from handbook.problems import Problem, field_path
from handbook.yamlsource import Source

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "schema" / "resources.schema.json"
_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing",
}


@cache
def load_schema() -> dict[str, Any]:
    """The JSON Schema published with the site (docs/schema/resources.schema.json)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def resource_properties() -> dict[str, Any]:
    """The schema of each resource field, in the schema's (and the file's) field order."""
    properties: dict[str, Any] = load_schema()["$defs"]["resource"]["properties"]
    return properties


def required_for_kind(definition: str = "resource") -> dict[str, list[str]]:
    """kind -> the fields the schema requires of that kind (its `allOf` if/then rules)."""
    out: dict[str, list[str]] = {}
    for rule in load_schema()["$defs"][definition].get("allOf", []):
        kind = rule.get("if", {}).get("properties", {}).get("kind", {}).get("const")
        if kind is not None:
            out.setdefault(str(kind), []).extend(rule.get("then", {}).get("required", []))
    return out


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker())


@cache
def _top_level_validator() -> jsonschema.Draft202012Validator:
    """The schema with every list's items accepted as they are (see _schema_errors)."""
    schema = dict(load_schema())
    schema["properties"] = {
        name: {key: value for key, value in section.items() if key != "items"}
        for name, section in schema["properties"].items()
    }
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def check_schema(source: Source) -> list[Problem]:
    """Every schema violation in `source.data`, one Problem each, positioned at its line."""
    return [problem for error in _schema_errors(source.data) for problem in _explain(error, source)]


# Items that passed the schema, by section and repr. `mkdocs serve` validates the
# whole file after every edit, and the schema check was a third of that; an edit changes one
# or two of its ~1,400 items. A cached item is one whose every value is equal, so its errors
# (none) are the same. Bounded so a long session of edits cannot grow it without limit.
_VALID_ITEMS: set[tuple[str, str]] = set()
_MAX_VALID_ITEMS = 50_000


def _schema_errors(data: Any) -> Iterator[ValidationError]:
    """The schema's errors for `data`: those of the whole-document check, item by item.

    The top level (types, required and unknown sections, list lengths) is checked with a
    schema whose lists accept any item; each item of a list is then checked against the list's
    item schema exactly as the `items` keyword would (same paths, same resolver), unless an
    equal item passed before.
    """
    yield from _top_level_validator().iter_errors(data)
    if not isinstance(data, dict):
        return
    validator = _validator()
    for name, schema in load_schema()["properties"].items():
        items, section = schema.get("items"), data.get(name)
        if items is None or not isinstance(section, list):
            continue
        for index, item in enumerate(section):
            # repr of plain YAML data (str, int, float, bool, None, list, dict) is exact: equal
            # reprs mean equal items (True and 1, 1 and 1.0 differ), and it is cheap to make.
            key = (name, repr(item))
            if key in _VALID_ITEMS:
                continue
            valid = True
            for error in validator.descend(item, items, path=index, schema_path="items"):
                valid = False
                error.path.appendleft(name)
                error.relative_schema_path.extendleft(["properties", name])
                yield error
            if valid:
                if len(_VALID_ITEMS) >= _MAX_VALID_ITEMS:
                    _VALID_ITEMS.clear()
                _VALID_ITEMS.add(key)


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """Descend into if/then and allOf wrappers so messages name the real failure."""
    if error.context and error.validator in ("allOf", "anyOf", "oneOf"):
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def _explain(error: ValidationError, source: Source) -> Iterator[Problem]:
    for leaf in _leaves(error):
        path = tuple(leaf.absolute_path)
        message = _message(leaf, path)
        if message is None:
            continue
        if leaf.validator == "additionalProperties":
            for name in _extra_keys(leaf):
                extra_path = path + (name,)
                line, col = source.key_mark(extra_path)
                yield Problem(line, col, field_path(extra_path), _unknown_field(name, leaf))
            continue
        line, col = source.mark(path)
        yield Problem(line, col, field_path(path), message)


def _extra_keys(error: ValidationError) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [key for key in instance if key not in allowed]


def _unknown_field(name: str, error: ValidationError) -> str:
    allowed = sorted(error.schema.get("properties", {}))
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown field '{name}'{hint}; allowed fields: {', '.join(allowed)}"


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: ValidationError, path: tuple[Any, ...]) -> str | None:
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    if kind == "additionalProperties":
        return ""
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required field '{missing}'"
    if kind == "enum":
        return f"{_shown(value)} is not one of {', '.join(map(str, schema['enum']))}"
    if kind == "type":
        wanted = schema.get("type")
        types: list[str] = wanted if isinstance(wanted, list) else [str(wanted)]
        names = [_TYPE_NAMES.get(t, t) for t in types]
        return f"expected {' or '.join(names)}, got {_shown(value)}"
    if kind == "pattern":
        name = path[-1] if path else ""
        if name in ("url", "archive_url"):
            return (
                f"{_shown(value)} is not an absolute http(s) URL; only http:// and https:// "
                "links are allowed"
            )
        if schema.get("format") == "date" or name in ("added", "retired_on"):
            return f"{_shown(value)} is not a date in the form YYYY-MM-DD"
        if schema.get("pattern") == "^[a-z0-9]+(-[a-z0-9]+)*$":
            return (
                f"{_shown(value)} is not a valid id: use lowercase letters, digits and "
                "single hyphens (e.g. 'intro-to-sql')"
            )
        if name == "seed":
            return f'{_shown(value)} is not a seed article number like "000" (quote it)'
        return f"{_shown(value)} does not match the pattern {schema.get('pattern')}"
    if kind == "format":
        if schema.get("format") == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            return f"{_shown(value)} is not a real calendar date (YYYY-MM-DD)"
        return None  # other formats are covered by patterns with better wording
    if kind == "minLength":
        return "must not be empty"
    if kind == "maxLength":
        return f"is {len(value)} characters long; the limit is {schema['maxLength']}"
    if kind == "minItems":
        return f"must list at least {schema['minItems']} item(s)"
    if kind == "uniqueItems":
        return f"lists the same value twice: {_shown(value)}"
    if kind in ("exclusiveMinimum", "minimum"):
        return f"{_shown(value)} must be greater than {schema.get(kind)}"
    if kind == "maximum":
        return f"{_shown(value)} must be at most {schema['maximum']}"
    if kind == "const":
        return None  # only used inside if/then conditions
    return str(error.message)
