"""What the site search shows for a resource or a question, besides its title.

Material's search lists results by page and folds a page's further matches under "N more on
this page", so a search for "AWS certification" showed the Certifications page with no AWS exam
in sight. The search worker (docs/assets/search-worker.js) instead shows each resource and each
question as a result of its own, headed by its title and, below it, this subtitle: who provides
it and what it is ("Amazon Web Services · Certification"). The subtitle travels in the search
index as the entry's `result` field, added here to Material's entries before it writes them.

Each resource is indexed once, on its catalog page (copies on stage pages are kept out of the
index), so its catalog entry is the one landing of its result; each question likewise lands on
the question bank.
"""

from __future__ import annotations

import html
import json
from typing import Any

from handbook.model import KINDS, Handbook

RESULT_FIELD = "result"
QUESTION_LABEL = "Interview question"
# Among equally good matches, a stage's own picks (its read-first, do-first and core resources)
# come first: "pandas" lists "10 minutes to pandas" before the other pandas readings. A Lunr
# document boost, so the search worker's trimming (which bounds later boosts) is unaffected.
PICK_BOOST = 1.5


def stage_picks(hb: Handbook) -> set[str]:
    """Ids of the resources some stage names as read-first, do-first or core."""
    return {r for s in hb.stages for r in (s.read, s.do, *s.core)}


def result_subtitles(hb: Handbook) -> dict[tuple[str, str], str]:
    """(page prefix, anchor) -> subtitle, for every resource and question, HTML-escaped
    (Material's result list inserts the index's text as HTML)."""
    out: dict[tuple[str, str], str] = {}
    for resource in hb.resources:
        parts = [resource.provider, KINDS[resource.kind].label]
        if resource.status != "active":
            parts.append(resource.status)
        out[(f"catalog/{KINDS[resource.kind].slug}", resource.id)] = _escaped(parts)
    for question in hb.questions:
        topic = hb.topic_by_id.get(question.topic)
        parts = [topic.title, QUESTION_LABEL] if topic else [QUESTION_LABEL]
        out[("questions", question.id)] = _escaped(parts)
    return out


def _escaped(parts: list[str]) -> str:
    return html.escape(" · ".join(" ".join(p.split()) for p in parts), quote=False)


def annotate_entries(entries: list[dict[str, Any]], hb: Handbook) -> list[dict[str, Any]]:
    """Material's search entries with each resource's and question's subtitle added, and the
    stages' picks boosted.

    An annotated entry is a new dict: `mkdocs serve` hands Material the same entry objects
    again on the next build (scripts/serve_reuse.py), which must not be boosted twice. An
    entry that already has its subtitle is left as it is.
    """
    subtitles = result_subtitles(hb)
    picks = stage_picks(hb)
    out: list[dict[str, Any]] = []
    for doc in entries:
        page, _, anchor = str(doc.get("location", "")).partition("#")
        # "catalog/courses/" with directory URLs, "catalog/courses.html" without.
        prefix = page.removesuffix("/").removesuffix(".html")
        subtitle = subtitles.get((prefix, anchor)) if anchor else None
        if subtitle is None or RESULT_FIELD in doc:
            out.append(doc)
            continue
        doc = {**doc, RESULT_FIELD: subtitle}
        if anchor in picks and prefix.startswith("catalog/"):
            doc["boost"] = float(doc.get("boost", 1.0)) * PICK_BOOST
        out.append(doc)
    return out


def annotate_search_index(index_json: str, hb: Handbook) -> str:
    """A written search index (search_index.json's text), annotated as annotate_entries does."""
    data = json.loads(index_json)
    data["docs"] = annotate_entries(data["docs"], hb)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
