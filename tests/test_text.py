"""newsroom/text.py: how plain text and names are stored."""

import pytest

from newsroom.text import clean_name, clean_text

INVISIBLE_IN_NAMES = [
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u061c",  # Arabic letter mark
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark
    "\u202a",  # left-to-right embedding
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
]


@pytest.mark.parametrize("mark", INVISIBLE_IN_NAMES)
def test_clean_name_strips_invisible_direction_and_zero_width_characters(mark):
    assert clean_name(f"{mark}Astrid{mark} Young{mark}") == "Astrid Young"


def test_clean_name_collapses_spaces_and_composes_accents():
    assert clean_name("  Fils-Aime\u0301 \u00a0 Conille ") == "Fils-Aimé Conille"


def test_clean_text_keeps_joiners_that_running_text_needs():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji, joined
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want", with a ZWNJ
    assert clean_text(family) == family
    assert clean_text(persian) == persian
