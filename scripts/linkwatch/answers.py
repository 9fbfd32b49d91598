"""Verdict rules: what an HTTP answer, a redirect or a failed request means for a URL.

Nothing here sends a request or waits (fetch.py sends, paced by politeness.py): each function
takes what came back and says what it means. What each verdict then means to the rest of the
handbook is in handbook/verdicts.py.
"""

from __future__ import annotations

import asyncio
import errno
import re
import socket
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urldefrag, urlsplit

import aiohttp
from yarl import URL

from handbook.verdicts import Verdict
from linkwatch import model
from linkwatch.model import Outcome

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


@dataclass(frozen=True)
class Hop:
    """The answer to one request in a redirect chain, or why there was none."""

    status: int | None
    location: str | None = None
    error_class: str | None = None
    bot_marker: bool = False
    set_cookie: bool = False


class Failure(Exception):
    """A request failed without an HTTP answer; transient failures are worth a retry."""

    def __init__(self, error_class: str, *, transient: bool) -> None:
        super().__init__(error_class)
        self.error_class = error_class
        self.transient = transient


def classify_exception(exc: BaseException) -> Failure:
    """Map aiohttp and socket errors to one error class each."""
    if isinstance(
        exc, (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError, ssl.SSLError)
    ):
        return Failure(model.TLS, transient=False)
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return Failure(model.DNS, transient=False)
    if isinstance(exc, aiohttp.ClientConnectorError):
        os_error = exc.os_error
        if isinstance(os_error, socket.gaierror):
            return Failure(model.DNS, transient=False)
        if os_error.errno == errno.ECONNREFUSED or isinstance(os_error, ConnectionRefusedError):
            return Failure(model.REFUSED, transient=False)
        if isinstance(os_error, ssl.SSLError):
            return Failure(model.TLS, transient=False)
        return Failure(model.CONNECTION, transient=True)
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        return Failure(model.TIMEOUT, transient=True)
    if isinstance(
        exc,
        (
            aiohttp.ServerDisconnectedError,
            aiohttp.ClientPayloadError,
            ConnectionResetError,
            aiohttp.ClientOSError,
        ),
    ):
        return Failure(model.RESET, transient=True)
    if isinstance(exc, (aiohttp.InvalidURL, ValueError)):
        return Failure(model.INVALID_URL, transient=False)
    return Failure(model.CONNECTION, transient=True)


def bot_marker(headers: Mapping[str, str] | None, status: int) -> bool:
    """True when an error answer carries the signature of a bot-protection layer."""
    if headers is None or status not in (403, 429, 503):
        return False
    lowered = {k.lower(): v.lower() for k, v in headers.items()}
    if any(name in lowered for name in BOT_HEADERS):
        return True
    return status == 403 and any(s in lowered.get("server", "") for s in BOT_SERVERS)


def busy_class(status: int) -> str:
    """Why a server that asked for a pause is unverifiable: a rate limit, or unavailability."""
    return model.RATE_LIMITED if status == 429 else model.UNAVAILABLE


def head_settles(status: int, headers: Mapping[str, str], accept: frozenset[int]) -> bool:
    """True when a HEAD answer may stand without a GET.

    Only answers that can never make a URL broken do: success, a redirect to follow, and 429
    (retried, and unverifiable at worst). Any other may be the server mishandling HEAD.
    """
    if 200 <= status < 300 or status in (304, 429) or status in accept:
        return True
    return status in REDIRECTS and bool(headers.get("Location"))


def invalid(url: str) -> Outcome | None:
    """The verdict for a URL no request can be made for, else None."""
    try:
        URL(url)
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise ValueError(url)
    except ValueError:
        return Outcome(url, Verdict.BROKEN, error_class=model.INVALID_URL)
    return None


@dataclass(frozen=True)
class Follow:
    """Request `target` next; `fresh` even if it was answered already (a cookie was just set)."""

    target: str
    fresh: bool = False


@dataclass
class Chain:
    """A redirect chain followed from one URL, and what its answers mean."""

    url: str  # as given, fragment included
    visited: list[str] = field(default_factory=list)
    suggested: str | None = None  # where the chain of permanent redirects leads
    still_permanent: bool = True

    def __post_init__(self) -> None:
        if not self.visited:
            self.visited.append(urldefrag(self.url).url)

    @property
    def current(self) -> str:
        """The URL to request (or just requested)."""
        return self.visited[-1]

    def _final(self) -> str | None:
        return self.current if len(self.visited) > 1 else None

    def step(
        self, hop: Hop, accept: frozenset[int], is_local: Callable[[str], bool]
    ) -> Outcome | Follow:
        """The verdict hop's answer gives, or the redirect to follow next.

        accept: statuses the current host's policy counts as success. is_local: whether a URL
        must not be requested (a public page redirecting there is broken for readers).
        """
        url, current = self.url, self.current
        if hop.error_class == model.SKIP_LOCAL:  # the name resolved to a local address
            if len(self.visited) == 1:
                return Outcome(url, Verdict.SKIPPED, error_class=model.SKIP_LOCAL)
            return Outcome(url, Verdict.BROKEN, None, model.LOCAL_REDIRECT, current)
        if hop.error_class is not None and hop.status is None:
            return Outcome(url, Verdict.BROKEN, None, hop.error_class, self._final())
        if hop.status not in REDIRECTS or hop.error_class:
            return self._answer(hop, accept)
        if not hop.location:
            return Outcome(url, Verdict.BROKEN, hop.status, model.REDIRECT_NO_LOCATION)
        try:
            target = urldefrag(str(URL(current).join(URL(hop.location)))).url
        except ValueError:
            return Outcome(url, Verdict.BROKEN, hop.status, model.BAD_REDIRECT)
        if urlsplit(target).scheme not in ("http", "https"):
            return Outcome(url, Verdict.BROKEN, hop.status, model.BAD_REDIRECT, target)
        if is_local(target):
            return Outcome(url, Verdict.BROKEN, hop.status, model.LOCAL_REDIRECT, target)
        fresh = False
        if target in self.visited:
            # A site may set a cookie and redirect to itself once; only a repeat is a loop.
            if not hop.set_cookie or self.visited.count(target) > 1:
                return Outcome(url, Verdict.BROKEN, hop.status, model.REDIRECT_LOOP, target)
            fresh = True
        if hop.status in PERMANENT and self.still_permanent:
            self.suggested = target
        else:
            self.still_permanent = False
        self.visited.append(target)
        return Follow(target, fresh)

    def too_long(self) -> Outcome:
        """The verdict when the redirects never end."""
        return Outcome(self.url, Verdict.BROKEN, None, model.TOO_MANY_REDIRECTS, self.current)

    def _answer(self, hop: Hop, accept: frozenset[int]) -> Outcome:
        """The verdict of the chain's last answer, one that is not a redirect to follow."""
        url, status, final = self.url, hop.status, self._final()
        assert status is not None
        if hop.error_class is not None:  # the server asked for a pause we could not wait out
            return Outcome(url, Verdict.UNVERIFIABLE, status, hop.error_class, final)
        if 200 <= status < 300 or status == 304 or status in accept:
            if final is not None and LOGIN_PATH.search(urlsplit(final).path):
                return Outcome(url, Verdict.UNVERIFIABLE, status, model.LOGIN_REDIRECT, final)
            if self.suggested is not None:
                fragment = urldefrag(url).fragment
                target = self.suggested
                if fragment and "#" not in target:
                    target = f"{target}#{fragment}"
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
