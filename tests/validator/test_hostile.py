"""The payload corpus against the validator and the renderer, without a browser.

Every Markdown payload is either rejected on its line or renders inert; plain-text payloads
are accepted (they are shown literally, which the browser test checks).
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from payloads import MARKDOWN_PAYLOADS, PLAIN_PAYLOADS, browser_scheme, hostile_yaml

from handbook.load import validate_bytes
from handbook.render.math import render_markdown
from handbook.safety import unsafe_parts

ALLOWED_SCHEMES = {None, "http", "https", "mailto"}


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs]


def inert(fragment: str) -> bool:
    """No event handler, no style, no script-capable URL anywhere in `fragment`."""
    parser = _Attributes()
    parser.feed(fragment)
    for tag, name, value in parser.found:
        if name.startswith("on") or name == "style" or tag in ("script", "iframe", "img"):
            return False
        if (
            name in ("href", "src", "action", "formaction")
            and browser_scheme(value) not in ALLOWED_SCHEMES
        ):
            return False
    return True


def test_the_corpus_is_large() -> None:
    assert len(MARKDOWN_PAYLOADS) + len(PLAIN_PAYLOADS) >= 25
    assert len(set(MARKDOWN_PAYLOADS)) == len(MARKDOWN_PAYLOADS)


def test_every_markdown_payload_renders_inert() -> None:
    for payload in MARKDOWN_PAYLOADS:
        assert inert(render_markdown(payload)), payload


def test_the_validator_rejects_what_would_not_render_as_typed() -> None:
    rejected = [p for p in MARKDOWN_PAYLOADS if unsafe_parts(p)]
    # Left through: a formula whose \href the sanitizer drops, a link title holding quotes,
    # and an "autolink" with a space (plain text). Each renders inert (test above).
    assert len(rejected) >= len(MARKDOWN_PAYLOADS) - 3


def test_hostile_file_is_rejected_line_by_line_and_only_for_markdown() -> None:
    handbook, problems = validate_bytes(hostile_yaml().encode(), dt.date(2026, 11, 29))
    assert handbook is None and problems
    assert all(p.line > 1 and p.field.endswith(("summary", "answer")) for p in problems)
    assert all("\n" not in p.format("resources.yaml") for p in problems)
