"""Every link in the source articles is a resource (with `seed`) or excluded with a reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.model import Handbook
from handbook.urls import normalise_url

HERE = Path(__file__).parent
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def checked_in_links() -> list[tuple[str, str]]:
    lines = (HERE / "seed_links.txt").read_text(encoding="utf-8").splitlines()
    return [
        tuple(line.split(" ", 1))
        for line in lines  # type: ignore[misc]
        if line.strip() and not line.startswith("#")
    ]


def test_every_seed_link_is_accounted_for(handbook: Handbook) -> None:
    hb = handbook
    resources = {normalise_url(r.url): r for r in hb.resources}
    excluded = {normalise_url(e.url) for e in hb.excluded}
    missing = []
    for seed, url in checked_in_links():
        key = normalise_url(url)
        resource = resources.get(key)
        if resource is not None:
            assert resource.seed == seed, f"{resource.id} comes from seed {seed}"
        elif key not in excluded:
            missing.append(url)
    assert missing == []


def test_excluded_entries_say_why_and_point_to_replacements(handbook: Handbook) -> None:
    hb = handbook
    for entry in hb.excluded:
        assert len(entry.reason.split()) >= 3, entry.url
        if entry.replaced_by:
            assert entry.replaced_by in hb.resource_by_id


@pytest.mark.skipif(not SEEDS.is_dir(), reason="source articles are not beside this checkout")
def test_checked_in_list_matches_the_articles() -> None:
    found = set()
    for path in SEEDS.glob("00*.txt"):
        for url in re.findall(r'https?://[^\s)>"\]]+', path.read_text(encoding="utf-8")):
            found.add((path.name[:3], url.rstrip(".,;")))
    assert found == set(checked_in_links())
