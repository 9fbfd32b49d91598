"""What the scheduled link checker last found, read once per build for the renderers."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from handbook.linkdata import LinkDataError, Report, State, read_report, read_state
from handbook.render.items import LinkInfo

ROOT = Path(__file__).resolve().parents[2]
# `make links` writes these; the Pages workflow restores them from the link-state branch.
DEFAULT_REPORT = ROOT / ".cache" / "links-report.json"
DEFAULT_STATE = ROOT / ".cache" / "links-state.json"


@dataclass(frozen=True)
class LinkHealth:
    """The latest report (None before the first check), the state, and per-URL facts."""

    report: Report | None = None
    state: State = field(default_factory=State)
    links: dict[str, LinkInfo] = field(default_factory=dict)


def link_facts(report: Report | None, state: State) -> dict[str, LinkInfo]:
    """Per-URL facts for resource pages: when each URL last worked, and whether it is broken.

    Broken is confirmed for URLs in the latest report only: a URL the handbook no longer uses
    keeps its history, but no page shows it.
    """
    links = {url: LinkInfo(last_ok=h.last_ok[:10]) for url, h in state.urls.items() if h.last_ok}
    for result in report.results if report else ():
        history = state.urls.get(result.url)
        if result.confirmed or (history and history.confirmed):
            links[result.url] = LinkInfo(links.get(result.url, LinkInfo()).last_ok, True)
    return links


def load_link_health(report_path: Path | None = None, state_path: Path | None = None) -> LinkHealth:
    """Read $HANDBOOK_LINK_REPORT / $HANDBOOK_LINK_STATE (defaults under .cache/).

    A missing or damaged file (or one from an incompatible version) means no verdicts.
    """
    report_path = report_path or Path(os.environ.get("HANDBOOK_LINK_REPORT") or DEFAULT_REPORT)
    state_path = state_path or Path(os.environ.get("HANDBOOK_LINK_STATE") or DEFAULT_STATE)
    try:
        report = read_report(report_path)
    except LinkDataError:
        report = None
    try:
        state = read_state(state_path)
    except LinkDataError:
        state = State()
    return LinkHealth(report, state, link_facts(report, state))
