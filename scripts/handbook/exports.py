"""Data exports published with the site: resources.json, resources.csv, feed.xml, What's new.

Pure functions (handbook in, text out). The formats are documented in docs/data.md; bump
FORMAT_VERSION whenever a field is renamed or removed or its meaning changes (adding a
field is compatible and keeps the version).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import uuid
from collections import defaultdict
from dataclasses import asdict, fields
from typing import Any

from feedgen.feed import FeedGenerator

from handbook.model import KINDS, Handbook, Resource
from handbook.render.lists import resource_links

FORMAT_VERSION = 1
FEED_LIMIT = 50
FEED_TITLE = "ML Engineer Handbook: new resources"
WHATS_NEW_PAGE = "whats-new.md"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://ml-engineer-handbook/")
# The resource fields exported, in the order of the JSON Schema (`line` is internal).
RESOURCE_FIELDS = tuple(f.name for f in fields(Resource) if f.name != "line")


def generated_at() -> str:
    """Build time in UTC (ISO 8601), or $SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.UTC)
    )
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def catalog_entry_url(resource: Resource, directory_urls: bool = True) -> str:
    """Site-relative URL of the resource's catalog entry, e.g. catalog/readings/#python-tutorial."""
    slug = KINDS[resource.kind].slug
    page = f"catalog/{slug}/" if directory_urls else f"catalog/{slug}.html"
    return f"{page}#{resource.id}"


def _number(value: float | None) -> float | int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def resource_record(resource: Resource) -> dict[str, Any]:
    """One resource as exported: every field (None or [] when unset) plus its `page`."""
    record: dict[str, Any] = {}
    for name in RESOURCE_FIELDS:  # flat fields: read directly (asdict deep-copies every value)
        value = getattr(resource, name)
        record[name] = list(value) if isinstance(value, tuple) else value
    record["hours"] = _number(resource.hours)
    record["page"] = catalog_entry_url(resource)
    return record


def resources_json(handbook: Handbook, generated: str | None = None) -> str:
    """resources.json: the whole catalogue in a versioned format (see docs/data.md)."""

    def plain_dict(item: Any) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(item).items()}

    document = {
        "format_version": FORMAT_VERSION,
        "generated": generated or generated_at(),
        "stages": [{**plain_dict(s), "hours": _number(s.hours)} for s in handbook.stages],
        "topics": [plain_dict(t) for t in handbook.topics],
        "resources": [resource_record(r) for r in handbook.resources],
        "questions": [plain_dict(q) for q in handbook.questions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def resources_csv(handbook: Handbook) -> str:
    """resources.csv: one row per resource, list fields joined with ';' (see docs/data.md)."""
    out = io.StringIO()
    writer = csv.writer(out)
    columns = [*RESOURCE_FIELDS, "page"]
    writer.writerow(columns)
    for resource in handbook.resources:
        record = resource_record(resource)
        writer.writerow([_cell(record[name]) for name in columns])
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
# such cells get a leading apostrophe, as OWASP recommends, so they open as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = ";".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def newest(handbook: Handbook, limit: int | None = None) -> list[Resource]:
    """Resources by `added`, newest first; ties keep file order."""
    ordered = sorted(handbook.resources, key=lambda r: r.added, reverse=True)
    return ordered[:limit] if limit is not None else ordered


def _day(date: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(date), dt.time(), dt.UTC)


def atom_feed(handbook: Handbook, site_url: str | None, *, directory_urls: bool = True) -> str:
    """feed.xml: Atom feed of the newest resources, linking to the site when its URL is known."""
    base = site_url.rstrip("/") + "/" if site_url else None
    entries = newest(handbook, FEED_LIMIT)
    updated = _day(entries[0].added) if entries else _day("2026-01-01")
    feed = FeedGenerator()
    feed.id(f"{base}feed.xml" if base else f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'feed')}")
    feed.title(FEED_TITLE)
    feed.subtitle("Resources newly added to the ML Engineer Handbook, newest first.")
    feed.author({"name": "ML Engineer Handbook contributors"})
    feed.updated(updated)
    feed.language("en")
    feed.generator("ML Engineer Handbook")
    if base:
        feed.link(href=base, rel="alternate")
        feed.link(href=f"{base}feed.xml", rel="self")
    # feedgen prepends entries, so add them oldest first to get newest first in the file.
    for resource in reversed(entries):
        entry = feed.add_entry()
        entry.id(f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'resource:' + resource.id)}")
        entry.title(resource.title)
        link = f"{base}{catalog_entry_url(resource, directory_urls)}" if base else resource.url
        # One link only: feedgen 1.0 drops `rel` on entry links, and two would both be alternate.
        entry.link(href=link, rel="alternate")
        if base:
            entry.content(
                f"<p>{html.escape(resource.description)}</p><p><a href="
                f'"{html.escape(resource.url)}">{html.escape(resource.url)}</a></p>',
                type="html",
            )
        entry.published(_day(resource.added))
        entry.updated(_day(resource.added))
        entry.summary(resource.description)
        entry.author({"name": resource.provider})
        for term in (
            resource.kind,
            resource.level,
            resource.cost,
            *resource.stages,
            *resource.topics,
        ):
            entry.category(term=term)
    xml: bytes = feed.atom_str(pretty=True)
    return xml.decode("utf-8")


def _date_heading(date: str) -> str:
    day = dt.date.fromisoformat(date)
    return f"{day.day} {day:%B %Y}"


def whats_new_page(
    handbook: Handbook, limit: int | None = None, directory_urls: bool = True
) -> str:
    """whats-new.md: resources grouped by the date they were added, newest first."""
    by_date: dict[str, list[Resource]] = defaultdict(list)
    for resource in newest(handbook, limit):
        by_date[resource.added].append(resource)
    # Left out of the search index: every entry is already indexed on its catalog page, and
    # at 10,000 resources this page alone would add a megabyte to every page load.
    out = [
        "---",
        "search:",
        "  exclude: true",
        "---",
        "",
        "# What's new",
        "",
        "Resources added to the handbook, newest first. Follow along with the "
        "[Atom feed](feed.xml), or reuse the data: [resources.json](resources.json), "
        "[resources.csv](resources.csv) ([format](data.md)).",
        "",
    ]
    for date, resources in by_date.items():
        count = f"{len(resources)} resource{'s' if len(resources) != 1 else ''}"
        out += [f"## {_date_heading(date)} {{#added-{date}}}", "", f"{count} added.", ""]
        entries = []
        for resource in resources:
            stages = ", ".join(
                handbook.stage_by_id[s].title for s in resource.stages if s in handbook.stage_by_id
            )
            note = f" — {resource.kind}, {resource.level}, {resource.cost}; {stages}"
            entries.append((resource, note))
        out += [resource_links(entries, WHATS_NEW_PAGE, directory_urls=directory_urls), ""]
    return "\n".join(out)
