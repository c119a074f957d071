"""What the ``policy`` command writes to a terminal or a CI log: escaped, whatever it is given.

Text from a pull request (sources, front matter, commit subjects, file names, arguments
built from them) may hold control characters: escape sequences that clear the screen,
set the window title or conceal text (``\\x1b[8m``: an insertion hidden from a reviewer),
or a line that GitHub Actions obeys as a workflow command (``::error ...``).  So:

- :meth:`Output.print` escapes every text it is given (:func:`.escaping.terminal`: each
  control character shown as ``\\x1b``) and disarms every line that would start with
  ``::`` (:func:`.escaping.no_commands`);
- the only escape codes that reach the terminal are the colours the tool adds itself,
  carried by :class:`Styled` text, which only :meth:`Output.paint` and the redline
  renderers below make, after escaping the text they colour;
- a GitHub annotation, the one line the tool means as a workflow command, goes through
  :meth:`Output.annotation`.

Forgetting to escape is not possible: a plain ``str`` is always escaped, and an f-string
around a :class:`Styled` value gives a plain ``str`` (its colours shown, never obeyed).
"""

from __future__ import annotations

import dataclasses
import html
import os
import re
import sys
from typing import TextIO

from . import blocks, diff, escaping

RESET = "\033[0m"


class Styled(str):
    """Text fit for the terminal as it is: its escape codes are the tool's own colours.

    Adding a plain ``str`` to it (either side) escapes that ``str`` first, so
    ``out.paint("# ", "bold") + title`` stays both coloured and safe.  Every other
    operation (f-strings, ``join``, ``replace``) returns a plain ``str``, escaped whole
    when printed.
    """

    __slots__ = ()

    def __add__(self, other: str) -> Styled:
        if not isinstance(other, str):
            return NotImplemented
        return Styled(str.__add__(self, escaped(other)))

    def __radd__(self, other: str) -> Styled:
        if not isinstance(other, str):
            return NotImplemented
        return Styled(str.__add__(escaped(other), self))


def escaped(text: str) -> Styled:
    """``text`` shown on a terminal: a :class:`Styled` value as it is, any other with its controls escaped."""
    return text if isinstance(text, Styled) else Styled(escaping.terminal(str(text)))


class Output:
    """Colours on a terminal, plain text otherwise (and when NO_COLOR is set); never a raw control."""

    CODES = {"red": "31", "yellow": "33", "green": "32", "bold": "1", "dim": "2", "cyan": "36"}

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stdout
        self.color = (
            self.stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        )

    def paint(self, text: str, *styles: str) -> Styled:
        """``text`` escaped, then coloured (on a terminal)."""
        text = escaped(text)
        if not self.color or not styles:
            return text
        codes = [f"\033[{self.CODES[s]}m" for s in styles]
        return Styled("".join([*codes, text, RESET]))  # join: + would escape the codes (see Styled)

    def print(self, *parts: str, flush: bool = False) -> None:
        """One line of ``parts`` put together: :class:`Styled` parts as they are, the others escaped."""
        text = "".join(escaped(part) for part in parts)
        print(escaping.no_commands(text), file=self.stream, flush=flush)

    def annotation(self, command: str) -> None:
        """A GitHub Actions workflow command of the tool's own, its values escaped by the caller
        (:meth:`.Diagnostic.github`).  Anything but one line without controls is printed as
        :meth:`print` prints it: shown, not obeyed."""
        if "\n" in command or escaping.terminal(command) != command:
            self.print(command)
        else:
            print(command, file=self.stream)


# ---------------------------------------------------------------- redlines

INSERTED, DELETED = "\033[32;4m", "\033[31;9m"  # as diff.to_terminal colours the redline
_OWN_CODES = re.compile(re.escape(INSERTED) + "|" + re.escape(DELETED) + "|" + re.escape(RESET))


def _colours_only(text: str) -> Styled:
    """``text`` made by :mod:`.diff` from escaped text: trusted when its only controls are the
    redline's colours; otherwise (a field this module did not escape) escaped whole."""
    bare = _OWN_CODES.sub("", text)
    return Styled(text) if escaping.terminal(bare) == bare else escaped(text)


def redline(ops: list[tuple[int, str]], color: bool) -> Styled:
    """Inline redline ops as :func:`.diff.to_terminal` shows them, the text escaped first."""
    return _colours_only(diff.to_terminal([(op, escaping.terminal(text)) for op, text in ops], color))


def section_lines(section: diff.SectionDiff, color: bool) -> list[Styled]:
    """A section's redline as :func:`.diff.terminal_lines` shows it, every text in it escaped first."""
    return [_colours_only(line) for line in diff.terminal_lines(_escaped_section(section), color)]


_VALUE = re.compile(r'"([^"]*)"')


def _tag(tag: str) -> str:
    """An opening tag whose attribute values, once unescaped (as the redline notes read
    them), show no control character."""
    return _VALUE.sub(
        lambda m: '"' + html.escape(escaping.terminal(html.unescape(m.group(1)))) + '"',
        escaping.terminal(tag),
    )


def _pieces(pieces: list[tuple]) -> list[tuple]:
    return [
        (
            op,
            text if text.startswith(blocks.VOID) else escaping.terminal(text),
            tuple(_tag(t) for t in tags),
            tuple(_tag(t) for t in old_tags) if old_tags else old_tags,
        )
        for op, text, tags, old_tags in pieces
    ]


def _escaped_section(section: diff.SectionDiff) -> diff.SectionDiff:
    """A copy of ``section`` whose texts and tags (what the terminal shows of it) are escaped."""

    def data(block: dict | None) -> dict | None:
        return None if block is None else {**block, "w": _tag(block["w"])}

    escaped_blocks = [
        dataclasses.replace(
            block,
            old=data(block.old),
            new=data(block.new),
            cells=[(_tag(cell), old and _tag(old), _pieces(pieces)) for cell, old, pieces in block.pieces()],
        )
        for block in section.blocks
    ]
    containers = {key: [_tag(value[0]), *value[1:]] for key, value in section.containers.items()}
    return dataclasses.replace(section, blocks=escaped_blocks, containers=containers)
