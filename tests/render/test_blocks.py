"""Pre-rendered resource blocks survive the trip around the Markdown converter unchanged."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from handbook.load import load_handbook
from handbook.render.blocks import PageStash, lift_blocks, restore_blocks
from handbook.render.items import Context
from handbook.render.pages import catalog_page
from handbook.render.text import data_block

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


def test_the_stash_keeps_each_page_apart_and_reports_a_lost_data_block() -> None:
    stash = PageStash()
    script = data_block("hb-plan", {"a": "</p>", "b": '"quoted" > x'})
    raw = '<!--hb-raw-->\n<p class="x">done</p>\n<!--/hb-raw-->\n'
    one = stash.lift_blocks("one.md", f"# One\n\n{raw}")
    one = stash.lift_data_blocks("one.md", f"{one}\n{script}\n")
    two = stash.lift_data_blocks("two.md", f"# Two\n\n{script}\n")
    assert script not in one and "done" not in one and script not in two
    html_one = markdown.markdown(one, extensions=["md_in_html"])
    restored = stash.restore("one.md", html_one)
    assert script in restored and '<p class="x">done</p>' in restored
    assert stash.restore("one.md", "<p>again</p>") == "<p>again</p>"  # forgotten once restored
    with pytest.raises(ValueError, match="hb-plan data block was lost"):
        stash.restore("two.md", "<p>the converter dropped the comment</p>")


def test_a_data_block_holds_any_text_inertly_and_parses_back() -> None:
    """The page's scripts read the JSON from the attribute; no text can end the element."""
    import html.parser
    import json

    data = {"title": '</div><script>alert(1)</script> "q" & <b>', "n": [1, 2]}
    block = data_block("hb-plan", data)

    found: list[tuple[str, dict[str, str | None]]] = []

    class Reader(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    reader = Reader()
    reader.feed(block)
    assert [tag for tag, _ in found] == ["div"]
    attrs = found[0][1]
    assert attrs["id"] == "hb-plan" and "hidden" in attrs
    assert json.loads(attrs["data-json"] or "") == data
