"""The roadmap drawn as an inline SVG at build time.

Material would load Mermaid (about 3 MB) from a CDN at run time for a diagram; drawing the
stage graph here keeps the home page small and works offline and without JavaScript. The
boxes are not links (links inside an SVG trip Material's instant navigation and screen
readers); the numbered list under the diagram links every stage.
"""

from __future__ import annotations

from handbook.model import Stage
from handbook.render.text import attr

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 210, 54, 24, 40, 8
MAX_LINE = 26


def _layers(stages: tuple[Stage, ...]) -> list[list[Stage]]:
    """Stages by depth: a stage sits one row below its deepest prerequisite."""
    depth: dict[str, int] = {}
    for stage in stages:  # prerequisites always come earlier (the validator enforces it)
        depth[stage.id] = 1 + max((depth[p] for p in stage.prerequisites if p in depth),
                                  default=-1)
    rows: list[list[Stage]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for stage in stages:
        rows[depth[stage.id]].append(stage)
    return rows


def _wrap(text: str) -> list[str]:
    words, lines = text.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > MAX_LINE:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines[:2] if len(lines) <= 2 else [lines[0], " ".join(lines[1:])[:MAX_LINE - 1] + "…"]


def roadmap_svg(stages: tuple[Stage, ...]) -> str:
    """An SVG of the stage graph, labelled for screen readers."""
    rows = _layers(stages)
    widest = max((len(row) for row in rows), default=1)
    width = widest * BOX_W + (widest - 1) * GAP_X + 2 * PAD
    height = len(rows) * BOX_H + (len(rows) - 1) * GAP_Y + 2 * PAD
    number = {s.id: n for n, s in enumerate(stages, 1)}
    centre: dict[str, tuple[float, float]] = {}
    boxes: list[str] = []
    for r, row in enumerate(rows):
        row_width = len(row) * BOX_W + (len(row) - 1) * GAP_X
        x0 = (width - row_width) / 2
        y = PAD + r * (BOX_H + GAP_Y)
        for i, stage in enumerate(row):
            x = x0 + i * (BOX_W + GAP_X)
            centre[stage.id] = (x + BOX_W / 2, y)
            lines = _wrap(f"{number[stage.id]}. {stage.title}")
            first_y = y + BOX_H / 2 - (len(lines) - 1) * 8 + 5
            text = "".join(f'<tspan x="{x + BOX_W / 2:g}" y="{first_y + k * 16:g}">'
                           f"{attr(line)}</tspan>" for k, line in enumerate(lines))
            boxes.append(f'<g data-stage="{stage.id}"><rect x="{x:g}" y="{y:g}" '
                         f'width="{BOX_W}" height="{BOX_H}" rx="8"/><text>{text}</text></g>')
    edges = []
    for stage in stages:
        for pre in stage.prerequisites:
            (x1, y1), (x2, y2) = centre[pre], centre[stage.id]
            edges.append(f'<line x1="{x1:g}" y1="{y1 + BOX_H:g}" x2="{x2:g}" y2="{y2 - 2:g}"/>')
    label = "Roadmap: " + "; ".join(f"{number[s.id]}. {s.title}" for s in stages)
    return (f'<svg class="hb-roadmap" viewBox="0 0 {width:g} {height:g}" role="img" '
            f'aria-label="{attr(label)}" xmlns="http://www.w3.org/2000/svg">'
            '<defs><marker id="hb-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
            'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/>'
            f'</marker></defs><g class="hb-edges">{"".join(edges)}</g>'
            f'<g class="hb-boxes">{"".join(boxes)}</g></svg>')
