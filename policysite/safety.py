"""The ``html.unsafe`` rule: what the sanitizer would remove from a policy, named where it is.

A policy is rendered as the build renders it (:mod:`policysite.render`), and
everything :func:`policysite.sanitize.clean` would take out of the page is an
error naming the file, the line and the section, and saying why.  The rule
judges the HTML a browser would receive, not the source's spelling, so no
encoding, comment trick or parser difference hides anything from it; the line
is found by looking for the removed tag, attribute or value in the section's
own source lines.

What the sanitizer drops but no browser could abuse is a warning, not an error:
a class nothing styles (``html.class``) and an attribute such as ``lang``,
``dir`` or ``datetime`` whose value the site does not keep (``html.attribute``).
"""

from __future__ import annotations

import bisect
import html
import re

from . import sanitize
from .complexity import oversized_blocks
from .diagnostics import Diagnostic
from .render import Renderer
from .sources import Document

_RAW_VALUE = r"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"""


def _sections(document: Document) -> list[tuple[int, str | None]]:
    """``[(first line, section ID)]`` in document order, the intro (None) first."""
    return [(document.body_line, None)] + [(s.line, s.id) for s in document.sections]


def _candidates(removal: sanitize.Removal) -> list[re.Pattern]:
    """What to look for in the source, most precise first."""
    found: list[str] = []
    if removal.attribute is None:
        found.append(r"<\s*" + re.escape(removal.tag) + r"(?![\w-])")
    else:
        name = re.escape(removal.attribute)
        raw = re.search(_RAW_VALUE.format(name=name), " " + removal.raw, re.IGNORECASE)
        raw_value = next((g for g in raw.groups() if g is not None), None) if raw else None
        values = [raw_value, html.unescape(raw_value or ""), removal.value, (removal.value or "")[-16:]]
        if raw_value and raw_value.strip():  # the attribute with its value: where it is, not a twin
            found.append(r"(?<![\w-])" + name + r"""\s*=\s*["']?""" + re.escape(raw_value.strip()[:60]))
        found.append(r"(?<![\w-])" + name + r"\s*=")
        for value in values:
            if value and value.strip():
                found.append(re.escape(value.strip()[:60]))
        found.append(r"(?<![\w-])" + name + r"(?![\w-])")
    return [re.compile(pattern, re.IGNORECASE) for pattern in found if pattern]


def check(document: Document, renderer: Renderer | None = None) -> list[Diagnostic]:
    """``html.unsafe`` (errors), ``html.attribute`` and ``html.class`` (warnings) of one policy file."""
    if document.refused:
        return []  # refused as too long or too complex: never rendered (complexity.refusals)
    renderer = renderer or Renderer()
    lines = document.text.split("\n")
    if oversized_blocks(lines, document.body_line - 1):
        return []  # refused as source.too-long; not rendered (Markdown is slow on such input)
    body = "\n".join(lines[document.body_line - 1 :])
    rendered = renderer.html(body)
    if renderer.permalink is not None:  # the site's own permalinks are not the policy's markup
        rendered = renderer.permalink.sub("", rendered)
    removed = sanitize.removals(rendered)
    if not removed:
        return []
    # Which section each removal falls in: the rendered headings, in order, are
    # the title (h1) and the document's sections.
    headings = sanitize.heading_ids(rendered)
    sections = _sections(document)
    ids = {section_id: index for index, (_, section_id) in enumerate(sections) if section_id}
    starts = [index for index, _ in headings]
    offset = 0 if len(headings) == len(sections) else 1  # the title's h1 stands for the intro
    found: list[Diagnostic] = []
    seen: set[tuple[int, str]] = set()
    searched_from: dict[tuple[int, str], int] = {}
    for event, removal in removed:
        position = bisect.bisect_right(starts, event) - 1
        section = 0
        if position >= 0:
            heading_id = headings[position][1]
            section = ids[heading_id] if heading_id in ids else min(position + offset, len(sections) - 1)
        first, section_id = sections[section]
        last = sections[section + 1][0] - 1 if section + 1 < len(sections) else len(lines)
        line = first
        for pattern in _candidates(removal):
            key = (section, pattern.pattern)
            start = searched_from.get(key, first)
            hit = next((n for n in range(start, last + 1) if pattern.search(lines[n - 1])), None)
            if hit is None and start != first:
                hit = next((n for n in range(first, last + 1) if pattern.search(lines[n - 1])), None)
            if hit is not None:
                line = hit
                searched_from[key] = hit + 1
                break
        message = removal.reason
        if (line, message) in seen:
            continue
        seen.add((line, message))
        found.append(Diagnostic.of(removal.severity, removal.code, document.path, line, message, section_id))
    return found
