"""The schema check, item by item and cached, reports exactly what checking the whole file does."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from handbook import schema
from handbook.problems import Problem
from handbook.yamlsource import Source, parse

FIXTURE = Path(__file__).parent / "fixtures" / "valid.yaml"


def whole_file_problems(source: Source) -> list[Problem]:
    """The oracle: one validation of the whole document, as the schema check once was."""
    return sorted(
        problem
        for error in schema._validator().iter_errors(source.data)
        for problem in schema._explain(error, source)
    )


def set_in(path: tuple[Any, ...], value: Any) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        for part in path[:-1]:
            data = data[part]
        data[path[-1]] = value

    return change


def drop(path: tuple[Any, ...]) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        for part in path[:-1]:
            data = data[part]
        del data[path[-1]]

    return change


CHANGES = {
    "unchanged": lambda data: None,
    "wrong type in a resource": set_in(("resources", 0, "hours"), "many"),
    "unknown field in a question": set_in(("questions", 0, "answr"), "x"),
    "bad kind": set_in(("resources", 1, "kind"), "video"),
    "certification without its issuer": drop(("resources", 3, "issuer")),
    "item that is not a mapping": set_in(("topics", 0), "python"),
    "empty stages": set_in(("stages",), []),
    "section that is not a list": set_in(("questions",), {"a": 1}),
    "missing section": drop(("excluded",)),
    "unknown section": set_in(("videos",), []),
    "bad date and bad id": lambda data: (
        set_in(("resources", 0, "added"), "yesterday")(data),
        set_in(("resources", 0, "id"), "Bad Id")(data),
    ),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_item_by_item_equals_the_whole_file(name: str) -> None:
    source = parse(FIXTURE.read_bytes())
    data = copy.deepcopy(source.data)
    CHANGES[name](data)
    source.data = data
    expected = whole_file_problems(source)
    assert (name == "unchanged") == (expected == [])
    schema._VALID_ITEMS.clear()
    assert sorted(schema.check_schema(source)) == expected
    # Again, with the valid items cached: the same problems.
    assert schema._VALID_ITEMS
    assert sorted(schema.check_schema(source)) == expected


def test_a_cached_item_that_changes_is_checked_again() -> None:
    source = parse(FIXTURE.read_bytes())
    assert schema.check_schema(source) == []
    source.data["resources"][0]["level"] = "expert"
    problems = schema.check_schema(source)
    assert [p.field for p in problems] == ["resources[0].level"]
