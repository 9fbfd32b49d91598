"""A formula's search text: its MathML read out as one line (handbook.render.math_text)."""

from __future__ import annotations

import pytest
from latex2mathml.converter import convert

from handbook.render.math import render_markdown
from handbook.render.math_text import formula_text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\text{Precision} = \frac{TP}{TP + FP}", "Precision = TP / (TP + FP)"),
        (r"= \frac{TP}{TP+FP}", "= TP / (TP + FP)"),
        (r"F_1 = 2 \cdot \frac{P \cdot R}{P + R}", "F_1 = 2 · (P · R) / (P + R)"),
        (r"-x = -1", "−x = −1"),
        (r"1/\sqrt{d_k}", "1 / √(d_k)"),
        (r"10{,}000 \times 0.1 + 500 = 1{,}500", "10,000 × 0.1 + 500 = 1,500"),
        (r"(1 - 1/n)^n \approx e^{-1}", "(1 − 1 / n)^n ≈ e^(−1)"),
        (r"\hat{y} = \sum_{i=1}^{n} w_i x_i", "y^ = ∑_(i = 1)^n w_i x_i"),
        (r"-\log \text{softmax}(z)_y", "−log softmax(z)_y"),
        (r"0 \lt q \le 1", "0 < q ≤ 1"),
    ],
)
def test_formula_reads_as_one_line(latex: str, text: str) -> None:
    assert formula_text(convert(latex)) == text


def test_search_indexes_the_text_not_the_mathml() -> None:
    """The MathML is kept out of the search; the text follows it, hidden from readers."""
    out = render_markdown(r"Precision $= \frac{TP}{TP+FP}$ is the share")
    assert '<math data-search-exclude=""' in out
    assert '<span class="hb-math__text" hidden="">= TP / (TP + FP)</span>' in out


def test_search_text_is_escaped() -> None:
    out = render_markdown(r"$a < b$")
    assert '<span class="hb-math__text" hidden="">a &lt; b</span>' in out


def test_unparsable_mathml_gives_no_text() -> None:
    assert formula_text("<math><mi>x</mi>") == ""
