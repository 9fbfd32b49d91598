"""Example notebook pages: Colab and download buttons, formulas, and what search indexes."""

from __future__ import annotations

import re
from collections.abc import Callable

from handbook.render.math import render_math_in_html
from handbook.render.text import attr


def notebook_links(src_uri: str, repo_url: str | None, branch: str = "main") -> str | None:
    """HTML buttons for a notebook page (`examples/NN-name.ipynb`), or None for other pages.

    Colab opens the notebook straight from GitHub, so that button needs the repository URL;
    the download link points at the copy the build publishes next to the page.
    """
    if not (src_uri.startswith("examples/") and src_uri.endswith(".ipynb")):
        return None
    name = src_uri.rsplit("/", 1)[-1]
    links = [f'<a class="md-button" href="{attr(name)}" download>Download the notebook</a>']
    if repo_url and "github.com/" in repo_url:
        slug = repo_url.split("github.com/", 1)[1].strip("/").removesuffix(".git")
        colab = f"https://colab.research.google.com/github/{slug}/blob/{branch}/docs/{src_uri}"
        links.insert(
            0,
            f'<a class="md-button md-button--primary" href="{attr(colab)}" '
            'rel="noopener">Open in Colab</a>',
        )
    return '<p class="hb-notebook-links" data-search-exclude>' + " ".join(links) + "</p>"


# nbconvert ends every notebook heading with <a class="anchor-link">¶</a>. Material's search
# indexes it as part of the title ("Takeaways¶") and only skips its own "headerlink" class.
_ANCHOR_LINK = '<a class="anchor-link" href='
# A search result should show a notebook's prose, never its prompts ("In [3]:"), code, copy
# buttons or outputs. Material's search parser ends an exclusion at the first closing tag of
# the same name, so a <div> with nested <div>s cannot be excluded directly: code and output
# areas are wrapped in an element of their own (laid out as if absent, see handbook.css).
_PROMPT = re.compile(r'<div(?= class="(?:jp-InputPrompt|jp-OutputPrompt)[\s"])')
_UNINDEXED_AREAS = ('<div class="jp-CodeMirrorEditor', '<div class="jp-Cell-outputWrapper"')
# nbconvert leaves $...$ in Markdown cells as text for MathJax, which mkdocs-jupyter does not
# load (its custom_mathjax_url is empty): formulas become MathML here, as in resources.yaml.
_MARKDOWN_CELL = '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown'
_DIV = re.compile(r"<div[\s>]|</div>")
WRAPPER = "hb-noindex"


def with_notebook_links(html: str, links: str) -> str:
    """The buttons right under the notebook's title (its first <h1>), else at the top."""
    head, sep, rest = html.partition("</h1>")
    return head + sep + links + rest if sep else links + html


def tidy_notebook_html(html: str) -> str:
    """MathML formulas, prose-only search, and heading permalinks named as Material's."""
    html = html.replace(
        _ANCHOR_LINK, '<a class="anchor-link" data-search-exclude title="Permanent link" href='
    )
    html = _PROMPT.sub("<div data-search-exclude", html)
    # Code that is wider than the page scrolls sideways: keyboard users must reach it.
    html = html.replace('<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb')
    html = _each_div(html, _MARKDOWN_CELL, render_math_in_html)
    for opening in _UNINDEXED_AREAS:
        html = _each_div(html, opening, _unindexed)
    return html


def _unindexed(region: str) -> str:
    return f"<{WRAPPER} data-search-exclude>{region}</{WRAPPER}>"


def _each_div(html: str, opening: str, change: Callable[[str], str]) -> str:
    """Apply `change` to every whole <div> (nested divs included) that starts with `opening`."""
    out: list[str] = []
    pos = 0
    while (start := html.find(opening, pos)) >= 0:
        depth = 0
        for tag in _DIV.finditer(html, start):
            depth += -1 if tag.group() == "</div>" else 1
            if depth == 0:
                end = tag.end()
                break
        else:  # unbalanced (never produced by nbconvert): leave the rest as it is
            break
        out += [html[pos:start], change(html[start:end])]
        pos = end
    out.append(html[pos:])
    return "".join(out)
