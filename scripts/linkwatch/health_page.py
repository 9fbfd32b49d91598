"""Markdown for the site's "Link health" page, and per-URL facts for resource pages."""

from __future__ import annotations

from typing import Any, Final

from linkwatch.model import VERDICTS, WORKING
from linkwatch.report import archive_link, counts, reason, where
from linkwatch.state import State

CHART_RUNS: Final = 26
MEANING: Final = {
    "ok": "answers normally",
    "redirected": "works, but has moved permanently",
    "broken": "does not work (confirmed after failing on several runs over a week)",
    "unverifiable": "the site blocks checkers, rate-limits them or is unavailable for now; "
    "it may work in a browser",
    "skipped": "not checked (examples, local addresses, mail links)",
}


def last_verified(state: dict[str, Any] | None) -> dict[str, str]:
    """Map each URL to the ISO date (YYYY-MM-DD) it last answered successfully."""
    parsed = State.from_json(state)
    return {url: h.last_ok[:10] for url, h in parsed.urls.items() if h.last_ok}


def confirmed_broken(state: dict[str, Any] | None) -> set[str]:
    """URLs that failed on enough consecutive runs, over enough days, to be called broken."""
    return {url for url, h in State.from_json(state).urls.items() if h.confirmed}


def _cell(text: str) -> str:
    return text.replace("|", "%7C")


def _history(parsed: State, mermaid: bool) -> list[str]:
    runs = parsed.runs[-CHART_RUNS:]
    if not runs:
        return ["No history yet: it starts with the first scheduled check."]
    lines: list[str] = []
    shares = []
    for run in runs:
        # Unverifiable links say nothing either way, so they are left out of the share.
        working = sum(run.counts.get(verdict, 0) for verdict in WORKING)
        verifiable = working + run.counts.get("broken", 0)
        shares.append(round(100 * working / verifiable, 1) if verifiable else 100.0)
    if mermaid and len(runs) >= 2:
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
    lines += ["| Run | Working | " + " | ".join(VERDICTS[:-1]) + " |"]
    lines += ["| --- | ---: |" + " ---: |" * (len(VERDICTS) - 1)]
    for run, share in zip(reversed(runs), reversed(shares), strict=True):
        cells = " | ".join(str(run.counts.get(v, 0)) for v in VERDICTS[:-1])
        lines.append(f"| {run.date[:10]} | {share}% | {cells} |")
    return lines


def render_link_health(
    report: dict[str, Any] | None,
    state: dict[str, Any] | None,
    *,
    title: str | None = "Link health",
    mermaid: bool = True,
    archives: dict[str, str] | None = None,
) -> str:
    """The whole page: counts by verdict, health over time, broken and unverifiable links.

    archives maps a URL to its resource's archive_url (collect.archive_urls); others get a
    Wayback Machine link.
    """
    parsed = State.from_json(state)
    lines = [f"# {title}", ""] if title else []
    if not report or not report.get("results"):
        lines += ["No link check has run yet. Maintainers: `make links` writes the report."]
        return "\n".join(lines) + "\n"
    tally = counts(report)
    lines += [
        f"Every external link in the handbook is checked weekly. Last check: "
        f"{report['generated'][:10]}, {sum(tally.values())} links.",
        "",
        "| Verdict | Links | Meaning |",
        "| --- | ---: | --- |",
    ]
    lines += [f"| {v} | {tally[v]} | {MEANING[v]} |" for v in VERDICTS]
    lines += ["", "## Health over time", "", *_history(parsed, mermaid)]

    failing = [r for r in report["results"] if r["verdict"] == "broken"]
    broken = [r for r in failing if r["confirmed"]]
    lines += ["", f"## Broken links ({len(broken)})", ""]
    if broken:
        lines += [
            "Each failed on several checks over at least a week. The archived copy is a stand-in.",
            "",
            "| Link | Problem | Failing since | Archive | Used in |",
            "| --- | --- | --- | --- | --- |",
        ]
        for r in broken:
            history = parsed.urls.get(r["url"])
            since = history.first_failed[:10] if history and history.first_failed else "?"
            lines.append(
                f"| `{_cell(r['url'])}` | {reason(r)} | {since} | "
                f"[snapshot]({_cell(archive_link(r['url'], archives or {}))}) | {where(r)} |"
            )
    else:
        lines.append("None.")
    if len(failing) > len(broken):
        # One bad night must not alarm readers: unconfirmed failures are only counted here.
        lines += [
            "",
            f"{len(failing) - len(broken)} more failed the last check but are not confirmed: "
            "a link is called broken only after failing on several runs over a week.",
        ]

    unverifiable = [r for r in report["results"] if r["verdict"] == "unverifiable"]
    lines += ["", f"## Unverifiable links ({len(unverifiable)})", ""]
    if unverifiable:
        lines += [
            "These sites refuse automated checks; they usually work in a browser.",
            "",
            "| Link | Why | Used in |",
            "| --- | --- | --- |",
        ]
        lines += [f"| <{_cell(r['url'])}> | {reason(r)} | {where(r)} |" for r in unverifiable]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"
