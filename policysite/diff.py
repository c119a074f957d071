"""Diff: two versions of a policy -> a section-by-section redline of the rendered text.

Sections are aligned by ID (the ID, not the heading text, names a section):
each is added, removed, changed, unchanged or moved.  Whether a section changed
is decided on its source (its title and its Markdown, spelling-only differences
such as trailing spaces ignored: :func:`policysite.blocks.fingerprint`), so the
summaries computed without rendering agree with the redline.

A changed section is redlined on the rendered text (:mod:`policysite.blocks`):
its blocks (paragraphs, list items, table rows, the title) are aligned first,
then the sentences of each pair of similar blocks, and only similar sentences
are diffed token by token (words, numbers and dates in English, characters in
Chinese: :mod:`policysite.tokens`) with diff-match-patch and semantic cleanup
(:mod:`policysite.align`).  A block or a sentence rewritten beyond recognition
is shown deleted and inserted whole.  Cross-references depend on numbers: a kept
list item numbered otherwise (an item inserted or deleted before it) and a heading
whose number changed ("4. Security" -> "3. Security") are *renumbered*, with both
numbers.  The same data and the same steps run in the browser
(``policysite/assets/compare/compare.js``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from . import align, blocks, tokens
from .align import DELETE, EQUAL, INSERT
from .cache import Generations
from .render import Renderer
from .sources import Document

INTRO = blocks.INTRO
CHANGED = 2  # a block op: a pair of similar blocks, diffed inside
__all__ = ["CHANGED", "DELETE", "EQUAL", "INSERT", "INTRO", "Redline", "SectionDiff", "compare", "diff_text"]


def tokenize(text: str, lang: str) -> list[str]:
    return tokens.tokenize(text, lang)


# ---------------------------------------------------------------- plain text


def _merge(ops) -> list[tuple[int, str]]:
    """Consecutive ops of the same kind as one (their texts joined once: adding each text to the
    last would copy the run so far every time, quadratic on a long unchanged text)."""
    runs: list[tuple[int, list[str]]] = []
    for op, text in ops:
        if not text:
            continue
        if runs and runs[-1][0] == op:
            runs[-1][1].append(text)
        else:
            runs.append((op, [text]))
    return [(op, "".join(texts)) for op, texts in runs]


# Spaces as both Python and JavaScript see them (str.isspace and /\s/ differ on a few characters).
_SPACES = " \t\n\r\f\v\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE = re.compile(f"[{_SPACES}]+")
_SPACE_FIRST = frozenset(ch for ch in map(chr, range(0x3001)) if _SPACE.fullmatch(ch))


def is_space(key: str) -> bool:
    # Most tokens are words: their first character settles it without the full match.
    return key == " " or (key[:1] in _SPACE_FIRST and _SPACE.fullmatch(key) is not None)


def _words(keys: list[str]) -> align.Profile:
    """What the similarity test reads of a sentence or a block: its words and word pairs."""
    return align.Profile(keys, is_space)


def diff_text(old: str, new: str, lang: str) -> list[tuple[int, str]]:
    """Inline diff of two plain texts as diff-match-patch tuples, sentences aligned first.

    Similar sentences are diffed by words (en) or characters (zh), never
    splitting a word, a number or a date; a sentence rewritten beyond
    recognition is deleted and inserted whole.
    """
    if old == new:
        return [(EQUAL, new)] if new else []
    a = tokens.sentences(tokenize(old, lang))
    b = tokens.sentences(tokenize(new, lang))
    ops: list[tuple[int, str]] = []
    for i, j in _sentence_pairs(a, b):
        if i is not None and j is not None:
            if a[i] == b[j]:
                ops += [(EQUAL, t) for t in b[j]]
                continue
            for op, x, y in align.diff_tokens(a[i], b[j], wide=True):
                ops.append((op, a[i][x] if op == DELETE else b[j][y]))
        elif i is not None:
            ops += [(DELETE, t) for t in a[i]]
        elif j is not None:
            ops += [(INSERT, t) for t in b[j]]
    return _merge(ops)


def _sentence_pairs(keys_a: list[list[str]], keys_b: list[list[str]]) -> list[tuple[int | None, int | None]]:
    """Sentences (as token keys) paired: equal ones anchor, similar ones pair (see :mod:`.align`)."""
    words_a = [_words(k) for k in keys_a]
    words_b = [_words(k) for k in keys_b]

    def weight(i: int, j: int) -> int:
        return align.resemblance(words_a[i], words_b[j])

    anchors_a = ["\x02".join(k for k in keys if not is_space(k)) for keys in keys_a]
    anchors_b = ["\x02".join(k for k in keys if not is_space(k)) for keys in keys_b]
    return align.align(anchors_a, anchors_b, weight)


# ---------------------------------------------------------------- the model


@dataclass
class Side:
    """One section's data in one version, with what the redline needs of it precomputed."""

    data: dict
    tags: list[tuple[str, ...]] = field(init=False)
    sigs: list[str] = field(init=False)

    def __post_init__(self):
        self.tags = [tuple(stack) for stack in self.data.get("m", [[]])]
        self.sigs = ["/".join(blocks.tag_name(t) for t in stack) for stack in self.tags]

    def keys(self, tokens) -> list[str]:
        """What each token is compared by: its text, after its inline elements' names when it has
        any (one comprehension: this runs on every token of every changed block)."""
        sigs = self.sigs
        return [t if t.__class__ is str else sigs[t[0]] + "\x01" + t[1] for t in tokens]

    def piece(self, op: int, token) -> tuple:
        if isinstance(token, str):
            return (op, token, (), None)
        return (op, token[1], self.tags[token[0]], None)


@dataclass
class BlockDiff:
    """One block of a redline: ``op`` is EQUAL, DELETE, INSERT or CHANGED (similar blocks diffed inside).

    ``cells`` (CHANGED only): per cell (one for blocks other than table rows),
    ``(opening tag, old opening tag if it differs, pieces)``; a piece is
    ``(op, text, opening tags, old opening tags when only they changed)``.
    """

    op: int
    old: dict | None
    new: dict | None
    frame: list[str]
    old_side: Side | None = None
    new_side: Side | None = None
    cells: list | None = None
    renumbered: tuple[int, int] | None = None  # a kept list item's (old, new) number, if they differ

    @property
    def block(self) -> dict:
        block = self.new if self.new is not None else self.old
        assert block is not None  # (a block is in one of the two versions at least)
        return block

    def pieces(self) -> list[tuple[str, str | None, list[tuple]]]:
        """Every cell's pieces (whole blocks: every token with the block's op)."""
        if self.cells is not None:
            return self.cells
        side = self.new_side if self.new is not None else self.old_side
        assert side is not None  # (each version's block comes with that version's Side)
        out: list[tuple[str, str | None, list[tuple]]] = []
        for cell, sentences, _ in self.block["p"]:
            out.append((cell, None, [side.piece(self.op, t) for s in sentences for t in s]))
        return out

    @property
    def text_ops(self) -> list[tuple[int, str]]:
        return _merge((op, text) for _, _, pieces in self.pieces() for op, text, *_ in pieces)


@dataclass
class SectionDiff:
    id: str | None
    status: str  # added | removed | changed | unchanged | moved
    level: int
    title: str  # the heading as text (the new one; the old one if removed)
    title_pieces: list[tuple] = field(default_factory=list)
    blocks: list[BlockDiff] = field(default_factory=list)
    containers: dict[str, list] = field(default_factory=dict)  # frame key -> [opening tag, list number]
    # Renumbering (cross-references depend on it): the heading's (old, new) number, and the old
    # number of each list item (a container, ``"n3"``) that holds blocks and was numbered otherwise;
    # a list item that is a block of its own carries both numbers (``BlockDiff.renumbered``).
    number: tuple[str, str] | None = None
    renumbered: dict[str, int] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.id or INTRO

    @property
    def title_ops(self) -> list[tuple[int, str]]:
        return _merge((op, text) for op, text, *_ in self.title_pieces)

    @property
    def body_ops(self) -> list[tuple[int, str]]:
        """The body as plain text ops, blocks separated by a blank line."""
        ops: list[tuple[int, str]] = []
        for index, block in enumerate(self.blocks):
            if index:
                ops.append((EQUAL, "\n\n"))
            ops += block.text_ops
        return _merge(ops)

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


# ---------------------------------------------------------------- comparing


def compare(
    old: Document | None,
    new: Document | None,
    lang: str,
    inline: bool = True,
    renderer: Renderer | None = None,
) -> Redline:
    """Align ``old`` and ``new`` by section ID and redline what changed.

    With ``inline=False`` only each section's status is computed (nothing is
    rendered or diffed): enough for summaries, and much cheaper.  So it is for a document
    refused as too long or too complex to render (:attr:`.sources.Document.refused`).
    """
    if not inline or any(document is not None and document.refused for document in (old, new)):
        return statuses(old, new, lang)
    texts = blocks.TextRenderer(renderer)
    return compare_data(
        texts.data(old, lang) if old is not None else None,
        texts.data(new, lang) if new is not None else None,
        lang,
    )


def statuses(old: Document | None, new: Document | None, lang: str) -> Redline:
    """Each section's status from the sources alone (the same statuses :func:`compare_data` gives)."""
    return compare_data(blocks.outline(old), blocks.outline(new), lang, inline=False)


def _key(section: dict) -> str:
    return INTRO if section["id"] is None else section["id"]


def compare_data(
    old: dict | None, new: dict | None, lang: str, inline: bool = True, words: Generations | None = None
) -> Redline:
    """Two versions' block data (:mod:`policysite.blocks`) -> their redline.

    ``words`` keeps what the similarity test reads of each block (see :func:`_block_words`) from one
    call to the next: a caller redlining version after version passes the same one, so the blocks of
    a version are read once for both of its redlines (against the version before, and the one after).
    """
    if inline:
        words = words if words is not None else Generations()
        words.turn()
    else:
        words = None  # an outline reads no block
    before = [(_key(s), s) for s in old["sections"]] if old else []
    after = [(_key(s), s) for s in new["sections"]] if new else []
    old_by_id, new_by_id = dict(before), dict(after)
    common_old = [key for key, _ in before if key in new_by_id]
    common_new = [key for key, _ in after if key in old_by_id]
    in_place = set(common_new) if common_old == common_new else _in_place(common_old, common_new)

    result: list[SectionDiff] = []
    emitted: set[str] = set()
    old_keys = [k for k, _ in before]
    first_place = {k: index for index, k in reversed(list(enumerate(old_keys)))}
    done = 0  # old_keys before this are all looked at (each section once, not once per common one)

    def removed_before(key: str | None) -> None:
        """Removed sections go where they stood: before the next common section."""
        nonlocal done
        stop = first_place[key] if key is not None else len(old_keys)
        for k in old_keys[done:stop]:
            if k not in new_by_id and k not in emitted:
                emitted.add(k)
                result.append(_whole(old_by_id[k], "removed", DELETE, inline))
        done = max(done, stop)

    for key, section in after:
        if key in old_by_id:
            removed_before(key)
            previous = old_by_id[key]
            if previous["s"] != section["s"]:
                result.append(_changed(previous, section, words))
            else:
                status = "unchanged" if key in in_place else "moved"
                result.append(_whole(section, status, EQUAL, inline))
        else:
            result.append(_whole(section, "added", INSERT, inline))
    removed_before(None)
    return Redline(lang, result, first=old is None)


def _in_place(common_old: list[str], common_new: list[str]) -> set[str]:
    """The sections the others moved around: those of the longest common subsequence of the
    common sections' order."""
    in_place: set[str] = set()
    position = 0
    for op, count in align.edit_script(common_old, common_new, semantic=False):
        if op == EQUAL:
            in_place.update(common_new[position : position + count])
        if op != DELETE:
            position += count
    return in_place


def _whole(section: dict, status: str, op: int, inline: bool) -> SectionDiff:
    """A section shown as it is: added, removed, unchanged or moved."""
    out = SectionDiff(section["id"], status, section["level"], section["title"])
    if not inline:
        return out
    side = Side(section)
    out.title_pieces = [side.piece(op, t) for s in section["h"] for t in s]
    prefix = "n" if op != DELETE else "o"
    out.containers = {f"{prefix}{i}": c for i, c in enumerate(section["c"])}
    for block in section["b"]:
        frame = [f"{prefix}{c}" for c in block["f"]]
        if op == DELETE:
            out.blocks.append(BlockDiff(DELETE, block, None, frame, old_side=side))
        else:
            out.blocks.append(BlockDiff(op, None, block, frame, new_side=side))
    return out


def _block_words(block: dict, side: Side, words: Generations) -> align.Profile:
    """What the similarity test reads of a block (words and word pairs: align.Profile), by its hash
    (what a block shows decides its words), kept in ``words``."""
    return words.get(block["x"], lambda: _words(side.keys(_flat(block))))


def _flat(block: dict) -> list:
    return [t for _, sentences, _ in block["p"] for s in sentences for t in s]


def _changed(old: dict, new: dict, words: Generations | None) -> SectionDiff:
    """A changed section; with its blocks diffed (``words`` given) or as an outline (None)."""
    out = SectionDiff(new["id"], "changed", new["level"], new["title"])
    if words is None:
        return out
    a, b = Side(old), Side(new)
    out.title_pieces = _diff_part(old["h"], new["h"], a, b)
    out.containers = {f"n{i}": c for i, c in enumerate(new["c"])}
    out.containers.update({f"o{i}": c for i, c in enumerate(old["c"])})
    old_blocks, new_blocks = old["b"], new["b"]

    def weight(i: int, j: int) -> int:
        x, y = old_blocks[i], new_blocks[j]
        if x["k"] != y["k"] or (x["k"] == "tr" and len(x["p"]) != len(y["p"])):
            return -1
        return align.resemblance(_block_words(x, a, words), _block_words(y, b, words))

    pairs = align.align([x["x"] for x in old_blocks], [y["x"] for y in new_blocks], weight)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for i, j in pairs:
        if i is not None and j is not None:
            _map_frames(old["c"], new["c"], old_blocks[i]["f"], new_blocks[j]["f"], mapping, taken)
    out.number = section_number_change(old["title"], new["title"]) if new["id"] is not None else None
    decided: set[int] = set()  # list items holding blocks, renumbered or not (their first pair says)
    for i, j in pairs:
        if j is None:
            block = old_blocks[i]
            frame = [mapping.get(f"o{c}", f"o{c}") for c in block["f"]]
            out.blocks.append(BlockDiff(DELETE, block, None, frame, old_side=a))
            continue
        block = new_blocks[j]
        frame = [f"n{c}" for c in block["f"]]
        if i is None:
            out.blocks.append(BlockDiff(INSERT, None, block, frame, new_side=b))
        elif old_blocks[i]["x"] == block["x"]:
            out.blocks.append(BlockDiff(EQUAL, old_blocks[i], block, frame, old_side=a, new_side=b))
            _renumber(out, old_blocks[i], block, old["c"], new["c"], decided)
        else:
            previous = old_blocks[i]
            cells = []
            for (old_cell, old_sentences, _), (cell, sentences, _) in zip(previous["p"], block["p"]):
                pieces = _diff_part(old_sentences, sentences, a, b)
                cells.append((cell, old_cell if old_cell != cell else None, pieces))
            out.blocks.append(BlockDiff(CHANGED, previous, block, frame, a, b, cells))
            _renumber(out, previous, block, old["c"], new["c"], decided)
    return out


def _item(block: dict, containers: list) -> tuple[int, int | None]:
    """The number of the list item that holds ``block`` (0: none, or not numbered) and, when the
    block is not that item itself but in it (a loose item's paragraph), the item's container."""
    if blocks.tag_name(block["w"]) == "li":
        return block.get("n", 0), None
    if block["f"] and blocks.tag_name(containers[block["f"][-1]][0]) == "li":
        return containers[block["f"][-1]][1], block["f"][-1]
    return 0, None


def _renumber(out: SectionDiff, old: dict, new: dict, old_c: list, new_c: list, decided: set[int]) -> None:
    """A pair of blocks in list items numbered otherwise: the new item is marked renumbered
    (an item that holds blocks, by the first of them that has a pair)."""
    was, _ = _item(old, old_c)
    now, holder = _item(new, new_c)
    if holder is not None:
        if holder in decided:
            return
        decided.add(holder)
    if not was or not now or was == now:
        return
    if holder is None:
        out.blocks[-1].renumbered = (was, now)
    else:
        out.renumbered[f"n{holder}"] = was


# A heading's number as written at its start: "4.", "4.2", "IV.", "§ 4", "Article 4", "第 4 條",
# "一、" (compare.js reads titles with the same pattern).  A bare number needs its "." (or a
# second level: "4.2 Data"), so that "2024 Update" is no section 2024.
SECTION_NUMBER = re.compile(
    r"^(?:(?:§|Article|Section|Chapter|Part|Clause)[ \u00a0]*([0-9]+(?:\.[0-9]+)*)"
    r"|第[ \u00a0]*([0-9〇零一二三四五六七八九十百千]+)[ \u00a0]*[條条章節节款項项]"
    r"|([0-9]+(?:\.[0-9]+)+)\.?(?=[ \u00a0\u3000]|\Z)"
    r"|([0-9]+|[IVXLC]+)[.)](?![0-9])"
    r"|([0-9]+|[〇零一二三四五六七八九十百千]+)[、．])"
)


def section_number(title: str) -> str | None:
    """The number a heading starts with (``"4.2 Data"`` -> ``"4.2"``), or None."""
    found = SECTION_NUMBER.match(title)
    return next((group for group in found.groups() if group), None) if found else None


def section_number_change(old: str, new: str) -> tuple[str, str] | None:
    """``(old number, new number)`` of a heading renumbered (both numbered, differently), else None."""
    was, now = section_number(old), section_number(new)
    return (was, now) if was is not None and now is not None and was != now else None


def _map_frames(old_c, new_c, old_frame, new_frame, mapping: dict, taken: set) -> None:
    """Paired blocks' containers (lists, tables) are the same containers: a deleted item stays in its list."""
    for x, y in zip(old_frame, new_frame):
        source, target = f"o{x}", f"n{y}"
        if blocks.tag_name(old_c[x][0]) != blocks.tag_name(new_c[y][0]):
            return
        if source in mapping:
            if mapping[source] != target:
                return
            continue
        if target in taken:
            return
        mapping[source] = target
        taken.add(target)


def _diff_part(old: list[list], new: list[list], a: Side, b: Side) -> list[tuple]:
    """Sentences of one cell (or title): aligned, then similar ones diffed token by token."""
    pieces: list[tuple] = []
    pairs = _sentence_pairs([a.keys(s) for s in old], [b.keys(s) for s in new])
    for i, j in pairs:
        if i is not None and j is not None:
            pieces += _diff_sentence(old[i], new[j], a, b)
        elif i is not None:
            pieces += [a.piece(DELETE, t) for t in old[i]]
        elif j is not None:
            pieces += [b.piece(INSERT, t) for t in new[j]]
    return pieces


def _diff_sentence(x: list, y: list, a: Side, b: Side) -> list[tuple]:
    """A sentence ``x`` of side ``a`` paired with ``y`` of side ``b``: its pieces, token by token."""
    if _identical(x, y, a, b):
        return [b.piece(EQUAL, t) for t in y]
    pieces: list[tuple] = []
    for op, p, q in align.diff_tokens(a.keys(x), b.keys(y)):
        if op == DELETE:
            pieces.append(a.piece(DELETE, x[p]))
        elif op == INSERT:
            pieces.append(b.piece(INSERT, y[q]))
        else:
            piece = b.piece(EQUAL, y[q])
            before = a.piece(EQUAL, x[p])
            if before[2] != piece[2]:
                piece = (EQUAL, piece[1], piece[2], before[2])
            pieces.append(piece)
    return pieces


def _identical(x: list, y: list, a: Side, b: Side) -> bool:
    if len(x) != len(y):
        return False
    for s, t in zip(x, y):
        if isinstance(s, str) or isinstance(t, str):
            if s != t:
                return False
        elif s[1] != t[1] or a.tags[s[0]] != b.tags[t[0]]:
            return False
    return True


# ---------------------------------------------------------------- output


def to_html(ops: list[tuple[int, str]], labels: tuple[str, str] = ("inserted", "deleted")) -> Markup:
    """``<ins>``/``<del>`` markup of plain-text ops, every text escaped; the marks are announced too."""
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


_ATTRIBUTE = re.compile(r"\s([^\s\"'=<>/]+)(?:=\"([^\"]*)\")?")


def attribute_changes(old: str, new: str) -> list[tuple[str, str | None, str | None]]:
    """``[(name, old value, new value)]`` of two opening tags of one element (values unescaped)."""

    def values(tag: str) -> list[tuple[str, str]]:
        body = tag[1 + len(blocks.tag_name(tag)) : -1]
        return [(m.group(1).lower(), html.unescape(m.group(2) or "")) for m in _ATTRIBUTE.finditer(body)]

    before, after = dict(values(old)), dict(values(new))
    names = [name for name, _ in values(new)] + [name for name, _ in values(old) if name not in after]
    return [
        (name, before.get(name), after.get(name)) for name in names if before.get(name) != after.get(name)
    ]


def _terminal_note(old: str, new: str) -> str:
    said = []
    for name, was, now in attribute_changes(old, new):
        what = "link target" if name == "href" else name
        said.append(f"{what} changed from {was or 'none'} to {now or 'none'}")
    return f" ({'; '.join(said)})" if said else ""


def _terminal_pieces(pieces: list[tuple], color: bool) -> str:
    """Pieces as text; a change of an element's attributes noted right after the element's text."""
    ops: list[tuple[int, str]] = []
    pending = ""
    for op, text, tags, old_tags in pieces:
        note = "".join(_terminal_note(was, now) for was, now in zip(old_tags or (), tags) if was != now)
        if pending and note != pending:
            ops.append((EQUAL, pending))
        pending = note
        ops.append((op, " " if text.startswith(blocks.VOID) else text))
    if pending:
        ops.append((EQUAL, pending))
    return to_terminal(_merge(ops), color)


def _item_prefix(number: int, renumbered: tuple[int, int] | None, color: bool) -> str:
    """A list item's marker: ``2. ``, ``- ``, or its old number struck and its new one inserted."""
    if renumbered is not None:
        return to_terminal([(DELETE, str(renumbered[0])), (INSERT, str(renumbered[1]))], color) + ". "
    return f"{number}. " if number else "- "


def terminal_lines(section: SectionDiff, color: bool) -> list[str]:
    """A section's blocks as lines of text: list items with their markers, table rows with ``|``."""
    lines = []
    for block in section.blocks:
        data = block.block
        frame = [section.containers[key] for key in block.frame]
        lists = [c for c in frame if blocks.tag_name(c[0]) in ("ul", "ol")]
        indent = "    " * max(0, len(lists) - 1)
        prefix = ""
        if blocks.tag_name(data["w"]) == "li":
            prefix = _item_prefix(data.get("n", 0), block.renumbered, color)
        elif data["w"] == "" and frame and blocks.tag_name(frame[-1][0]) == "li":
            was = section.renumbered.get(block.frame[-1])
            prefix = _item_prefix(frame[-1][1], (was, frame[-1][1]) if was else None, color)
        elif not lists:
            indent = ""
        cells = []
        for cell, old_cell, pieces in block.pieces():
            cells.append(
                _terminal_pieces(pieces, color) + (_terminal_note(old_cell, cell) if old_cell else "")
            )
        if block.op == CHANGED and block.old is not None and block.old["w"] and data["w"]:
            cells[-1] += _terminal_note(block.old["w"], data["w"])
        if data["k"] == "tr":
            lines.append(indent + "| " + " | ".join(cells) + " |")
        elif data["k"] == "hr":
            lines.append("---")
        else:
            lines.append(indent + prefix + cells[0])
    return lines
