"""The verdict registry: every verdict has every property, and the reports follow it."""

from __future__ import annotations

import re
from dataclasses import fields, replace

import pytest

from handbook.linkdata import LinkDataError, LinkResult, Report, RunRecord, State, UrlHistory
from handbook.render.link_health import link_health_page
from handbook.verdicts import VERDICT_INFO, Listing, Verdict, VerdictInfo
from linkwatch import report
from linkwatch.state import Transitions


def test_every_verdict_has_every_property() -> None:
    assert list(VERDICT_INFO) == list(Verdict)
    for verdict in Verdict:
        info = verdict.info
        assert isinstance(info, VerdictInfo)
        assert info.label.strip() and info.meaning.strip(), verdict
        for flag in ("working", "confirmable", "checked"):
            assert isinstance(getattr(verdict, flag), bool), (verdict, flag)
        assert not (verdict.working and verdict.confirmable), verdict
        if not verdict.checked:  # nothing was requested: it can say nothing about the link
            assert not verdict.conclusive and verdict.listing is None, verdict
        if verdict.listing is not None:
            assert verdict.listing.report.strip(), verdict
            assert bool(verdict.listing.page) == bool(verdict.listing.intro), verdict
    orders = [v.listing.order for v in Verdict.listed() if v.listing]
    assert orders == sorted(set(orders)), "listing orders must be distinct"
    assert len({v.label for v in Verdict}) == len(Verdict)


def test_enum_properties_read_the_registry() -> None:
    for verdict in Verdict:
        for item in fields(VerdictInfo):
            assert getattr(verdict, item.name) == getattr(VERDICT_INFO[verdict], item.name)


def _report() -> tuple[Report, State, Transitions]:
    """A report where every verdict, and every list in both reports, has links."""

    def result(path: str, verdict: Verdict, confirmed: bool = False) -> LinkResult:
        return LinkResult(
            f"https://a.org/{path}",
            verdict,
            404,
            "http_status",
            f"https://a.org/{path}-new",
            confirmed,
            ("resources.yaml:1",),
        )

    results: list[LinkResult] = []
    for v in Verdict:
        if v.confirmable:  # newly confirmed, confirmed before, not yet confirmed
            results += [
                result(f"{v.value}-new", v, True),
                result(f"{v.value}-old", v, True),
                result(f"{v.value}-pending", v),
            ]
        else:
            results.append(result(v.value, v))
    failing = UrlHistory("2026-01-01T03:00:00Z", first_failed="2026-01-01T03:00:00Z")
    state = State(
        urls={r.url: failing for r in results},
        runs=(RunRecord("2026-01-02T03:00:00Z", {v.value: 1 for v in Verdict}, 5),),
    )
    newly = tuple(f"https://a.org/{v.value}-new" for v in Verdict if v.confirmable)
    recovered = tuple(r.url for r in results if r.verdict.working)
    return Report("2026-01-09T03:00:00Z", tuple(results)), state, Transitions(newly, recovered)


def _report_sections() -> list[tuple[str, str]]:
    data, state, transitions = _report()
    text = report.render_markdown(data, state, transitions)
    return re.findall(r"^### (.+) \(\d+\)$|<summary>(.+) \(\d+\)</summary>", text, re.M)


def _expected_report_sections() -> list[tuple[str, str]]:
    listed = Verdict.listed()
    expected: list[tuple[str, str]] = []
    for verdict in listed:
        assert verdict.listing is not None
        if verdict.confirmable:
            expected += [
                (f"Newly confirmed {verdict.label}", ""),
                (verdict.listing.report, ""),
                ("Failing, not yet confirmed", ""),
            ]
        elif verdict.conclusive:
            expected.append((verdict.listing.report, ""))
    expected.append(("Recovered", ""))
    expected += [("", v.listing.report) for v in listed if v.listing and not v.conclusive]
    return expected


def _page_sections() -> list[str]:
    data, state, _ = _report()
    page = link_health_page(data, state, {})
    return re.findall(r"^## (.+) \(\d+\)$", page, re.M)


def _expected_page_sections() -> list[str]:
    return [v.listing.page for v in Verdict.listed() if v.listing and v.listing.page]


def test_report_and_page_sections_come_from_the_registry() -> None:
    assert _report_sections() == _expected_report_sections()
    assert _page_sections() == _expected_page_sections()
    assert {"Broken links", "Unverifiable links"} <= set(_page_sections())


def test_changing_the_registry_changes_the_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    info = VERDICT_INFO[Verdict.UNVERIFIABLE]
    monkeypatch.setitem(
        VERDICT_INFO,
        Verdict.UNVERIFIABLE,
        replace(
            info,
            label="blocked",
            meaning="refuses checkers",
            listing=Listing(order=0, report="Blocked", page="Blocked links", intro="They refuse."),
        ),
    )
    info = VERDICT_INFO[Verdict.REDIRECTED]
    monkeypatch.setitem(
        VERDICT_INFO,
        Verdict.REDIRECTED,
        replace(info, listing=Listing(order=9, report="Moved", page="Moved links", intro="Moved.")),
    )
    sections = _page_sections()
    assert sections == _expected_page_sections()
    assert sections[0] == "Blocked links" and sections[-1] == "Moved links"
    assert _report_sections() == _expected_report_sections()
    data, state, transitions = _report()
    text = report.render_markdown(data, state, transitions)
    assert "| blocked | 1 |" in text and "### Moved (" in text
    assert "<summary>Blocked (1)</summary>" in text
    page = link_health_page(data, state, {})
    assert "| blocked | 1 | refuses checkers |" in page
    charted = " | ".join(v.label for v in Verdict if v.checked)
    assert "blocked" in charted and f"| Run | Working | {charted} |" in page
    assert "## Moved links (1)" in page and "Moved." in page


def test_tables_follow_registry_order() -> None:
    data, state, transitions = _report()
    text = report.render_markdown(data, state, transitions)
    assert re.findall(r"^\| (\w+) \| \d+ \|$", text, re.M) == [v.label for v in Verdict]
    page = link_health_page(data, state, {})
    rows = re.findall(r"^\| (\w+) \| \d+ \| (.+) \|$", page, re.M)
    assert rows == [(v.label, v.meaning) for v in Verdict]
    charted = " | ".join(v.label for v in Verdict if v.checked)
    assert f"| Run | Working | {charted} |" in page
    assert report.summary(data).splitlines()[0] == "  ".join(
        f"{v.label}: " + str(data.counts()[v]) for v in Verdict
    )


def test_report_round_trips_and_refuses_unknown_verdicts() -> None:
    data, _, _ = _report()
    assert Report.from_json(data.to_json()) == data
    assert {r["verdict"] for r in data.to_json()["results"]} == {v.value for v in Verdict}
    foreign = data.to_json()
    foreign["results"][0]["verdict"] = "fine"
    with pytest.raises(LinkDataError, match=r"results\[0\]\.verdict = 'fine' is not a verdict"):
        Report.from_json(foreign)
