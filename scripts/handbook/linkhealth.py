"""What the scheduled link checker last found, read once per build for the renderers."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from handbook.linkdata import LinkDataError, Report, State, read_report, read_state
from handbook.render.items import LinkInfo
from handbook.render.link_health import link_health_page

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

    def page(self) -> str:
        """Markdown of the "Link health" page."""
        return link_health_page(self.report, self.state, {})


def link_facts(report: Report | None, state: State) -> dict[str, LinkInfo]:
    """Per-URL facts for resource pages: when each URL last worked, and whether it is broken."""
    verified = {url: h.last_ok[:10] for url, h in state.urls.items() if h.last_ok}
    links: dict[str, LinkInfo] = {}
    for result in report.results if report else ():
        history = state.urls.get(result.url)
        links[result.url] = LinkInfo(
            verdict=result.verdict.value,
            last_ok=verified.get(result.url),
            confirmed_broken=bool(history and history.confirmed) or result.confirmed,
            final_url=result.final_url,
        )
    for url, day in verified.items():
        links.setdefault(url, LinkInfo(verdict="ok", last_ok=day))
    return links


def load_link_health(report_path: Path | None = None,
                     state_path: Path | None = None) -> LinkHealth:
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
