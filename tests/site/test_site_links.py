"""No broken internal link or anchor anywhere in the built site.

linkchecker crawls a complete build of the fixture data (every page type, every kind of
internal link, anchors checked). On the real site every page of hundreds of KB is fetched and
parsed again for each of its ~2,000 anchored links, which takes linkchecker ten minutes, so
the real build's links and anchors are resolved by reading each page once instead.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from sitebuild import ROOT, mkdocs_build, serve

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]
FIXTURE = ROOT / "tests" / "validator" / "fixtures" / "valid.yaml"


def test_linkchecker_finds_no_broken_link_or_anchor(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build = mkdocs_build(
        site,
        HANDBOOK_RESOURCES=str(FIXTURE),
        HANDBOOK_EXECUTE_NOTEBOOKS="false",
        HANDBOOK_REPO_URL="https://github.com/owner/handbook",
    )
    assert build.returncode == 0, build.stderr[-3000:]
    config = tmp_path / "linkcheckerrc"  # linkchecker run as root reads files as 'nobody'
    config.write_text((ROOT / "tests" / "site" / "linkcheckerrc").read_text())
    tmp_path.chmod(0o755)
    config.chmod(0o644)
    with serve(site) as url:
        result = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "linkchecker"),
                "--config",
                str(config),
                "--no-status",
                "-o",
                "text",
                url,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
    assert result.returncode == 0, result.stdout[-6000:]
    assert "0 errors found" in result.stdout


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if name == "href" and value and tag == "a":
                self.hrefs.append(value)


def test_every_internal_link_and_anchor_of_the_real_site_resolves(built_site: Path) -> None:
    pages: dict[str, _Page] = {}
    for path in built_site.rglob("*.html"):
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages["/" + path.relative_to(built_site).as_posix()] = parser
    broken: dict[str, list[str]] = defaultdict(list)
    for page_path, page in pages.items():
        for href in page.hrefs:
            url = urlsplit(urljoin("http://site" + page_path, href))
            if url.netloc != "site" or url.scheme != "http":
                continue
            target = unquote(url.path)
            if target.endswith("/"):
                target += "index.html"
            if target not in pages:
                if not (built_site / target.lstrip("/")).exists():
                    broken[page_path].append(href)
                continue
            if url.fragment and unquote(url.fragment) not in pages[target].ids:
                broken[page_path].append(href)
    assert dict(broken) == {}
    assert sum(len(p.hrefs) for p in pages.values()) > 5000  # the check really ran
