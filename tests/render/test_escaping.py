"""Text from strangers' pull requests is rendered inert: no HTML, no script links."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from payloads import browser_scheme

from handbook.load import load_handbook
from handbook.render.items import Context, question_block, resource_block
from handbook.render.lists import resource_links
from handbook.render.math import render_markdown, render_math_in_html
from handbook.render.text import plain
from handbook.safety import unsafe_parts

FIXTURE = Path(__file__).parents[1] / "validator" / "fixtures" / "valid.yaml"


def test_plain_text_escapes_html_and_markdown() -> None:
    assert plain("<b>bold</b> & *stars* [x](y) {#id}") == (
        "&lt;b&gt;bold&lt;/b&gt; &amp; \\*stars\\* \\[x\\](y) \\{\\#id\\}"
    )
    assert plain("1. not a list") == "1\\. not a list"


def test_resource_fields_cannot_inject_markup() -> None:
    hb = load_handbook(FIXTURE)
    evil = dataclasses.replace(
        hb.resources[0],
        title='<img src=x onerror="alert(1)">',
        provider="<script>x</script>",
        description='"><svg onload=1>',
    )
    html = resource_block(evil, Context(handbook=hb), "catalog/readings.md")
    assert "<img" not in html and "<script" not in html and "<svg" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_link_lists_escape_titles_and_notes() -> None:
    hb = load_handbook(FIXTURE)
    evil = dataclasses.replace(hb.resources[0], title='<img src=x onerror="alert(1)">')
    html = resource_links([(evil, " · <script>x</script>")], "topics.md", '<div class="x">')
    assert "<img" not in html and "<script" not in html
    assert '&lt;img src=x onerror="alert(1)"&gt;</a> · &lt;script&gt;x&lt;/script&gt;' in html
    assert html.startswith('<!--hb-raw-->\n<div class="x">\n<ul>\n<li><a href="../catalog/')
    assert html.endswith("</ul>\n</div>\n<!--/hb-raw-->\n")


def test_non_http_resource_url_is_not_linked() -> None:
    hb = load_handbook(FIXTURE)
    evil = dataclasses.replace(hb.resources[0], url="javascript:alert(1)")
    html = resource_block(evil, Context(handbook=hb), "catalog/readings.md")
    assert (
        "javascript:" not in html.split('class="hb-links"')[1].split("</p>")[0]
        or 'href="javascript:' not in html
    )


def test_markdown_is_rendered_then_cleaned_against_the_allow_list() -> None:
    md = (
        "a <script>x</script> `a < b` [ok](https://x.org) [bad](javascript:alert(1)) "
        '<https://y.org> [ref][r] ![i](https://x.invalid/i.png){: onerror="alert(1)" }\n\n'
        "[r]: JaVaScRiPt:alert(2)\n"
    )
    out = render_markdown(md)
    assert "&lt;script&gt;x&lt;/script&gt;" in out
    assert "<code>a &lt; b</code>" in out
    assert '<a href="https://x.org" rel="noopener">ok</a>' in out
    assert '<a href="https://y.org" rel="noopener">https://y.org</a>' in out
    assert out.count("href=") == 2 and "<img" not in out  # the bad and reference links are dead


def test_attribute_lists_stay_text() -> None:
    out = render_markdown('Para\n{: tabindex="0" autofocus onfocus="alert(1)" }')
    assert out.startswith("<p>Para") and "<p " not in out  # no attribute reached the tag
    assert "autofocus onfocus=" in out  # shown as typed


def test_entity_encoded_and_spaced_schemes_lose_their_href() -> None:
    for target in (
        "jav&#x61;script:alert(1)",
        "&#106;avascript:alert(1)",
        "java\tscript:x",
        "data:text/html,<script>alert(1)</script>",
        "VBScript:msgbox(1)",
    ):
        out = render_markdown(f"[x]({target}) and [y][r]\n\n[r]: {target}\n")
        assert all(
            browser_scheme(href) in (None, "http", "https", "mailto")
            for href in re.findall(r'href="([^"]*)"', out)
        ), (target, out)
        assert unsafe_parts(f"[x]({target})"), target


def test_validator_names_what_will_not_render() -> None:
    assert unsafe_parts("plain *text* with [a link](https://x.org) and `<b>`") == ()
    assert any("raw HTML" in m for m in unsafe_parts("<b>x</b>"))
    assert any("attribute lists" in m for m in unsafe_parts("x\n{: onclick=y }"))
    assert any("images" in m for m in unsafe_parts("![i](https://x.org/i.png)"))
    assert any("not allowed" in m for m in unsafe_parts("[x][r]\n\n[r]: javascript:y\n"))
    assert any("not allowed" in m for m in unsafe_parts("[x](other-page.md)"))


def test_formulas_become_mathml_but_code_is_left_alone() -> None:
    out = render_markdown("Cost is $5 and $\\frac{a}{b}$, code `$x$`.")
    assert out.count("<math") == 1
    assert "<code>$x$</code>" in out
    assert "Cost is $5 and" in out


def test_question_answer_is_sanitized() -> None:
    hb = load_handbook(FIXTURE)
    evil = dataclasses.replace(hb.questions[0], answer="<iframe src=x></iframe> fine")
    out = question_block(evil, Context(handbook=hb), "questions.md")
    assert "<iframe" not in out and "&lt;iframe" in out


def test_formulas_in_rendered_html_become_mathml_outside_code() -> None:
    html = (
        "<p>When $\\sum_j x_j^2 &gt; 9.34$ holds</p><pre>cost = $5</pre>"
        "<p><code>$x$</code> and $$a &lt; b$$</p>"
    )
    out = render_math_in_html(html)
    assert out.count("<math") == 2
    assert "<mo>&#x0003E;</mo>" in out and "<mo>&#x0003C;</mo>" in out
    assert "<pre>cost = $5</pre>" in out and "<code>$x$</code>" in out
    assert '<span class="hb-math hb-math--block" tabindex="0">' in out
