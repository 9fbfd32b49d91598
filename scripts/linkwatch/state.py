"""Per-URL history between runs, stored as JSON and replaced atomically."""

from __future__ import annotations

import glob
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from linkwatch.model import VERDICTS, WORKING, Outcome, Verdict

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Record = TypeVar("Record", bound="DataclassInstance")

VERSION: Final = 1
KEEP_CHECKS: Final = 10
KEEP_RUNS: Final = 200
FAILING_RECHECK_DAYS: Final = 1.0
# Field annotations (strings under `from __future__ import annotations`) -> accepted types.
_TYPES: Final[dict[str, tuple[type, ...]]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "int": (int,),
    "int | None": (int, type(None)),
    "bool": (bool,),
    "Verdict": (str,),
    "dict[str, int]": (dict,),
    "tuple[Check, ...]": (tuple,),
}
_DATES: Final = frozenset({"date", "first_seen", "last_checked", "last_ok", "first_failed"})


class StateError(ValueError):
    """The state file is unreadable, not JSON, or not a state this checker wrote."""


def iso(moment: datetime) -> str:
    """Format an aware datetime as ISO 8601 UTC to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """Parse what iso() wrote (and any ISO 8601 with an offset)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass(frozen=True)
class ConfirmRule:
    """A URL is confirmed broken after this many failed runs spanning at least this many days."""

    runs: int = 3
    days: float = 7.0


@dataclass(frozen=True)
class Check:
    """One past result for a URL."""

    date: str
    verdict: Verdict
    status: int | None = None
    error_class: str | None = None
    final_url: str | None = None


@dataclass(frozen=True)
class UrlHistory:
    """Everything remembered about one URL."""

    first_seen: str
    last_checked: str | None = None
    last_ok: str | None = None
    first_failed: str | None = None
    consecutive_failures: int = 0
    confirmed: bool = False
    last: tuple[Check, ...] = ()


@dataclass(frozen=True)
class RunRecord:
    """Counts by verdict for one run, for the health-over-time chart."""

    date: str
    counts: dict[str, int]
    checked: int


@dataclass(frozen=True)
class State:
    """The whole state file."""

    urls: dict[str, UrlHistory] = field(default_factory=dict)
    runs: tuple[RunRecord, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "version": VERSION,
            "runs": [asdict(run) for run in self.runs],
            "urls": {url: asdict(history) for url, history in sorted(self.urls.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> State:
        """Read what to_json wrote; an empty or missing state gives an empty State.

        Anything else raises StateError saying what is wrong, so a foreign or damaged file
        stops the run before it is overwritten instead of failing half-way with a traceback.
        """
        if not data:
            return cls()
        if not isinstance(data, dict):
            raise StateError(f"expected a JSON object, found {type(data).__name__}")
        if data.get("version") != VERSION:
            raise StateError(f"version {data.get('version')!r}, this checker reads {VERSION}")
        urls = {}
        for url, raw in _member(data, "urls", dict).items():
            where = f"urls[{url!r}]"
            checks = tuple(
                _build(Check, check, f"{where}.last[{i}]")
                for i, check in enumerate(_member(_object(raw, where), "last", list, where))
            )
            urls[url] = _build(UrlHistory, {**raw, "last": checks}, where)
        runs = tuple(
            _build(RunRecord, run, f"runs[{i}]")
            for i, run in enumerate(_member(data, "runs", list))
        )
        return cls(urls=urls, runs=runs)


def _object(raw: object, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise StateError(f"{where} should be an object, not {type(raw).__name__}")
    return raw


def _member(raw: dict[str, Any], key: str, kind: type, where: str = "") -> Any:
    """raw[key] when present (default: empty), checked to be of kind."""
    value = raw.get(key, kind())
    if not isinstance(value, kind):
        name = f"{where}.{key}" if where else key
        raise StateError(f"{name} should be a {kind.__name__}, not {type(value).__name__}")
    return value


def _build(cls: type[Record], raw: object, where: str) -> Record:
    """cls(**raw) with every field's type checked, dates parsed and verdicts known."""
    try:
        built = cls(**_object(raw, where))
    except TypeError as error:  # a missing or unknown key
        raise StateError(f"{where}: {error}") from None
    for item in fields(cls):
        value = getattr(built, item.name)
        accepted = _TYPES[str(item.type)]
        wrong_bool = isinstance(value, bool) and bool not in accepted
        if not isinstance(value, accepted) or wrong_bool:
            raise StateError(f"{where}.{item.name} = {value!r} is not {item.type}")
        if item.name in _DATES and isinstance(value, str):
            try:
                parse_iso(value)
            except ValueError:
                raise StateError(f"{where}.{item.name} = {value!r} is not a date") from None
        if item.name == "verdict" and value not in VERDICTS:
            raise StateError(f"{where}.verdict = {value!r} is not a verdict")
    return built


@dataclass(frozen=True)
class Transitions:
    """What changed in this run, for the tracking issue."""

    newly_confirmed: tuple[str, ...] = ()
    recovered: tuple[str, ...] = ()


def load(path: Path | None) -> State:
    """Read the state file, or start empty when there is none.

    Raises StateError, naming the file, when it cannot be used.
    """
    if path is None or not path.exists():
        return State()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):  # from_json would take null or [] as an empty state
            raise StateError(f"expected a JSON object, found {type(data).__name__}")
        return State.from_json(data)
    except StateError as error:
        raise StateError(f"{path}: not a usable link-checker state: {error}") from None
    except UnicodeDecodeError as error:
        raise StateError(f"{path}: not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise StateError(f"{path}: not valid JSON ({error})") from None
    except OSError as error:
        raise StateError(f"{path}: cannot be read ({error.strerror or error})") from None


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
    if last.verdict in WORKING:
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
    """Fold this run's outcomes into the history; skipped URLs are not remembered."""
    stamp = iso(now)
    urls = dict(state.urls)
    confirmed: list[str] = []
    recovered: list[str] = []
    for url, outcome in outcomes.items():
        if outcome.verdict == "skipped":
            continue
        old = urls.get(url) or UrlHistory(first_seen=stamp)
        check = Check(
            stamp, outcome.verdict, outcome.status, outcome.error_class, outcome.final_url
        )
        new = replace(old, last_checked=stamp, last=(*old.last, check)[-KEEP_CHECKS:])
        if outcome.verdict in WORKING:
            if old.consecutive_failures:
                recovered.append(url)
            new = replace(
                new, last_ok=stamp, first_failed=None, consecutive_failures=0, confirmed=False
            )
        elif outcome.verdict == "broken":
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
        # unverifiable neither extends nor breaks a failure streak: we learnt nothing.
        urls[url] = new
    return replace(state, urls=urls), Transitions(tuple(confirmed), tuple(recovered))


def record_run(state: State, outcomes: dict[str, Outcome], now: datetime, checked: int) -> State:
    """Append this run's counts by verdict to the run history."""
    counts: dict[str, int] = {}
    for outcome in outcomes.values():
        counts[outcome.verdict] = counts.get(outcome.verdict, 0) + 1
    run = RunRecord(iso(now), counts, checked)
    return replace(state, runs=(*state.runs, run)[-KEEP_RUNS:])
