"""Async HTTP engine: HEAD first, polite per-host limits, bounded retries and waits, redirects."""

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
from yarl import URL

from handbook.verdicts import Verdict
from linkwatch import model
from linkwatch.addresses import is_local_url
from linkwatch.model import Outcome
from linkwatch.policy import Config, HostPolicy
from linkwatch.resolver import LocalAddressError, Resolver

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
Progress = Callable[[Outcome], None]

REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
PERMANENT: Final = frozenset({301, 308})
SERVER_ERRORS: Final = frozenset({500, 502, 503, 504})
RETRY_STATUSES: Final = SERVER_ERRORS | {429}
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
    # The status that set blocked_until or gave_up_until, for the verdict of URLs it stops.
    blocked_status: int = 429
    gave_up_status: int = 429
    get_first: bool = False


@dataclass
class _Budget:
    """Seconds one URL may spend on its own requests and waits, all hops together.

    Waiting in the queue for a turn on a busy host is not charged: the deadline bounds the
    URL's own work. Waits are charged in the checker's clock and requests in real time, so a
    fake clock in tests still sees every Retry-After count against the deadline.
    """

    seconds: float
    spent: float = 0.0

    def remaining(self) -> float:
        """Seconds left."""
        return self.seconds - self.spent

    def allows(self, wait: float, then: float) -> bool:
        """True when a wait still leaves `then` seconds for the request that follows it.

        A wait that would leave the next request too little time to answer would only turn a
        "wait and see" into a timeout, which counts as broken.
        """
        return wait + then <= self.remaining()


class _Failure(Exception):
    """A request failed without an HTTP answer."""

    def __init__(self, error_class: str, *, transient: bool) -> None:
        super().__init__(error_class)
        self.error_class = error_class
        self.transient = transient


class _HeadGaveUp(Exception):
    """HEAD hung: fall back to GET instead of counting a retry."""


class _Blocked(Exception):
    """The host asked for a pause beyond the cap, or longer than this URL's budget has left."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


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


def _busy_class(status: int) -> str:
    """Why a server that asked for a pause is unverifiable: a rate limit, or unavailability."""
    return model.RATE_LIMITED if status == 429 else model.UNAVAILABLE


def _head_settles(status: int, headers: dict[str, str], policy: HostPolicy) -> bool:
    """True when a HEAD answer may stand without a GET.

    Only answers that can never make a URL broken do: success, a redirect to follow, and 429
    (retried, and unverifiable at worst). Any other may be the server mishandling HEAD.
    """
    if 200 <= status < 300 or status in (304, 429) or status in policy.accept:
        return True
    return status in REDIRECTS and bool(headers.get("Location"))


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
        allow_local: bool = False,
        public_hosts: Iterable[str] = (),
    ) -> None:
        self.config = config
        self.settings = config.settings
        self.stats = Stats()
        self._clock = clock
        self._sleep = sleep
        self._epoch = epoch
        self._overrides = resolver_overrides
        self._progress = progress
        self._allow_local = allow_local
        # "host:port" keys checked as if public although local. Only tests need it: a local
        # server can then play the public site whose redirect to a local address is refused.
        self._public = frozenset(public_hosts)
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
            resolver=Resolver(self._overrides, allow_local=self._allow_local, public=self._public),
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

    def _is_local(self, url: str) -> bool:
        """True when url must not be requested: checked before every hop, not just the first."""
        if self._allow_local or host_key(url) in self._public:
            return False
        return is_local_url(url)

    async def check(self, url: str) -> Outcome:
        """Follow url's redirect chain and turn the last answer into a verdict."""
        try:
            URL(url)
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
                raise ValueError(url)
        except ValueError:
            return Outcome(url, Verdict.BROKEN, error_class=model.INVALID_URL)
        fragment = urldefrag(url).fragment
        current = urldefrag(url).url
        if self._is_local(current):
            return Outcome(url, Verdict.SKIPPED, error_class=model.SKIP_LOCAL)
        budget = _Budget(self.settings.deadline)
        visited = [current]
        suggested: str | None = None
        still_permanent = True
        fresh = False
        for _ in range(self.settings.max_redirects + 1):
            hop = await self._hop(current, budget, fresh=fresh)
            fresh = False
            if hop.error_class == model.SKIP_LOCAL:  # the name resolved to a local address
                if len(visited) == 1:
                    return Outcome(url, Verdict.SKIPPED, error_class=model.SKIP_LOCAL)
                return Outcome(url, Verdict.BROKEN, None, model.LOCAL_REDIRECT, current)
            if hop.error_class is not None and hop.status is None:
                final = current if len(visited) > 1 else None
                return Outcome(url, Verdict.BROKEN, None, hop.error_class, final)
            if hop.status in REDIRECTS and not hop.error_class:
                if not hop.location:
                    return Outcome(url, Verdict.BROKEN, hop.status, model.REDIRECT_NO_LOCATION)
                try:
                    target = urldefrag(str(URL(current).join(URL(hop.location)))).url
                except ValueError:
                    return Outcome(url, Verdict.BROKEN, hop.status, model.BAD_REDIRECT)
                if urlsplit(target).scheme not in ("http", "https"):
                    return Outcome(url, Verdict.BROKEN, hop.status, model.BAD_REDIRECT, target)
                if self._is_local(target):
                    return Outcome(url, Verdict.BROKEN, hop.status, model.LOCAL_REDIRECT, target)
                if target in visited:
                    # A site may set a cookie and redirect to itself once; only a repeat is a loop.
                    if not hop.set_cookie or visited.count(target) > 1:
                        return Outcome(url, Verdict.BROKEN, hop.status, model.REDIRECT_LOOP, target)
                    fresh = True
                if hop.status in PERMANENT and still_permanent:
                    suggested = target
                else:
                    still_permanent = False
                visited.append(target)
                current = target
                continue
            return self._verdict(url, hop, visited, suggested, fragment)
        return Outcome(url, Verdict.BROKEN, None, model.TOO_MANY_REDIRECTS, current)

    def _verdict(
        self, url: str, hop: Hop, visited: list[str], suggested: str | None, fragment: str
    ) -> Outcome:
        status = hop.status
        assert status is not None
        final = visited[-1] if len(visited) > 1 else None
        policy = self._host(visited[-1]).policy
        if hop.error_class is not None:  # the server asked for a pause we could not wait out
            return Outcome(url, Verdict.UNVERIFIABLE, status, hop.error_class, final)
        if 200 <= status < 300 or status == 304 or status in policy.accept:
            if final is not None and LOGIN_PATH.search(urlsplit(final).path):
                return Outcome(url, Verdict.UNVERIFIABLE, status, model.LOGIN_REDIRECT, final)
            if suggested is not None:
                target = (
                    f"{suggested}#{fragment}" if fragment and "#" not in suggested else suggested
                )
                return Outcome(url, Verdict.REDIRECTED, status, None, target)
            return Outcome(url, Verdict.OK, status, None, final)
        if status == 999 or hop.bot_marker:
            return Outcome(url, Verdict.UNVERIFIABLE, status, model.BOT_PROTECTION, final)
        if status == 429:
            return Outcome(url, Verdict.UNVERIFIABLE, status, model.RATE_LIMITED, final)
        if status == 503:
            return Outcome(url, Verdict.UNVERIFIABLE, status, model.UNAVAILABLE, final)
        if status == 401:
            return Outcome(url, Verdict.UNVERIFIABLE, status, model.AUTH_REQUIRED, final)
        return Outcome(url, Verdict.BROKEN, status, model.HTTP_STATUS, final)

    async def _hop(self, url: str, budget: _Budget, *, fresh: bool = False) -> Hop:
        """One link of a chain; concurrent and repeated asks for the same URL share one answer,
        fetched within the budget of the URL that asked first."""
        if fresh:
            return await self._fetch_hop(url, budget)
        future = self._hops.get(url)
        if future is None:
            future = asyncio.ensure_future(self._fetch_hop(url, budget))
            self._hops[url] = future
        return await asyncio.shield(future)

    async def _fetch_hop(self, url: str, budget: _Budget) -> Hop:
        host = self._host(url)
        settings = self.settings
        failures = 0
        use_get = host.get_first
        head_doubted = False
        while True:
            if budget.remaining() <= 0:
                return Hop(None, error_class=model.TIMEOUT)
            method = "GET" if use_get else "HEAD"
            try:
                status, headers = await self._request(method, url, host, budget)
            except _HeadGaveUp:
                host.get_first = True
                use_get = True
                continue
            except _Blocked as blocked:
                return Hop(blocked.status, error_class=_busy_class(blocked.status))
            except _Failure as failure:
                failures += 1
                if not failure.transient or failures > settings.retries:
                    return Hop(None, error_class=failure.error_class)
                if not await self._pause(self._backoff(failures), budget, host):
                    return Hop(None, error_class=failure.error_class)
                continue
            told_to_wait = False
            if status in RETRY_STATUSES:
                wait = parse_retry_after(headers.get("Retry-After"), self._epoch())
                if wait is not None and wait > settings.retry_after_cap:
                    # Far too long to wait, and asking sooner would be rude: leave the host be.
                    host.gave_up_until = self._clock() + wait
                    host.gave_up_status = status
                    return Hop(status, error_class=_busy_class(status))
                if wait is not None:
                    # An explicit Retry-After speaks for the whole server, not just this URL;
                    # _wait_turn waits it out, within each URL's own budget.
                    host.blocked_until = max(host.blocked_until, self._clock() + wait)
                    host.blocked_status = status
                    told_to_wait = True
            if method == "HEAD" and not _head_settles(status, headers, host.policy):
                # A HEAD answer alone never makes a URL broken: some servers mishandle HEAD.
                head_doubted = True
                use_get = True
                continue
            if head_doubted and status < 400:
                host.get_first = True  # this host's HEAD answers cannot be trusted
            head_doubted = False
            if status in RETRY_STATUSES:
                failures += 1
                last = Hop(status, bot_marker=_bot_marker(headers, status))
                if failures > settings.retries:
                    return last
                backoff = self._backoff(failures)
                if not told_to_wait and not await self._pause(backoff, budget, host):
                    return last
                continue
            return Hop(
                status,
                location=headers.get("Location"),
                bot_marker=_bot_marker(headers, status),
                set_cookie="Set-Cookie" in headers,
            )

    def _backoff(self, failures: int) -> float:
        base = self.settings.backoff * (2 ** (failures - 1))
        return float(base * (0.75 + random.random() / 2))  # jitter spreads retries from many URLs

    async def _pause(self, seconds: float, budget: _Budget, host: _Host) -> bool:
        """Sleep and charge the budget when it allows the wait; otherwise return False at once.

        Giving up early beats sleeping until the deadline: the answer would be the same.
        """
        if not budget.allows(seconds, host.policy.timeout):
            return False
        budget.spent += seconds
        await self._sleep(seconds)
        return True

    async def _wait_turn(self, host: _Host, budget: _Budget) -> None:
        """Wait out a host-wide Retry-After (within the budget) and the host's pacing.

        Raises _Blocked when the host asked for a pause beyond the cap or the budget.
        """
        while True:
            now = self._clock()
            if now < host.gave_up_until:  # checked here, after queueing, not before
                raise _Blocked(host.gave_up_status)
            blocked = host.blocked_until - now
            if blocked > 0:
                if not await self._pause(blocked, budget, host):
                    raise _Blocked(host.blocked_status)
                continue  # another URL may have extended the pause meanwhile
            if host.next_start <= now:
                host.next_start = now + host.policy.min_interval
                return
            # Pacing is waiting for a turn, bounded by min_interval per request: not charged.
            await self._sleep(host.next_start - now)

    async def _request(
        self, method: str, url: str, host: _Host, budget: _Budget
    ) -> tuple[int, dict[str, str]]:
        assert self._session is not None
        async with host.semaphore:
            await self._wait_turn(host, budget)
            async with self._global:
                # Computed after the turn: a host-wide pause may have used part of the budget.
                timeout = min(host.policy.timeout, budget.remaining())
                if timeout <= 0:
                    raise _Failure(model.TIMEOUT, transient=False)
                if method == "HEAD":
                    self.stats.head += 1
                else:
                    self.stats.get += 1
                started = time.monotonic()
                try:
                    return await self._send(method, url, timeout)
                finally:
                    budget.spent += time.monotonic() - started

    async def _send(self, method: str, url: str, timeout: float) -> tuple[int, dict[str, str]]:
        """One request without redirects; errors become _Failure (or _HeadGaveUp)."""
        assert self._session is not None
        # For HEAD only the wait for an answer is short: slow DNS or connect is not a hang.
        client_timeout = aiohttp.ClientTimeout(
            total=timeout,
            sock_connect=min(timeout, self.settings.connect_timeout),
            sock_read=min(timeout, self.settings.head_timeout) if method == "HEAD" else None,
        )
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
        except LocalAddressError as exc:
            raise _Failure(model.SKIP_LOCAL, transient=False) from exc
        except aiohttp.SocketTimeoutError as exc:
            if method == "HEAD":
                raise _HeadGaveUp from exc
            raise _classify_exception(exc) from exc
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            raise _classify_exception(exc) from exc


def check_urls(urls: Iterable[str], checker: Checker) -> tuple[dict[str, Outcome], Stats]:
    """Run a Checker to completion from synchronous code."""
    return asyncio.run(checker.run(urls)), checker.stats
