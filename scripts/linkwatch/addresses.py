"""Which hosts and addresses are local: never requested without --allow-local."""

from __future__ import annotations

import ipaddress
from typing import Final
from urllib.parse import urlsplit

from yarl import URL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# 64:ff9b::/96 (RFC 6052) reaches the IPv4 address in its low 32 bits through a NAT64 gateway.
NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")
_DIGITS: Final = {
    8: frozenset("01234567"),
    10: frozenset("0123456789"),
    16: frozenset("0123456789abcdefABCDEF"),
}


def _ipv4_part(part: str) -> int | None:
    """One dotted part as the C library reads it: 0x hex, leading-zero octal, else decimal."""
    if part[:2].lower() == "0x":
        digits, base = part[2:], 16
        if not digits:
            return 0  # a bare "0x" is zero to inet_aton and to the URL standard
    elif len(part) > 1 and part[0] == "0":
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    # int() alone would also take signs, spaces, underscores and non-ASCII digits.
    return int(digits, base) if digits and set(digits) <= _DIGITS[base] else None


def parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Read every numeric IPv4 form a resolver accepts (2130706433, 0x7f000001, 0177.0.0.1,
    127.1), as the WHATWG URL standard does; None when host is not one."""
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if len(parts) > 4:
        return None
    numbers = [_ipv4_part(part) for part in parts]
    if any(n is None for n in numbers):
        return None
    *head, last = [n for n in numbers if n is not None]
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(parts)):
        return None
    return ipaddress.IPv4Address(last + sum(n << (8 * (3 - i)) for i, n in enumerate(head)))


def parse_ip(host: str) -> IPAddress | None:
    """host as an IP address in any literal form (brackets and IPv6 zone allowed), else None."""
    name = host.strip().strip("[]")
    if ":" in name:
        try:
            return ipaddress.IPv6Address(name.split("%")[0])
        except ValueError:
            return None
    return parse_ipv4(name)


def is_local_address(address: IPAddress) -> bool:
    """True for loopback, private, link-local, unspecified, reserved and multicast addresses,
    including IPv4 ones wrapped in IPv6 (mapped, compatible, 6to4, NAT64)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and (int(address) >> 32 == 0 or address in NAT64):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_local_address(embedded)
        if address.is_site_local:
            return True
    return not address.is_global or address.is_multicast


def is_local_host(host: str) -> bool:
    """True for localhost, *.localhost and any literal local address, whatever its spelling."""
    name = host.strip().lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = parse_ip(name)
    return address is not None and is_local_address(address)


def url_host(url: str) -> str:
    """The host as the HTTP client will resolve it (IDNA-normalised: fullwidth digits become
    ASCII), falling back to urlsplit's reading for URLs the client refuses anyway."""
    try:
        return URL(url).raw_host or ""
    except (ValueError, TypeError):
        try:
            return urlsplit(url).hostname or ""
        except ValueError:
            return ""


def is_local_url(url: str) -> bool:
    """True when url's host, read either way, is local."""
    try:
        split_host = urlsplit(url).hostname or ""
    except ValueError:
        split_host = ""
    return is_local_host(url_host(url)) or is_local_host(split_host)
