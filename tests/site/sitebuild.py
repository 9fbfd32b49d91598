"""Helpers shared by the site tests: the repository root and a real strict build."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def mkdocs_build(dest: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` of this repository into `dest`."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
                          cwd=ROOT, capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # linkchecker only exceeds 10 requests per second to a host that sends this header:
        # our own server on loopback can take it, and the crawl then takes seconds, not minutes.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output readable."""
