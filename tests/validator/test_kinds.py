"""The registry of resource kinds (handbook.model.KINDS) and the JSON Schema must agree.

A kind or a kind-only field added in one place but not the other fails here, instead of
silently missing from the validator, the catalog, `make new` or the site's filters.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import fields
from pathlib import Path

from handbook.model import KINDS, Resource, kind_only_fields
from handbook.render.pages import kinds_block
from handbook.schema import required_for_kind, resource_properties

ROOT = Path(__file__).resolve().parents[2]


def test_registry_lists_the_schema_kinds_in_order() -> None:
    assert list(KINDS) == resource_properties()["kind"]["enum"]


def test_every_kind_has_labels_and_a_unique_slug() -> None:
    assert all(
        kind.label and kind.plural and re.fullmatch(r"[a-z0-9-]+", kind.slug)
        for kind in KINDS.values()
    )
    assert len({kind.slug for kind in KINDS.values()}) == len(KINDS)


def test_kind_only_fields_are_resource_fields_of_the_schema_and_the_model() -> None:
    model_fields = {f.name for f in fields(Resource)}
    for name in kind_only_fields():
        assert name in resource_properties(), name
        assert name in model_fields, name


def test_kind_only_fields_match_the_schema_descriptions() -> None:
    # The schema marks a kind-only field by starting its description with the kind:
    # "Certification: the organisation that awards it."
    for kind in KINDS.values():
        described = {
            name
            for name, prop in resource_properties().items()
            if prop.get("description", "").startswith(f"{kind.label}:")
        }
        assert described == {extra.name for extra in kind.fields}, kind.id


def test_fields_the_schema_requires_of_a_kind_belong_to_that_kind() -> None:
    required = required_for_kind()
    assert set(required) <= set(KINDS)
    for kind, names in required.items():
        assert set(names) <= {extra.name for extra in KINDS[kind].fields}, kind


def test_the_page_carries_the_kinds_and_the_script_has_no_list_of_its_own() -> None:
    block = kinds_block()
    data = json.loads(html.unescape(re.search(r'data-json="([^"]*)"', block).group(1)))  # type: ignore[union-attr]
    assert data == {"kind": {k.id: k.label for k in KINDS.values()}, "kindOrder": list(KINDS)}
    js = (ROOT / "docs" / "assets" / "handbook.js").read_text(encoding="utf-8")
    assert not re.search(r'"(certification|dataset|community)"', js)
    template = (ROOT / "docs" / "overrides" / "main.html").read_text(encoding="utf-8")
    assert "handbook_kinds" in template


def test_a_kind_only_field_of_any_type_shows_on_the_card() -> None:
    from handbook.render.items import _fact

    assert [_fact(v) for v in ("CC0-1.0", ("CSV", "Parquet"), 12, 2.5, 12.0, None, ())] == [
        "CC0-1.0",
        "CSV, Parquet",
        "12",
        "2.5",
        "12",
        "",
        "",
    ]
