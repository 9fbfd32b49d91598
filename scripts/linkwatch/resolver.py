"""Name resolution for the checker: .invalid fails at once, and local answers are refused."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from linkwatch.addresses import is_local_address


class LocalAddressError(Exception):
    """A name resolved to a local address. Deliberately not an OSError: aiohttp would report
    that as a DNS failure, and the URL would look broken instead of refused."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to the local address {address}")


class Resolver(AbstractResolver):
    """System resolver with static overrides that refuses local addresses unless allowed.

    Checking here, on the addresses actually connected to, also catches names that only
    resolve to a local address (DNS rebinding, hosts-file aliases, numeric forms such as
    0x7f000001 that the system resolver turns into 127.0.0.1).
    """

    def __init__(
        self,
        overrides: dict[str, str] | None = None,
        *,
        allow_local: bool = False,
        public: Iterable[str] = (),
    ) -> None:
        self._overrides = dict(overrides or {})
        self._allow_local = allow_local
        # "host:port" keys treated as public even when local: a test hook, see fetch.Checker.
        self._public = frozenset(public)
        self._system: AbstractResolver | None = None

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve host, never asking the network about reserved .invalid names."""
        name = host.lower().rstrip(".")
        if name == "invalid" or name.endswith(".invalid"):
            raise OSError(socket.EAI_NONAME, f"{host} is reserved and never resolves")
        if name in self._overrides:
            results = [
                ResolveResult(
                    hostname=host,
                    host=self._overrides[name],
                    port=port,
                    family=socket.AF_INET,
                    proto=0,
                    flags=socket.AI_NUMERICHOST,
                )
            ]
        else:
            if self._system is None:
                self._system = aiohttp.ThreadedResolver()
            results = await self._system.resolve(host, port, family)
        if not self._allow_local and f"{name}:{port}" not in self._public:
            for result in results:
                address = ipaddress.ip_address(result["host"].split("%")[0])
                if is_local_address(address):
                    raise LocalAddressError(host, result["host"])
        return results

    async def close(self) -> None:
        """Release the system resolver."""
        if self._system is not None:
            await self._system.close()
