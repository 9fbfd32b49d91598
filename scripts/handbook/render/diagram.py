"""The roadmap as navigation: one linked node per stage, laid out in layers at build time.

Material would load Mermaid (about 3 MB) from a CDN at run time for a diagram; an ordered list
of links, placed on a CSS grid one row per layer (a stage sits one row below its deepest
prerequisite), keeps the home page small, works offline and without JavaScript, and reads
1, 2, 3... to a keyboard or a screen reader whatever the layout. On a phone the grid becomes
one column. handbook.js fills each node's progress bar, path.js its core/skim/skip badge.
"""

from __future__ import annotations

from handbook.model import Stage
from handbook.render.text import attr, hours


def _layers(stages: tuple[Stage, ...]) -> list[list[Stage]]:
    """Stages by depth: a stage sits one row below its deepest prerequisite."""
    depth: dict[str, int] = {}
    for stage in stages:  # prerequisites always come earlier (the validator enforces it)
        depth[stage.id] = 1 + max((depth[p] for p in stage.prerequisites if p in depth), default=-1)
    rows: list[list[Stage]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for stage in stages:
        rows[depth[stage.id]].append(stage)
    return rows


def roadmap_nodes(
    stages: tuple[Stage, ...], hrefs: dict[str, str], core_hours: dict[str, float]
) -> str:
    """The stage graph as an ordered list of linked nodes (see the module docstring)."""
    depth = {stage.id: r for r, row in enumerate(_layers(stages)) for stage in row}
    number = {s.id: n for n, s in enumerate(stages, 1)}
    nodes = []
    for stage in stages:
        after = ", ".join(str(number[p]) for p in stage.prerequisites)
        meta = f"{hours(core_hours[stage.id])} core" + (f" · after {after}" if after else "")
        nodes.append(
            f'<li class="hb-node hb-node--row{depth[stage.id]}" data-stage="{stage.id}">'
            f'<a class="hb-node__link" href="{attr(hrefs[stage.id])}">'
            f'<span class="hb-node__n">{number[stage.id]}</span> '
            f'<span class="hb-node__title">{attr(stage.title)}</span></a>'
            f'<span class="hb-node__meta">{meta}</span>'
            f'<span class="hb-node__plan" data-stage="{stage.id}"></span>'
            f'<span class="hb-progress" data-stage="{stage.id}"></span></li>'
        )
    return (
        f'<nav class="hb-roadmap" aria-label="Roadmap stages"><ol class="hb-roadmap__nodes">'
        f"{''.join(nodes)}</ol></nav>"
    )
