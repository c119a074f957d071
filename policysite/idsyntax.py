"""What an element or section ID may be: the syntax every ID of a source is judged by.

An ID is what GitHub's anchors are made of: letters, marks, numbers, '-' and '_' of any script
(``第一條-目的``, ``café``, ``straße``, ``a_b``), read by character category, one pass.  Never a
space, punctuation, a quote, '<', '>', '&', '#', '%', '/', '\\', a symbol, a control or format
character (bidirectional overrides and isolates, zero-width characters), an unassigned or private
code point; never a mark first or after '-' or '_', never '__' first (the theme's own IDs:
``__drawer``, ``__search``), never a letter or mark that shows nothing, and always in NFC, so that
two IDs that look the same are the same string.
"""

from __future__ import annotations

import functools
import unicodedata

# Letters and marks that show nothing (Unicode's Default_Ignorable_Code_Point outside the format
# characters, which no ID holds anyway): the combining grapheme joiner, Hangul fillers, Khmer inherent
# vowels, Mongolian free variation selectors, variation selectors.
_INVISIBLE = frozenset(
    (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x3164, 0xFFA0)
) | frozenset((*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)))


def _character_problem(char: str, previous: str | None) -> str | None:
    """Why ``char`` (after ``previous``, None at the start) cannot be in an ID, or None."""
    if char in "-_":
        return "it starts with '-'" if previous is None and char == "-" else None
    category = unicodedata.category(char)
    if category[0] not in "LMN" or ord(char) in _INVISIBLE:
        return f"{_code_point(char)} is not a letter, a digit, '-' or '_'"
    if category[0] == "M" and (previous is None or previous in "-_"):
        return f"{_code_point(char)} is a combining mark with no letter before it"
    return None


def _code_point(char: str) -> str:
    visible = unicodedata.category(char)[0] in "LMN" and ord(char) not in _INVISIBLE
    shown = f"'{char}' " if visible and char.isprintable() else ""
    return f"{shown}U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


@functools.lru_cache(maxsize=4096)  # IDs repeat from version to version
def id_problem(value: str, section: bool = True) -> str | None:
    """What is wrong with ``value`` as an ID ("it starts with '-'"), or None; the callers state the
    rule after it.  A section ID (``section``) is also lowercase, as GitHub's anchors are (where the
    script has case); any element's ID may have capitals."""
    if not value:
        return "it is empty"
    if value.startswith("__"):
        return "it starts with '__' (the site's own IDs do)"
    previous = None
    for char in value:
        problem = _character_problem(char, previous)
        if problem is not None:
            return problem
        previous = char
    if not unicodedata.is_normalized("NFC", value):
        return "it is not in Unicode normal form C (type the accented letters as one character each)"
    if section and value.lower() != value:
        capital = next((char for char in value if char.lower() != char), None)
        return f"'{capital}' is a capital letter" if capital else "it has capital letters"
    return None


@functools.cache
def id_characters() -> str:
    """A regular-expression class of the characters an ID may hold -- letters, digits, '_' (``\\w``),
    '-' and the visible combining marks -- for the patterns that recognise IDs in markup; the whole
    ID is judged by :func:`id_problem`.  (Every mark is below U+20000 but the invisible variation
    selectors of U+E0100.)"""
    ranges: list[tuple[int, int]] = []  # (first, last) code points of each run of marks
    for code in range(0x300, 0x20000):
        if unicodedata.category(chr(code))[0] == "M" and code not in _INVISIBLE:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "[\\w\\-" + "".join(_class_range(first, last) for first, last in ranges) + "]"


def _class_range(first: int, last: int) -> str:
    escape = "\\U{:08X}".format if last > 0xFFFF else "\\u{:04X}".format
    return escape(first) if first == last else f"{escape(first)}-{escape(last)}"


def valid_id(value: str) -> bool:
    """Whether ``value`` is a valid section ID (see :func:`id_problem`)."""
    return id_problem(value) is None


def valid_anchor(value: str) -> bool:
    """Whether ``value`` is a valid ID of any element (capitals allowed; see :func:`id_problem`)."""
    return id_problem(value, section=False) is None
