"""Text from strangers' pull requests is rendered inert: no HTML, no script links."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from handbook.load import load_handbook
from handbook.render.items import Context, question_block, resource_block
from handbook.render.math import render_markdown, render_math_in_html
from handbook.render.text import plain
from handbook.safety import sanitize

FIXTURE = Path(__file__).parents[1] / "validator" / "fixtures" / "valid.yaml"


def test_plain_text_escapes_html_and_markdown() -> None:
    assert plain("<b>bold</b> & *stars* [x](y) {#id}") == (
        "&lt;b&gt;bold&lt;/b&gt; &amp; \\*stars\\* \\[x\\](y) \\{\\#id\\}")
    assert plain("1. not a list") == "1\\. not a list"


def test_resource_fields_cannot_inject_markup() -> None:
    hb = load_handbook(FIXTURE)
    evil = dataclasses.replace(hb.resources[0], title='<img src=x onerror="alert(1)">',
                               provider="<script>x</script>", description='"><svg onload=1>')
    html = resource_block(evil, Context(handbook=hb), "catalog/readings.md")
    assert "<img" not in html and "<script" not in html and "<svg" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_non_http_resource_url_is_not_linked() -> None:
    hb = load_handbook(FIXTURE)
    evil = dataclasses.replace(hb.resources[0], url="javascript:alert(1)")
    html = resource_block(evil, Context(handbook=hb), "catalog/readings.md")
    assert "javascript:" not in html.split('class="hb-links"')[1].split("</p>")[0] or \
        'href="javascript:' not in html


def test_sanitize_escapes_html_outside_code_and_neutralises_links() -> None:
    md = "a <script>x</script> `a < b` [ok](https://x.org) [bad](javascript:alert(1)) <https://y.org>"
    out = sanitize(md)
    assert "&lt;script>" in out
    assert "`a < b`" in out
    assert "[ok](https://x.org)" in out
    assert "[bad](#" in out
    assert "<https://y.org>" in out


def test_formulas_become_mathml_but_code_is_left_alone() -> None:
    out = render_markdown("Cost is $5 and $\\frac{a}{b}$, code `$x$`.")
    assert out.count("<math") == 1
    assert "`$x$`" in out
    assert "Cost is $5 and" in out


def test_question_answer_is_sanitized() -> None:
    hb = load_handbook(FIXTURE)
    evil = dataclasses.replace(hb.questions[0], answer="<iframe src=x></iframe> fine")
    out = question_block(evil, Context(handbook=hb), "questions.md")
    assert "<iframe" not in out and "&lt;iframe" in out


def test_formulas_in_rendered_html_become_mathml_outside_code() -> None:
    html = ("<p>When $\\sum_j x_j^2 &gt; 9.34$ holds</p><pre>cost = $5</pre>"
            "<p><code>$x$</code> and $$a &lt; b$$</p>")
    out = render_math_in_html(html)
    assert out.count("<math") == 2
    assert "<mo>&#x0003E;</mo>" in out and "<mo>&#x0003C;</mo>" in out
    assert "<pre>cost = $5</pre>" in out and "<code>$x$</code>" in out
    assert '<span class="hb-math hb-math--block" tabindex="0">' in out
