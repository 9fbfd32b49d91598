"""Formulas in contributors' Markdown ($...$, $$...$$) rendered to MathML at build time.

Browsers display MathML natively, so the site needs no maths JavaScript or CDN.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

from handbook.safety import sanitize

_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])", re.DOTALL)
_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)


def _mathml(latex: str, display: bool) -> str:
    try:
        markup = convert(latex.strip(), display="block" if display else "inline")
    except Exception:
        return f"<code>{html.escape(latex)}</code>"
    return f'<span class="hb-math">{markup}</span>' if not display else \
        f'<div class="hb-math">{markup}</div>'


def render_markdown(markdown: str) -> str:
    """Sanitized Markdown with every formula outside code replaced by MathML."""
    out: list[str] = []
    last = 0
    for code in _CODE.finditer(markdown):
        out.append(_prose(markdown[last:code.start()]))
        out.append(code.group(0))
        last = code.end()
    out.append(_prose(markdown[last:]))
    return "".join(out)


def _prose(text: str) -> str:
    out: list[str] = []
    last = 0
    for match in _MATH.finditer(text):
        out.append(sanitize(text[last:match.start()]))
        display = match.group(1) is not None
        out.append(_mathml(match.group(1) if display else match.group(2), display))
        last = match.end()
    out.append(sanitize(text[last:]))
    return "".join(out)
