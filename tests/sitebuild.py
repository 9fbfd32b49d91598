"""Shared by the site and browser tests: a real strict build and a local server for it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Headless Chromium as the browser tests and bench/browser.py run it: no sandbox (containers),
# no GPU, and nothing that would reach the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_command(dest: Path) -> list[str]:
    """`mkdocs build --strict` of this repository into `dest` (run with cwd=ROOT)."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)]


def build_env(**env: str) -> dict[str, str]:
    """The test process's environment with `env` on top, for a build."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}


def mkdocs_build(dest: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` of this repository into `dest`."""
    return subprocess.run(
        build_command(dest),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=build_env(**env),
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # linkchecker only exceeds 10 requests per second to a host that sends this header:
        # our own server on loopback can take it, and the crawl then takes seconds, not minutes.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output readable."""


@contextlib.contextmanager
def serve(
    directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] | None = None
) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 (port chosen by the OS); yield its base URL."""
    handler = functools.partial(handler_class or QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
