"""Error classes and the per-URL outcome shared by every step of the checker.

What each verdict means is in handbook/verdicts.py, the one registry the site reads too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from handbook.verdicts import Verdict

# error_class values, one per kind of failure a maintainer would handle differently.
DNS: Final = "dns"
REFUSED: Final = "connection_refused"
RESET: Final = "connection_reset"
TLS: Final = "tls"
TIMEOUT: Final = "timeout"
CONNECTION: Final = "connection_error"
HTTP_STATUS: Final = "http_status"
REDIRECT_LOOP: Final = "redirect_loop"
TOO_MANY_REDIRECTS: Final = "too_many_redirects"
REDIRECT_NO_LOCATION: Final = "redirect_without_location"
BAD_REDIRECT: Final = "bad_redirect"
# A public URL sending readers to a local address cannot work for them; the hop is not followed.
LOCAL_REDIRECT: Final = "redirect_to_local"
BOT_PROTECTION: Final = "bot_protection"
RATE_LIMITED: Final = "rate_limited"
# 503, or a Retry-After too long to wait: the server says "not now", not "gone".
UNAVAILABLE: Final = "unavailable"
AUTH_REQUIRED: Final = "auth_required"
LOGIN_REDIRECT: Final = "login_redirect"
INVALID_URL: Final = "invalid_url"
# skipped reasons travel in error_class too, so the report says why nothing was requested.
SKIP_SCHEME: Final = "skipped_scheme"
SKIP_EXAMPLE: Final = "skipped_example_domain"
SKIP_LOCAL: Final = "skipped_local"
SKIP_CONFIG: Final = "skipped_by_config"


@dataclass(frozen=True)
class Outcome:
    """What checking one URL found."""

    url: str
    verdict: Verdict
    status: int | None = None
    error_class: str | None = None
    final_url: str | None = None
