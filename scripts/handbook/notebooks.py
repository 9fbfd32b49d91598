"""Example notebooks: read the handbook metadata each one carries (no execution here)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Notebook:
    """An example notebook and the roadmap stage it belongs to."""

    path: str  # relative to docs/, e.g. examples/01-data-cleaning.ipynb
    stage: str
    title: str
    summary: str


def find_notebooks(docs_dir: Path) -> list[Notebook]:
    """Notebooks under docs/examples with `metadata.handbook.stage`, in file-name order."""
    found: list[Notebook] = []
    for path in sorted((docs_dir / "examples").glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("handbook")
        if isinstance(meta, dict) and meta.get("stage"):
            found.append(
                Notebook(
                    path=path.relative_to(docs_dir).as_posix(),
                    stage=str(meta["stage"]),
                    title=str(meta.get("title", path.stem)),
                    summary=str(meta.get("summary", "")),
                )
            )
    return found
