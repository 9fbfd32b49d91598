"""The validator's fast character scan rejects exactly the characters its rule names."""

from __future__ import annotations

import sys

from handbook.checks import UNWANTED, unwanted_character


def test_the_character_class_matches_the_rule_for_every_code_point() -> None:
    differ = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if bool(UNWANTED.fullmatch(chr(code))) != unwanted_character(chr(code))
    ]
    assert differ == []


def test_tab_and_newline_are_allowed_and_controls_are_not() -> None:
    assert UNWANTED.search("a\tb\nc") is None
    for text in ("\x00", "\x1b[31m", "\u202e", "\ufffe", "\U0010ffff", "\x85"):
        assert UNWANTED.search(f"ok {text}") is not None, repr(text)
