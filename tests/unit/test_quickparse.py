"""Plain sources' sections without the full parse (policysite.quickparse), in process: the same
sections, titles and texts as the parser gives, and None for everything the parser must read."""

import pytest

from policysite import sources
from policysite.quickparse import plain_sections

PLAIN = """---
title: Privacy
version: 2019.12.19
---

# Privacy

Intro text.

## 1. General {#general}

General text.

- an item

### 1.1 Scope {#scope}

Scope text.

## 2. Fees {: #fees }

Fees text.
"""


def test_a_plain_source_gives_the_sections_the_parser_gives():
    sections, h1 = plain_sections(PLAIN.encode())
    assert h1 == "# Privacy"
    assert sections == [
        (1, None, "", "Intro text."),
        (2, "general", "1. General", "General text.\n\n- an item"),
        (3, "scope", "1.1 Scope", "Scope text."),
        (2, "fees", "2. Fees", "Fees text."),
    ]
    document, found = sources.parse(PLAIN, "en/privacy.md")
    assert found == []
    parsed = [(s.level, s.id, s.title if s.id else "", s.text) for s in document.root.walk()]
    assert parsed == sections


def test_the_title_line_counts_only_before_the_first_section():
    sections, h1 = plain_sections(PLAIN.replace("# Privacy\n", "").encode())
    assert h1 is None and sections[0] == (1, None, "", "Intro text.")
    _, h1 = plain_sections(PLAIN.replace("# Privacy\n", "").replace("Fees text.", "# Late\n").encode())
    assert h1 is None


def test_an_empty_body():
    assert plain_sections(b"---\ntitle: T\n---") == ([(1, None, "", "")], None)


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + PLAIN.encode(),  # a BOM
        PLAIN.replace("\n", "\r\n").encode(),  # CR line endings
        PLAIN.encode() + b"\xff",  # not UTF-8
        PLAIN.split("---\n", 2)[2].encode(),  # no front matter
        b"---\ntitle: T\n# body",  # front matter never closed
        PLAIN.replace("Scope text.", "```\ncode\n```").encode(),  # a code fence
        PLAIN.replace("Scope text.", "Underlined\n----------").encode(),  # a setext heading
        PLAIN.replace(" {#scope}", "").encode(),  # a heading without ID
        PLAIN.replace("{#scope}", "{#general}").encode(),  # an ID twice
        PLAIN.replace("{#scope}", "{#Scope}").encode(),  # an invalid ID
        PLAIN.replace(" {#scope}", "\u3000{#scope}").encode(),  # a look-alike space before the ID
        PLAIN.replace("Scope text.", "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch").encode(),
    ],
)
def test_anything_but_a_plain_source_is_left_to_the_parser(data):
    assert plain_sections(data) is None


def test_look_alike_characters_in_prose_keep_a_source_plain():
    sections, _ = plain_sections(PLAIN.replace("Scope text.", "Scope\u3000text，ｏｋ").encode())
    assert sections[2][3] == "Scope\u3000text，ｏｋ"
