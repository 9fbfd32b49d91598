"""One real strict build of the real site per test session, shared by the site tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sharedbuild import shared_build
from sitebuild import serve


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built strictly with every notebook executed (once for all workers)."""
    return shared_build(tmp_path_factory, "real").result()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1."""
    with serve(built_site) as url:
        yield url
