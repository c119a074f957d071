"""The one place where a redline's HTML is assembled from its pieces (see :mod:`policysite.diff`).

A redline's blocks carry the sanitized opening tags of the rendered policy
(lists, tables, paragraphs, emphasis, links) and its text as tokens; here they
are put back together, with ``<ins>``/``<del>`` around what changed (announced
to screen readers), every text escaped with :func:`html.escape` and nothing else
written unescaped.  The result still goes through :func:`policysite.sanitize.clean`
(and the build cleans every page again).  ``policysite/assets/compare/compare.js``
writes exactly the same HTML in the browser.

- Containers (lists, tables) open and close around the blocks they hold; a
  deleted list item stays in its list, and ordered list items keep their number
  (``<li value>``), the old one for a deleted item.
- Inline elements open and close around the tokens they hold; ``<ins>`` and
  ``<del>`` go innermost, so emphasis and links stay as the reader sees them.
- A change only inside an element's attributes (a link's target, a date's
  ``datetime``) marks the element's text (``<mark class="redline-attr">``) and
  adds a note of the old and new values after the element.
- A kept list item numbered otherwise (an item inserted or deleted before it), and a
  heading whose number changed, carry a mark "renumbered 3 → 2" (:func:`renumbered`),
  told to screen readers in words: cross-references depend on numbers.
- The first version of a text has nothing to compare with: :func:`plain` shows it as it reads.
"""

from __future__ import annotations

import dataclasses
import html
import re

from markupsafe import Markup

from .. import blocks, diff, locale
from ..align import DELETE, EQUAL, INSERT

_ATTRIBUTE = re.compile(r"\s([^\s\"'=<>/]+)(?:=\"([^\"]*)\")?")
_ID = re.compile(r'\sid="[^"]*"')


def labels(lang: str) -> dict[str, str]:
    """The words a redline's markup uses, in ``lang`` (also given to compare.js)."""
    out = {key: locale.text(lang, key) for key in ("inserted", "deleted", *NAVIGATION, *MARKS)}
    out.update({key: locale.raw(lang, key) for key in ("changed_link", "changed_attribute", "changed_none")})
    out.update({key: locale.raw(lang, key) for key in ("renumbered", "renumbered_said", "changes_count")})
    return out


# The words of the list of changes at the top of a redline and of the links between changes.
NAVIGATION = ("changes_nav", "change_previous", "change_next", "change_list")


def renumbered(old: object, new: object, words: dict[str, str]) -> str:
    """The mark of a renumbered list item or heading: "renumbered 3 → 2" shown, said in words."""
    values = {"old": _escape(str(old)), "new": _escape(str(new))}
    shown, said = (_escape(words[key]).format(**values) for key in ("renumbered", "renumbered_said"))
    return (
        f'<span class="redline-renumbered"><span aria-hidden="true">{shown}</span>'
        f'<span class="sr-only">{said}</span></span>'
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _name(tag: str) -> str:
    return blocks.tag_name(tag)


def _attributes(tag: str) -> list[tuple[str, str]]:
    body = tag[1 + len(_name(tag)) : -1]
    return [(m.group(1).lower(), html.unescape(m.group(2) or "")) for m in _ATTRIBUTE.finditer(body)]


def _opening(tag: str, number: int = 0, strip_id: bool = False) -> str:
    if strip_id:
        tag = _ID.sub("", tag)
    if number:
        name = _name(tag)
        tag = f'<{name} value="{number}"' + tag[1 + len(name) :]
    return tag


def _closing(tag: str) -> str:
    return f"</{_name(tag)}>"


def note(old: str, new: str, words: dict[str, str]) -> str:
    """``[link target changed from … to …]`` for two opening tags of the same element."""
    before, after = dict(_attributes(old)), dict(_attributes(new))
    names = [name for name, _ in _attributes(new)]
    names += [name for name, _ in _attributes(old) if name not in after]
    said = []
    for name in names:
        was, now = before.get(name), after.get(name)
        if was == now:
            continue
        values = {"old": words["changed_none"] if was is None else was}
        values["new"] = words["changed_none"] if now is None else now
        if name == "href":
            said.append(words["changed_link"].format(**values))
        else:
            said.append(words["changed_attribute"].format(name=name, **values))
    return f'<span class="redline-note">[{_escape("; ".join(said))}]</span>' if said else ""


# What a screen reader says around an insertion or a deletion, in the redline's language
# ("[inserted: ...]", "［新增：...］").
MARKS = ("mark_inserted", "mark_deleted", "mark_end")


def _end(op: int, words: dict[str, str]) -> str:
    return f'<span class="sr-only">{_escape(words["mark_end"])}</span></{"ins" if op == INSERT else "del"}>'


def _mark(op: int, words: dict[str, str]) -> str:
    if op == INSERT:
        return f'<ins><span class="sr-only">{_escape(words["mark_inserted"])}</span>'
    return f'<del><span class="sr-only">{_escape(words["mark_deleted"])}</span>'


def inline(pieces: list[tuple], words: dict[str, str], root: str) -> str:
    """Tokens with their elements, ``<ins>``/``<del>`` innermost, attribute changes noted."""
    writer = _Inline(words, root)
    run_key = None
    for op, text, tags, old_tags in pieces:
        key = (op, tags, old_tags)
        if key != run_key:
            run_key = key
            writer.start(op, tags, old_tags)
        if text.startswith(blocks.VOID):
            writer.flush()
            writer.out.append(_void(text, root))
        else:
            writer.run.append(text)
    return writer.finish()


class _Inline:
    """The state of :func:`inline`: what is written, the inline elements open now (rebased
    opening tags), per open element a note to write once it closes, the text of the current
    run and the closing mark it needs."""

    def __init__(self, words: dict[str, str], root: str) -> None:
        self.words, self.root = words, root
        self.out: list[str] = []
        self.opened: list[str] = []
        self.notes: list[str] = []
        self.run: list[str] = []
        self.wrap = ""
        self.rebased: dict[tuple, list[str]] = {}

    def flush(self) -> None:
        if self.run:
            self.out.append(_escape("".join(self.run)))
            self.run = []

    def close_to(self, depth: int) -> None:
        while len(self.opened) > depth:
            self.out.append(_closing(self.opened.pop()))
            pending = self.notes.pop()
            if pending:
                self.out.append(pending)

    def start(self, op: int, tags: tuple, old_tags: tuple | None) -> None:
        """A new run of tokens with the same mark and elements: close and open what differs."""
        self.flush()
        if self.wrap:
            self.out.append(self.wrap)
            self.wrap = ""
        target = self.rebased.get(tags)
        if target is None:
            target = self.rebased[tags] = [blocks.rebase_tag(t, self.root) for t in tags]
        depth = 0
        while depth < len(self.opened) and depth < len(target) and self.opened[depth] == target[depth]:
            depth += 1
        self.close_to(depth)
        for tag in target[depth:]:
            self.out.append(tag)
            self.opened.append(tag)
            self.notes.append("")
        if op != EQUAL:
            self.out.append(_mark(op, self.words))
            self.wrap = _end(op, self.words)
        elif old_tags is not None:
            for index, (was, now) in enumerate(zip(old_tags, tags)):
                if was != now and not self.notes[index]:
                    self.notes[index] = note(was, now, self.words)
            self.out.append('<mark class="redline-attr">')
            self.wrap = "</mark>"

    def finish(self) -> str:
        self.flush()
        if self.wrap:
            self.out.append(self.wrap)
        self.close_to(0)
        return "".join(self.out)


def _void(text: str, root: str) -> str:
    return blocks.rebase_tag(text[1:], root)


def body(section: diff.SectionDiff, words: dict[str, str], root: str) -> Markup:
    """A section's blocks, in their lists and tables."""
    out: list[str] = []
    stack: list[str] = []
    containers = section.containers
    marked: set[str] = set()  # renumbered list items marked (once, however often they open)
    for block in section.blocks:
        frame = block.frame
        depth = 0
        while depth < len(stack) and depth < len(frame) and stack[depth] == frame[depth]:
            depth += 1
        while len(stack) > depth:
            out.append(_closing(containers[stack.pop()][0]))
        for key in frame[depth:]:
            tag, number = containers[key]
            out.append(_opening(tag, number, strip_id=key.startswith("o")))
            if key in section.renumbered and key not in marked:
                marked.add(key)
                out.append(renumbered(section.renumbered[key], number, words))
            stack.append(key)
        out.append(_block(block, words, root))
    while stack:
        out.append(_closing(containers[stack.pop()][0]))
    return Markup("".join(out))


def _block(block: diff.BlockDiff, words: dict[str, str], root: str) -> str:
    data = block.block
    wrapper = data["w"]
    if data["k"] == "hr":
        return wrapper
    deleted = block.op == DELETE
    out = [_opening(wrapper, data.get("n", 0), strip_id=deleted)] if wrapper else []
    numbers = block.renumbered
    if numbers is not None:
        out.append(renumbered(*numbers, words))
    row = data["k"] == "tr"
    if block.cells is None:  # a whole block, unchanged, inserted or deleted: its own HTML
        for cell, _, markup in data["p"]:
            if row:
                out.append(_opening(cell, strip_id=deleted))
            markup = blocks.rebase_html(markup, root)
            if block.op == INSERT and markup:
                markup = f"{_mark(INSERT, words)}{markup}{_end(INSERT, words)}"
            elif deleted and markup:
                markup = f"{_mark(DELETE, words)}{markup}{_end(DELETE, words)}"
            out.append(markup)
            if row:
                out.append(_closing(cell))
    else:
        for cell, old_cell, pieces in block.cells:
            if row:
                out.append(_opening(cell))
            out.append(inline(pieces, words, root))
            if row:
                if _attributes_differ(old_cell, cell):
                    out.append(note(old_cell, cell, words))
                out.append(_closing(cell))
        if block.old is not None and _attributes_differ(block.old["w"], wrapper):
            out.append(note(block.old["w"], wrapper, words))
    if wrapper:
        out.append(_closing(wrapper))
    return "".join(out)


def _attributes_differ(old: str | None, new: str | None) -> bool:
    return bool(old and new and old != new and dict(_attributes(old)) != dict(_attributes(new)))


def title(section: diff.SectionDiff, words: dict[str, str], root: str) -> Markup:
    return Markup(inline(section.title_pieces, words, root))


def visible_change(section: diff.SectionDiff) -> bool:
    """Whether the redline of a changed section marks anything (else only its source changed)."""
    if any(op != diff.EQUAL or old is not None for op, _, _, old in section.title_pieces):
        return True
    if section.number is not None or section.renumbered:
        return True
    for block in section.blocks:
        if block.op != diff.EQUAL and block.op != diff.CHANGED or block.renumbered is not None:
            return True
        if block.op == diff.CHANGED and block.old is not None and block.new is not None:
            if _attributes_differ(block.old["w"], block.new["w"]):
                return True
            for cell, old_cell, pieces in block.cells or ():
                if _attributes_differ(old_cell, cell):
                    return True
                if any(op != diff.EQUAL or old is not None for op, _, _, old in pieces):
                    return True
    return False


def plain(section: diff.SectionDiff) -> diff.SectionDiff:
    """A section of a first version as it reads: its title and blocks unmarked (nothing to compare with)."""
    return dataclasses.replace(
        section,
        title_pieces=[(EQUAL, text, tags, None) for _, text, tags, _ in section.title_pieces],
        blocks=[dataclasses.replace(block, op=EQUAL) for block in section.blocks],
    )
