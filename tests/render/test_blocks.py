"""Pre-rendered resource blocks survive the trip around the Markdown converter unchanged."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from handbook.load import load_handbook
from handbook.render.blocks import PageStash, lift_blocks, restore_blocks
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


def test_the_stash_keeps_each_page_apart_and_reports_a_lost_data_script() -> None:
    stash = PageStash()
    script = '<script type="application/json" id="hb-plan">{"a": "</p>"}</script>'
    raw = '<!--hb-raw-->\n<p class="x">done</p>\n<!--/hb-raw-->\n'
    one = stash.lift_blocks("one.md", f"# One\n\n{raw}")
    one = stash.lift_data_scripts("one.md", f"{one}\n{script}\n")
    two = stash.lift_data_scripts("two.md", f"# Two\n\n{script}\n")
    assert script not in one and "done" not in one and script not in two
    html_one = markdown.markdown(one, extensions=["md_in_html"])
    restored = stash.restore("one.md", html_one)
    assert script in restored and '<p class="x">done</p>' in restored
    assert stash.restore("one.md", "<p>again</p>") == "<p>again</p>"  # forgotten once restored
    with pytest.raises(ValueError, match="hb-plan data script was lost"):
        stash.restore("two.md", "<p>the converter dropped the comment</p>")
