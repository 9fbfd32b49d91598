"""A second site generator, proven: ProperDocs (a drop-in MkDocs 1.x fork) builds the same site.

Both generators build the real mkdocs.yml strictly, notebooks off, from the same data; the pages,
the search index (its locations and titles) and every page's HTML must agree. The HTML may only
differ in the generator's name. CI runs this in its own job (.github/workflows/ci.yml).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import ROOT, mkdocs_build

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("properdocs")]

ENV = {"HANDBOOK_EXECUTE_NOTEBOOKS": "false", "HANDBOOK_REPO_URL": "https://github.com/o/handbook"}
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def properdocs_build(dest: Path) -> subprocess.CompletedProcess[str]:
    """Run `properdocs build --strict` of this repository into `dest`."""
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-d", str(dest)]
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", **ENV},
    )


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def search_entries(site: Path) -> tuple[dict[str, object], set[tuple[str, str]]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return index["config"], {(d["location"], d["title"]) for d in index["docs"]}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    assert importlib.util.find_spec("properdocs"), "properdocs is not installed: `make install`"
    mkdocs_site, properdocs_site = tmp_path / "mkdocs", tmp_path / "properdocs"
    result = mkdocs_build(mkdocs_site, **ENV)
    assert result.returncode == 0, result.stderr[-4000:]
    result = properdocs_build(properdocs_site)
    assert result.returncode == 0, result.stderr[-4000:]

    pages = files(mkdocs_site)
    assert files(properdocs_site) == pages
    html = sorted(p for p in pages if p.endswith(".html"))
    assert len(html) >= 30 and "stages/math/index.html" in html

    config, entries = search_entries(mkdocs_site)
    assert search_entries(properdocs_site) == (config, entries)
    assert len(entries) >= 1000 and ("questions/", "Interview questions") in entries

    generators = set()
    for page in html:
        ours = (mkdocs_site / page).read_text(encoding="utf-8")
        theirs = (properdocs_site / page).read_text(encoding="utf-8")
        generators.update(GENERATOR.findall(theirs))
        assert GENERATOR.sub("", theirs) == GENERATOR.sub("", ours), page
    assert any("ProperDocs" in tag for tag in generators), "the second build was not ProperDocs"
