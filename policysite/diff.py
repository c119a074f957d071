"""Diff: two versions of a policy -> a section-by-section redline.

Sections are aligned by ID (the ID, not the heading text, names a section):
each is added, removed, changed, unchanged or moved.  Changed sections are
redlined inline with diff-match-patch and semantic cleanup, tokenized by words
in English and by characters in Chinese (runs of Latin letters or digits inside
Chinese stay whole words).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

from diff_match_patch import diff_match_patch
from markupsafe import Markup

from .sources import Document, Section

DELETE, EQUAL, INSERT = -1, 0, 1
_WORDS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_CJK = re.compile(r"[A-Za-z0-9]+|\s+|.", re.DOTALL)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_ATTR = re.compile(r"[ \t]*\{:?[ \t]*[#.][^{}]*\}[ \t]*$", re.MULTILINE)
INTRO = "(intro)"


def tokenize(text: str, lang: str) -> list[str]:
    pattern = _CJK if lang.lower().startswith("zh") else _WORDS
    return pattern.findall(text)


def _token_char(index: int) -> str:
    """A distinct private-use character for the ``index``-th token.

    Private-use characters are neither letters nor spaces, so diff-match-patch's
    boundary scoring treats every token alike, and none is a surrogate.
    """
    if index < 0x1900:  # U+E000..U+F8FF
        return chr(0xE000 + index)
    index -= 0x1900
    if index < 2 * 0xFFFE:  # planes 15 and 16 (U+F0000..U+10FFFD)
        return chr(0xF0000 + (index // 0xFFFE) * 0x10000 + index % 0xFFFE)
    raise ValueError("too many distinct tokens to diff")


def diff_text(old: str, new: str, lang: str) -> list[tuple[int, str]]:
    """Inline diff as diff-match-patch tuples, by words (en) or characters (zh).

    The texts are diffed as sequences of tokens (each token encoded as one
    character) and the semantic cleanup runs on those tokens too, so an edit
    never splits a word: "cat" -> "cats" is ``-cat +cats``, not ``cat +s``.
    """
    if old == new:
        return [(EQUAL, new)] if new else []
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # no time limit: the same inputs always give the same redline
    vocabulary: dict[str, str] = {}
    tokens: list[str] = []

    def encode(text: str) -> str:
        out = []
        for token in tokenize(text, lang):
            char = vocabulary.get(token)
            if char is None:
                char = vocabulary[token] = _token_char(len(tokens))
                tokens.append(token)
            out.append(char)
        return "".join(out)

    encoded_old, encoded_new = encode(old), encode(new)
    decode = {char: token for token, char in vocabulary.items()}
    diffs = dmp.diff_main(encoded_old, encoded_new, False)
    dmp.diff_cleanupSemantic(diffs)
    merged: list[tuple[int, str]] = []
    for op, text in diffs:
        text = "".join(decode[c] for c in text)
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def readable(text: str) -> str:
    """Section Markdown as a reader sees its words: no emphasis markers or attribute lists."""
    text = _ATTR.sub("", text)
    return _EMPHASIS.sub(r"\2", text).strip("\n")


@dataclass
class SectionDiff:
    id: str | None
    status: str  # added | removed | changed | unchanged | moved
    level: int
    title: str  # the heading text (the new one; the old one if removed)
    title_ops: list[tuple[int, str]] = field(default_factory=list)
    body_ops: list[tuple[int, str]] = field(default_factory=list)
    # No references to the sections themselves: redlines are cached on disk and
    # kept for the whole build, and must not carry two copies of every text.

    @property
    def key(self) -> str:
        return self.id or INTRO

    @property
    def text_changed(self) -> bool:
        return any(op != EQUAL for op, _ in self.title_ops + self.body_ops)


@dataclass
class Redline:
    lang: str
    sections: list[SectionDiff]
    first: bool = False  # there is no previous version: everything is new

    @property
    def summary(self) -> dict[str, int]:
        counts = {"added": 0, "removed": 0, "changed": 0, "moved": 0}
        for section in self.sections:
            if section.status in counts and section.id is not None:
                counts[section.status] += 1
            elif section.status == "changed":  # the intro has no ID but can change
                counts["changed"] += 1
        return counts

    @property
    def changed(self) -> bool:
        return any(s.status != "unchanged" for s in self.sections)


def _pairs(document: Document | None) -> list[tuple[str, Section]]:
    if document is None:
        return []
    return [(INTRO, document.root)] + [(s.id, s) for s in document.sections if s.id]


def compare(old: Document | None, new: Document | None, lang: str, inline: bool = True) -> Redline:
    """Align ``old`` and ``new`` by section ID and redline what changed.

    With ``inline=False`` only each section's status is computed (no word or
    character diff): enough for summaries, and much cheaper.
    """
    before, after = _pairs(old), _pairs(new)
    old_by_id, new_by_id = dict(before), dict(after)
    common_old = [key for key, _ in before if key in new_by_id]
    common_new = [key for key, _ in after if key in old_by_id]
    matcher = difflib.SequenceMatcher(a=common_old, b=common_new, autojunk=False)
    in_place = {
        common_new[j] for block in matcher.get_matching_blocks() for j in range(block.b, block.b + block.size)
    }

    result: list[SectionDiff] = []
    emitted_removed: set[str] = set()

    def removed_before(key: str | None) -> None:
        """Removed sections go where they stood: before the next common section."""
        keys = [k for k, _ in before]
        stop = keys.index(key) if key is not None else len(keys)
        for k in keys[:stop]:
            if k not in new_by_id and k not in emitted_removed:
                emitted_removed.add(k)
                section = old_by_id[k]
                result.append(
                    SectionDiff(
                        k,
                        "removed",
                        section.level,
                        section.title,
                        [(DELETE, section.title)],
                        _ops("", section.text, lang),
                    )
                )

    for key, section in after:
        if key in old_by_id:
            removed_before(key)
            previous = old_by_id[key]
            old_body, new_body = readable(previous.text), readable(section.text)
            if inline:
                title_ops = diff_text(previous.title, section.title, lang)
                body_ops = diff_text(old_body, new_body, lang)
                changed = any(op != EQUAL for op, _ in title_ops + body_ops)
            else:
                title_ops, body_ops = [], []
                changed = previous.title != section.title or old_body != new_body
            status = "changed" if changed else ("unchanged" if key in in_place else "moved")
            result.append(
                SectionDiff(
                    None if key == INTRO else key, status, section.level, section.title, title_ops, body_ops
                )
            )
        else:
            result.append(
                SectionDiff(
                    key,
                    "added",
                    section.level,
                    section.title,
                    [(INSERT, section.title)],
                    _ops(section.text, "", lang, insert=True),
                )
            )
    removed_before(None)
    for item in result:
        if item.key == INTRO:
            item.id = None
    return Redline(lang, result, first=old is None)


def _ops(text: str, old_text: str, lang: str, insert: bool = False) -> list[tuple[int, str]]:
    """A whole section added (``insert``) or removed."""
    body = readable(text if insert else old_text)
    return [(INSERT if insert else DELETE, body)] if body else []


def to_html(ops: list[tuple[int, str]], labels: tuple[str, str] = ("inserted", "deleted")) -> Markup:
    """``<ins>``/``<del>`` markup, every text escaped; the marks are announced to screen readers too."""
    out = []
    labels = (html.escape(labels[0]), html.escape(labels[1]))
    for op, text in ops:
        escaped = html.escape(text, quote=False)
        if op == INSERT:
            out.append(
                f'<ins><span class="sr-only">[{labels[0]}: </span>{escaped}<span '
                'class="sr-only">]</span></ins>'
            )
        elif op == DELETE:
            out.append(
                f'<del><span class="sr-only">[{labels[1]}: </span>{escaped}<span '
                'class="sr-only">]</span></del>'
            )
        else:
            out.append(escaped)
    return Markup("".join(out))


def to_terminal(ops: list[tuple[int, str]], color: bool) -> str:
    """Insertions and deletions visibly marked: colours on a terminal, {+ +} [- -] otherwise."""
    out = []
    for op, text in ops:
        if op == INSERT:
            out.append(f"\033[32;4m{text}\033[0m" if color else f"{{+{text}+}}")
        elif op == DELETE:
            out.append(f"\033[31;9m{text}\033[0m" if color else f"[-{text}-]")
        else:
            out.append(text)
    return "".join(out)
