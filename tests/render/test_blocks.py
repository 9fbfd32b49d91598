"""Pre-rendered resource blocks survive the trip around the Markdown converter unchanged."""

from __future__ import annotations

from pathlib import Path

import markdown

from handbook.load import load_handbook
from handbook.render.blocks import lift_blocks, restore_blocks
from handbook.render.items import Context
from handbook.render.pages import catalog_page

FIXTURE = Path(__file__).parents[1] / "validator" / "fixtures" / "valid.yaml"


def test_blocks_are_lifted_and_restored_verbatim() -> None:
    hb = load_handbook(FIXTURE)
    page = catalog_page("certification", Context(handbook=hb))
    lifted, blocks = lift_blocks(page)
    # The two entries, and the comparison table above them (finished HTML too).
    assert set(blocks) == {"old-cert", "new-cert", "raw:0"}
    assert blocks["raw:0"].startswith('<div class="hb-compare"')
    assert 'class="hb-item' not in lifted
    assert '<div class="hb-placeholder" id="old-cert"></div>' in lifted
    html = markdown.markdown(lifted, extensions=["attr_list", "md_in_html"])
    restored = restore_blocks(html, blocks)
    for block in blocks.values():
        assert block in restored
    assert "hb-placeholder" not in restored


def test_pages_without_blocks_are_untouched() -> None:
    text = "# Title\n\nNo resources here.\n"
    assert lift_blocks(text) == (text, {})
    assert restore_blocks("<p>x</p>", {}) == "<p>x</p>"
