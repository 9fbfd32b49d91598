"""Resource and question results of the site search (handbook.search)."""

from __future__ import annotations

import dataclasses
import json

from real_handbook import real_handbook

from handbook.model import KINDS
from handbook.search import PICK_BOOST, RESULT_FIELD, annotate_search_index, stage_picks

HB = real_handbook()


def _index(*locations: str, boost: float | None = None) -> str:
    docs = []
    for location in locations:
        doc: dict[str, object] = {"location": location, "title": "t", "text": "x"}
        if boost is not None:
            doc["boost"] = boost
        docs.append(doc)
    return json.dumps({"config": {"lang": ["en"]}, "docs": docs})


def test_resources_and_questions_get_a_subtitle_and_pages_do_not() -> None:
    resource = next(r for r in HB.resources if r.status == "active")
    question = HB.questions[0]
    slug = KINDS[resource.kind].slug
    out = json.loads(
        annotate_search_index(
            _index(
                f"catalog/{slug}/",
                f"catalog/{slug}/#{resource.id}",
                f"questions/#{question.id}",
                f"stages/{HB.stages[0].id}/#{resource.id}",  # not the resource's landing
                f"catalog/{slug}/#hb-stage-{HB.stages[0].id}",
            ),
            HB,
        )
    )
    page, entry, asked, elsewhere, heading = out["docs"]
    assert RESULT_FIELD not in page and RESULT_FIELD not in elsewhere
    assert RESULT_FIELD not in heading
    assert KINDS[resource.kind].label in entry[RESULT_FIELD]
    assert asked[RESULT_FIELD].endswith("Interview question")
    assert out["config"] == {"lang": ["en"]}


def test_subtitles_are_escaped_html() -> None:
    """Material's result list inserts index text as HTML."""
    resource = dataclasses.replace(HB.resources[0], provider="<b>Evil</b> & co")
    hb = dataclasses.replace(HB, resources=(resource, *HB.resources[1:]))
    slug = KINDS[resource.kind].slug
    out = json.loads(annotate_search_index(_index(f"catalog/{slug}.html#{resource.id}"), hb))
    assert out["docs"][0][RESULT_FIELD].startswith("&lt;b&gt;Evil&lt;/b&gt; &amp; co · ")


def test_stage_picks_are_boosted() -> None:
    pick = next(iter(stage_picks(HB)))
    other = next(r.id for r in HB.resources if r.id not in stage_picks(HB))
    kind = {r.id: KINDS[r.kind].slug for r in HB.resources}
    out = json.loads(
        annotate_search_index(
            _index(f"catalog/{kind[pick]}/#{pick}", f"catalog/{kind[other]}/#{other}", boost=5.0),
            HB,
        )
    )
    assert out["docs"][0]["boost"] == 5.0 * PICK_BOOST
    assert out["docs"][1]["boost"] == 5.0
