"""axe-core in the browser tests: serious and critical violations, in both colour schemes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hb_browser import Tab, scheme_of, use_scheme

BLOCKING = ("serious", "critical")


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:5]]
        lines.append(
            f"- {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes) e.g. {targets}"
        )
    return "\n".join(lines)


def axe_violations(tab: Tab, axe_source: Path, within: str = "document") -> list[dict[str, Any]]:
    """The blocking violations axe finds in the page as it is now (`within`: a JS expression
    for the element to check)."""
    page = tab.page
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_source))
    result: dict[str, Any] = page.evaluate(f"axe.run({within}, {{resultTypes: ['violations']}})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def assert_axe_clean_in_both_schemes(
    tab: Tab, axe_source: Path, label: str, within: str = "document", shot: bool = True
) -> None:
    """axe on the loaded page in the dark scheme it opened in, then switched to light.

    The tab must have been opened dark: that a first visit follows the system's dark
    preference is checked here too. Both schemes are checked before failing, so one report
    names every problem; a screenshot of each is kept as an artifact.
    """
    assert scheme_of(tab.page) == "dark", "a tab in the dark system scheme opens dark"
    failures = []
    for scheme in ("dark", "light"):
        use_scheme(tab.page, scheme)
        bad = axe_violations(tab, axe_source, within)
        if shot:
            tab.shot(scheme)
        if bad:
            failures.append(f"{label} ({scheme}):\n{describe(bad)}")
    assert not failures, "\n".join(failures)
