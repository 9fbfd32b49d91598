"""The JSON report, the Markdown report for the tracking issue, and the terminal summary.

Which verdicts are listed, under which headings and in which order comes from the registry in
handbook/verdicts.py.
"""

from __future__ import annotations

from datetime import datetime

from handbook.linkdata import LinkResult, Report, State, archive_link, iso
from handbook.verdicts import Verdict
from linkwatch.model import Outcome
from linkwatch.state import Transitions

Section = tuple[str, list[str]]


def build(
    outcomes: dict[str, Outcome], sources: dict[str, list[str]], state: State, now: datetime
) -> Report:
    """The machine-readable report, one result per URL in the order the URLs were found."""
    results = []
    for url, where in sources.items():
        outcome = outcomes[url]
        history = state.urls.get(url)
        confirmed = bool(history and history.confirmed and outcome.verdict.confirmable)
        results.append(
            LinkResult(
                url=url,
                verdict=outcome.verdict,
                status=outcome.status,
                error_class=outcome.error_class,
                final_url=outcome.final_url,
                confirmed=confirmed,
                sources=tuple(where),
            )
        )
    return Report(iso(now), tuple(results))


def _date(text: str | None) -> str:
    return text[:10] if text else "?"


def _open_sections(
    verdict: Verdict,
    report: Report,
    state: State,
    transitions: Transitions,
    archives: dict[str, str],
) -> list[Section]:
    """The lists of a conclusive verdict: failures by confirmation, or the URLs to use now."""
    assert verdict.listing is not None
    results = report.having(verdict)
    if not verdict.confirmable:  # a working verdict worth listing: the link has moved
        return [
            (
                verdict.listing.report,
                [f"- `{r.url}` → `{r.final_url}`; used in {r.where()}" for r in results],
            )
        ]

    def failure_line(result: LinkResult) -> str:
        history = state.urls.get(result.url)
        since = _date(history.first_failed if history else None)
        archive = archive_link(result.url, archives)
        return (
            f"- `{result.url}`: {result.reason}, failing since {since}, "
            f"[archive]({archive}); used in {result.where()}"
        )

    by_url = {r.url: r for r in results}
    new = [by_url[u] for u in transitions.newly_confirmed if u in by_url]
    still = [r for r in results if r.confirmed and r.url not in transitions.newly_confirmed]
    pending = [r for r in results if not r.confirmed]
    return [
        (f"Newly confirmed {verdict.label}", [failure_line(r) for r in new]),
        (verdict.listing.report, [failure_line(r) for r in still]),
        ("Failing, not yet confirmed", [failure_line(r) for r in pending]),
    ]


def render_markdown(
    report: Report,
    state: State,
    transitions: Transitions,
    archives: dict[str, str] | None = None,
) -> str:
    """Markdown for humans and for the tracking issue.

    The lists of conclusive verdicts come first, then the recovered links; the lists of
    inconclusive verdicts (nothing to act on) are folded at the end.
    """
    archives = archives or {}
    by_url = {r.url: r for r in report.results}
    lines = [f"## Link check, {report.generated}", "", "| Verdict | URLs |", "| --- | ---: |"]
    lines += [f"| {verdict.label} | {n} |" for verdict, n in report.counts().items()]
    listed = Verdict.listed()
    sections: list[Section] = []
    for verdict in listed:
        if verdict.conclusive:
            sections += _open_sections(verdict, report, state, transitions, archives)
    recovered = [u for u in transitions.recovered if u in by_url]
    sections.append(("Recovered", [f"- `{u}`; used in {by_url[u].where()}" for u in recovered]))
    for title, items in sections:
        if items:
            lines += ["", f"### {title} ({len(items)})", "", *items]
    for verdict in listed:
        folded = report.having(verdict)
        if verdict.conclusive or not folded or verdict.listing is None:
            continue
        lines += [
            "",
            f"<details><summary>{verdict.listing.report} ({len(folded)})</summary>",
            "",
            *[f"- `{r.url}`: {r.reason}; used in {r.where()}" for r in folded],
            "",
            "</details>",
        ]
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    """A few lines for the terminal: counts, then each failing URL with where it is used."""
    lines = ["  ".join(f"{verdict.label}: {n}" for verdict, n in report.counts().items())]
    for result in report.results:
        if result.verdict.confirmable:
            flag = " (confirmed)" if result.confirmed else ""
            lines.append(
                f"{result.verdict.label}{flag}: {result.url} [{result.reason}] in {result.where()}"
            )
    return "\n".join(lines)
