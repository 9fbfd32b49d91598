"""Per-URL history between runs: folding a run into it, and saving it atomically.

The file's format and its one reader (`read_state`) are in handbook/linkdata.py, which the site
build shares.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from handbook.linkdata import Check, RunRecord, State, UrlHistory, iso, parse_iso
from linkwatch.model import Outcome

KEEP_CHECKS: Final = 10
KEEP_RUNS: Final = 200
FAILING_RECHECK_DAYS: Final = 1.0


@dataclass(frozen=True)
class ConfirmRule:
    """A URL is confirmed broken after this many failed runs spanning at least this many days."""

    runs: int = 3
    days: float = 7.0


@dataclass(frozen=True)
class Transitions:
    """What changed in this run, for the tracking issue."""

    newly_confirmed: tuple[str, ...] = ()
    recovered: tuple[str, ...] = ()


def stale_temporaries(path: Path) -> list[Path]:
    """Temporary files a save killed before its os.replace left next to path."""
    pattern = glob.escape(str(path.parent / f".{path.name}.")) + "*.tmp"
    found = [Path(p) for p in glob.glob(pattern)]
    plain = path.with_name(f"{path.name}.tmp")  # the simpler name other writers use
    return [*found, plain] if plain.exists() else found


def save(state: State, path: Path) -> None:
    """Write through a temporary file and os.replace, so a killed run keeps the old state.

    A run is never concurrent with another on the same state (the workflow serialises them),
    so any temporary file already there is a leftover of a killed save: it is removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in stale_temporaries(path):
        stale.unlink(missing_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(state.to_json(), indent=1) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def is_fresh(state: State, url: str, now: datetime, max_age_days: float | None) -> bool:
    """True when url's last result may be reused instead of requesting it again.

    A URL verified working less than max_age_days ago is fresh. A failing one is re-checked at
    most once a day, so a re-run the same day sends nothing and cannot add a second failed run
    towards confirmation.
    """
    history = state.urls.get(url)
    if max_age_days is None or history is None or not history.last:
        return False
    last = history.last[-1]
    if last.verdict.working:
        limit = timedelta(days=max_age_days)
    else:
        limit = timedelta(days=min(max_age_days, FAILING_RECHECK_DAYS))
    return now - parse_iso(last.date) < limit


def cached_outcome(state: State, url: str) -> Outcome:
    """The last recorded result for url, reused when it is fresh."""
    check = state.urls[url].last[-1]
    return Outcome(url, check.verdict, check.status, check.error_class, check.final_url)


def update(
    state: State, outcomes: dict[str, Outcome], now: datetime, rule: ConfirmRule
) -> tuple[State, Transitions]:
    """Fold this run's outcomes into the history; URLs not checked (skipped) are not kept."""
    stamp = iso(now)
    urls = dict(state.urls)
    confirmed: list[str] = []
    recovered: list[str] = []
    for url, outcome in outcomes.items():
        if not outcome.verdict.checked:
            continue
        old = urls.get(url) or UrlHistory(first_seen=stamp)
        check = Check(
            stamp, outcome.verdict, outcome.status, outcome.error_class, outcome.final_url
        )
        new = replace(old, last_checked=stamp, last=(*old.last, check)[-KEEP_CHECKS:])
        if outcome.verdict.working:
            if old.consecutive_failures:
                recovered.append(url)
            new = replace(
                new, last_ok=stamp, first_failed=None, consecutive_failures=0, confirmed=False
            )
        elif outcome.verdict.confirmable:
            first_failed = old.first_failed or stamp
            failures = old.consecutive_failures + 1
            span = now - parse_iso(first_failed)
            is_confirmed = failures >= rule.runs and span >= timedelta(days=rule.days)
            if is_confirmed and not old.confirmed:
                confirmed.append(url)
            new = replace(
                new,
                first_failed=first_failed,
                consecutive_failures=failures,
                confirmed=is_confirmed,
            )
        # An inconclusive verdict neither extends nor breaks a failure streak: we learnt nothing.
        urls[url] = new
    return replace(state, urls=urls), Transitions(tuple(confirmed), tuple(recovered))


def record_run(state: State, outcomes: dict[str, Outcome], now: datetime, checked: int) -> State:
    """Append this run's counts by verdict to the run history."""
    counts: dict[str, int] = {}
    for outcome in outcomes.values():
        counts[outcome.verdict.value] = counts.get(outcome.verdict.value, 0) + 1
    run = RunRecord(iso(now), counts, checked)
    return replace(state, runs=(*state.runs, run)[-KEEP_RUNS:])
