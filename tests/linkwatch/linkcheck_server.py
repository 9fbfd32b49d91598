"""A hostile local HTTP server and a fake clock for the link checker tests."""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from linkwatch.fetch import Checker, check_urls
from linkwatch.model import Outcome
from linkwatch.policy import Config, Settings

CHECKER_UA = ("python", "aiohttp", "linkchecker", "bot", "curl", "wget", "spider", "crawl")
IDN_HOST = "xn--bcher-kva.test"  # bücher.test


class FakeClock:
    """Monotonic clock that only moves when the checker sleeps, so waits cost no real time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


@dataclass
class Hostile:
    """Every misbehaviour the checker must survive, on 127.0.0.1."""

    port: int = 0
    tls_port: int = 0
    reset_port: int = 0
    closed_port: int = 0
    clock: FakeClock | None = None
    hits: Counter[str] = field(default_factory=Counter)
    log: list[tuple[str, str, float]] = field(default_factory=list)
    inflight: Counter[str] = field(default_factory=Counter)
    max_inflight: Counter[str] = field(default_factory=Counter)
    huge_bytes_sent: int = 0
    user_agents: list[str] = field(default_factory=list)
    hosts_seen: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def reset(self) -> None:
        self.hits.clear()
        self.log.clear()
        self.inflight.clear()
        self.max_inflight.clear()
        self.huge_bytes_sent = 0
        self.user_agents.clear()
        self.hosts_seen.clear()
        self.clock = None

    def requests_to(self, path: str) -> list[str]:
        return [method for method, p, _ in self.log if p == path]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.raw_path.split("?")[0]
        now = self.clock() if self.clock else 0.0
        self.hits[path] += 1
        self.log.append((request.method, path, now))
        self.user_agents.append(request.headers.get("User-Agent", ""))
        self.hosts_seen.append(request.headers.get("Host", ""))
        n = self.hits[path]
        head = request.method == "HEAD"
        if path.startswith("/conc/"):
            self.inflight["conc"] += 1
            self.max_inflight["conc"] = max(self.max_inflight["conc"], self.inflight["conc"])
            try:
                await asyncio.sleep(0.01)
            finally:
                self.inflight["conc"] -= 1
            return web.Response(text="ok")
        handler = ROUTES.get(path)
        if handler is None:
            return web.Response(status=404, text="not found")
        return await handler(self, request, n, head)


Handler = Callable[[Hostile, web.Request, int, bool], Awaitable[web.StreamResponse]]
ROUTES: dict[str, Handler] = {}


def route(path: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        ROUTES[path] = handler
        return handler

    return register


def simple(path: str, status: int, **headers: str) -> None:
    async def handler(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
        return web.Response(status=status, text="body", headers=headers)

    ROUTES[path] = handler


def then_ok(path: str, status: int, headers: Callable[[], dict[str, str]]) -> None:
    """First answer is status (with headers), every later one is 200."""

    async def handler(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
        if n == 1:
            return web.Response(status=status, headers=headers())
        return web.Response(text="finally")

    ROUTES[path] = handler


for _path, _status in [
    ("/ok", 200),
    ("/ok2", 200),
    ("/404", 404),
    ("/410", 410),
    ("/500", 500),
    ("/999", 999),
    ("/401", 401),
    ("/robots-page", 200),
    ("/dup", 200),
    ("/accounts/login", 200),
    ("/wiki/Foo_(bar)", 200),
    ("/slow-ok", 200),
]:
    simple(_path, _status)
simple("/cf", 403, **{"cf-mitigated": "challenge", "Server": "cloudflare"})
simple("/no-location", 302)
simple("/loop-a", 302, Location="/loop-b")
simple("/loop-b", 302, Location="/loop-a")
simple("/login-redirect", 302, Location="/accounts/login?next=/private")
simple("/r301", 301, Location="/ok")
simple("/r302", 302, Location="/ok")
simple("/r307", 307, Location="/ok")
simple("/r308", 308, Location="http://127.0.0.1/placeholder")  # replaced per port below
simple("/chain1", 301, Location="chain2")  # relative Location
simple("/chain2", 308, Location="/sub/chain3")
simple("/sub/chain3", 302, Location="../ok")
simple("/perm-to-404", 301, Location="/404")
simple("/429-day", 429, **{"Retry-After": "86400"})
simple("/429-forever", 429)
simple("/429-ra-50", 429, **{"Retry-After": "50"})  # under the cap, over a short deadline
simple("/503-always", 503)
simple("/503-ra-30", 503, **{"Retry-After": "30"})
simple("/local-target", 200)  # where redirects to local addresses point: must get no hit
then_ok("/500-then-200", 500, dict)
then_ok("/503-retry-after", 503, lambda: {"Retry-After": "7"})
then_ok("/429-seconds", 429, lambda: {"Retry-After": "3"})
then_ok("/429-none", 429, dict)
then_ok("/429-garbage", 429, lambda: {"Retry-After": "soon-ish"})
then_ok(
    "/429-date",
    429,
    lambda: {"Retry-After": email.utils.formatdate(time.time() + 30, usegmt=True)},
)


@route("/r308")
async def _r308(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    return web.Response(status=308, headers={"Location": f"http://127.0.0.1:{s.port}/ok"})


@route("/too-many")
async def _too_many(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    return web.Response(status=302, headers={"Location": f"/too-many?n={n}"})


@route("/cookie-redirect")
async def _cookie(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    if r.cookies.get("seen") == "1":
        return web.Response(text="welcome")
    response = web.Response(status=302, headers={"Location": "/cookie-redirect"})
    response.set_cookie("seen", "1")
    return response


@route("/head-405")
async def _head_405(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    return web.Response(status=405) if head else web.Response(text="get works")


@route("/head-404")
async def _head_404(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    return web.Response(status=404) if head else web.Response(text="get works")


@route("/head-403")
async def _head_403(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    return web.Response(status=403) if head else web.Response(text="get works")


@route("/head-500")
async def _head_500(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    return web.Response(status=500) if head else web.Response(text="get works")


@route("/head-405-get-503-forever")
async def _get_503_forever(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    # Issue 11: the checker waited on this for 420 s and more, writing nothing.
    if head:
        return web.Response(status=405)
    return web.Response(status=503, headers={"Retry-After": "99999"})


@route("/head-503-forever")
async def _head_503_forever(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    if head:
        return web.Response(status=503, headers={"Retry-After": "99999"})
    return web.Response(text="get works")


# Redirects from a "public" page to local addresses, spelt every way; the targets' host:port
# is never the public one, so only the local-address rules can stop the checker.
LOCAL_TARGETS = {
    "localhost": "http://localhost:{port}/local-target",
    "sub-localhost": "http://app.localhost:{port}/local-target",
    "hex": "http://0x7f000001:{port}/local-target",
    "decimal": "http://2130706433:{port}/local-target",
    "octal": "http://0177.0.0.1:{port}/local-target",
    "short": "http://127.1:{port}/local-target",
    "ipv6": "http://[::1]:{port}/local-target",
    "mapped": "http://[::ffff:127.0.0.1]:{port}/local-target",
    "unspecified": "http://0.0.0.0:{port}/local-target",
    "resolves-local": "http://sneaky.test:{port}/local-target",  # resolver override: 127.0.0.1
}


@route("/to-local")
async def _to_local(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    target = LOCAL_TARGETS[r.query["to"]].format(port=s.port)
    return web.Response(status=302, headers={"Location": target})


@route("/head-hang")
async def _head_hang(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    if head:
        await asyncio.sleep(30)
    return web.Response(text="get works")


@route("/slow-headers")
async def _slow_headers(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    await asyncio.sleep(30)
    return web.Response(text="too late")


@route("/slowish")
async def _slowish(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    await asyncio.sleep(0.6)
    return web.Response(text="patience")


async def _stream(
    r: web.Request,
    chunks: int,
    size: int,
    delay: float,
    s: Hostile | None = None,
    headers: dict[str, str] | None = None,
) -> web.StreamResponse:
    response = web.StreamResponse(headers=headers or {})
    if s is not None:
        response.content_length = chunks * size
    await response.prepare(r)
    try:
        for _ in range(chunks):
            await response.write(b"x" * size)
            if s is not None:
                s.huge_bytes_sent += size
            await asyncio.sleep(delay)
    except (ConnectionResetError, ConnectionError, asyncio.CancelledError):
        pass
    return response


@route("/trickle")
async def _trickle(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    if head:
        return web.Response(status=405)
    return await _stream(r, chunks=10_000, size=1, delay=0.1)


@route("/huge")
async def _huge(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    if head:
        return web.Response(status=405)
    return await _stream(r, chunks=1024 * 16, size=64 * 1024, delay=0, s=s)  # 1 GiB


@route("/gzip")
async def _gzip(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    if head:
        return web.Response(status=405)
    body = gzip.compress(b"<html>" + b"a" * 10_000 + b"</html>")
    return web.Response(
        body=body, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}
    )


@route("/ua")
async def _ua(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    agent = r.headers.get("User-Agent", "").lower()
    if not agent or any(word in agent for word in CHECKER_UA):
        return web.Response(status=403, text="no bots")
    return web.Response(text="hello human")


@route("/robots.txt")
async def _robots(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    return web.Response(text="User-agent: *\nDisallow: /\n")


@route("/stra%C3%9Fe")
async def _idn(s: Hostile, r: web.Request, n: int, head: bool) -> web.StreamResponse:
    ok = r.headers.get("Host", "").startswith(IDN_HOST)
    return web.Response(status=200 if ok else 400)


for _raw in ("/pct/a%20b", "/pct/a%2Fb", "/pct/caf%C3%A9"):
    simple(_raw, 200)


def _self_signed(directory: Path) -> ssl.SSLContext | None:
    """A throwaway certificate from the openssl CLI, or None when it is missing."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    key, cert = directory / "key.pem", directory / "cert.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def _reset_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Read the request, then abort with a TCP reset."""
    await reader.read(1024)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    writer.transport.abort()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    state = Hostile()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    runners: list[web.AppRunner] = []
    tls = _self_signed(tmp_path_factory.mktemp("tls"))

    async def start() -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", state.handle)
        for context in (None, tls) if tls else (None,):
            runner = web.AppRunner(app, shutdown_timeout=0.2, handle_signals=False, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
            await site.start()
            port = runner.addresses[0][1]
            if context is None:
                state.port = port
            else:
                state.tls_port = port
            runners.append(runner)
        server = await asyncio.start_server(_reset_connection, "127.0.0.1", 0)
        state.reset_port = server.sockets[0].getsockname()[1]
        state.closed_port = _free_port()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    yield state

    async def stop() -> None:
        for runner in runners:
            await runner.cleanup()
        # Handlers still sleeping (hanging HEAD, slow headers) must not outlive the loop.
        current = asyncio.current_task()
        pending = [t for t in asyncio.all_tasks() if t is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


@pytest.fixture
def server(hostile_server: Hostile) -> Hostile:
    hostile_server.reset()
    return hostile_server


TEST_SETTINGS = Settings(
    timeout=1.0,
    head_timeout=0.3,
    connect_timeout=1.0,
    # Waits cost nothing on the fake clock; above the 30 s HTTP-date Retry-After of /429-date.
    deadline=60.0,
    retries=2,
    backoff=0.5,
    retry_after_cap=120.0,
)


@dataclass
class Run:
    outcomes: dict[str, Outcome]
    clock: FakeClock
    requests: int

    def __getitem__(self, url: str) -> Outcome:
        return self.outcomes[url]


def run_check(
    server: Hostile,
    urls: list[str],
    config: Config | None = None,
    overrides: dict[str, str] | None = None,
    allow_local: bool = True,
    public: tuple[str, ...] = (),
) -> Run:
    """Check urls with a fake clock; waits are recorded instead of slept.

    The server is local, so local addresses are allowed unless a test says otherwise; public
    lists "host:port" keys the checker must treat as public sites even so.
    """
    clock = FakeClock()
    server.clock = clock
    outcomes, stats = check_urls(
        urls,
        Checker(
            config or Config(settings=TEST_SETTINGS),
            clock=clock,
            sleep=clock.sleep,
            resolver_overrides=overrides,
            allow_local=allow_local,
            public_hosts=public,
        ),
    )
    return Run(outcomes, clock, stats.requests)
