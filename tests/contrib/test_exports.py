"""Exports: resources.json and .csv round-trip the data; the feed and What's new parse."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from real_handbook import real_handbook

from handbook.exports import (
    FEED_LIMIT,
    FORMAT_VERSION,
    RESOURCE_FIELDS,
    atom_feed,
    resources_csv,
    resources_json,
    whats_new_page,
)
from handbook.load import load_handbook
from handbook.model import KINDS, Handbook
from handbook.schema import load_schema

ATOM = "{http://www.w3.org/2005/Atom}"
FIXTURE = Path(__file__).parent / "fixtures" / "messy.yaml"


@pytest.fixture(scope="module", params=["fixture", "real"])
def handbook(request: pytest.FixtureRequest) -> Handbook:
    """The small fixture, and the real resources.yaml."""
    return load_handbook(FIXTURE) if request.param == "fixture" else real_handbook()


def test_resource_fields_follow_the_schema() -> None:
    assert list(RESOURCE_FIELDS) == list(load_schema()["$defs"]["resource"]["properties"])


def test_json_round_trips(handbook: Handbook) -> None:
    doc = json.loads(resources_json(handbook, generated="2026-01-01T00:00:00Z"))
    assert doc["format_version"] == FORMAT_VERSION == 1
    assert list(doc) == [
        "format_version",
        "generated",
        "stages",
        "topics",
        "resources",
        "questions",
    ]
    assert doc["generated"] == "2026-01-01T00:00:00Z"
    assert [s["id"] for s in doc["stages"]] == [s.id for s in handbook.stages]
    assert [t["id"] for t in doc["topics"]] == [t.id for t in handbook.topics]
    assert [q["id"] for q in doc["questions"]] == [q.id for q in handbook.questions]
    for record, resource in zip(doc["resources"], handbook.resources, strict=True):
        assert record["page"] == f"catalog/{KINDS[resource.kind].slug}/#{resource.id}"
        expected = {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in asdict(resource).items()
            if k != "line"
        }
        assert {k: v for k, v in record.items() if k != "page"} == expected


def test_json_generated_is_reproducible(
    monkeypatch: pytest.MonkeyPatch, handbook: Handbook
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert json.loads(resources_json(handbook))["generated"] == "2026-01-01T00:00:00Z"


def test_csv_round_trips(handbook: Handbook) -> None:
    rows = list(csv.DictReader(io.StringIO(resources_csv(handbook))))
    assert len(rows) == len(handbook.resources)
    for row, resource in zip(rows, handbook.resources, strict=True):
        assert list(row) == [*RESOURCE_FIELDS, "page"]
        assert row["id"] == resource.id and row["title"] == resource.title
        assert row["description"] == resource.description
        assert tuple(row["stages"].split(";")) == resource.stages
        assert tuple(row["topics"].split(";")) == resource.topics
        assert tuple(filter(None, row["formats"].split(";"))) == resource.formats
        assert row["hours"] == ("" if resource.hours is None else f"{resource.hours:g}")
        assert row["issuer"] == (resource.issuer or "")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_cannot_start_a_formula(handbook: Handbook, start: str) -> None:
    evil = replace(
        handbook.resources[0],
        title=f'{start}HYPERLINK("https://x.invalid")',
        provider=f"{start}1+1",
        description="A plain =description",
    )
    hb = replace(handbook, resources=(evil, *handbook.resources[1:]))
    row = next(csv.DictReader(io.StringIO(resources_csv(hb))))
    assert row["title"] == f'\'{start}HYPERLINK("https://x.invalid")'
    assert row["provider"] == f"'{start}1+1"
    assert row["description"] == "A plain =description"  # only a leading sign is a formula


def _entries(xml: str) -> list[ET.Element]:
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None
    return root.findall(f"{ATOM}entry")


def test_feed_links_to_the_site(handbook: Handbook) -> None:
    entries = _entries(atom_feed(handbook, "https://handbook.example/"))
    assert len(entries) == min(FEED_LIMIT, len(handbook.resources))
    by_id = handbook.resource_by_id
    ids = set()
    for entry in entries:
        link = entry.find(f"{ATOM}link")
        assert link is not None
        href = link.get("href", "")
        match = re.fullmatch(r"https://handbook\.example/catalog/(\w+)/#([a-z0-9-]+)", href)
        assert match, href
        resource = by_id[match.group(2)]
        assert match.group(1) == KINDS[resource.kind].slug
        assert entry.findtext(f"{ATOM}title") == resource.title
        assert entry.findtext(f"{ATOM}summary") == resource.description
        assert entry.findtext(f"{ATOM}published", "").startswith(resource.added)
        ids.add(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(entries)
    dates = [e.findtext(f"{ATOM}published", "") for e in entries]
    assert dates == sorted(dates, reverse=True)


def test_feed_without_site_links_to_resources(handbook: Handbook) -> None:
    entries = _entries(atom_feed(handbook, None))
    urls = {r.url for r in handbook.resources}
    for entry in entries:
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href") in urls


def test_feed_is_newest_first_and_limited(handbook: Handbook) -> None:
    start = dt.date(2020, 1, 1)
    many = tuple(
        replace(r, id=f"r{i}", added=(start + dt.timedelta(days=i)).isoformat())
        for i, r in enumerate(handbook.resources[0] for _ in range(60))
    )
    small = Handbook(handbook.stages, handbook.topics, many, (), ())
    entries = _entries(atom_feed(small, "https://x.example"))
    assert len(entries) == FEED_LIMIT
    assert entries[0].findtext(f"{ATOM}published", "").startswith("2020-02-29")  # day 59
    assert entries[0].find(f"{ATOM}link").get("href") == (  # type: ignore[union-attr]
        f"https://x.example/catalog/{KINDS[many[0].kind].slug}/#r59"
    )
    page = whats_new_page(small)
    assert page.index("## 29 February 2020") < page.index("## 28 February 2020")


def test_whats_new_links_every_resource(handbook: Handbook) -> None:
    page = whats_new_page(handbook)
    assert page.startswith("---\nsearch:\n  exclude: true\n---\n\n# What's new\n")
    for resource in handbook.resources:
        assert f'href="../catalog/{KINDS[resource.kind].slug}/#{resource.id}"' in page
    headings = re.findall(r"^## .* \{#added-(\d{4}-\d{2}-\d{2})\}$", page, re.MULTILINE)
    assert headings == sorted({r.added for r in handbook.resources}, reverse=True)
