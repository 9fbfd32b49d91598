"""Keep large pre-rendered HTML blocks out of the Markdown converter.

A resource block is already finished HTML. Passed through Markdown, every one of its tags is
parsed twice more (raw-HTML handling and anchor collection), which dominated the build time of
big catalogs. The page instead carries a one-tag placeholder with the block's id (so internal
anchor links still validate) and the block is put back into the rendered HTML.
"""

from __future__ import annotations

import re

_BLOCK = re.compile(r'^<div class="hb-item hb-resource" data-id="([a-z0-9-]+)".*?^</div>\n',
                    re.DOTALL | re.MULTILINE)
_PLACEHOLDER = re.compile(r'<div class="hb-placeholder" id="([a-z0-9-]+)"></div>')


def lift_blocks(markdown: str) -> tuple[str, dict[str, str]]:
    """Markdown with each resource block replaced by a placeholder, and the blocks by id."""
    blocks: dict[str, str] = {}

    def lift(match: re.Match[str]) -> str:
        blocks[match.group(1)] = match.group(0)
        return f'<div class="hb-placeholder" id="{match.group(1)}"></div>\n'

    return _BLOCK.sub(lift, markdown), blocks


def restore_blocks(html: str, blocks: dict[str, str]) -> str:
    """Put the lifted blocks back where their placeholders ended up in the rendered HTML."""
    if not blocks:
        return html
    return _PLACEHOLDER.sub(lambda m: blocks.get(m.group(1), m.group(0)), html)
