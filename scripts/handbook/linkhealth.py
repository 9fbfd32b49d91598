"""What the scheduled link checker last found, in the form the renderers need."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.render.items import LinkInfo
from linkwatch.health_page import confirmed_broken, last_verified, render_link_health

ROOT = Path(__file__).resolve().parents[2]
# `make links` writes these; the Pages workflow restores them from the link-state branch.
DEFAULT_REPORT = ROOT / ".cache" / "links-report.json"
DEFAULT_STATE = ROOT / ".cache" / "links-state.json"


@dataclass(frozen=True)
class LinkHealth:
    """The latest report and state (either may be missing) and per-URL facts derived from them."""

    report: dict[str, Any] | None = None
    state: dict[str, Any] | None = None
    links: dict[str, LinkInfo] = field(default_factory=dict)

    def page(self) -> str:
        """Markdown of the "Link health" page."""
        return render_link_health(self.report, self.state)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # no check has run here yet, or the file is damaged: show no verdicts
    return data if isinstance(data, dict) else None


def load_link_health(report_path: Path | None = None,
                     state_path: Path | None = None) -> LinkHealth:
    """Read $HANDBOOK_LINK_REPORT / $HANDBOOK_LINK_STATE (defaults under .cache/)."""
    report = _read_json(report_path or Path(os.environ.get("HANDBOOK_LINK_REPORT")
                                            or DEFAULT_REPORT))
    state = _read_json(state_path or Path(os.environ.get("HANDBOOK_LINK_STATE")
                                          or DEFAULT_STATE))
    try:
        verified = last_verified(state)
        broken = confirmed_broken(state)
    except (TypeError, KeyError, ValueError):  # a state file from an incompatible version
        state, verified, broken = None, {}, set()
    links: dict[str, LinkInfo] = {}
    for result in (report or {}).get("results", []):
        url = result.get("url")
        if isinstance(url, str):
            links[url] = LinkInfo(verdict=str(result.get("verdict")), last_ok=verified.get(url),
                                  confirmed_broken=url in broken or bool(result.get("confirmed")),
                                  final_url=result.get("final_url"))
    for url, day in verified.items():
        links.setdefault(url, LinkInfo(verdict="ok", last_ok=day))
    return LinkHealth(report, state, links)
