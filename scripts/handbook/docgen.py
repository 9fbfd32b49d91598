"""Contributor docs generated from the JSON Schema, so they cannot drift from the validator.

- The field reference in .github/CONTRIBUTING.md, between FIELDS_START and FIELDS_END.
- The dropdown options of .github/ISSUE_TEMPLATE/suggest-resource.yml (schema enums, and the
  stage and topic ids of resources.yaml).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from handbook.fmt import dump, load
from handbook.model import Handbook, kind_only_fields
from handbook.schema import load_schema, required_for_kind

ROOT = Path(__file__).resolve().parents[2]
CONTRIBUTING = ROOT / ".github" / "CONTRIBUTING.md"
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-resource.yml"
FIELDS_START = "<!-- generated:fields:start (scripts/gen_contributing.py; do not edit) -->"
FIELDS_END = "<!-- generated:fields:end -->"
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
TABLES = (
    ("resource", "Resource (`resources:`)"),
    ("question", "Interview question (`questions:`)"),
    ("stage", "Stage (`stages:`)"),
    ("topic", "Topic (`topics:`)"),
    ("excluded", "Excluded URL (`excluded:`)"),
)
ENUM_DROPDOWNS = ("kind", "level", "cost")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def allowed(prop: dict[str, Any]) -> str:
    """What values a schema property accepts, in words."""
    if "enum" in prop:
        return ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        items = prop.get("items", {})
        what = "ids" if items.get("pattern") == SLUG else "texts"
        least = prop.get("minItems", 0)
        return f"list of {what}, e.g. `[a, b]`" + (f" (at least {least})" if least else "")
    if kind == "number":
        low = prop.get("exclusiveMinimum", prop.get("minimum"))
        bound = f"more than {low}" if "exclusiveMinimum" in prop else f"at least {low}"
        high = f", at most {prop['maximum']}" if "maximum" in prop else ""
        return f"number {bound}{high}" if low is not None else "number"
    if prop.get("format") == "date":
        return "date `YYYY-MM-DD`"
    if prop.get("format") == "uri":
        return "`http://` or `https://` URL"
    if prop.get("pattern") == SLUG:
        return "id: lowercase letters, digits, single hyphens"
    if "pattern" in prop:
        return f"text matching `{prop['pattern']}`"
    if "maxLength" in prop:
        return f"text, up to {prop['maxLength']} characters"
    return "text"


def field_table(name: str) -> str:
    """A Markdown table of one schema definition: field, required, allowed values, meaning."""
    definition = load_schema()["$defs"][name]
    required = set(definition.get("required", []))
    conditional = {
        extra: kind for kind, extras in required_for_kind(name).items() for extra in extras
    }
    only = kind_only_fields()
    rows = ["| Field | Required | Allowed values | What it is |", "| --- | --- | --- | --- |"]
    for field, prop in definition["properties"].items():
        if field in required:
            need = "yes"
        elif field in conditional:
            need = f"for kind `{conditional[field]}`"
        elif name == "resource" and field in only:
            need = f"optional, kind `{only[field]}` only"
        else:
            need = "optional"
        rows.append(
            f"| `{field}` | {need} | {_cell(allowed(prop))} | "
            f"{_cell(prop.get('description', ''))} |"
        )
    return "\n".join(rows)


def fields_reference() -> str:
    """Every field table, with a heading each, as it appears in CONTRIBUTING.md."""
    parts = [
        "Generated from `docs/schema/resources.schema.json`; fields appear in this order "
        "in `resources.yaml` (`make fmt` puts them in it)."
    ]
    for name, title in TABLES:
        parts += [f"### {title}", field_table(name)]
    return "\n\n".join(parts)


def render_contributing(current: str) -> str:
    """`current` with the text between the field-reference markers regenerated."""
    before, start, rest = current.partition(FIELDS_START)
    _, end, after = rest.partition(FIELDS_END)
    if not start or not end:
        raise ValueError(
            f"{CONTRIBUTING.name}: markers {FIELDS_START!r} and {FIELDS_END!r} are missing"
        )
    return f"{before}{FIELDS_START}\n\n{fields_reference()}\n\n{FIELDS_END}{after}"


def dropdown_options(handbook: Handbook) -> dict[str, list[str]]:
    """Options each dropdown of the suggest-resource form must offer, by element id."""
    props = load_schema()["$defs"]["resource"]["properties"]
    options: dict[str, list[str]] = {name: list(props[name]["enum"]) for name in ENUM_DROPDOWNS}
    options["stages"] = [s.id for s in handbook.stages]
    options["topics"] = [t.id for t in handbook.topics]
    return options


def render_issue_form(current: str, handbook: Handbook) -> str:
    """The issue form `current` with its dropdown options regenerated (comments kept)."""
    form = load(current)  # the same round-trip YAML setup as `make fmt`
    wanted = dropdown_options(handbook)
    for element in form.get("body", []):
        if isinstance(element, CommentedMap) and element.get("id") in wanted:
            attributes = element.setdefault("attributes", CommentedMap())
            attributes["options"] = CommentedSeq(wanted[element["id"]])
    return dump(form)
