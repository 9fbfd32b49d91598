"""Golden-file tests of the generated Markdown (set UPDATE_GOLDEN=1 to rewrite the goldens)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handbook.load import load_handbook
from handbook.notebooks import Notebook
from handbook.render.items import Context, LinkInfo
from handbook.site import fill_markers, generated_pages

FIXTURE = Path(__file__).parents[1] / "validator" / "fixtures" / "valid.yaml"
GOLDEN = Path(__file__).parent / "golden"
NOTEBOOKS = [Notebook("examples/01-sql.ipynb", "basics", "SQL in a notebook", "Query & join.")]


def render_all() -> dict[str, str]:
    handbook = load_handbook(FIXTURE)
    links = {
        "https://example.org/iris": LinkInfo(last_ok="2026-01-01", confirmed_broken=True),
        "https://docs.python.org/3/": LinkInfo(last_ok="2026-11-20"),
    }
    ctx = Context(handbook=handbook, links=links, repo_url="https://github.com/owner/repo")
    pages = generated_pages(ctx, NOTEBOOKS)
    pages["index.md"] = fill_markers(
        "# Home\n\n<!-- handbook:stats -->\n\n<!-- handbook:roadmap -->\n", "index.md", ctx
    )
    return pages


@pytest.mark.parametrize("page", sorted(render_all()))
def test_page_matches_golden(page: str) -> None:
    rendered = render_all()[page]
    golden = GOLDEN / page.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert golden.exists(), f"no golden file for {page}; run with UPDATE_GOLDEN=1"
    assert rendered == golden.read_text(encoding="utf-8")


def test_golden_set_is_complete() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(
        p.replace("/", "__") for p in render_all()
    )


def test_unknown_marker_is_an_error() -> None:
    ctx = Context(handbook=load_handbook(FIXTURE))
    with pytest.raises(ValueError, match="unknown handbook marker 'roadmapp'"):
        fill_markers("<!-- handbook:roadmapp -->", "index.md", ctx)
