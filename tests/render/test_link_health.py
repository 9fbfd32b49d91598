"""Link checker verdicts reach the pages: last-verified dates, broken flags, safe picks."""

from __future__ import annotations

import json
from pathlib import Path

from handbook.linkdata import LinkResult, Report, State, UrlHistory
from handbook.linkhealth import LinkHealth, load_link_health
from handbook.load import load_handbook
from handbook.render.items import Context, LinkInfo
from handbook.render.link_health import link_health_page
from handbook.render.pages import stage_page, usable_pick
from handbook.site import generated_files
from handbook.verdicts import Verdict

FIXTURE = Path(__file__).parents[1] / "validator" / "fixtures" / "valid.yaml"


def test_confirmed_broken_pick_is_replaced_by_a_working_free_resource() -> None:
    hb = load_handbook(FIXTURE)
    basics = hb.stage_by_id["basics"]
    ctx = Context(
        handbook=hb, links={"https://docs.python.org/3/": LinkInfo(confirmed_broken=True)}
    )
    replacement = usable_pick(basics, basics.read, ctx)
    assert replacement is not None and replacement.id == "sql-course"
    page = stage_page(basics, ctx, [])
    assert '!!! tip "Read one: SQL course"' in page
    assert "Read one: Python docs" not in page


def test_unconfirmed_failure_keeps_the_pick() -> None:
    hb = load_handbook(FIXTURE)
    basics = hb.stage_by_id["basics"]
    ctx = Context(handbook=hb, links={"https://docs.python.org/3/": LinkInfo()})
    pick = usable_pick(basics, basics.read, ctx)
    assert pick is not None and pick.id == "python-docs"


def test_no_pick_when_every_candidate_is_broken() -> None:
    hb = load_handbook(FIXTURE)
    basics = hb.stage_by_id["basics"]
    broken = LinkInfo(confirmed_broken=True)
    ctx = Context(handbook=hb, links={r.url: broken for r in hb.resources})
    assert usable_pick(basics, basics.read, ctx) is None
    assert "Read one:" not in stage_page(basics, ctx, [])


def test_report_and_state_files_become_link_info(tmp_path: Path) -> None:
    report = {
        "generated": "2026-11-20T03:00:00+00:00",
        "results": [
            {
                "url": "https://a.org/",
                "verdict": "ok",
                "status": 200,
                "error_class": None,
                "final_url": "https://a.org/",
                "confirmed": False,
                "sources": ["resources.yaml:5"],
            },
            {
                "url": "https://b.org/",
                "verdict": "broken",
                "status": 404,
                "error_class": None,
                "final_url": "https://b.org/",
                "confirmed": True,
                "sources": ["resources.yaml:9"],
            },
        ],
    }
    state = {
        "version": 1,
        "runs": [],
        "urls": {
            "https://a.org/": {
                "first_seen": "2026-10-01T00:00:00+00:00",
                "last_ok": "2026-11-20T03:00:00+00:00",
            },
            "https://b.org/": {
                "first_seen": "2026-10-01T00:00:00+00:00",
                "first_failed": "2026-11-01T00:00:00+00:00",
                "consecutive_failures": 3,
                "confirmed": True,
            },
        },
    }
    (tmp_path / "r.json").write_text(json.dumps(report))
    (tmp_path / "s.json").write_text(json.dumps(state))
    health = load_link_health(tmp_path / "r.json", tmp_path / "s.json")
    assert health.links["https://a.org/"] == LinkInfo(last_ok="2026-11-20")
    assert health.links["https://b.org/"] == LinkInfo(confirmed_broken=True)
    assert "## Broken links (1)" in link_health_page(health.report, health.state, {})


def test_missing_or_damaged_files_mean_no_verdicts(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json")
    health = load_link_health(tmp_path / "bad.json", tmp_path / "missing.json")
    assert health.links == {}
    assert "No link check has run yet" in link_health_page(health.report, health.state, {})


def test_link_health_page_offers_the_resources_own_archive(tmp_path: Path) -> None:
    """A confirmed-broken resource with an archive_url gets that copy, not the Wayback list."""
    text = FIXTURE.read_text(encoding="utf-8")
    archived = "https://archive.example.net/iris-copy"
    with_archive = text.replace(
        "    url: https://example.org/iris\n",
        f"    url: https://example.org/iris\n    archive_url: {archived}\n",
    )
    assert with_archive != text
    data = tmp_path / "resources.yaml"
    data.write_text(with_archive, encoding="utf-8")
    hb = load_handbook(data)
    broken = ("https://example.org/iris", "https://example.org/sql")
    report = Report(
        "2026-11-20T03:00:00Z",
        tuple(
            LinkResult(
                url,
                Verdict.BROKEN,
                404,
                "http_status",
                confirmed=True,
                sources=("resources.yaml:1",),
            )
            for url in broken
        ),
    )
    history = UrlHistory(
        "2026-10-01T03:00:00Z",
        first_failed="2026-11-01T03:00:00Z",
        consecutive_failures=3,
        confirmed=True,
    )
    health = LinkHealth(report, State(urls=dict.fromkeys(broken, history)))
    page = generated_files(Context(handbook=hb), [], health, None)["link-health.md"]
    iris = next(line for line in page.splitlines() if "example.org/iris" in line)
    assert f"[snapshot]({archived})" in iris
    sql = next(line for line in page.splitlines() if "example.org/sql" in line)
    assert "[snapshot](https://web.archive.org/web/*/https://example.org/sql)" in sql
