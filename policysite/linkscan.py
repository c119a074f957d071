"""Links and anchors in a source's Markdown: what a link may point to, and where links point.

Inline links and images, reference definitions and raw HTML ``href`` are the links; the IDs that
attribute lists (``{: #x }``) and raw HTML (``id="x"``, ``<a name="x">``) define are the anchors
(sections' IDs are the parser's).  Code spans are blanked out first (:func:`strip_code`), so that
code is never read as a link.  Every scanner here is linear in the length of the line: no pattern
backtracks over what an earlier attempt already read.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(slots=True)
class Link:
    line: int
    target: str
    section: str | None


@dataclass(frozen=True, slots=True)
class Anchor:
    """An element ID the rendered page defines: a section's, an attribute list's
    (``{: #x }`` after a block or an inline element) or raw HTML's (``id="x"``,
    ``<a name="x">``)."""

    id: str
    line: int
    section: str | None  # the section it is in
    kind: str  # "section" | "attr_list" | "html"


# Inline links and images: [text](target "title"), [text](<target>).  Link text may
# hold one level of brackets and the target one level of parentheses; neither part
# can run past the next bracket, which keeps the scan linear on any input.
_LINK = re.compile(
    r"!?\[(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*\]"
    r"\(\s*(?:<([^<>\n]*)>|([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
# The link text as _LINK reads it, alone (atomic): where an attempt that failed stopped reading.
_LINK_TEXT = re.compile(r"!?\[(?>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)")
# The tokens of a link text as _LINK reads it: an escaped character, a bracketed group, other text.
_LINK_TOKEN = re.compile(r"\\.|\[(?:[^\[\]\\]|\\.)*\]|[^\[\]\\]+")
# Reference definitions: [label]: target "title"
REFERENCE = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(\S*)")
BACKTICKS = re.compile(r"`+")

# (One space, not '\s+', before the lazy rest, which takes spaces too: the two split a long run
# of spaces in every way before giving up.)
_HTML_TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9-]*((?:\s[^<>]*?)?)/?>")
# An attribute is looked for where a run of name characters starts (what comes before its first
# letter is skipped): from inside the run it would read to the same end and fail the same way.
_HTML_ATTRIBUTE = re.compile(
    r"""(?<![-a-zA-Z0-9_:.])[-0-9.]*+([a-zA-Z_:][-a-zA-Z0-9_:.]*+)\s*+=\s*+(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""
)
# An attribute list the attr_list extension applies: on a line of its own (to the
# block before it), or right after an inline element (a link, emphasis, code).
_ANY_ATTR_LIST = re.compile(r"(?:^[ \t]*+|(?<=[)\]*_`>]))\{:?[ \t]*+([^{}\n]*+)\}")
# One token of an attribute list, as attr_list's scanner reads it: a quoted value is one token
# ('{: title="see #terms" }' defines no ID), and 'id="x"' sets the ID as '#x' does.
_ATTR_LIST_TOKEN = re.compile(r"""([^ =}]++)=(?:"([^"]*+)"|'([^']*+)'|([^ =}]++))|([^ =}]++)| ++""")

_RELATIVE_MD_LINK = re.compile(r"(\]\()(?!https?:|mailto:|tel:|#|/)([^)\s]+\.md(?:#[^)\s]*)?)")
_ABSOLUTE_TARGET = re.compile(r"https?:|mailto:|tel:|#|/")
_TARGET_END = re.compile(r"[)\s]")


def strip_code(line: str) -> str:
    """The line with its code spans blanked out (same length, so offsets hold).

    A run of N backticks opens a span that the next run of exactly N backticks
    closes; a run with no partner is literal.  Linear, unlike a regex would be
    on long runs of backticks.
    """
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(line)]
    if len(runs) < 2:
        return line
    by_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    chars = list(line)
    number = 0
    while number < len(runs):
        start, end = runs[number]
        same = by_length[end - start]
        later = bisect.bisect_right(same, number)
        if later < len(same):
            partner = same[later]
            close = runs[partner][1]
            chars[start:close] = " " * (close - start)
            number = partner + 1
        else:
            number += 1
    return "".join(chars)


def _inline_links(line: str) -> Iterator[re.Match[str]]:
    """``_LINK.finditer(line)``, reading the line about once.

    An attempt from a ``[`` that fails has read the link text up to where it stops.  A ``\\[``
    it read as one token of that text, outside a bracketed group, starts the same text right
    after it, reads to the same place and fails the same way: it is not tried again.  (One inside
    a bracketed group stops at the group's ``]``: the group's own ``[`` is tried, and stands for
    those inside it in the same way.)
    """
    position = 0
    skipped: set[int] = set()
    while (bracket := line.find("[", position)) >= 0:
        if bracket in skipped:
            position = bracket + 1
            continue
        start = bracket - 1 if bracket > position and line[bracket - 1] == "!" else bracket
        match = _LINK.match(line, start)
        if match:
            yield match
            position = match.end()
            continue
        text = _LINK_TEXT.match(line, bracket)  # (it always matches at a '[')
        stop = text.end() if text else bracket + 1
        skipped.update(
            t.start() + 1 for t in _LINK_TOKEN.finditer(line, bracket + 1, stop) if t.group() == "\\["
        )
        position = bracket + 1


def find_links(lines: list[str], owners: list[str | None], first: int) -> list[Link]:
    """Inline links, reference definitions and raw HTML ``href`` of ``lines[first:]`` (code blanked
    out), each in the section ``owners`` gives for its line."""
    found = []
    for index in range(first, len(lines)):
        line = lines[index]
        if "[" in line:
            for match in _inline_links(line):
                target = match.group(1) if match.group(1) is not None else match.group(2)
                found.append(Link(index + 1, target.strip(), owners[index]))
            reference = REFERENCE.match(line)
            if reference:
                found.append(Link(index + 1, reference.group(2).lstrip("<").rstrip(">"), owners[index]))
        if "<" in line:
            for _, name, value in _tag_attributes(line):
                if name == "href":
                    found.append(Link(index + 1, html.unescape(value).strip(), owners[index]))
    return found


def attr_list_ids(attributes: str) -> list[str]:
    """The IDs an attribute list's text sets, read as attr_list reads it (it stops where no token
    matches)."""
    found: list[str] = []
    position = 0
    attributes = attributes.replace("\t", " ")  # Python-Markdown reads a tab as spaces
    while position < len(attributes):
        token = _ATTR_LIST_TOKEN.match(attributes, position)
        if token is None:
            break
        position = token.end()
        name, word = token.group(1), token.group(5)
        if name is not None and name.lower() == "id":
            found.append(next(g for g in token.groups()[1:4] if g is not None))
        elif word is not None and word.startswith("#"):
            found.append(word[1:])
    return [value for value in found if value]


def _tag_attributes(line: str) -> Iterator[tuple[str, str, str]]:
    """``(tag, name, value)`` of the attributes of the raw HTML start tags on ``line``, the tag's
    and the attribute's names in lowercase, the value as written (entities not decoded)."""
    for tag in _HTML_TAG.finditer(line):
        name = tag.group(0)[1:].split(None, 1)[0].rstrip("/>").lower()
        for match in _HTML_ATTRIBUTE.finditer(tag.group(1)):
            value = next(group for group in match.groups()[1:] if group is not None)
            yield name, match.group(1).lower(), value


def find_anchors(lines: list[str], owners: list[str | None], first: int, headings: set[int]) -> list[Anchor]:
    """IDs from attribute lists and raw HTML of ``lines[first:]`` (code blanked out); the lines
    in ``headings`` (1-based) carry section IDs, which are not looked for here."""
    found = []
    for index in range(first, len(lines)):
        line = lines[index]
        if index + 1 not in headings and "{" in line:
            for match in _ANY_ATTR_LIST.finditer(line):
                for anchor_id in attr_list_ids(match.group(1)):
                    found.append(Anchor(anchor_id, index + 1, owners[index], "attr_list"))
        if "<" in line:
            for tag, attribute, value in _tag_attributes(line):
                if attribute == "id" or (attribute == "name" and tag == "a"):
                    found.append(Anchor(html.unescape(value).strip(), index + 1, owners[index], "html"))
    return found


def duplicate_anchors(anchors: list[Anchor]) -> Iterator[tuple[Anchor, Anchor]]:
    """``(anchor, earlier)`` for each anchor whose ID an earlier one defines already (two sections
    with one ID aside: that is ``heading.duplicate-id``)."""
    first_seen: dict[str, Anchor] = {}
    for anchor in anchors:
        earlier = first_seen.setdefault(anchor.id, anchor)
        if earlier is not anchor and not (earlier.kind == anchor.kind == "section"):
            yield anchor, earlier


def rebase_links(markdown: str, depth: int) -> str:
    """Relative links to other policies (``terms.md#x``), for a page ``depth`` folders deeper.

    What ``_RELATIVE_MD_LINK.sub`` gives, reading the text about once: an attempt that fails
    with a relative target found no ``.md`` before the first ``)`` or space; every ``](`` before
    that reads to the same place and finds none either.
    """
    out: list[str] = []
    last = position = 0
    while (start := markdown.find("](", position)) >= 0:
        match = _RELATIVE_MD_LINK.match(markdown, start)
        if match:
            out += [markdown[last:start], match.group(1), "../" * depth, match.group(2)]
            last = position = match.end()
        elif _ABSOLUTE_TARGET.match(markdown, start + 2):
            position = start + 2
        else:
            stop = _TARGET_END.search(markdown, start + 2)
            position = max(stop.start() if stop else len(markdown), start + 2)
    return "".join(out) + markdown[last:] if out else markdown
