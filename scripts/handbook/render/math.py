"""Formulas in contributors' Markdown ($...$, $$...$$) rendered to MathML at build time.

Browsers display MathML natively, so the site needs no maths JavaScript or CDN.
"""

from __future__ import annotations

import functools
import html
import re

from latex2mathml.converter import convert

from handbook.render.math_text import formula_text
from handbook.safety import CODE, between, clean_html, escape_html, markdown_html

_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])", re.DOTALL)


def _mathml(latex: str, display: bool) -> str:
    try:
        markup = convert(latex.strip(), display="block" if display else "inline")
    except Exception:
        return f"<code>{html.escape(latex)}</code>"
    markup = _searchable(markup)
    if not display:
        return f'<span class="hb-math">{markup}</span>'
    # A <span> laid out as a block stays valid inside the <p> that holds it. It may scroll
    # sideways (handbook.css), so tabindex lets keyboard users reach it.
    return f'<span class="hb-math hb-math--block" tabindex="0">{markup}</span>'


def _searchable(mathml: str) -> str:
    """The MathML kept out of the site search, followed by its readable text for the search.

    The search would index the MathML's characters run together ("Precision =TPTP+FP"); it
    indexes and shows "Precision = TP / (TP + FP)" instead. The text is `hidden`: readers see
    the formula, and screen readers read the MathML, once.
    """
    text = formula_text(mathml)
    excluded = mathml.replace("<math ", '<math data-search-exclude="" ', 1)
    if not text:
        return excluded
    return f'{excluded}<span class="hb-math__text" hidden>{html.escape(text, quote=False)}</span>'


@functools.lru_cache(maxsize=8192)  # an answer shows on the question bank and its stages
def render_markdown(markdown: str) -> str:
    """Contributed Markdown as finished, sanitized HTML, formulas outside code as MathML.

    The result must not pass through the site generator's Markdown again (whose attribute
    lists would reopen what the sanitizer closed): callers wrap it with `blocks.raw_block`.
    """

    def prose(text: str) -> str:
        return between(_MATH, text, escape_html, lambda m: _formula(m, unescape=False))

    # A code block may scroll sideways: keyboard users must be able to reach it (the theme
    # only adds tabindex to blocks it sees overflow, which misses answers folded at load).
    fragment = markdown_html(between(CODE, markdown, prose))
    return clean_html(
        fragment.replace("<pre><span></span><code>", '<pre><span></span><code tabindex="0">')
    )


# Code in already-rendered HTML: formulas inside it stay as typed.
_HTML_CODE = re.compile(r"<(pre|code)[\s>].*?</\1>", re.DOTALL)


def render_math_in_html(fragment: str) -> str:
    """Replace formulas in rendered HTML prose (not in <pre> or <code>) with MathML.

    For HTML that another converter produced, such as notebook Markdown cells rendered by
    nbconvert, which leaves $...$ as text with &, < and > escaped.
    """

    def prose(text: str) -> str:
        return _MATH.sub(lambda m: _formula(m, unescape=True), text)

    return between(_HTML_CODE, fragment, prose)


def _formula(match: re.Match[str], unescape: bool) -> str:
    display = match.group(1) is not None
    latex = match.group(1) if display else match.group(2)
    return _mathml(html.unescape(latex) if unescape else latex, display)
