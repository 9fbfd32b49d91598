"""Shared fixtures for the contributor-workflow tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """A temp copy of a valid data file in a non-canonical layout, with comments."""
    path = tmp_path / "resources.yaml"
    shutil.copy(FIXTURES / "messy.yaml", path)
    return path


@pytest.fixture
def tidy(messy: Path) -> Path:
    """The same file after `fmt`: canonical layout."""
    from handbook.fmt import format_text

    messy.write_text(format_text(messy.read_text(encoding="utf-8")), encoding="utf-8")
    return messy
