"""Engine settings, per-host overrides from hosts.toml, and the rules for skipping a URL."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from linkwatch import model
from linkwatch.addresses import is_local_url

DEFAULT_CONFIG: Final = Path(__file__).with_name("hosts.toml")
# Browser-like: many sites answer 403 to anything that looks like a bot or a script.
BROWSER_UA: Final = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
SKIPPED_SCHEMES: Final = frozenset(
    {"mailto", "tel", "data", "javascript", "ftp", "file", "irc", "news"}
)
EXAMPLE_DOMAINS: Final = ("example.com", "example.org", "example.net", "example")


class ConfigError(ValueError):
    """hosts.toml has an unknown key or a value of the wrong type."""


@dataclass(frozen=True)
class Settings:
    """Engine-wide limits; every value can be set under [defaults] in hosts.toml."""

    per_host: int = 2
    min_interval: float = 0.0
    global_limit: int = 50
    timeout: float = 20.0
    head_timeout: float = 8.0
    connect_timeout: float = 10.0
    deadline: float = 60.0
    retries: int = 2
    backoff: float = 0.5
    retry_after_cap: float = 120.0
    max_redirects: int = 10
    max_read: int = 64 * 1024
    user_agent: str = BROWSER_UA


@dataclass(frozen=True)
class HostPolicy:
    """Resolved rules for one host: defaults overlaid with its hosts.toml entry."""

    skip: bool = False
    accept: frozenset[int] = frozenset()
    get_only: bool = False
    timeout: float = 20.0
    per_host: int = 2
    min_interval: float = 0.0


@dataclass(frozen=True)
class Config:
    """Settings plus the per-host table, keyed by host name (which also covers its subdomains)."""

    settings: Settings = field(default_factory=Settings)
    hosts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def for_host(self, host: str) -> HostPolicy:
        """Return the policy for host, using the most specific matching entry."""
        base = HostPolicy(
            timeout=self.settings.timeout,
            per_host=self.settings.per_host,
            min_interval=self.settings.min_interval,
        )
        host = host.lower().rstrip(".")
        matches = [k for k in self.hosts if host == k or host.endswith("." + k)]
        if not matches:
            return base
        entry = self.hosts[max(matches, key=len)]
        values = dict(entry)
        if "accept" in values:
            values["accept"] = frozenset(values["accept"])
        return replace(base, **values)


_SETTING_TYPES: Final = {f.name: f.type for f in fields(Settings)}
_HOST_TYPES: Final = {
    "skip": "bool",
    "accept": "list[int]",
    "get_only": "bool",
    "timeout": "float",
    "per_host": "int",
    "min_interval": "float",
}


def _check_type(value: object, kind: str) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and value > 0
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
    if kind == "str":
        return isinstance(value, str)
    if kind == "list[int]":
        return isinstance(value, list) and all(
            isinstance(v, int) and 100 <= v <= 999 for v in value
        )
    return False


def load_config(path: Path | None = None, **overrides: Any) -> Config:
    """Read hosts.toml (default when path is None); keyword overrides win over [defaults]."""
    path = DEFAULT_CONFIG if path is None else path
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    errors: list[str] = []
    for key in data:
        if key not in ("defaults", "hosts"):
            errors.append(f"{path}: unknown table [{key}] (allowed: defaults, hosts)")
    defaults = data.get("defaults", {})
    for key, value in defaults.items():
        kind = _SETTING_TYPES.get(key)
        if kind is None:
            errors.append(
                f"{path}: [defaults] unknown key {key!r} (allowed: {', '.join(_SETTING_TYPES)})"
            )
        elif not _check_type(value, str(kind)):
            errors.append(f"{path}: [defaults] {key} = {value!r} is not a valid {kind}")
    hosts: dict[str, dict[str, Any]] = {}
    for host, entry in data.get("hosts", {}).items():
        for key, value in entry.items():
            kind = _HOST_TYPES.get(key)
            if kind is None:
                errors.append(
                    f"{path}: [hosts.{host!r}] unknown key {key!r}"
                    f" (allowed: {', '.join(_HOST_TYPES)})"
                )
            elif not _check_type(value, kind):
                errors.append(f"{path}: [hosts.{host!r}] {key} = {value!r} is not a valid {kind}")
        hosts[host.lower().rstrip(".")] = dict(entry)
    if errors:
        raise ConfigError("\n".join(errors))
    settings = replace(
        Settings(), **defaults, **{k: v for k, v in overrides.items() if v is not None}
    )
    return Config(settings=settings, hosts=hosts)


def skip_reason(url: str, config: Config, *, allow_local: bool) -> str | None:
    """Return why url must not be requested (an error_class), or None to check it."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None  # the engine reports it as invalid_url
    scheme = parts.scheme.lower()
    if scheme in SKIPPED_SCHEMES or (scheme and scheme not in ("http", "https")):
        return model.SKIP_SCHEME
    if any(host == d or host.endswith("." + d) for d in EXAMPLE_DOMAINS):
        return model.SKIP_EXAMPLE
    if not allow_local and is_local_url(url):
        return model.SKIP_LOCAL
    if host and config.for_host(host).skip:
        return model.SKIP_CONFIG
    return None
