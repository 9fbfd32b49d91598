"""The JSON report, the Markdown report for the tracking issue, and the terminal summary."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final
from urllib.parse import quote

from linkwatch.model import VERDICTS, Outcome
from linkwatch.state import State, Transitions, iso

MAX_SOURCES: Final = 5


def build(
    outcomes: dict[str, Outcome], sources: dict[str, list[str]], state: State, now: datetime
) -> dict[str, Any]:
    """The machine-readable report, one result per URL in the order the URLs were found."""
    results = []
    for url, where in sources.items():
        outcome = outcomes[url]
        history = state.urls.get(url)
        results.append(
            {
                "url": url,
                "verdict": outcome.verdict,
                "status": outcome.status,
                "error_class": outcome.error_class,
                "final_url": outcome.final_url,
                "confirmed": bool(history and history.confirmed and outcome.verdict == "broken"),
                "sources": list(where),
            }
        )
    return {"generated": iso(now), "results": results}


def counts(report: dict[str, Any]) -> dict[str, int]:
    """Number of URLs per verdict, every verdict present."""
    tally: dict[str, int] = dict.fromkeys(VERDICTS, 0)
    for result in report["results"]:
        tally[result["verdict"]] = tally.get(result["verdict"], 0) + 1
    return tally


def archive_link(url: str, archives: dict[str, str]) -> str:
    """The resource's own archive_url, else the Wayback Machine's list of snapshots."""
    return archives.get(url) or f"https://web.archive.org/web/*/{quote(url, safe=':/?&=%#+@,;~')}"


def where(result: dict[str, Any]) -> str:
    """Sources as short inline code, at most MAX_SOURCES of them."""
    shown = [f"`{s}`" for s in result["sources"][:MAX_SOURCES]]
    more = len(result["sources"]) - MAX_SOURCES
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def reason(result: dict[str, Any]) -> str:
    """HTTP status and error class, e.g. '404 http_status' or 'dns'."""
    parts = [str(result["status"])] if result["status"] is not None else []
    if result["error_class"]:
        parts.append(result["error_class"])
    return " ".join(parts) or "unknown"


def _date(text: str | None) -> str:
    return text[:10] if text else "?"


def render_markdown(
    report: dict[str, Any],
    state: State,
    transitions: Transitions,
    archives: dict[str, str] | None = None,
) -> str:
    """Markdown for humans and for the tracking issue."""
    archives = archives or {}
    by_url = {r["url"]: r for r in report["results"]}
    tally = counts(report)
    lines = [f"## Link check, {report['generated']}", "", "| Verdict | URLs |", "| --- | ---: |"]
    lines += [f"| {verdict} | {n} |" for verdict, n in tally.items()]

    def broken_line(result: dict[str, Any]) -> str:
        history = state.urls.get(result["url"])
        since = _date(history.first_failed if history else None)
        archive = archive_link(result["url"], archives)
        return (
            f"- `{result['url']}`: {reason(result)}, failing since {since}, "
            f"[archive]({archive}); used in {where(result)}"
        )

    new = [by_url[u] for u in transitions.newly_confirmed if u in by_url]
    still = [
        r
        for r in report["results"]
        if r["confirmed"] and r["url"] not in transitions.newly_confirmed
    ]
    pending = [r for r in report["results"] if r["verdict"] == "broken" and not r["confirmed"]]
    sections: list[tuple[str, list[str]]] = [
        ("Newly confirmed broken", [broken_line(r) for r in new]),
        ("Still broken", [broken_line(r) for r in still]),
        ("Failing, not yet confirmed", [broken_line(r) for r in pending]),
        (
            "Suggested URL updates (permanent redirects)",
            [
                f"- `{r['url']}` → `{r['final_url']}`; used in {where(r)}"
                for r in report["results"]
                if r["verdict"] == "redirected"
            ],
        ),
        (
            "Recovered",
            [f"- `{u}`; used in {where(by_url[u])}" for u in transitions.recovered if u in by_url],
        ),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"### {title} ({len(items)})", "", *items]
    unverifiable = [r for r in report["results"] if r["verdict"] == "unverifiable"]
    if unverifiable:
        lines += [
            "",
            "<details><summary>Unverifiable: the site blocks checkers, rate-limits or is "
            f"unavailable ({len(unverifiable)})</summary>",
            "",
            *[f"- `{r['url']}`: {reason(r)}; used in {where(r)}" for r in unverifiable],
            "",
            "</details>",
        ]
    return "\n".join(lines) + "\n"


def summary(report: dict[str, Any]) -> str:
    """A few lines for the terminal: counts, then each broken URL with where it is used."""
    tally = counts(report)
    lines = ["  ".join(f"{verdict}: {n}" for verdict, n in tally.items())]
    for result in report["results"]:
        if result["verdict"] == "broken":
            flag = " (confirmed)" if result["confirmed"] else ""
            lines.append(f"broken{flag}: {result['url']} [{reason(result)}] in {where(result)}")
    return "\n".join(lines)
