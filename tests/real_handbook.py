"""The real resources.yaml, parsed and validated once per test process.

A parse takes seconds, so every test shares this one: through the `handbook` fixture
(tests/conftest.py), or by calling `real_handbook()` where a module needs the data at import
(the browser tests' parameters). The model is frozen, so sharing it is safe.
"""

from __future__ import annotations

import functools

from handbook.load import load_handbook
from handbook.model import Handbook


@functools.cache
def real_handbook() -> Handbook:
    """`load_handbook()` (resources.yaml, or $HANDBOOK_RESOURCES), loaded on first use."""
    return load_handbook()
