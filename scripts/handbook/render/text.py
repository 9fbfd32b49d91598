"""Escaping for text that arrives from contributors' pull requests."""

from __future__ import annotations

import html
import json
import re
from typing import Any

# Characters that start Markdown or extension syntax inside a line.
_INLINE = re.compile(r"([\\`*_\[\]{}|#!])")
_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])")


def plain(text: str) -> str:
    """Render plain text inline: collapse whitespace, escape HTML and Markdown syntax."""
    flat = " ".join(text.split())
    escaped = _INLINE.sub(r"\\\1", html.escape(flat, quote=False))
    return _LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    """Stop '- ', '> ' or '1. ' at the start of a text from becoming a list or quote."""
    lead, token = match.group(1), match.group(2)
    if token[0].isdigit():
        return f"{lead}{token[:-1]}\\{token[-1]}"
    return f"{lead}\\{token}"


def attr(text: str) -> str:
    """Escape a value for a double-quoted HTML attribute."""
    return html.escape(text, quote=True)


def data_block(name: str, data: Any) -> str:
    """Data for the page's scripts: an empty hidden element with the JSON in an attribute.

    Not a <script type="application/json">: Material's instant navigation re-creates every
    script in the page it swaps in from its text alone, so a JSON script would lose its type
    and id and run as code (a SyntaxError on every such page, and the data gone). An attribute
    survives the swap, and escaping makes any text in it inert.
    """
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return f'<div class="hb-data" id="{name}" hidden data-json="{attr(text)}"></div>'


def hours(value: float | None) -> str:
    """'12 h', '30 min' or '' for an estimate in hours."""
    if value is None:
        return ""
    if value < 1:
        return f"{round(value * 60)} min"
    return f"{value:g} h"
