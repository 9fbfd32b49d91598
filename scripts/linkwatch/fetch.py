"""Async HTTP engine: HEAD first, polite per-host limits, retries, redirects, bounded reads."""

from __future__ import annotations

import asyncio
import email.utils
import errno
import random
import re
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Final
from urllib.parse import urldefrag, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from linkwatch import model
from linkwatch.model import Outcome
from linkwatch.policy import Config, HostPolicy

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
Progress = Callable[[Outcome], None]

REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
PERMANENT: Final = frozenset({301, 308})
SERVER_ERRORS: Final = frozenset({500, 502, 503, 504})
RETRY_STATUSES: Final = SERVER_ERRORS | {429}
# Statuses a HEAD answer may give only because the server mishandles HEAD: confirm with GET.
HEAD_DOUBTFUL: Final = frozenset({400, 401, 403, 404, 405, 406, 409, 410, 418, 501, 999})
GONE: Final = frozenset({404, 410})
BOT_HEADERS: Final = (
    "cf-mitigated",
    "cf-chl-bypass",
    "x-amzn-waf-action",
    "x-datadome",
    "x-sucuri-block",
)
BOT_SERVERS: Final = ("cloudflare", "ddos-guard", "akamaighost", "sucuri")
LOGIN_PATH: Final = re.compile(
    r"/(log-?in|sign-?in|signin|auth|sso|session|accounts/login|users/sign_in)\b", re.IGNORECASE
)


@dataclass
class Stats:
    """Requests actually sent, for the benchmark and the warm-run check."""

    head: int = 0
    get: int = 0

    @property
    def requests(self) -> int:
        """Total requests sent."""
        return self.head + self.get


@dataclass(frozen=True)
class Hop:
    """The answer to one request in a redirect chain, or why there was none."""

    status: int | None
    location: str | None = None
    error_class: str | None = None
    bot_marker: bool = False
    set_cookie: bool = False


@dataclass
class _Host:
    """Mutable per-host politeness state shared by all URLs on that host."""

    policy: HostPolicy
    semaphore: asyncio.Semaphore
    next_start: float = 0.0
    blocked_until: float = 0.0
    gave_up_until: float = 0.0
    get_first: bool = False
    # One GET per host checks whether its HEAD 404s can be believed (see _head_probe).
    head_probe: asyncio.Task[bool] | None = None


class _Failure(Exception):
    """A request failed without an HTTP answer."""

    def __init__(self, error_class: str, *, transient: bool) -> None:
        super().__init__(error_class)
        self.error_class = error_class
        self.transient = transient


class _HeadGaveUp(Exception):
    """HEAD hung: fall back to GET instead of counting a retry."""


class Resolver(AbstractResolver):
    """System resolver that fails .invalid at once (RFC 6761) and accepts static overrides."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._system: AbstractResolver | None = None

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve host, never asking the network about reserved .invalid names."""
        name = host.lower().rstrip(".")
        if name == "invalid" or name.endswith(".invalid"):
            raise OSError(socket.EAI_NONAME, f"{host} is reserved and never resolves")
        if name in self._overrides:
            address = self._overrides[name]
            return [
                ResolveResult(
                    hostname=host,
                    host=address,
                    port=port,
                    family=socket.AF_INET,
                    proto=0,
                    flags=socket.AI_NUMERICHOST,
                )
            ]
        if self._system is None:
            self._system = aiohttp.ThreadedResolver()
        return await self._system.resolve(host, port, family)

    async def close(self) -> None:
        """Release the system resolver."""
        if self._system is not None:
            await self._system.close()


def parse_retry_after(value: str | None, now_epoch: float) -> float | None:
    """Seconds to wait from Retry-After (seconds or HTTP-date); None when absent or garbage."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now_epoch)


def host_key(url: str) -> str:
    """Politeness applies per server, so host and port together."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def _classify_exception(exc: BaseException) -> _Failure:
    """Map aiohttp and socket errors to one error class each."""
    if isinstance(
        exc, (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError, ssl.SSLError)
    ):
        return _Failure(model.TLS, transient=False)
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return _Failure(model.DNS, transient=False)
    if isinstance(exc, aiohttp.ClientConnectorError):
        os_error = exc.os_error
        if isinstance(os_error, socket.gaierror):
            return _Failure(model.DNS, transient=False)
        if os_error.errno == errno.ECONNREFUSED or isinstance(os_error, ConnectionRefusedError):
            return _Failure(model.REFUSED, transient=False)
        if isinstance(os_error, ssl.SSLError):
            return _Failure(model.TLS, transient=False)
        return _Failure(model.CONNECTION, transient=True)
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        return _Failure(model.TIMEOUT, transient=True)
    if isinstance(
        exc,
        (
            aiohttp.ServerDisconnectedError,
            aiohttp.ClientPayloadError,
            ConnectionResetError,
            aiohttp.ClientOSError,
        ),
    ):
        return _Failure(model.RESET, transient=True)
    if isinstance(exc, (aiohttp.InvalidURL, ValueError)):
        return _Failure(model.INVALID_URL, transient=False)
    return _Failure(model.CONNECTION, transient=True)


def _bot_marker(headers: dict[str, str] | None, status: int) -> bool:
    """True when an error answer carries the signature of a bot-protection layer."""
    if headers is None or status not in (403, 429, 503):
        return False
    lowered = {k.lower(): v.lower() for k, v in headers.items()}
    if any(name in lowered for name in BOT_HEADERS):
        return True
    return status == 403 and any(s in lowered.get("server", "") for s in BOT_SERVERS)


class Checker:
    """Checks many URLs concurrently; one instance per run keeps per-host state."""

    def __init__(
        self,
        config: Config,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        epoch: Callable[[], float] = time.time,
        resolver_overrides: dict[str, str] | None = None,
        progress: Progress | None = None,
        verify: Iterable[str] = (),
    ) -> None:
        self.config = config
        self.settings = config.settings
        self.stats = Stats()
        self._clock = clock
        self._sleep = sleep
        self._epoch = epoch
        self._overrides = resolver_overrides
        self._progress = progress
        # URLs already failing in earlier runs: a HEAD 404 alone never extends their streak.
        self._verify = {urldefrag(url).url for url in verify}
        self._hosts: dict[str, _Host] = {}
        self._hops: dict[str, asyncio.Future[Hop]] = {}
        self._global = asyncio.Semaphore(self.settings.global_limit)
        self._session: aiohttp.ClientSession | None = None

    async def run(self, urls: Iterable[str]) -> dict[str, Outcome]:
        """Check each distinct URL once and return its outcome."""
        unique = list(dict.fromkeys(urls))
        connector = aiohttp.TCPConnector(
            limit=self.settings.global_limit,
            limit_per_host=0,
            resolver=Resolver(self._overrides),
            ttl_dns_cache=600,
        )
        headers = {
            "User-Agent": self.settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "en-US,en;q=0.9",
        }
        # auto_decompress off: the body is never parsed, and a gzip bomb then costs nothing.
        async with aiohttp.ClientSession(
            connector=connector,
            headers=headers,
            auto_decompress=False,
            cookie_jar=aiohttp.CookieJar(unsafe=True),
        ) as session:
            self._session = session
            outcomes = await asyncio.gather(*(self._check_reported(url) for url in unique))
        self._session = None
        return {outcome.url: outcome for outcome in outcomes}

    async def _check_reported(self, url: str) -> Outcome:
        outcome = await self.check(url)
        if self._progress is not None:
            self._progress(outcome)
        return outcome

    def _host(self, url: str) -> _Host:
        key = host_key(url)
        host = self._hosts.get(key)
        if host is None:
            policy = self.config.for_host(urlsplit(url).hostname or "")
            host = _Host(
                policy=policy,
                semaphore=asyncio.Semaphore(policy.per_host),
                get_first=policy.get_only,
            )
            self._hosts[key] = host
        return host

    async def check(self, url: str) -> Outcome:
        """Follow url's redirect chain and turn the last answer into a verdict."""
        try:
            URL(url)
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
                raise ValueError(url)
        except ValueError:
            return Outcome(url, "broken", error_class=model.INVALID_URL)
        fragment = urldefrag(url).fragment
        current = urldefrag(url).url
        visited = [current]
        suggested: str | None = None
        still_permanent = True
        fresh = False
        for _ in range(self.settings.max_redirects + 1):
            hop = await self._hop(current, fresh=fresh)
            fresh = False
            if hop.error_class is not None and hop.status is None:
                return Outcome(
                    url, "broken", None, hop.error_class, current if len(visited) > 1 else None
                )
            if hop.status in REDIRECTS and not hop.error_class:
                if not hop.location:
                    return Outcome(url, "broken", hop.status, model.REDIRECT_NO_LOCATION)
                try:
                    target = urldefrag(str(URL(current).join(URL(hop.location)))).url
                except ValueError:
                    return Outcome(url, "broken", hop.status, model.BAD_REDIRECT)
                if urlsplit(target).scheme not in ("http", "https"):
                    return Outcome(url, "broken", hop.status, model.BAD_REDIRECT, target)
                if target in visited:
                    # A site may set a cookie and redirect to itself once; only a repeat is a loop.
                    if not hop.set_cookie or visited.count(target) > 1:
                        return Outcome(url, "broken", hop.status, model.REDIRECT_LOOP, target)
                    fresh = True
                if hop.status in PERMANENT and still_permanent:
                    suggested = target
                else:
                    still_permanent = False
                visited.append(target)
                current = target
                continue
            return self._verdict(url, hop, visited, suggested, fragment)
        return Outcome(url, "broken", None, model.TOO_MANY_REDIRECTS, current)

    def _verdict(
        self, url: str, hop: Hop, visited: list[str], suggested: str | None, fragment: str
    ) -> Outcome:
        status = hop.status
        assert status is not None
        final = visited[-1] if len(visited) > 1 else None
        policy = self._host(visited[-1]).policy
        if hop.error_class is not None:  # gave up on a rate limit
            return Outcome(url, "unverifiable", status, hop.error_class, final)
        if 200 <= status < 300 or status == 304 or status in policy.accept:
            if final is not None and LOGIN_PATH.search(urlsplit(final).path):
                return Outcome(url, "unverifiable", status, model.LOGIN_REDIRECT, final)
            if suggested is not None:
                target = (
                    f"{suggested}#{fragment}" if fragment and "#" not in suggested else suggested
                )
                return Outcome(url, "redirected", status, None, target)
            return Outcome(url, "ok", status, None, final)
        if status == 999 or hop.bot_marker:
            return Outcome(url, "unverifiable", status, model.BOT_PROTECTION, final)
        if status == 429:
            return Outcome(url, "unverifiable", status, model.RATE_LIMITED, final)
        if status == 401:
            return Outcome(url, "unverifiable", status, model.AUTH_REQUIRED, final)
        return Outcome(url, "broken", status, model.HTTP_STATUS, final)

    async def _hop(self, url: str, *, fresh: bool = False) -> Hop:
        """One link of a chain; concurrent and repeated asks for the same URL share one answer."""
        if fresh:
            return await self._fetch_hop(url)
        future = self._hops.get(url)
        if future is None:
            future = asyncio.ensure_future(self._fetch_hop(url))
            self._hops[url] = future
        return await asyncio.shield(future)

    async def _fetch_hop(self, url: str) -> Hop:
        host = self._host(url)
        settings = self.settings
        # Real time: the deadline bounds this URL's own work, not its waiting for a turn.
        budget_end = time.monotonic() + settings.deadline
        failures = 0
        use_get = host.get_first
        head_status: int | None = None
        while True:
            if self._clock() < host.gave_up_until:
                return Hop(429, error_class=model.RATE_LIMITED)
            remaining = budget_end - time.monotonic()
            if remaining <= 0:
                return Hop(None, error_class=model.TIMEOUT)
            method = "GET" if use_get else "HEAD"
            try:
                status, headers = await self._request(method, url, host, remaining)
            except _HeadGaveUp:
                host.get_first = True
                use_get = True
                continue
            except _Failure as failure:
                failures += 1
                if not failure.transient or failures > settings.retries:
                    return Hop(None, error_class=failure.error_class)
                await self._sleep(self._backoff(failures))
                continue
            if method == "HEAD" and status in GONE and url not in self._verify:
                if host.head_probe is None:
                    host.head_probe = asyncio.ensure_future(self._head_probe(url, host, remaining))
                if not await asyncio.shield(host.head_probe):
                    use_get = True
                    continue
            elif method == "HEAD" and (status in HEAD_DOUBTFUL or status in SERVER_ERRORS):
                # Some servers fail only on HEAD; a 5xx is retried as GET before it counts.
                wait = parse_retry_after(headers.get("Retry-After"), self._epoch())
                if status in SERVER_ERRORS and wait is not None:
                    wait = min(wait, settings.retry_after_cap)
                    host.blocked_until = max(host.blocked_until, self._clock() + wait)
                head_status = status
                use_get = True
                continue
            if method == "GET" and head_status is not None:
                if status < 400:
                    host.get_first = True  # this host's HEAD answers cannot be trusted
                head_status = None
            if status in RETRY_STATUSES:
                wait = parse_retry_after(headers.get("Retry-After"), self._epoch())
                if status == 429 and wait is not None and wait > settings.retry_after_cap:
                    host.gave_up_until = self._clock() + wait
                    return Hop(429, error_class=model.RATE_LIMITED)
                failures += 1
                if failures > settings.retries:
                    return Hop(status, bot_marker=_bot_marker(headers, status))
                if wait is not None:
                    # An explicit Retry-After speaks for the whole server, not just this URL.
                    host.blocked_until = max(host.blocked_until, self._clock() + wait)
                else:
                    await self._sleep(self._backoff(failures))
                continue
            return Hop(
                status,
                location=headers.get("Location"),
                bot_marker=_bot_marker(headers, status),
                set_cookie="Set-Cookie" in headers,
            )

    async def _head_probe(self, url: str, host: _Host, remaining: float) -> bool:
        """GET a URL whose HEAD said 404: when GET agrees, the host's HEAD 404s are believed."""
        try:
            status, _ = await self._request("GET", url, host, remaining)
        except _Failure:
            return False
        if status < 400:
            host.get_first = True
        return status in GONE

    def _backoff(self, failures: int) -> float:
        base = self.settings.backoff * (2 ** (failures - 1))
        return float(base * (0.75 + random.random() / 2))  # jitter spreads retries from many URLs

    async def _wait_turn(self, host: _Host) -> None:
        """Wait out a host-wide Retry-After and the host's minimum interval between requests."""
        while True:
            now = self._clock()
            start = max(now, host.blocked_until, host.next_start)
            if start <= now:
                host.next_start = now + host.policy.min_interval
                return
            await self._sleep(start - now)

    async def _request(
        self, method: str, url: str, host: _Host, remaining: float
    ) -> tuple[int, dict[str, str]]:
        assert self._session is not None
        timeout = min(host.policy.timeout, remaining)
        # For HEAD only the wait for an answer is short: slow DNS or connect is not a hang.
        client_timeout = aiohttp.ClientTimeout(
            total=timeout,
            sock_connect=min(timeout, self.settings.connect_timeout),
            sock_read=min(timeout, self.settings.head_timeout) if method == "HEAD" else None,
        )
        async with host.semaphore:
            await self._wait_turn(host)
            async with self._global:
                if method == "HEAD":
                    self.stats.head += 1
                else:
                    self.stats.get += 1
                try:
                    async with self._session.request(
                        method, URL(url), allow_redirects=False, timeout=client_timeout
                    ) as response:
                        headers = {k: v for k, v in response.headers.items()}
                        if "Set-Cookie" in response.headers:
                            headers["Set-Cookie"] = "1"
                        if method == "GET" and response.status < 300:
                            # Prove the body starts flowing, but never read more than max_read.
                            await response.content.read(self.settings.max_read)
                            if not response.content.at_eof():
                                response.close()
                        return response.status, headers
                except aiohttp.SocketTimeoutError as exc:
                    if method == "HEAD":
                        raise _HeadGaveUp from exc
                    raise _classify_exception(exc) from exc
                except (aiohttp.ClientError, OSError, ValueError) as exc:
                    raise _classify_exception(exc) from exc


def check_urls(urls: Iterable[str], checker: Checker) -> tuple[dict[str, Outcome], Stats]:
    """Run a Checker to completion from synchronous code."""
    return asyncio.run(checker.run(urls)), checker.stats
