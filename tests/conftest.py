"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from real_handbook import real_handbook
from sharedbuild import build_rank, start_needed

from handbook.model import Handbook


@pytest.fixture(scope="session")
def handbook() -> Handbook:
    """The real resources.yaml, loaded once per session (per xdist worker)."""
    return real_handbook()


def fixtures_of(item: pytest.Item) -> list[str]:
    """The fixtures a test uses, directly or through others (none for a non-function item)."""
    names: list[str] = getattr(item, "fixturenames", [])
    return names


@pytest.fixture(scope="session", autouse=True)
def shared_builds(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Start in the background, as the session starts, the site builds its tests need
    (tests/sharedbuild.py): they build while other tests run."""
    needed = {name for item in request.session.items for name in fixtures_of(item)}
    started = start_needed(tmp_path_factory, needed)
    yield
    # A run stopped early (-x, --maxfail) ends its builds rather than waiting for them.
    stopping = bool(request.session.shouldfail or request.session.shouldstop)
    for build in started:
        build.finish(stop=stopping)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need a site build run after those that need none, in the order the builds
    are made (sharedbuild.SPECS), so that the builds have run alongside the other tests; the
    order is otherwise kept. (Every xdist worker sorts the same collection the same way.)"""
    items.sort(key=lambda item: build_rank(fixtures_of(item)))
