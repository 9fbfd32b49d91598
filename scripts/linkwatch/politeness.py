"""Politeness: per-host turns and pacing, back-off with jitter, Retry-After within a cap, and
the deadline of each URL. Nothing here decides a verdict (answers.py does)."""

from __future__ import annotations

import asyncio
import email.utils
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from linkwatch.policy import Config, HostPolicy

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


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


@dataclass
class Host:
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
class Budget:
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


class Blocked(Exception):
    """The host asked for a pause beyond the cap, or longer than this URL's budget has left."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Politeness:
    """Per-host state for one run, and the waits it imposes on each URL's requests."""

    def __init__(self, config: Config, *, clock: Clock, sleep: Sleep, epoch: Clock) -> None:
        self.config = config
        self._clock = clock
        self._sleep = sleep
        self._epoch = epoch
        self._hosts: dict[str, Host] = {}

    def host(self, url: str) -> Host:
        """The shared state of url's server, created on first use."""
        key = host_key(url)
        host = self._hosts.get(key)
        if host is None:
            policy = self.config.for_host(urlsplit(url).hostname or "")
            host = Host(
                policy=policy,
                semaphore=asyncio.Semaphore(policy.per_host),
                get_first=policy.get_only,
            )
            self._hosts[key] = host
        return host

    def backoff(self, failures: int) -> float:
        """Seconds before retry number `failures`: doubling, with jitter."""
        base = self.config.settings.backoff * (2 ** (failures - 1))
        return float(base * (0.75 + random.random() / 2))  # jitter spreads retries from many URLs

    async def pause(self, seconds: float, budget: Budget, host: Host) -> bool:
        """Sleep and charge the budget when it allows the wait; otherwise return False at once.

        Giving up early beats sleeping until the deadline: the answer would be the same.
        """
        if not budget.allows(seconds, host.policy.timeout):
            return False
        budget.spent += seconds
        await self._sleep(seconds)
        return True

    def heed_retry_after(self, host: Host, status: int, retry_after: str | None) -> bool:
        """Note a Retry-After; True when the host is now paused for it (the retry waits).

        Raises Blocked when the pause is beyond the cap: asking sooner would be rude, so the
        host is left alone for this run.
        """
        wait = parse_retry_after(retry_after, self._epoch())
        if wait is None:
            return False
        if wait > self.config.settings.retry_after_cap:
            host.gave_up_until = self._clock() + wait
            host.gave_up_status = status
            raise Blocked(status)
        # An explicit Retry-After speaks for the whole server, not just this URL; wait_turn
        # waits it out, within each URL's own budget.
        host.blocked_until = max(host.blocked_until, self._clock() + wait)
        host.blocked_status = status
        return True

    async def wait_turn(self, host: Host, budget: Budget) -> None:
        """Wait out a host-wide Retry-After (within the budget) and the host's pacing.

        Raises Blocked when the host asked for a pause beyond the cap or the budget.
        """
        while True:
            now = self._clock()
            if now < host.gave_up_until:  # checked here, after queueing, not before
                raise Blocked(host.gave_up_status)
            blocked = host.blocked_until - now
            if blocked > 0:
                if not await self.pause(blocked, budget, host):
                    raise Blocked(host.blocked_status)
                continue  # another URL may have extended the pause meanwhile
            if host.next_start <= now:
                host.next_start = now + host.policy.min_interval
                return
            # Pacing is waiting for a turn, bounded by min_interval per request: not charged.
            await self._sleep(host.next_start - now)
