"""URL normalisation, so that two spellings of one page count as a duplicate."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track where a click came from; they never change the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "igshid",
        "_hsenc",
        "_hsmi",
        "yclid",
        "si",
    }
)


def url_problem(url: str) -> str | None:
    """Why `url` is not a usable http(s) address (None if it is)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises ValueError for a malformed port
    except ValueError as err:  # e.g. an unclosed IPv6 bracket: "https://[::1/"
        return str(err)
    if parts.scheme.lower() not in ("http", "https"):
        return "it must start with http:// or https://"
    if not parts.hostname:
        return "it has no host name"
    if port == 0:
        return "port 0 is not a usable port"
    return None


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments, tracking parameters and a
    trailing slash; treat http and https as the same page."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # unparseable (url_problem says why): compare it as written
        return url.strip()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    try:
        port = parts.port if parts.port not in (None, 80, 443) else None
    except ValueError:  # a malformed port: keep the URL as written so it still compares
        return url.strip()
    netloc = f"{host}:{port}" if port else host
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]
    path = parts.path.rstrip("/")
    return urlunsplit(("https", netloc, path, urlencode(sorted(query)), ""))
