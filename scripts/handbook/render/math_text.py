"""A formula's MathML as one line of readable text, for the site search.

Material's search indexes the text of every element, so a formula's MathML would be indexed
(and shown in result excerpts) as its characters run together: "Precision =TPTP+FP". The
search indexes this text instead: "Precision = TP / (TP + FP)".
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

_NS = "{http://www.w3.org/1998/Math/MathML}"
# Operators written with a space on each side when they stand between two operands.
_SPACED = set("=+−-×·/<>≤≥≈≠≡∝→←↔⇒⇔∈∉⊂⊆∪∩±∓∣|:") | {"≪", "≫", "∼", "≃"}
# Signs that may be unary ("−x"); any other spaced operator is spaced even at the start
# ("$= \\frac{a}{b}$" written after a word in the prose).
_SIGNS = set("+−-±∓")
_OPENING = set("([{⟨⌊⌈")
_CLOSING = set(")]}⟩⌋⌉")
# Large operators (∑, ∏, ∫) take their limits as sub/superscripts: no parentheses needed.
_LARGE = set("∑∏∫∮⋃⋂")
_SCRIPTS = {"msub", "msup", "msubsup", "munder", "mover", "munderover"}


def formula_text(mathml: str) -> str:
    """One line of text for a formula's MathML (as produced by latex2mathml)."""
    try:
        root = ET.fromstring(mathml)
    except ET.ParseError:
        return ""
    return " ".join(_row(list(root)).split())


def _tag(element: ET.Element) -> str:
    return element.tag.removeprefix(_NS)


def _row(children: list[ET.Element]) -> str:
    """Children laid out left to right, spacing binary operators and separating words."""
    out = ""
    previous_kind = "start"
    for child in children:
        text = _node(child)
        if not text:
            continue
        kind = _kind(child, text)
        if kind == "op" and text in _SPACED:
            # A sign after an operator or at the start ("−x", "= −1") is unary: no space after.
            binary = previous_kind in ("atom", "close", "script") or text not in _SIGNS
            out = out.rstrip() + (f" {text} " if binary else (" " if out else "") + text)
        elif kind == "tight":
            out = out.rstrip() + text.strip()  # "10{,}000" is one number
        elif kind == "op" and text == ",":
            out = out.rstrip() + ", "
        elif kind == "op" and text in _CLOSING:
            out = out.rstrip() + text
        elif kind == "op" and text in _OPENING:
            out += text
        else:
            if out and (
                previous_kind == "script"
                or (previous_kind in ("atom", "close") and _needs_space(out, text))
            ):
                out += " "  # "w_i x_i", not "w_ix_i"
            out += text
        if kind == "op" and text in _CLOSING:
            previous_kind = "close"
        elif (kind == "op" and text not in _LARGE) or kind == "tight":
            previous_kind = "op"
        else:
            previous_kind = "script" if _tag(child) in _SCRIPTS else "atom"
    return out


def _needs_space(before: str, after: str) -> bool:
    """Words side by side ("log softmax", "Precision TP") need a space; "TP" or "2x" do not."""
    last_word = before.split()[-1] if before.split() else ""
    first_word = after.split()[0] if after.split() else ""
    if first_word[:1] in _LARGE:
        return True  # "log ∑_j"
    letters = last_word[-1:].isalpha() and first_word[:1].isalpha()
    long_word = len(_tail_word(last_word)) > 1 or len(_head_word(first_word)) > 1
    return letters and long_word


def _tail_word(text: str) -> str:
    end = len(text)
    while end > 0 and text[end - 1].isalpha():
        end -= 1
    return text[end:]


def _head_word(text: str) -> str:
    end = 0
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[:end]


def _kind(element: ET.Element, text: str) -> str:
    if _tag(element) == "mo":
        return "op"
    if _tag(element) == "mrow" and len(element) == 1 and _tag(element[0]) == "mo":
        return "tight"  # latex2mathml wraps "{,}" in its own row
    return "atom"


def _wrap(text: str, script: bool = False) -> str:
    """Parenthesise a compound operand ("TP + FP"; in a script also "z_j") so a flat line
    keeps its meaning."""
    compound = " " in text or (len(text) > 1 and text[0] in "−-")
    if not compound and not (script and ("_" in text or "^" in text)):
        return text
    return f"({text})"


def _node(element: ET.Element) -> str:
    tag = _tag(element)
    children = list(element)
    if tag in ("mi", "mn", "mo", "mtext", "ms"):
        return " ".join((element.text or "").split())
    if tag == "mspace":
        return " "
    if tag == "mfrac" and len(children) == 2:
        return f"{_wrap(_node(children[0]))} / {_wrap(_node(children[1]))}"
    if tag in ("msup", "mover") and len(children) == 2:
        base, top = _node(children[0]), _node(children[1])
        if tag == "mover" and element.get("accent") == "true":
            return f"{base}{top}"  # ŷ is written y^, x̄ is x‾: close enough to find it
        return f"{_wrap(base)}^{_wrap(top, script=True)}"
    if tag in ("msub", "munder") and len(children) == 2:
        return f"{_node(children[0])}_{_wrap(_node(children[1]), script=True)}"
    if tag in ("msubsup", "munderover") and len(children) == 3:
        base, low, high = (_node(c) for c in children)
        return f"{base}_{_wrap(low, script=True)}^{_wrap(high, script=True)}"
    if tag == "msqrt":
        return f"√({_row(children)})"
    if tag == "mroot" and len(children) == 2:
        return f"root {_node(children[1])} of ({_node(children[0])})"
    if tag == "mtable":
        return "; ".join(_node(row) for row in children)
    if tag == "mtr":
        return ", ".join(_node(cell) for cell in children)
    if tag == "mphantom":
        return ""
    return _row(children)
