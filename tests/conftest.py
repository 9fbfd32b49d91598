"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest
from real_handbook import real_handbook

from handbook.model import Handbook


@pytest.fixture(scope="session")
def handbook() -> Handbook:
    """The real resources.yaml, loaded once per session (per xdist worker)."""
    return real_handbook()
