"""Keep finished HTML blocks out of the site generator's Markdown converter.

Two kinds of block are finished HTML when a page is generated: resource blocks (every value
escaped) and contributors' Markdown already rendered and sanitized (`raw_block`). Passed
through Markdown again, a resource block's tags are parsed twice more (which dominated the
build time of big catalogs), and sanitized HTML could be re-opened by Markdown extensions
such as attribute lists. So the page carries a one-tag placeholder for each block (resource
placeholders keep the block's id, so internal anchor links still validate) and the blocks
are put back into the rendered HTML.

The data blocks of a page (plan, progress manifest: text.data_block) are kept out the same
way: they are finished, and a change of a core pick's title then leaves other pages' Markdown
alone, which lets `mkdocs serve` reuse their rendering. `PageStash` owns both round trips.
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


# text.data_block's element (its attribute text is escaped: it holds no '>').
_DATA_BLOCK = re.compile(r'<div class="hb-data" id="([a-z-]+)" hidden data-json="[^"]*"></div>')


class PageStash:
    """Finished HTML lifted out of each page's Markdown, until the page's HTML comes back."""

    def __init__(self) -> None:
        self._blocks: dict[str, dict[str, str]] = {}
        self._data: dict[str, dict[str, str]] = {}

    def lift_blocks(self, page: str, markdown: str) -> str:
        """`markdown` with resource and raw blocks replaced by placeholders."""
        markdown, self._blocks[page] = lift_blocks(markdown)
        return markdown

    def lift_data_blocks(self, page: str, markdown: str) -> str:
        """`markdown` with each data block replaced by a comment naming it."""
        data: dict[str, str] = {}

        def lift(match: re.Match[str]) -> str:
            data[match.group(1)] = match.group(0)
            return f"<!--hb-data:{match.group(1)}-->"

        markdown = _DATA_BLOCK.sub(lift, markdown)
        self._data[page] = data
        return markdown

    def restore(self, page: str, html: str) -> str:
        """The page's rendered HTML with everything lifted put back (and forgotten here).

        Raises ValueError if a data block's placeholder did not survive the conversion.
        """
        html = restore_blocks(html, self._blocks.pop(page, {}))
        for name, block in self._data.pop(page, {}).items():
            placeholder = f"<!--hb-data:{name}-->"
            if placeholder not in html:
                raise ValueError(f"the {name} data block was lost in the Markdown conversion")
            html = html.replace(placeholder, block, 1)
        return html
