"""Markdown from contributors is rendered, never trusted: no raw HTML, links only http(s)."""

from __future__ import annotations

import re

_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
_LINK_TARGET = re.compile(r"(\]\(\s*)<?([^)\s>]*)>?")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
_SAFE_SCHEMES = ("http://", "https://", "#")


def _outside_code(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_code, chunk) pieces so code spans and fences stay verbatim."""
    pieces: list[tuple[bool, str]] = []
    last = 0
    for match in _CODE.finditer(text):
        pieces.append((False, text[last:match.start()]))
        pieces.append((True, match.group(0)))
        last = match.end()
    pieces.append((False, text[last:]))
    return pieces


def unsafe_parts(markdown: str) -> list[str]:
    """Human-readable reasons why `markdown` would be unsafe to render as-is."""
    prose = "".join(chunk for is_code, chunk in _outside_code(markdown) if not is_code)
    reasons: list[str] = []
    tag = _HTML_TAG.search(prose)
    if tag:
        reasons.append(f"raw HTML ({tag.group(0)[:30]}) is not allowed; use Markdown, or put "
                       "'<' inside `code`")
    targets = [m.group(2) for m in _LINK_TARGET.finditer(prose)]
    targets += [m.group(1) for m in _AUTOLINK.finditer(prose)]
    for target in targets:
        if not target.lower().startswith(_SAFE_SCHEMES):
            reasons.append(f"link target {target[:60]!r} is not allowed; links must be http(s) "
                           "URLs")
    return reasons


def _neutralise(prose: str) -> str:
    prose = _LINK_TARGET.sub(lambda m: m.group(0) if m.group(2).lower().startswith(_SAFE_SCHEMES)
                             else m.group(1) + "#", prose)
    prose = _AUTOLINK.sub(lambda m: m.group(0) if m.group(1).lower().startswith(_SAFE_SCHEMES[:2])
                          else "&lt;" + m.group(1) + "&gt;", prose)
    # Escape every '<' that does not open an http(s) autolink, so no HTML can get through.
    return re.sub(r"<(?!https?://[^>\s]*>)", "&lt;", prose)


def sanitize(markdown: str) -> str:
    """Markdown with raw HTML escaped and non-http(s) link targets replaced by '#'."""
    return "".join(chunk if is_code else _neutralise(chunk)
                   for is_code, chunk in _outside_code(markdown))
