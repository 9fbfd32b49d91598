"""Check every external URL of the handbook; see `python scripts/check_links.py --help`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkwatch.cli import run

if __name__ == "__main__":
    sys.exit(run())
