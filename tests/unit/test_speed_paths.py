"""The second implementations kept for speed, each held to the real one on random input
(issue 28, item 5).  Each is kept because the benchmark shows it pays (PERFORMANCE.md):

- ``frontmatter._simple_front_matter``: plain ``key: value`` front matter without YAML, read for
  every blob of the history (the real one: YAML's BaseLoader);
- ``quickparse.plain_sections`` and ``blocks.quick_outline``: a plain source's outline without the
  full parse, for the change counts of every version (the real one: ``sources.parse`` then
  ``blocks.outline``; random edits in tests/integration/test_diff.py, random sources here);
- ``complexity.calm``: a file that cannot hold a construct beyond a limit, told by counts over its
  bytes, for every blob of the history (the real one: ``complexity.refusals``);
- ``render.PageBodies`` and the HTML handed to MkDocs in ``site.on_page_markdown``: a site built
  with ``POLICYSITE_CONVERT_EVERY_PAGE=1`` (MkDocs converts every page itself) is byte-identical
  (tests/integration/test_page_bodies.py).
"""

from __future__ import annotations

import random

import yaml

from policysite import blocks, complexity, frontmatter, sources

PIECES = ["a", "b", "Z", "9", "-", "_", " ", "  ", ":", "#", '"', "'", "[", "]", "{", "}", "&", "*", "!"]
PIECES += ["|", ">", "%", "@", "`", ",", "?", "\t", "é", "中", "　", ".", "/", "\x07", "\x85", "\ufeff"]


def _value(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8)))


def _source(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(["title", "version", "label", "summary", "a-b", "x_1", "9x", "-k", "", "t i"])
        lines.append(f"{key}:{rng.choice(['', ' ', '  '])}{_value(rng)}")
    return "\n".join(lines)


def test_plain_front_matter_reads_as_yaml_reads_it_on_random_sources():
    rng = random.Random(28)
    quick = 0
    for _ in range(20000):
        source = _source(rng)
        fast = frontmatter._simple_front_matter(source)
        if fast is None:
            continue
        quick += 1
        assert fast == yaml.load(source, Loader=yaml.BaseLoader), repr(source)
    assert quick > 300  # (the quick reading takes a real share of the inputs)


WORDS = ["Scope", "Data", "we", "keep", "中文", "條款", "1.", "2.1", "-", "*", "|", "`", "{#x}", "<b>"]
LINES = ["## Scope {#scope}", "### Data {#data}", "## Rights {#rights}", "# Privacy", "", "", ""]
LINES += ["- item", "1. first", "| a | b |", "|---|---|", "```", "Title", "-----", "> quote", "    code"]


def _markdown(rng: random.Random) -> str:
    body = []
    for _ in range(rng.randint(1, 14)):
        if rng.random() < 0.5:
            body.append(rng.choice(LINES))
        else:
            body.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))))
    return "---\ntitle: Privacy\nversion: 2024.01.01\n---\n\n" + "\n".join(body) + "\n"


def test_the_quick_outline_is_the_parsed_outline_on_random_sources():
    rng = random.Random(5)
    quick = 0
    for _ in range(3000):
        text = _markdown(rng)
        data = text.encode()
        fast = blocks.quick_outline(data, "Privacy")
        if fast is None:
            continue
        document = sources.parse(data, "en/privacy.md")[0]
        if document.refused or document.conflicted:
            continue
        quick += 1
        assert fast == blocks.outline(document), text
    assert quick > 300


# Pieces of constructs a limit counts, as ASCII and as look-alikes a reader takes for them (the
# count of each, near its limit, makes a source refused or not).
CONSTRUCTS = ["[a](b) ", "[x] ", "`c` ", "{", "｛", "*", "＊", "_e_ ", "<a ", "<b>", "~~~", "```x\n"]
CONSTRUCTS += ["- ", "－ ", "> ", "1. ", "\u3000", "    ", "\t", "## A {#a}\n", "## A｛#a｝\n"]
CONSTRUCTS += ["\n\n", "word "]


def _near_limits(rng: random.Random) -> str:
    body = []
    for _ in range(rng.randint(1, 6)):
        piece = rng.choice(CONSTRUCTS)
        body.append(piece * rng.choice([1, 5, 15, 16, 17, 30, 31, 32, 33, 34, 63, 64, 65, 128, 129, 200]))
        body.append(rng.choice(["", "\n", "\n\n", " text "]))
    if rng.random() < 0.05:
        body.append(("long words " * 1900 + "\n") * rng.randint(1, 2))
    return "---\ntitle: T\n---\n" + "".join(body)


def test_calm_files_are_never_refused_on_random_sources():
    rng = random.Random(29)
    calm = refused = 0
    for _ in range(4000):
        text = _near_limits(rng)
        data = text.encode()
        if complexity.calm(text, data):
            calm += 1
            assert not complexity.refused_text(text, 3), text
        refused += complexity.refused_text(text, 3)
        assert complexity.refused_text(text, 3, data) == complexity.refused_text(text, 3)
    assert calm > 400 and refused > 400  # (both kinds are well represented)
