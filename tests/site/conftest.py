"""One real strict build of the real site per test session, shared by the site tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sitebuild import mkdocs_build, serve


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built strictly with every notebook executed."""
    dest = tmp_path_factory.mktemp("site")
    result = mkdocs_build(dest, HANDBOOK_REPO_URL="https://github.com/owner/handbook")
    assert result.returncode == 0, result.stderr[-4000:]
    return dest


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1."""
    with serve(built_site) as url:
        yield url
