"""A new resource entry from command-line flags, asking on a terminal for whatever is missing.

Everything here follows the JSON Schema and the kind registry (handbook.model.KINDS): a
field added to the schema gets its flag, its prompt and its place in the entry without a
change to this file. Inserting the entry into the file is handbook.add's job.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from handbook.add import AddError, slugify
from handbook.model import KINDS, kind_only_fields
from handbook.schema import load_schema, required_for_kind, resource_properties
from handbook.yamlsource import by_id, parse

# Fields a new entry never sets: maintainers add them later (retiring, archiving) or they
# record where old entries came from.
NOT_FOR_NEW = ("seed", "status", "retired_on", "replaced_by", "archive_url")
# Fields the tool fills in itself unless given: the flag says so instead of the schema.
DEFAULTED = {
    "id": "resource id (default: proposed from the title)",
    "added": "date added, YYYY-MM-DD (default: today)",
}
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
Ask = Callable[[str], str]


def entry_fields() -> dict[str, dict[str, Any]]:
    """The fields of a new entry with their schema, in schema order."""
    return {name: prop for name, prop in resource_properties().items() if name not in NOT_FOR_NEW}


def _required() -> list[str]:
    """Fields every entry needs that the contributor gives (not the defaulted ones)."""
    required = load_schema()["$defs"]["resource"]["required"]
    return [name for name in entry_fields() if name in required and name not in DEFAULTED]


def _is_list(name: str) -> bool:
    return bool(entry_fields()[name].get("type") == "array")


def flag(name: str) -> str:
    """The command-line flag of a field: exam_code -> --exam-code."""
    return "--" + name.replace("_", "-")


def add_field_arguments(parser: argparse.ArgumentParser) -> None:
    """One flag per field of a new entry, typed and described from the schema."""
    for name, prop in entry_fields().items():
        # argparse %-formats help texts: a '%' in a description must be doubled.
        help_text = DEFAULTED.get(name) or prop.get("description", "").replace("%", "%%")
        options: dict[str, Any] = {"dest": name, "help": help_text}
        if "enum" in prop:
            options["choices"] = prop["enum"]
        elif prop.get("type") == "number":
            options["type"] = float
        elif prop.get("type") == "array":
            item = "ID" if prop.get("items", {}).get("pattern") == SLUG else "VALUE"
            options.update(
                action="append",
                metavar=f"{item}[,{item}]",
                help=f"{options['help']} Repeat the flag or separate with commas.",
            )
        parser.add_argument(flag(name), **options)


def split(values: list[str] | None) -> list[str]:
    """Values of a repeatable flag, each of which may hold several separated by commas."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def number(name: str, text: str) -> float:
    """A number typed at the prompt for field `name`; AddError if it is not one."""
    try:
        return float(text)
    except ValueError:
        raise AddError([f"{name}: {text!r} is not a number"]) from None


class Asker:
    """Prompts on a terminal for fields the flags did not give."""

    def __init__(self, known: dict[str, list[str]], ask: Ask = input) -> None:
        self.known = known
        self.ask = ask

    def text(self, name: str, default: str | None = None, optional: bool = False) -> str | None:
        hint = resource_properties()[name].get("description", "")
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
            values = split([self.text(name) or ""])
            unknown = [v for v in values if v not in options]
            if values and not unknown:
                return values
            print(f"  unknown {name}: {', '.join(unknown)}" if unknown else "  give at least one")

    def field(self, name: str, optional: bool) -> Any:
        """Ask for one field the way its schema says: a choice, ids, a list, a number."""
        prop = entry_fields()[name]
        if "enum" in prop:
            return self.choice(name, list(prop["enum"]), optional)
        if name in self.known and not optional:
            return self.ids(name, self.known[name])
        answer = self.text(name, optional=optional)
        if _is_list(name):
            return split([answer or ""])
        if prop.get("type") == "number":
            return number(name, answer) if answer else None
        return answer


def _given(value: Any) -> bool:
    return value not in (None, "", [])


def collect(
    flags: Mapping[str, Any], known: dict[str, list[str]], interactive: bool, ask: Ask = input
) -> dict[str, Any]:
    """The new entry from the flags (`vars()` of the parsed arguments), asking on a terminal
    for whatever is missing; AddError if something is missing or does not fit the kind."""
    values: dict[str, Any] = {
        name: split(flags.get(name)) if _is_list(name) else flags.get(name)
        for name in entry_fields()
        if name not in DEFAULTED
    }
    required = _required()
    only = kind_only_fields()
    if interactive:
        asker = Asker(known, ask)
        for name in required:
            if not _given(values[name]):
                values[name] = asker.field(name, optional=False)
    kind = str(values.get("kind") or "")
    own = [extra.name for extra in KINDS[kind].fields] if kind in KINDS else []
    if interactive:
        needed = required_for_kind().get(kind, [])
        for name in [*own, *(n for n in values if n not in required and n not in only)]:
            if not _given(values[name]):
                values[name] = asker.field(name, optional=name not in needed)
    missing = [name for name in required if not _given(values[name])]
    if missing:
        flags_missing = ", ".join(flag(name) for name in missing)
        raise AddError([f"missing {flags_missing} (run in a terminal to be asked, or see --help)"])
    entry: dict[str, Any] = {
        "id": flags.get("id")
        or (
            Asker(known, ask).text("id", default=slugify(values["title"]))
            if interactive
            else slugify(values["title"])
        )
    }
    entry.update({name: values[name] for name in required})
    entry["added"] = flags.get("added") or dt.date.today().isoformat()
    for name, value in values.items():
        if name not in entry and _given(value) and (name not in only or name in own):
            entry[name] = int(value) if isinstance(value, float) and value.is_integer() else value
    stray = [flag(name) for name in only if name not in own and _given(values.get(name))]
    if stray:
        raise AddError([f"{', '.join(stray)} only apply to another kind than {kind}"])
    return entry


def known_ids(text: str) -> dict[str, list[str]]:
    """Stage and topic ids defined in the data file, for prompts."""
    data = parse(text.encode()).data
    return {"stages": list(by_id(data, "stages")), "topics": list(by_id(data, "topics"))}
