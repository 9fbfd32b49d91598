"""Contributors' Markdown becomes HTML only here, and only through an allow-list sanitizer.

Two fields are Markdown (a stage's `summary` and a question's `answer`); every other text
field is plain text and is escaped where it lands. The Markdown subset is: paragraphs, lists,
emphasis, `code` and fenced code blocks, tables, block quotes, links to http(s) or mailto
addresses, and formulas between `$...$` / `$$...$$` (rendered to MathML). Not part of it: raw
HTML, images, attribute lists (`{: ...}`), and links with any other scheme.

The guarantee does not rest on recognising attacks. The text is converted by Python-Markdown
with a fixed, small set of extensions (none that lets text set attributes), and the HTML that
comes out is cleaned by nh3 (the Ammonia sanitizer) against the allow-lists below: any tag,
attribute or URL scheme not listed is removed, whatever its spelling. The validator's checks
(`unsafe_parts`) only exist to tell a contributor early, on the right line, what will not
render.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

import markdown as python_markdown  # type: ignore[import-untyped]
import nh3
from pygments.token import STANDARD_TYPES  # type: ignore[import-untyped]

URL_SCHEMES = frozenset({"http", "https", "mailto"})
_MATHML_TAGS = frozenset(
    {
        "math",
        "mrow",
        "mi",
        "mn",
        "mo",
        "ms",
        "mtext",
        "mspace",
        "msup",
        "msub",
        "msubsup",
        "mfrac",
        "msqrt",
        "mroot",
        "mover",
        "munder",
        "munderover",
        "mtable",
        "mtr",
        "mtd",
        "mstyle",
        "mpadded",
        "mphantom",
        "menclose",
    }
)
_MATHML_ATTRIBUTES = frozenset(
    {
        "display",
        "mathvariant",
        "fence",
        "form",
        "maxsize",
        "minsize",
        "stretchy",
        "separator",
        "lspace",
        "rspace",
        "movablelimits",
        "accent",
        "accentunder",
        "linethickness",
        "width",
        "height",
        "depth",
        "displaystyle",
        "scriptlevel",
        "columnalign",
        "rowspacing",
        "columnspacing",
        "notation",
    }
)
ALLOWED_TAGS = (
    frozenset(
        {
            "p",
            "br",
            "hr",
            "strong",
            "em",
            "code",
            "pre",
            "span",
            "div",
            "a",
            "ul",
            "ol",
            "li",
            "blockquote",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "sup",
            "sub",
        }
    )
    | _MATHML_TAGS
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "span": {"tabindex", "hidden"},
    "code": {"tabindex"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    **{tag: set(_MATHML_ATTRIBUTES) for tag in _MATHML_TAGS},
    # A formula's search text replaces its MathML in the site search (render/math.py).
    "math": set(_MATHML_ATTRIBUTES) | {"data-search-exclude"},
}
# Classes come from our own renderers only: Pygments' token classes and the formula wrapper.
ALLOWED_CLASSES: dict[str, set[str]] = {
    "span": {name for name in STANDARD_TYPES.values() if name}
    | {"hb-math", "hb-math--block", "hb-math__text"},
    "div": {"highlight"},
}

# No extension that lets text set HTML attributes (attr_list, md_in_html) or embed
# diagrams; fenced code is highlighted the way the site's own pages are.
_EXTENSIONS = ["tables", "sane_lists", "pymdownx.superfences", "pymdownx.highlight"]
_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

# Code spans and fenced code blocks of Markdown: their text is shown as typed.
CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
_ATTR_LIST = re.compile(r"\{\s*[:#.][^}\n]*\}")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\s*[(\[]")
_AUTOLINK = re.compile(r"<(?!https?://[^>\s]*>)")


def _as_is(match: re.Match[str]) -> str:
    return match.group(0)


def between(
    pattern: re.Pattern[str],
    text: str,
    outside: Callable[[str], str],
    inside: Callable[[re.Match[str]], str] = _as_is,
) -> str:
    """`text` with each match of `pattern` passed to `inside` (kept as it is by default) and
    the text around the matches to `outside`; `between(CODE, ...)` leaves code verbatim."""
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out += [outside(text[last : match.start()]), inside(match)]
        last = match.end()
    out.append(outside(text[last:]))
    return "".join(out)


def escape_html(markdown: str) -> str:
    """Markdown with every '<' outside code written as '&lt;' (http(s) autolinks kept).

    Python-Markdown would otherwise pass raw HTML through; escaping it first means a
    contributor's '<b>' shows as typed instead of disappearing in the sanitizer.
    """
    return between(CODE, markdown, lambda prose: _AUTOLINK.sub("&lt;", prose))


_converters: dict[bool, python_markdown.Markdown] = {}


def markdown_html(markdown: str, highlight: bool = True) -> str:
    """Python-Markdown's HTML for `markdown` (raw HTML in it must already be escaped).

    `highlight=False` leaves code blocks plain, for the validator, which only reads links.
    """
    converter = _converters.get(highlight)
    if converter is None:  # built once: setting up the extensions costs more than a page
        extensions = _EXTENSIONS if highlight else _EXTENSIONS[:-1]
        converter = _converters[highlight] = python_markdown.Markdown(
            extensions=extensions, extension_configs=_EXTENSION_CONFIGS
        )
    html_text: str = converter.reset().convert(markdown)
    return html_text


def clean_html(fragment: str) -> str:
    """`fragment` with everything not on the allow-lists removed (nh3 / Ammonia)."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
    )


class _Urls(HTMLParser):
    """Collect every URL-valued attribute of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value or "" for name, value in attrs if name in ("href", "src")]


def _scheme(url: str) -> str | None:
    """The scheme a browser would see (None for a relative URL or a fragment)."""
    # Browsers drop ASCII whitespace and control characters inside a scheme ("java\tscript:").
    squeezed = "".join(ch for ch in html.unescape(url) if ord(ch) > 0x20).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", squeezed)
    return match.group(1) if match else None


# Cached: `mkdocs serve` validates the whole file after every edit, and rendering ~300 answers
# to read their links was a third of the validation; an edit changes one or two of them.
@functools.lru_cache(maxsize=4096)
def unsafe_parts(markdown: str) -> tuple[str, ...]:
    """Why `markdown` would not render as written (empty if it is within the subset)."""
    prose = between(CODE, markdown, lambda chunk: chunk, lambda code: "")
    reasons: list[str] = []
    tag = _HTML_TAG.search(prose)
    if tag:
        reasons.append(
            f"raw HTML ({tag.group(0)[:30]}) is not allowed; use Markdown, or put '<' inside `code`"
        )
    attr_list = _ATTR_LIST.search(prose)
    if attr_list:
        reasons.append(
            f"attribute lists ({attr_list.group(0)[:30]}) are not allowed; remove the braces"
        )
    if _IMAGE.search(prose):
        reasons.append("images are not allowed; link to the page that shows the image")
    parser = _Urls()
    parser.feed(markdown_html(escape_html(markdown), highlight=False))
    for url in parser.urls:
        scheme = _scheme(url)
        if scheme not in URL_SCHEMES and not (scheme is None and url.startswith("#")):
            # A relative link would point somewhere else on each page that shows the text.
            reasons.append(
                f"link target {url[:60]!r} is not allowed; links must be http(s) or mailto URLs"
            )
    return tuple(reasons)
