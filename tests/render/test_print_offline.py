"""A stage's printed checklist, and the file-style links of the offline build."""

from __future__ import annotations

import dataclasses
import html

from handbook.model import Handbook
from handbook.render.items import Context, page_url
from handbook.render.pages import print_checklist
from handbook.render.path import plan_data


def test_checklist_lists_the_core_picks_in_order_with_escaped_titles(handbook: Handbook) -> None:
    stage = next(s for s in handbook.stages if s.core)
    out = print_checklist(stage, Context(handbook=handbook))
    assert 'class="hb-checklist hb-print-only" data-search-exclude' in out
    positions = [out.index(f'<li data-id="{r}">') for r in stage.core]
    assert positions == sorted(positions)
    for resource_id in stage.core:
        resource = handbook.resource_by_id[resource_id]
        assert f">{html.escape(resource.title, quote=True)}</a>" in out
    assert out.count("\u2610") == len(stage.core)


def test_a_stage_without_core_picks_has_no_checklist(handbook: Handbook) -> None:
    stage = handbook.stages[0]
    bare = dataclasses.replace(stage, core=())
    assert print_checklist(bare, Context(handbook=handbook)) == ""


def test_page_urls_name_files_when_the_site_has_no_directory_urls() -> None:
    assert page_url("catalog/courses.md", "stages/math.md", "x") == "../../catalog/courses/#x"
    assert page_url("catalog/courses.md", "stages/math.md", "x", False) == (
        "../catalog/courses.html#x"
    )
    assert page_url("index.md", "index.md", "", False) == "index.html"
    assert page_url("path.md", "index.md", "", False) == "path.html"
    assert page_url("questions.md", "catalog/readings.md", "q", False) == "../questions.html#q"


def test_the_planner_data_follows_the_site_style(handbook: Handbook) -> None:
    offline = plan_data(Context(handbook=handbook, directory_urls=False), "index.md")
    assert offline["pathUrl"] == "path.html"
    assert all(s["url"] == f"stages/{s['id']}.html" for s in offline["stages"])
    hosted = plan_data(Context(handbook=handbook), "index.md")
    assert hosted["pathUrl"] == "path/"
