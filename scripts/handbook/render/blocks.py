"""Keep finished HTML blocks out of the site generator's Markdown converter.

Two kinds of block are finished HTML when a page is generated: resource blocks (every value
escaped) and contributors' Markdown already rendered and sanitized (`raw_block`). Passed
through Markdown again, a resource block's tags are parsed twice more (which dominated the
build time of big catalogs), and sanitized HTML could be re-opened by Markdown extensions
such as attribute lists. So the page carries a one-tag placeholder for each block (resource
placeholders keep the block's id, so internal anchor links still validate) and the blocks
are put back into the rendered HTML.
"""

from __future__ import annotations

import re

_RESOURCE = r'^<div class="hb-item hb-resource" data-id="([a-z0-9-]+)".*?^</div>\n'
# nh3 removes every comment from sanitized HTML, so the closing marker cannot occur inside.
_RAW = r"^<!--hb-raw-->\n(.*?)\n<!--/hb-raw-->\n"
_BLOCK = re.compile(f"{_RESOURCE}|{_RAW}", re.DOTALL | re.MULTILINE)
_PLACEHOLDER = re.compile(
    r'<div class="hb-placeholder" (?:id="([a-z0-9-]+)"|data-raw="(\d+)")></div>'
)


def raw_block(html: str) -> str:
    """Mark finished HTML so the page keeps it out of Markdown (see the module docstring)."""
    return f"<!--hb-raw-->\n{html}\n<!--/hb-raw-->\n"


def lift_blocks(markdown: str) -> tuple[str, dict[str, str]]:
    """Markdown with each block replaced by a placeholder, and the blocks by key."""
    blocks: dict[str, str] = {}

    def lift(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            blocks[match.group(1)] = match.group(0)
            return f'<div class="hb-placeholder" id="{match.group(1)}"></div>\n'
        number = len(blocks)
        blocks[f"raw:{number}"] = match.group(2)  # ':' never occurs in an id
        return f'<div class="hb-placeholder" data-raw="{number}"></div>\n'

    return _BLOCK.sub(lift, markdown), blocks


def restore_blocks(html: str, blocks: dict[str, str]) -> str:
    """Put the lifted blocks back where their placeholders ended up in the rendered HTML."""
    if not blocks:
        return html

    def restore(match: re.Match[str]) -> str:
        key = match.group(1) if match.group(1) is not None else f"raw:{match.group(2)}"
        return blocks.get(key, match.group(0))

    return _PLACEHOLDER.sub(restore, html)
