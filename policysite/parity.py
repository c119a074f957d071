"""Parity: every language says the same thing in the same shape as the reference.

For each policy, between the reference language and every other language: the file
exists, the ``version`` is the same, the ordered (level, ID) list of sections is the
same, and each section has the same structure (list items at every depth, tables,
paragraphs).  Links are checked too: in-page ``(#id)`` links must name a section of
the page and links to other policies must name a policy (and section) that exists.

Every finding is a :class:`~policysite.diagnostics.Diagnostic` that points at the
file and line an editor has to change, which is the translation's, not the
reference's, unless the reference is the one missing something.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import posixpath
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import replace
from urllib.parse import unquote

from . import invariants
from . import links as site_links
from .blockscan import ListBlock
from .cache import Recent
from .diagnostics import Diagnostic
from .linkscan import Link
from .project import Corpus, shown
from .sources import Document, Section


def check(
    corpus: Corpus,
    lagging: str = "error",
    translated=None,
    untranslated: str = "error",
    removed_in=None,
    site: site_links.SiteMap | None = None,
    prefixes: Mapping[str, str] | None = None,
    recent: Recent | None = None,
) -> list[Diagnostic]:
    """Parse diagnostics plus every parity and link finding of the corpus, every translation against
    the reference language (the corpus's first).

    ``lagging`` is the severity ("error", "warning" or "info") of a translation
    whose version is older than the reference's, ``untranslated`` that of a
    policy with no file in a language (``mkdocs.yml``: extra.policies).
    ``translated(policy, version, reference)`` gives the reference text of an older version
    (from history): a lagging translation is compared with the text it
    translates, not with the newer one.  ``site`` is every page the site will have (default: the
    pages of ``corpus``) and ``prefixes`` the setting ``link_prefixes`` (see :func:`links`).
    ``recent`` keeps the comparisons of one build for the next (``mkdocs serve``).
    """
    recent = recent if recent is not None else Recent()
    site = site if site is not None else site_links.SiteMap.of(corpus)
    reference = corpus.reference
    found = list(corpus.diagnostics) + lagging_translations(corpus, lagging)
    for policy in corpus.policies:
        found += _files(corpus, policy, reference, untranslated)
        base = corpus.get(policy, reference)
        for lang in corpus.languages:
            document = corpus.get(policy, lang)
            if document is None:
                continue
            found += links(document, corpus, removed_in, site, prefixes)
            if lang != reference and base is not None and not (document.conflicted or base.conflicted):
                lags = translated is not None and _lags(document, base)
                older = translated(policy, document.version, reference) if lags else None
                key = ("parity", *_identity(older), *_identity(base), *_identity(document))
                found += recent.get(key, functools.partial(_against, older, base, document))
    return found


def _identity(document: Document | None) -> tuple[str, str]:
    """What a comparison of documents depends on: each one's path and text (all else is parsed from them)."""
    return (document.path, document.text) if document is not None else ("", "")


def _structural(findings: list[Diagnostic]) -> list[Diagnostic]:
    return [f for f in findings if f.code.startswith("parity.") and f.code != "parity.paragraphs"]


def _against(older: Document | None, base: Document, document: Document) -> list[Diagnostic]:
    """A translation against the reference text it translates (an older version when it lags).

    A lagging translation that matches the *current* reference text, not the
    one its ``version:`` names, has its date forgotten: one finding says so.
    """
    if older is None:
        return compare(base, document)
    label = f"the {older.lang} version {older.version} that this translation is of ({older.path})"
    against_older = compare(older, document, label)
    if _structural(against_older) and not _structural(compare(base, document)):
        return [
            Diagnostic.error(
                "parity.version",
                document.path,
                document.meta_line("version"),
                f"{document.lang} text matches the current {base.lang} version {base.version} "
                f"({base.path}), not the version {document.version} its front matter names: set "
                f"'version: {base.version}'",
            )
        ]
    return against_older


def _lags(document: Document, base: Document) -> bool:
    return base.date is not None and document.date is not None and document.date < base.date


def lagging_translations(corpus: Corpus, severity: str = "error") -> list[Diagnostic]:
    """Translations whose current version is older than the reference language's."""
    found, reference = [], corpus.reference
    for policy in corpus.policies:
        base = corpus.get(policy, reference)
        if base is None or base.date is None:
            continue
        for lang in corpus.languages:
            other = corpus.get(policy, lang)
            if lang == reference or other is None or other.date is None or other.date >= base.date:
                continue
            found.append(
                Diagnostic.of(
                    severity,
                    "history.lagging",
                    other.path,
                    other.meta_line("version"),
                    f"{lang} translation is at version {other.version} but {reference} is at "
                    f"{base.version} ({base.path}); "
                    f"translate the changes and set 'version: {base.version}'",
                )
            )
    return found


def _files(corpus: Corpus, policy: str, reference: str, untranslated: str = "error") -> list[Diagnostic]:
    """A translation missing (the reference language only: pending) or the reference missing (an error)."""
    found = []
    for lang in corpus.languages:
        if corpus.has(policy, lang):
            continue
        others = [other for other in corpus.languages if corpus.has(policy, other)]
        source = f"{others[0]}/{policy}.md" if others else "?"
        if lang != reference and corpus.has(policy, reference):
            found.append(
                Diagnostic.of(
                    untranslated,
                    "translation.pending",
                    f"{lang}/{policy}.md",
                    1,
                    f"policy '{policy}' has no {lang} translation yet ({source} only): the {lang} pages say "
                    f"the translation is pending and show the {reference} text; add {lang}/{policy}.md to "
                    "translate it",
                )
            )
            continue
        found.append(
            Diagnostic.error(
                "parity.missing-file",
                f"{lang}/{policy}.md",
                1,
                f"policy '{policy}' exists in {', '.join(others)} ({source}) but has no {lang} file; "
                f"add {lang}/{policy}.md",
            )
        )
    return found


def compare(base: Document, other: Document, label: str | None = None) -> list[Diagnostic]:
    """Parity findings of ``other`` (a translation) against ``base`` (the reference).

    ``label`` names the reference in messages (default: its language and file).
    """
    found = []
    a, b = base.lang, other.lang
    lagging = base.date is not None and other.date is not None and other.date < base.date
    # An older translation is "lagging": history.lagging reports it, with the
    # severity mkdocs.yml chooses; any other difference is an error here.
    if base.version and other.version and base.version != other.version and not lagging:
        line = other.meta_line("version")
        found.append(
            Diagnostic.error(
                "parity.version",
                other.path,
                line,
                (
                    f"version is {other.version} in {b} but {base.version} in {a} ({base.path}); both "
                    "languages must carry the same version"
                ),
            )
        )
    found += _outline(base, other, label or f"{a} ({base.path})")
    # Structure is compared for sections present in both at the same level
    # (with a duplicated ID, the first section of that ID is the one compared).
    theirs = _first_by_id(other.sections)
    for section in base.sections:
        twin = theirs.get(section.id) if section.id else None
        if twin is not None and twin.level == section.level:
            found += _structure(section, twin, a, b, other.path)
    found += _structure(base.root, other.root, a, b, other.path)
    found += anchors(base, other)
    found += _invariants(base, other)
    return found


def _invariants(base: Document, other: Document) -> list[Diagnostic]:
    """Per section: the same URLs and e-mail addresses (error) and the same numbers (warning)."""
    found = []
    a, b = base.lang, other.lang
    theirs = _first_by_id(other.sections)
    pairs = [(base.root, other.root)] + [
        (s, theirs[s.id]) for s in base.sections if s.id and s.id in theirs and theirs[s.id].level == s.level
    ]
    lines = other.text.split("\n")
    starts = sorted(s.line for s in other.sections)
    for ours, twin in pairs:
        label = ours.id or "(intro)"
        mine, yours = invariants.addresses(ours, base), invariants.addresses(twin, other)
        places = _address_places(other, twin, sorted(yours - mine), lines, starts)
        for value in sorted(mine - yours):
            found.append(
                Diagnostic.error(
                    "parity.links",
                    other.path,
                    twin.line,
                    f"section '{label}': '{value}' is in {a} ({base.path}:{ours.line}) but not in {b}; "
                    "links and "
                    "e-mail addresses must be the same in every language",
                    ours.id,
                )
            )
        for value in sorted(yours - mine):
            found.append(
                Diagnostic.error(
                    "parity.links",
                    other.path,
                    places[value],
                    f"section '{label}': '{value}' is in {b} but not in {a} ({base.path}:{ours.line}); "
                    "links and "
                    "e-mail addresses must be the same in every language",
                    ours.id,
                )
            )
        if invariants.ignored(ours) or invariants.ignored(twin):
            continue
        numbers_a, numbers_b = invariants.numbers(ours), invariants.numbers(twin)
        if numbers_a != numbers_b:
            only_a = ", ".join(sorted((numbers_a - numbers_b).elements())) or "none"
            only_b = ", ".join(sorted((numbers_b - numbers_a).elements())) or "none"
            found.append(
                Diagnostic.warning(
                    "parity.numbers",
                    other.path,
                    twin.line,
                    f"section '{label}': numbers differ: only in {a}: {only_a}; only in {b}: {only_b} (if "
                    "intended, "
                    "write <!-- parity: numbers --> in the section)",
                    ours.id,
                )
            )
    return found


# Addresses of one section placed by searching its lines for each (the first line holding it); the
# rest, if a section has more, by where each is written (one pass, however many there are).
MAX_SEARCHED_ADDRESSES = 50


def _address_places(
    document: Document, section: Section, values: list[str], lines: list[str], starts: list[int]
) -> dict[str, int]:
    """The line of ``section`` to name for each of ``values`` (its heading's when none holds it)."""
    later = bisect.bisect_right(starts, section.line)
    end = starts[later] if later < len(starts) else len(lines) + 1
    places = {}
    for value in values[:MAX_SEARCHED_ADDRESSES]:
        places[value] = next(
            (n for n in range(section.line, end) if value in lines[n - 1] or value in lines[n - 1].lower()),
            section.line,
        )
    if len(values) > MAX_SEARCHED_ADDRESSES:
        written = invariants.address_lines(section, document, lines, end)
        places.update((value, written.get(value, section.line)) for value in values[MAX_SEARCHED_ADDRESSES:])
    return places


def _first_by_id(sections: list[Section]) -> dict[str, Section]:
    found: dict[str, Section] = {}
    for section in sections:
        if section.id:
            found.setdefault(section.id, section)
    return found


def _renames(
    ours: list[Section], theirs: list[Section], our_ids: dict, their_ids: dict
) -> dict[str, Section]:
    """Translation section ID -> reference section, for an ID that differs at the same place.

    A section missing from the translation and one extra in it, at the same
    level between the same neighbours, is one renamed ID, not two problems.
    """

    # Each missing section, by the last common section before it and its level, in order.
    missing: dict[tuple[str | None, int], deque[Section]] = {}
    for anchor, section in _after_common(ours, their_ids):
        missing.setdefault((anchor, section.level), deque()).append(section)
    pairs: dict[str, Section] = {}
    for anchor, section in _after_common(theirs, our_ids):
        waiting = missing.get((anchor, section.level))
        if waiting and section.id is not None:
            pairs[section.id] = waiting.popleft()
    return pairs


def _after_common(sections: list[Section], other_ids: dict) -> list[tuple[str | None, Section]]:
    """``[(ID of the last section before it that ``other_ids`` has, section)]`` of the sections it lacks."""
    found, anchor = [], None
    for section in sections:
        if section.id in other_ids:
            anchor = section.id
        else:
            found.append((anchor, section))
    return found


def _outline(base: Document, other: Document, label: str | None = None) -> list[Diagnostic]:
    """Sections missing, extra, renamed, out of order or at another level."""
    label = label or f"{base.lang} ({base.path})"
    ours = [s for s in base.sections if s.id]
    theirs = [s for s in other.sections if s.id]
    our_ids = _first_by_id(ours)
    their_ids = _first_by_id(theirs)
    renamed = _renames(ours, theirs, our_ids, their_ids)
    renamed_from = {twin.id for twin in renamed.values()}
    return [
        *_renamed_ids(other, their_ids, renamed, label),
        *_missing_sections(base, other, ours, their_ids, renamed_from, label),
        *_extra_sections(other, theirs, our_ids, renamed, label),
        *_level_changes(base, other, theirs, our_ids),
        *_order_changes(base, other, ours, theirs, our_ids, their_ids),
    ]


def _renamed_ids(
    other: Document, their_ids: dict[str, Section], renamed: dict[str, Section], label: str
) -> list[Diagnostic]:
    """``parity.section-id``: each translation section whose ID is another at the same place in ``label``."""
    return [
        Diagnostic.error(
            "parity.section-id",
            other.path,
            their_ids[their_id].line,
            f"section ID '{their_id}' is '{twin.id}' in {label} at the same place ('{twin.title}', line "
            f"{twin.line}): rename '{their_id}' to '{twin.id}' (the ID, not the heading text, names a "
            "section)",
            their_id,
        )
        for their_id, twin in renamed.items()
    ]


def _missing_sections(
    base: Document,
    other: Document,
    ours: list[Section],
    their_ids: dict[str, Section],
    renamed_from: set[str | None],
    label: str,
) -> list[Diagnostic]:
    """``parity.section-missing``: each section of ``base`` the translation lacks (and has not renamed)."""
    a, b = base.lang, other.lang
    found = []
    previous: Section | None = None  # the translation's twin of the last section before it both have
    for section in ours:
        if section.id in their_ids:
            previous = their_ids[section.id]
        if section.id in their_ids or section.id in renamed_from:
            continue
        # Point at the line after which the section should come in the translation.
        line = previous.line if previous else other.body_line
        found.append(
            Diagnostic.error(
                "parity.section-missing",
                other.path,
                line,
                f"section '{section.id}' ('{section.title}', {base.path}:{section.line}) is missing in {b}"
                + ("" if label.startswith(a + " (") else f" (compared with {label})"),
                section.id,
            )
        )
    return found


def _extra_sections(
    other: Document,
    theirs: list[Section],
    our_ids: dict[str, Section],
    renamed: dict[str, Section],
    label: str,
) -> list[Diagnostic]:
    """``parity.section-extra``: each section of the translation ``label`` lacks (and it was not renamed)."""
    return [
        Diagnostic.error(
            "parity.section-extra",
            other.path,
            section.line,
            f"section '{section.id}' is not in {label}; section IDs must be the same in every language",
            section.id,
        )
        for section in theirs
        if section.id not in our_ids and section.id not in renamed
    ]


def _level_changes(
    base: Document, other: Document, theirs: list[Section], our_ids: dict[str, Section]
) -> list[Diagnostic]:
    """``parity.section-level``: each section both have at another heading level in the translation."""
    found = []
    for section in theirs:
        twin = our_ids.get(section.id) if section.id else None
        if twin is not None and twin.level != section.level:
            found.append(
                Diagnostic.error(
                    "parity.section-level",
                    other.path,
                    section.line,
                    (
                        f"section '{section.id}' is a level-{section.level} heading in {other.lang} but "
                        f"level {twin.level} in {base.lang} ({base.path}:{twin.line})"
                    ),
                    section.id,
                )
            )
    return found


def _order_changes(
    base: Document,
    other: Document,
    ours: list[Section],
    theirs: list[Section],
    our_ids: dict[str, Section],
    their_ids: dict[str, Section],
) -> list[Diagnostic]:
    """``parity.section-order``: of the IDs both have, each out of the reference's sequence."""
    common_ours = [s.id for s in ours if s.id in their_ids]
    common_theirs = [s.id for s in theirs if s.id in our_ids]
    if common_ours == common_theirs:
        return []
    in_place = _in_place(common_ours, common_theirs)
    positions = {section_id: index for index, section_id in reversed(list(enumerate(common_ours)))}
    found = []
    for section_id in common_theirs:
        if section_id in in_place:
            continue
        section, twin = their_ids[section_id], our_ids[section_id]
        position = positions[section_id]
        after = f"after '{common_ours[position - 1]}'" if position else "first"
        found.append(
            Diagnostic.error(
                "parity.section-order",
                other.path,
                section.line,
                (
                    f"section '{section_id}' is out of order: in {base.lang} it comes {after} "
                    f"({base.path}:{twin.line})"
                ),
                section_id,
            )
        )
    return found


# Beyond this many sections both languages have, their order is compared by a longest increasing
# subsequence (n log n) instead of difflib's matching blocks (quadratic on a shuffled outline).
MAX_MATCHED_SECTIONS = 500


def _in_place(ours: list[str], theirs: list[str]) -> set[str]:
    """The IDs of ``theirs`` that stand in the reference's order (the others are out of order)."""
    if len(theirs) <= MAX_MATCHED_SECTIONS:
        matcher = difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False)
        return {
            theirs[j] for block in matcher.get_matching_blocks() for j in range(block.b, block.b + block.size)
        }
    first = {section_id: index for index, section_id in reversed(list(enumerate(ours)))}
    order = [first[section_id] for section_id in theirs]
    tails: list[int] = []  # tails[k]: the index in ``order`` ending the best run of length k + 1
    before: list[int] = [-1] * len(order)
    for index, value in enumerate(order):
        length = _lower(tails, order, value)
        before[index] = tails[length - 1] if length else -1
        tails[length : length + 1] = [index]
    kept, index = set(), tails[-1] if tails else -1
    while index >= 0:
        kept.add(theirs[index])
        index = before[index]
    return kept


def _lower(tails: list[int], order: list[int], value: int) -> int:
    """The first k with ``order[tails[k]] >= value`` (the tails' values increase)."""
    low, high = 0, len(tails)
    while low < high:
        middle = (low + high) // 2
        if order[tails[middle]] < value:
            low = middle + 1
        else:
            high = middle
    return low


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _structure(ours: Section, theirs: Section, a: str, b: str, path: str) -> list[Diagnostic]:
    section = ours.id or "(intro)"
    found = []
    if len(ours.tables) != len(theirs.tables):
        found.append(
            Diagnostic.error(
                "parity.structure",
                path,
                theirs.line,
                (
                    f"section '{section}': {a} has {_plural(len(ours.tables), 'table')}, {b} has "
                    f"{len(theirs.tables)}"
                ),
                ours.id,
            )
        )
    else:
        for number, (x, y) in enumerate(zip(ours.tables, theirs.tables), start=1):
            if x.rows != y.rows:
                found.append(
                    Diagnostic.error(
                        "parity.structure",
                        path,
                        y.line,
                        (
                            f"section '{section}': table {number} has {_plural(x.rows, 'row')} in {a}, "
                            f"{y.rows} in {b}"
                        ),
                        ours.id,
                    )
                )
    found += _lists(ours.lists, theirs.lists, "", "", theirs.line, section, ours.id, a, b, path)
    if len(ours.paragraphs) != len(theirs.paragraphs):
        line = theirs.paragraphs[0] if theirs.paragraphs else theirs.line
        found.append(
            Diagnostic.warning(
                "parity.paragraphs",
                path,
                line,
                (
                    f"section '{section}': {a} has {_plural(len(ours.paragraphs), 'paragraph')}, {b} has "
                    f"{len(theirs.paragraphs)}"
                ),
                ours.id,
            )
        )
    return found


def _lists(
    ours: list[ListBlock],
    theirs: list[ListBlock],
    trail: str,
    parent: str,
    line: int,
    section: str,
    section_id: str | None,
    a: str,
    b: str,
    path: str,
) -> list[Diagnostic]:
    """Compare list trees; report the first difference on each branch.

    ``trail`` is the position of the enclosing item ("2.2"), ``parent`` its label.
    """
    where = f" under item {trail} ('{parent}')" if trail else ""
    count_a = sum(len(block.items) for block in ours)
    count_b = sum(len(block.items) for block in theirs)
    if count_a != count_b or len(ours) != len(theirs):
        if count_a != count_b:
            what = f"{a} has {_plural(count_a, 'list item')}{where}, {b} has {count_b}"
        else:
            what = f"{a} has {_plural(len(ours), 'list')}{where}, {b} has {len(theirs)}"
        anchor = theirs[0].line if theirs and not trail else line
        return [
            Diagnostic.error("parity.structure", path, anchor, f"section '{section}': {what}", section_id)
        ]
    found = []
    for block_a, block_b in zip(ours, theirs):
        for number, (item_a, item_b) in enumerate(zip(block_a.items, block_b.items), start=1):
            position = f"{trail}.{number}" if trail else str(number)
            found += _lists(
                item_a.lists,
                item_b.lists,
                position,
                item_a.label,
                item_b.line,
                section,
                section_id,
                a,
                b,
                path,
            )
    return found


def links(
    document: Document,
    corpus: Corpus,
    removed_in: Callable[[str, str, str], str | None] | None = None,
    site: site_links.SiteMap | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """Every link of ``document`` to this site must reach a page (or file) the site will have.

    ``#x`` must name an ID the page defines; ``other.md#x`` (relative to the document's folder) a
    policy and one of its IDs; ``/privacy/#x`` (site-absolute, after ``prefixes``: see
    :mod:`policysite.links`) and ``../privacy/`` (relative to the current page's address) a page
    of ``site`` (default: the pages of ``corpus``), and the fragment on a policy's current page
    one of its IDs.  Other links (``https:``, ``mailto:``, a relative file such as ``logo.png``,
    which MkDocs checks) are not checked here.  ``removed_in(policy, lang, anchor)`` (from
    history) names the version that removed an anchor, so a broken link says what broke it.
    """
    site = site if site is not None else site_links.SiteMap.of(corpus)
    found = []
    for link in document.links:
        target = link.target
        if not target or not site_links.local(target):
            continue
        path, _, fragment = site_links.split(target)
        if not path:
            what = f"'#{shown(fragment)}'"
            found += _fragment(document, document, link, fragment, what, removed_in, corpus)
        elif path.endswith(".md") and not path.startswith("/"):
            found += _source_link(document, corpus, link, path, fragment, removed_in)
        elif path.startswith("/") or _is_page(path):
            found += _site_link(document, corpus, site, link, prefixes, removed_in)
    return found


def _is_page(path: str) -> bool:
    """A relative path to a page (``../privacy/``, ``../privacy``), not to a file (``logo.png``)."""
    last = path.rsplit("/", 1)[-1]
    return last in ("", ".", "..") or "." not in last


def _fragment(
    document: Document,
    target: Document | None,
    link: Link,
    fragment: str,
    what: str,
    removed_in: Callable[[str, str, str], str | None] | None,
    corpus: Corpus | None = None,
) -> list[Diagnostic]:
    """The error about ``fragment`` when the page of ``target`` has no such ID (an alias declared
    in the reference language's front matter is one: the page carries it under its successor)."""
    if not fragment or target is None or fragment in target.anchor_ids:
        return []
    reference = corpus.get(target.policy, corpus.reference) if corpus is not None else None
    if fragment in (reference or target).alias_ids:
        return []
    version = removed_in(target.policy, target.lang, fragment) if removed_in else None
    if target is document:
        message = f"link to {what} but this policy defines no element with that ID"
    else:
        message = f"link to {what} but policy '{target.policy}' has no ID '{shown(fragment)}'"
    if version:
        message += f": it was removed in version {version}"
    else:
        message += " (IDs: sections, attribute lists '{: #id }', raw HTML id=)"
    return [Diagnostic.error("link.anchor", document.path, link.line, message, link.section)]


def _source_link(
    document: Document,
    corpus: Corpus,
    link: Link,
    path: str,
    fragment: str,
    removed_in: Callable[[str, str, str], str | None] | None,
) -> list[Diagnostic]:
    """A relative link to another source (``terms.md#x``), resolved against the document's folder."""
    folder = posixpath.dirname(f"{document.lang}/{document.policy}.md")
    resolved = posixpath.normpath(posixpath.join(folder, unquote(path)))
    first, _, rest = resolved.partition("/")
    if first in corpus.languages and (rest[:-3], first) in corpus.pages:
        return []  # one of the site's other pages (the home page...)
    lang, policy = (first, rest[:-3]) if first in corpus.languages else (document.lang, resolved[:-3])
    if not corpus.has(policy, lang):
        known = ", ".join(corpus.policies) or "none"
        return [
            Diagnostic.error(
                "link.policy",
                document.path,
                link.line,
                f"link to '{shown(link.target)}' but there is no policy '{shown(policy)}' in {lang} "
                f"(policies: {known})",
                link.section,
            )
        ]
    what = f"'{shown(link.target)}'"
    return _fragment(document, corpus.get(policy, lang), link, fragment, what, removed_in, corpus)


def _site_link(
    document: Document,
    corpus: Corpus,
    site: site_links.SiteMap,
    link: Link,
    prefixes: Mapping[str, str] | None,
    removed_in: Callable[[str, str, str], str | None] | None,
) -> list[Diagnostic]:
    """A site-absolute link (``/privacy/#x``) or a relative one to a page (``../privacy/``)."""
    path, _, fragment = site_links.split(link.target)
    if path.startswith("/"):
        address = site_links.mapped(path, prefixes)
    else:  # the browser resolves it against the address of the page it is on
        here = site.path(document.lang, document.policy)
        address = posixpath.normpath(posixpath.join(here, path))
        address += "/" if path.endswith(("/", "/.", "/..", ".")) and address != "/" else ""
    found = site_links.resolve(site, address)
    what = f"'{shown(link.target)}'" + (f" (as '{shown(address)}')" if address != path else "")
    label = f"section '{link.section or '(intro)'}': "
    if found is None:
        hint = site_links.suggestion(site, address, written=address == path)
        message = f"{label}link to {what} but the site has no page at that address{hint}"
        return [Diagnostic.error("link.site", document.path, link.line, message, link.section)]
    if not found.current or found.policy is None:
        return []
    target = corpus.get(found.policy, found.lang) or corpus.get(found.policy, corpus.reference)
    broken = _fragment(document, target, link, fragment, what, removed_in, corpus)
    return [replace(d, message=label + d.message) for d in broken]


def anchors(base: Document, other: Document) -> list[Diagnostic]:
    """The same IDs, section by section, in every language (sections' own IDs are compared by _outline)."""
    found = []
    a, b = base.lang, other.lang

    def by_section(document: Document) -> dict[str | None, list]:
        grouped: dict[str | None, list] = {}
        for anchor in document.anchors:
            if anchor.kind != "section":
                grouped.setdefault(anchor.section, []).append(anchor)
        return grouped

    ours, theirs = by_section(base), by_section(other)
    their_sections = {s.id: s for s in other.sections if s.id}
    for section_id in sorted(set(ours) | set(theirs), key=lambda s: s or ""):
        mine = {x.id: x for x in ours.get(section_id, [])}
        yours = {x.id: x for x in theirs.get(section_id, [])}
        label = section_id or "(intro)"
        where = their_sections[section_id].line if section_id in their_sections else other.body_line
        for anchor_id in sorted(set(mine) - set(yours)):
            found.append(
                Diagnostic.error(
                    "parity.anchor",
                    other.path,
                    where,
                    f"section '{label}': the ID '{anchor_id}' ({base.path}:{mine[anchor_id].line}) is "
                    f"missing in {b}; "
                    f"links to '#{anchor_id}' would not land in {b}: define it at the same place",
                    section_id,
                )
            )
        for anchor_id in sorted(set(yours) - set(mine)):
            found.append(
                Diagnostic.error(
                    "parity.anchor",
                    other.path,
                    yours[anchor_id].line,
                    f"section '{label}': the ID '{anchor_id}' is not in {a} ({base.path}); IDs must be "
                    "the same in "
                    "every language",
                    section_id,
                )
            )
    return found
