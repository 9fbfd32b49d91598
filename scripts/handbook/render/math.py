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
    if not display:
        return f'<span class="hb-math">{markup}</span>'
    # A <span> laid out as a block stays valid inside the <p> that holds it. It may scroll
    # sideways (handbook.css), so tabindex lets keyboard users reach it.
    return f'<span class="hb-math hb-math--block" tabindex="0">{markup}</span>'


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


# Code in already-rendered HTML: formulas inside it stay as typed.
_HTML_CODE = re.compile(r"<(pre|code)[\s>].*?</\1>", re.DOTALL)


def render_math_in_html(fragment: str) -> str:
    """Replace formulas in rendered HTML prose (not in <pre> or <code>) with MathML.

    For HTML that another converter produced, such as notebook Markdown cells rendered by
    nbconvert, which leaves $...$ as text with &, < and > escaped.
    """
    out: list[str] = []
    last = 0
    for code in _HTML_CODE.finditer(fragment):
        out += [_math_in_text(fragment[last:code.start()]), code.group(0)]
        last = code.end()
    out.append(_math_in_text(fragment[last:]))
    return "".join(out)


def _math_in_text(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        display = match.group(1) is not None
        latex = html.unescape(match.group(1) if display else match.group(2))
        return _mathml(latex, display)

    return _MATH.sub(replace, text)
