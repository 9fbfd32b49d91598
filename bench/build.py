#!/usr/bin/env python3
"""Build benchmark: strict MkDocs build of synthetic data at 1,000 and 10,000 resources.

Prints seconds for each size and the 10k/1k ratio (goal: 10k <= 30 s, ratio <= 12).
Usage: python bench/build.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # sitebuild
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))  # handbook

from synthetic import build_synthetic_site

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    """Run the benchmark and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {n: build_synthetic_site(n, Path(tmp))[1] for n in args.sizes}
    for n, seconds in results.items():
        print(f"{n:>6} resources: {seconds:6.1f} s")
    if len(results) >= 2:
        small, large = min(results), max(results)
        print(
            f"ratio {large}/{small}: {results[large] / results[small]:.1f} "
            f"(linear would be {large / small:.0f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
