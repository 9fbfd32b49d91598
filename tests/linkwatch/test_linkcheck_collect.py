"""Where URLs are found, and the line each one is reported at."""

from __future__ import annotations

import json

from linkwatch.collect import (
    archive_urls,
    from_markdown,
    from_notebook,
    from_yaml,
    group,
    trim_url,
)


def test_yaml_lines_and_fields() -> None:
    text = (
        "stages:\n  - id: s\nresources:\n  - id: a\n    url: https://a.org/x\n"
        "    archive_url: https://web.archive.org/web/2020/https://a.org/x\n"
        "    title: not a url https://no.org\n"
        "excluded:\n  - url: https://left-out.org/\n"
    )
    found = [(o.url, o.source) for o in from_yaml(text, "resources.yaml")]
    assert found == [
        ("https://a.org/x", "resources.yaml:5"),
        ("https://web.archive.org/web/2020/https://a.org/x", "resources.yaml:6"),
    ]
    assert archive_urls(text) == {
        "https://a.org/x": "https://web.archive.org/web/2020/https://a.org/x"
    }


def test_markdown_skips_code() -> None:
    text = (
        "Intro https://a.org/1.\n"
        "```python\nrequests.get('https://api.org/v1')\n```\n"
        'Use `curl https://code.org/x` or <https://b.org/2>; see [c](https://c.org/3 "title").\n'
        "~~~\nhttps://tilde.org\n~~~\n"
        "[ref]: https://d.org/4\n"
    )
    found = [(line, url) for line, url in ((o.source, o.url) for o in from_markdown(text, "p.md"))]
    assert found == [
        ("p.md:1", "https://a.org/1"),
        ("p.md:5", "https://b.org/2"),
        ("p.md:5", "https://c.org/3"),
        ("p.md:9", "https://d.org/4"),
    ]


def test_trim_url() -> None:
    assert (
        trim_url("https://en.wikipedia.org/wiki/Foo_(bar))")
        == "https://en.wikipedia.org/wiki/Foo_(bar)"
    )
    assert trim_url("https://a.org/x).") == "https://a.org/x"
    assert trim_url("https://a.org/x**,") == "https://a.org/x"
    assert trim_url("https://a.org/?q=[1]") == "https://a.org/?q=[1]"


def test_notebook_markdown_cells_with_file_lines() -> None:
    notebook = {
        "cells": [
            {"cell_type": "code", "source": ["import x  # https://code.org\n"]},
            {"cell_type": "markdown", "source": ["# Title\n", "Read https://a.org/nb.\n"]},
        ],
        "metadata": {},
    }
    text = json.dumps(notebook, indent=1)
    found = from_notebook(text, "docs/n.ipynb")
    assert [o.url for o in found] == ["https://a.org/nb"]
    line = int(found[0].source.rsplit(":", 1)[1])
    assert "https://a.org/nb" in text.splitlines()[line - 1]


def test_group_keeps_order_and_sources() -> None:
    occurrences = from_markdown("https://a.org\nhttps://b.org https://a.org\n", "x.md")
    assert group(occurrences) == {
        "https://a.org": ["x.md:1", "x.md:2"],
        "https://b.org": ["x.md:2"],
    }


def test_yaml_alias_bomb_is_not_expanded() -> None:
    # Nine levels of nine aliases would be 387 million nodes if the collector expanded them.
    lines = ['a: &a [{url: "https://example.org/x"}]']
    for level in "bcdefghi":
        lines.append(f"{level}: &{level} [{', '.join(['*' + chr(ord(level) - 1)] * 9)}]")
    found = from_yaml("\n".join(lines), "bomb.yaml")
    assert [(o.url, o.source) for o in found] == [("https://example.org/x", "bomb.yaml:1")]
