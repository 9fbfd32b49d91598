"""The "Link health" page: counts by verdict, health over time, and the listed links.

Which verdicts are counted, charted and listed, and under which headings, comes from the
registry in handbook/verdicts.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from handbook.linkdata import LinkResult, Report, State, archive_link
from handbook.model import Handbook
from handbook.verdicts import Verdict

CHART_RUNS: Final = 26


def resource_archives(handbook: Handbook) -> dict[str, str]:
    """Each resource's URL mapped to its own archive_url, where it has one."""
    return {r.url: r.archive_url for r in handbook.resources if r.archive_url}


def _cell(text: str) -> str:
    return text.replace("|", "%7C")


def _history(state: State) -> list[str]:
    runs = state.runs[-CHART_RUNS:]
    if not runs:
        return ["No history yet: it starts with the first scheduled check."]
    charted = [v for v in Verdict if v.checked]
    lines: list[str] = []
    shares = []
    for run in runs:
        # Inconclusive verdicts say nothing either way, so they are left out of the share.
        working = sum(run.counts.get(v, 0) for v in Verdict if v.working)
        conclusive = sum(run.counts.get(v, 0) for v in Verdict if v.conclusive)
        shares.append(round(100 * working / conclusive, 1) if conclusive else 100.0)
    if len(runs) >= 2:
        labels = ", ".join(f'"{run.date[:10]}"' for run in runs)
        low = max(0, int(min(shares)) - 5)
        lines += [
            "```mermaid",
            "xychart-beta",
            '    title "Links that work (% of those a checker can verify)"',
            f"    x-axis [{labels}]",
            f'    y-axis "Working (%)" {low} --> 100',
            f"    line [{', '.join(str(s) for s in shares)}]",
            "```",
            "",
        ]
    lines += ["| Run | Working | " + " | ".join(v.label for v in charted) + " |"]
    lines += ["| --- | ---: |" + " ---: |" * len(charted)]
    for run, share in zip(reversed(runs), reversed(shares), strict=True):
        cells = " | ".join(str(run.counts.get(v, 0)) for v in charted)
        lines.append(f"| {run.date[:10]} | {share}% | {cells} |")
    return lines


def _confirmed_table(
    verdict: Verdict, report: Report, state: State, archives: Mapping[str, str]
) -> list[str]:
    """A confirmable verdict lists only confirmed links; the others are only counted."""
    failing = report.having(verdict)
    confirmed = [r for r in failing if r.confirmed]
    lines = _heading(verdict, len(confirmed))
    if confirmed:
        lines += [
            _intro(verdict),
            "",
            "| Link | Problem | Failing since | Archive | Used in |",
            "| --- | --- | --- | --- | --- |",
        ]
        for r in confirmed:
            history = state.urls.get(r.url)
            since = history.first_failed[:10] if history and history.first_failed else "?"
            archive = archive_link(r.url, archives)
            lines.append(
                f"| `{_cell(r.url)}` | {r.reason} | {since} | "
                f"[snapshot]({_cell(archive)}) | {r.where()} |"
            )
    else:
        lines.append("None.")
    if len(failing) > len(confirmed):
        # One bad night must not alarm readers: unconfirmed failures are only counted here.
        lines += [
            "",
            f"{len(failing) - len(confirmed)} more failed the last check but are not confirmed: "
            f"a link is called {verdict.label} only after failing on several runs over a week.",
        ]
    return lines


def _reason_table(verdict: Verdict, results: list[LinkResult]) -> list[str]:
    """Any other listed verdict shows each of its links with the reason."""
    lines = _heading(verdict, len(results))
    if results:
        lines += [_intro(verdict), "", "| Link | Why | Used in |", "| --- | --- | --- |"]
        lines += [f"| <{_cell(r.url)}> | {r.reason} | {r.where()} |" for r in results]
    else:
        lines.append("None.")
    return lines


def _heading(verdict: Verdict, count: int) -> list[str]:
    assert verdict.listing is not None
    return ["", f"## {verdict.listing.page} ({count})", ""]


def _intro(verdict: Verdict) -> str:
    assert verdict.listing is not None
    return verdict.listing.intro


def link_health_page(report: Report | None, state: State, archives: Mapping[str, str]) -> str:
    """The whole page. archives maps a URL to its resource's archive_url (resource_archives);
    a broken link without one is offered the Wayback Machine's snapshots."""
    lines = ["# Link health", ""]
    if report is None or not report.results:
        lines += ["No link check has run yet. Maintainers: `make links` writes the report."]
        return "\n".join(lines) + "\n"
    tally = report.counts()
    lines += [
        f"Every external link in the handbook is checked weekly. Last check: "
        f"{report.generated[:10]}, {sum(tally.values())} links.",
        "",
        "| Verdict | Links | Meaning |",
        "| --- | ---: | --- |",
    ]
    lines += [f"| {v.label} | {n} | {v.meaning} |" for v, n in tally.items()]
    lines += ["", "## Health over time", "", *_history(state)]
    for verdict in Verdict.listed():
        if verdict.listing is None or verdict.listing.page is None:
            continue
        if verdict.confirmable:
            lines += _confirmed_table(verdict, report, state, archives)
        else:
            lines += _reason_table(verdict, report.having(verdict))
    return "\n".join(lines) + "\n"
