"""The link checker's two files as typed data: the report (the latest verdict for each URL) and
the state (each URL's history and the counts of past runs).

scripts/linkwatch writes both; the checker and the site build read them with the one reader
each has here (`read_report`, `read_state`), so neither file is parsed anywhere else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import quote

from handbook.verdicts import Verdict

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Record = TypeVar("Record", bound="DataclassInstance")

VERSION: Final = 1
MAX_SOURCES: Final = 5
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
    "tuple[LinkResult, ...]": (tuple,),
    "tuple[str, ...]": (list, tuple),
}
_DATES: Final = frozenset(
    {"generated", "date", "first_seen", "last_checked", "last_ok", "first_failed"}
)


class LinkDataError(ValueError):
    """A report or state file is unreadable, not JSON, or not one this checker wrote."""


def iso(moment: datetime) -> str:
    """Format an aware datetime as ISO 8601 UTC to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """Parse what iso() wrote (and any ISO 8601 with an offset)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def archive_link(url: str, archives: Mapping[str, str]) -> str:
    """The resource's own archive_url, else the Wayback Machine's list of snapshots."""
    return archives.get(url) or f"https://web.archive.org/web/*/{quote(url, safe=':/?&=%#+@,;~')}"


@dataclass(frozen=True)
class LinkResult:
    """One URL in the report: its verdict in the latest run and where the handbook uses it."""

    url: str
    verdict: Verdict
    status: int | None = None
    error_class: str | None = None
    final_url: str | None = None
    confirmed: bool = False  # failing, on enough runs over enough days to be called broken
    sources: tuple[str, ...] = ()  # "path:line" of each use

    @property
    def reason(self) -> str:
        """HTTP status and error class, e.g. '404 http_status' or 'dns'."""
        parts = [str(self.status)] if self.status is not None else []
        if self.error_class:
            parts.append(self.error_class)
        return " ".join(parts) or "unknown"

    def where(self) -> str:
        """Sources as short inline code, at most MAX_SOURCES of them (both reports use it)."""
        shown = [f"`{s}`" for s in self.sources[:MAX_SOURCES]]
        more = len(self.sources) - MAX_SOURCES
        return ", ".join(shown) + (f" and {more} more" if more > 0 else "")

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "url": self.url,
            "verdict": self.verdict.value,
            "status": self.status,
            "error_class": self.error_class,
            "final_url": self.final_url,
            "confirmed": self.confirmed,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class Report:
    """The machine-readable report of one run, one result per URL in the order found."""

    generated: str
    results: tuple[LinkResult, ...] = ()

    def counts(self) -> dict[Verdict, int]:
        """Number of URLs per verdict, every verdict present, in registry order."""
        tally = dict.fromkeys(Verdict, 0)
        for result in self.results:
            tally[result.verdict] += 1
        return tally

    def having(self, verdict: Verdict) -> list[LinkResult]:
        """Results with this verdict, in report order."""
        return [r for r in self.results if r.verdict is verdict]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {"generated": self.generated, "results": [r.to_json() for r in self.results]}

    @classmethod
    def from_json(cls, data: object) -> Report:
        """Read what to_json wrote; raises LinkDataError saying what is wrong."""
        raw = _object(data, "the report")
        results = tuple(
            _build(LinkResult, result, f"results[{i}]")
            for i, result in enumerate(_member(raw, "results", list))
        )
        return _build(cls, {**raw, "results": results}, "report")


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

        Anything else raises LinkDataError saying what is wrong, so a foreign or damaged file
        stops the run before it is overwritten instead of failing half-way with a traceback.
        """
        if not data:
            return cls()
        if not isinstance(data, dict):
            raise LinkDataError(f"expected a JSON object, found {type(data).__name__}")
        if data.get("version") != VERSION:
            raise LinkDataError(f"version {data.get('version')!r}, this checker reads {VERSION}")
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
        raise LinkDataError(f"{where} should be an object, not {type(raw).__name__}")
    return raw


def _member(raw: dict[str, Any], key: str, kind: type, where: str = "") -> Any:
    """raw[key] when present (default: empty), checked to be of kind."""
    value = raw.get(key, kind())
    if not isinstance(value, kind):
        name = f"{where}.{key}" if where else key
        raise LinkDataError(f"{name} should be a {kind.__name__}, not {type(value).__name__}")
    return value


def _build(cls: type[Record], raw: object, where: str) -> Record:
    """cls(**raw) with every field's type checked, dates parsed and verdicts known."""
    try:
        built = cls(**_object(raw, where))
    except TypeError as error:  # a missing or unknown key
        raise LinkDataError(f"{where}: {error}") from None
    converted: dict[str, Any] = {}
    for item in fields(cls):
        value = getattr(built, item.name)
        accepted = _TYPES[str(item.type)]
        wrong_bool = isinstance(value, bool) and bool not in accepted
        if not isinstance(value, accepted) or wrong_bool:
            raise LinkDataError(f"{where}.{item.name} = {value!r} is not {item.type}")
        if item.name in _DATES and isinstance(value, str):
            try:
                parse_iso(value)
            except ValueError:
                raise LinkDataError(f"{where}.{item.name} = {value!r} is not a date") from None
        if item.type == "Verdict":
            if value not in Verdict.__members__.values():
                raise LinkDataError(f"{where}.{item.name} = {value!r} is not a verdict")
            converted[item.name] = Verdict(value)
        if item.type == "tuple[str, ...]":
            if not all(isinstance(part, str) for part in value):
                raise LinkDataError(f"{where}.{item.name} = {value!r} is not {item.type}")
            converted[item.name] = tuple(value)
    return replace(built, **converted) if converted else built


def _read_object(path: Path, what: str) -> dict[str, Any]:
    """The JSON object in path; LinkDataError, naming the file, when there is none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise LinkDataError(f"{path}: not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise LinkDataError(f"{path}: not valid JSON ({error})") from None
    except OSError as error:
        raise LinkDataError(f"{path}: cannot be read ({error.strerror or error})") from None
    if not isinstance(data, dict):  # from_json would take null or [] as empty
        raise LinkDataError(
            f"{path}: not a usable {what}: expected a JSON object, found {type(data).__name__}"
        )
    return data


def read_state(path: Path | None) -> State:
    """Read the state file, or start empty when there is none.

    Raises LinkDataError, naming the file, when it cannot be used.
    """
    if path is None or not path.exists():
        return State()
    data = _read_object(path, "link-checker state")
    try:
        return State.from_json(data)
    except LinkDataError as error:
        raise LinkDataError(f"{path}: not a usable link-checker state: {error}") from None


def read_report(path: Path) -> Report | None:
    """Read a JSON report; None when there is none yet.

    Raises LinkDataError, naming the file, when it cannot be used.
    """
    if not path.exists():
        return None
    data = _read_object(path, "link-checker report")
    try:
        return Report.from_json(data)
    except LinkDataError as error:
        raise LinkDataError(f"{path}: not a usable link-checker report: {error}") from None
