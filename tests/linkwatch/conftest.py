"""Fixtures for the link checker tests; the server itself lives in linkcheck_server.py."""

from __future__ import annotations

from linkcheck_server import hostile_server, server

__all__ = ["hostile_server", "server"]
