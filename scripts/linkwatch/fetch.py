"""Async HTTP engine: HEAD first, then GET when needed, redirects followed, answers shared.

When and how often a host is asked is politeness.py's; what an answer means is answers.py's.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import aiohttp
from yarl import URL

from handbook.verdicts import Verdict
from linkwatch import model
from linkwatch.addresses import is_local_url
from linkwatch.answers import (
    RETRY_STATUSES,
    Chain,
    Failure,
    Hop,
    bot_marker,
    busy_class,
    classify_exception,
    head_settles,
    invalid,
)
from linkwatch.model import Outcome
from linkwatch.policy import Config
from linkwatch.politeness import Blocked, Budget, Clock, Host, Politeness, Sleep, host_key
from linkwatch.resolver import LocalAddressError, Resolver

Progress = Callable[[Outcome], None]


@dataclass
class Stats:
    """Requests actually sent, for the benchmark and the warm-run check."""

    head: int = 0
    get: int = 0

    @property
    def requests(self) -> int:
        """Total requests sent."""
        return self.head + self.get


class _HeadGaveUp(Exception):
    """HEAD hung: fall back to GET instead of counting a retry."""


class Checker:
    """Checks many URLs concurrently; one instance per run keeps per-host state."""

    def __init__(
        self,
        config: Config,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        epoch: Clock = time.time,
        resolver_overrides: dict[str, str] | None = None,
        progress: Progress | None = None,
        allow_local: bool = False,
        public_hosts: Iterable[str] = (),
    ) -> None:
        self.config = config
        self.settings = config.settings
        self.stats = Stats()
        self.polite = Politeness(config, clock=clock, sleep=sleep, epoch=epoch)
        self._overrides = resolver_overrides
        self._progress = progress
        self._allow_local = allow_local
        # "host:port" keys checked as if public although local. Only tests need it: a local
        # server can then play the public site whose redirect to a local address is refused.
        self._public = frozenset(public_hosts)
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

    def _is_local(self, url: str) -> bool:
        """True when url must not be requested: checked before every hop, not just the first."""
        if self._allow_local or host_key(url) in self._public:
            return False
        return is_local_url(url)

    async def check(self, url: str) -> Outcome:
        """Follow url's redirect chain and turn the last answer into a verdict."""
        refused = invalid(url)
        if refused is not None:
            return refused
        chain = Chain(url)
        if self._is_local(chain.current):
            return Outcome(url, Verdict.SKIPPED, error_class=model.SKIP_LOCAL)
        budget = Budget(self.settings.deadline)
        fresh = False
        for _ in range(self.settings.max_redirects + 1):
            hop = await self._hop(chain.current, budget, fresh=fresh)
            accept = self.polite.host(chain.current).policy.accept
            step = chain.step(hop, accept, self._is_local)
            if isinstance(step, Outcome):
                return step
            fresh = step.fresh
        return chain.too_long()

    async def _hop(self, url: str, budget: Budget, *, fresh: bool = False) -> Hop:
        """One link of a chain; concurrent and repeated asks for the same URL share one answer,
        fetched within the budget of the URL that asked first."""
        if fresh:
            return await self._fetch_hop(url, budget)
        future = self._hops.get(url)
        if future is None:
            future = asyncio.ensure_future(self._fetch_hop(url, budget))
            self._hops[url] = future
        return await asyncio.shield(future)

    async def _fetch_hop(self, url: str, budget: Budget) -> Hop:
        """Ask for url until an answer stands: HEAD, then GET when HEAD cannot be trusted;
        transient failures and "try again later" answers are retried with back-off."""
        host = self.polite.host(url)
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
            except Blocked as blocked:
                return Hop(blocked.status, error_class=busy_class(blocked.status))
            except Failure as failure:
                failures += 1
                if not failure.transient or failures > self.settings.retries:
                    return Hop(None, error_class=failure.error_class)
                if not await self.polite.pause(self.polite.backoff(failures), budget, host):
                    return Hop(None, error_class=failure.error_class)
                continue
            told_to_wait = False
            if status in RETRY_STATUSES:
                try:
                    told_to_wait = self.polite.heed_retry_after(
                        host, status, headers.get("Retry-After")
                    )
                except Blocked:
                    return Hop(status, error_class=busy_class(status))
            if method == "HEAD" and not head_settles(status, headers, host.policy.accept):
                # A HEAD answer alone never makes a URL broken: some servers mishandle HEAD.
                head_doubted = True
                use_get = True
                continue
            if head_doubted and status < 400:
                host.get_first = True  # this host's HEAD answers cannot be trusted
            head_doubted = False
            if status in RETRY_STATUSES:
                failures += 1
                last = Hop(status, bot_marker=bot_marker(headers, status))
                if failures > self.settings.retries:
                    return last
                backoff = self.polite.backoff(failures)
                if not told_to_wait and not await self.polite.pause(backoff, budget, host):
                    return last
                continue
            return Hop(
                status,
                location=headers.get("Location"),
                bot_marker=bot_marker(headers, status),
                set_cookie="Set-Cookie" in headers,
            )

    async def _request(
        self, method: str, url: str, host: Host, budget: Budget
    ) -> tuple[int, dict[str, str]]:
        assert self._session is not None
        async with host.semaphore:
            await self.polite.wait_turn(host, budget)
            async with self._global:
                # Computed after the turn: a host-wide pause may have used part of the budget.
                timeout = min(host.policy.timeout, budget.remaining())
                if timeout <= 0:
                    raise Failure(model.TIMEOUT, transient=False)
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
        """One request without redirects; errors become Failure (or _HeadGaveUp)."""
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
            raise Failure(model.SKIP_LOCAL, transient=False) from exc
        except aiohttp.SocketTimeoutError as exc:
            if method == "HEAD":
                raise _HeadGaveUp from exc
            raise classify_exception(exc) from exc
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            raise classify_exception(exc) from exc


def check_urls(urls: Iterable[str], checker: Checker) -> tuple[dict[str, Outcome], Stats]:
    """Run a Checker to completion from synchronous code."""
    return asyncio.run(checker.run(urls)), checker.stats
