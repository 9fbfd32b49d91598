"""The real site builds strictly from resources.yaml; bad data makes the build fail clearly."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sitebuild import ROOT, mkdocs_build

from handbook.model import KINDS, Handbook

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]


def test_every_stage_kind_and_question_has_a_page_and_anchor(
    built_site: Path, handbook: Handbook
) -> None:
    hb = handbook
    for stage in hb.stages:
        html = (built_site / "stages" / stage.id / "index.html").read_text(encoding="utf-8")
        for resource in hb.resources_in_stage(stage.id):
            assert f'id="{resource.id}"' in html, (stage.id, resource.id)
    for kind in hb.kinds():
        html = (built_site / "catalog" / KINDS[kind].slug / "index.html").read_text("utf-8")
        ids = set(re.findall(r'<h3 id="([a-z0-9-]+)"', html))
        assert {r.id for r in hb.resources if r.kind == kind} <= ids
    questions = (built_site / "questions" / "index.html").read_text(encoding="utf-8")
    assert all(f'id="{q.id}"' in questions for q in hb.questions)
    assert (built_site / "schema" / "resources.schema.json").exists()


def test_home_page_roadmap_links_every_stage_in_order(built_site: Path, handbook: Handbook) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert html.count('<nav class="hb-roadmap"') == 1
    stages = handbook.stages
    nodes = re.findall(
        r'<li class="hb-node hb-node--row\d+" data-stage="([a-z0-9-]+)">'
        r'<a class="hb-node__link" href="stages/([a-z0-9-]+)/">',
        html,
    )
    assert nodes == [(s.id, s.id) for s in stages]
    assert 'class="hb-continue"' in html and 'id="hb-plan"' in html
    assert "<!-- handbook:" not in html


def test_nothing_generated_is_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [p for p in tracked if p.startswith(("docs/stages/", "docs/catalog/"))]
    assert "docs/questions.md" not in tracked and "docs/topics.md" not in tracked


def test_invalid_data_fails_the_build_with_every_problem(tmp_path: Path) -> None:
    bad = (ROOT / "tests" / "validator" / "fixtures" / "valid.yaml").read_text(encoding="utf-8")
    bad = bad.replace(
        "    level: beginner\n    cost: free\n    added: 2026-01-01",
        "    level: expert\n    cost: free\n    added: 2026-01-01",
        1,
    )
    bad = bad.replace("    difficulty: easy", "    difficulty: trivial", 1)
    data = tmp_path / "bad.yaml"
    data.write_text(bad, encoding="utf-8")
    result = mkdocs_build(
        tmp_path / "site", HANDBOOK_RESOURCES=str(data), HANDBOOK_EXECUTE_NOTEBOOKS="false"
    )
    assert result.returncode != 0
    assert (
        f"{data}:31:12: resources[0].level: 'expert' is not one of beginner, intermediate, "
        "advanced" in result.stderr
    )
    line = bad[: bad.index("    difficulty: trivial")].count("\n") + 1
    assert f"{data}:{line}:17: questions[0].difficulty: 'trivial'" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_internal_link_fails_the_strict_build(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "site", ".cache", "node_modules", "test-artifacts", "examples"
        ),
    )
    (project / "docs" / "about.md").write_text("# About\n\nSee [nowhere](missing.md).\n")
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "s")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "NO_MKDOCS_2_WARNING": "1",
            "HANDBOOK_EXECUTE_NOTEBOOKS": "false",
            "HANDBOOK_RESOURCES": str(ROOT / "tests/validator/fixtures/valid.yaml"),
        },
    )
    assert result.returncode != 0
    assert "missing.md" in result.stderr


def test_synthetic_data_has_every_kind_and_validates(tmp_path: Path) -> None:
    """The benchmarks' data follows the kinds registry: a kind added there is measured too."""
    from synthetic import synthetic_yaml

    from handbook.load import load_handbook
    from handbook.model import KINDS

    data = tmp_path / "synthetic.yaml"
    data.write_text(synthetic_yaml(60), encoding="utf-8")
    handbook = load_handbook(data)
    assert handbook.kinds() == list(KINDS)


def test_synthetic_data_builds(tmp_path: Path) -> None:
    from synthetic import synthetic_yaml

    data = tmp_path / "synthetic.yaml"
    data.write_text(synthetic_yaml(300), encoding="utf-8")
    result = mkdocs_build(
        tmp_path / "site", HANDBOOK_RESOURCES=str(data), HANDBOOK_EXECUTE_NOTEBOOKS="false"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "stages" / "stage-9" / "index.html").exists()


def test_example_pages_have_outputs_colab_and_download(built_site: Path) -> None:
    pages = sorted((built_site / "examples").glob("*/index.html"))
    assert len(pages) >= 8
    for page in pages:
        html = page.read_text(encoding="utf-8")
        name = page.parent.name
        assert (
            "https://colab.research.google.com/github/owner/handbook/blob/main/docs/examples/"
            f"{name}.ipynb"
        ) in html, name
        assert f'href="{name}.ipynb" download' in html, name
        assert (page.parent / f"{name}.ipynb").exists(), name
        assert "data:image/png;base64" in html, f"{name}: no plot in the executed output"


def test_search_index_titles_are_clean_text(built_site: Path) -> None:
    """No permalink sign (nbconvert's "¶") or markup leaks into a search result title."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    notebook_titles = [d["title"] for d in index["docs"] if d["location"].startswith("examples/")]
    assert len(notebook_titles) > 20
    dirty = [d["title"] for d in index["docs"] if "¶" in d["title"] or "<a" in d["title"]]
    assert not dirty, dirty[:5]


def test_notebook_permalinks_have_a_name(built_site: Path) -> None:
    html = (built_site / "examples" / "01-data-cleaning" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="anchor-link"') >= 3
    assert html.count('class="anchor-link"') == html.count(
        'class="anchor-link" data-search-exclude title="Permanent link"'
    )


def test_search_boosts_favour_resources_and_stages(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    boost = {d["location"]: d.get("boost", 1.0) for d in index["docs"]}
    # A resource (indexed on its catalog page) outranks a whole stage page that mentions it.
    assert boost["catalog/courses/"] == 5.0 and boost["stages/math/"] == 2.0
    assert boost["about/"] == boost["topics/"] == 0.5
    assert boost["questions/"] == 1.0


def test_notebook_pages_index_their_prose_not_their_code(built_site: Path) -> None:
    """Search results for a notebook show its explanations, never prompts, code or outputs."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("examples/")]
    text = "\n".join(d["text"] for d in docs)
    for noise in (
        "In [",
        "Copied!",
        "import numpy",
        "Download the notebook",
        "dataframe",
        "random_state=",
    ):
        assert noise not in text, noise
    # Every notebook's prose is there: its headings, and sentences of its Markdown cells.
    pages = {d["location"].split("#")[0] for d in docs}
    assert len(pages) >= 8
    assert "Always start with simple models." in text


def test_question_results_show_the_topic_and_answer_not_ui_labels(
    built_site: Path, handbook: Handbook
) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    topics = {q.id: handbook.topic_by_id[q.topic].title for q in handbook.questions}
    questions = {
        d["location"].split("#")[1]: d["text"]
        for d in index["docs"]
        if d["location"].startswith("questions/#")
        and d["location"] != "questions/"
        and not d["location"].startswith("questions/#hb-topic-")
    }
    assert questions.keys() == topics.keys()
    for qid, text in questions.items():
        first, _, rest = text.partition("</p>")
        assert first.strip() == f"<p> {html.escape(topics[qid], quote=False)}", qid
        assert "Show answer" not in text and rest.strip(), qid


def test_notebook_formulas_are_mathml(built_site: Path) -> None:
    """nbconvert leaves $...$ for MathJax, which is not loaded: the build renders MathML."""
    for name, formulas in (("04-linear-algebra", 10), ("08-neural-network", 5)):
        html = (built_site / "examples" / name / "index.html").read_text(encoding="utf-8")
        assert html.count("<math") >= formulas, name
        prose = re.sub(r"<(pre|code)[\s>].*?</\1>", "", html, flags=re.DOTALL)
        assert not re.search(
            r"\$\\?[A-Za-z]", re.sub(r"<script.*?</script>", "", prose, flags=re.DOTALL)
        ), name
