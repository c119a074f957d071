"""The CLI's output (policysite.console): everything it prints escaped, only its own colours raw."""

from __future__ import annotations

import io

import pytest

from policysite import console, diff, sources
from policysite.console import RESET, Output, Styled, escaped


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def colour_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    return Terminal()


def test_escaped_shows_controls_and_keeps_styled_text_as_it_is():
    assert escaped("a\x1b[2J\x07\u202eb\n\tc") == "a\\x1b[2J\\x07\\u202eb\n\tc"
    assert isinstance(escaped("x"), Styled)
    own = Styled("\x1b[1mbold\x1b[0m")
    assert escaped(own) is own


def test_adding_plain_text_to_styled_text_escapes_the_plain_side_only():
    bold = Styled("\x1b[1m#\x1b[0m ")
    joined = bold + "title\x1b[8m"
    assert isinstance(joined, Styled) and joined == "\x1b[1m#\x1b[0m title\\x1b[8m"
    before = "\x07pre " + bold
    assert isinstance(before, Styled) and before == "\\x07pre \x1b[1m#\x1b[0m "
    assert bold + Styled("\x1b[0m") == "\x1b[1m#\x1b[0m \x1b[0m"  # two styled texts: both trusted


def test_every_other_operation_gives_plain_text_escaped_when_printed():
    bold = Styled("\x1b[1mx\x1b[0m")
    for plain in (f"{bold}", "".join([bold, bold]), bold.replace("x", "y"), bold.upper()):
        assert type(plain) is str
    assert escaped(f"<{bold}>") == "<\\x1b[1mx\\x1b[0m>"


def test_adding_something_that_is_not_text_is_refused():
    with pytest.raises(TypeError):
        Styled("a") + 1
    with pytest.raises(TypeError):
        1 + Styled("a")


def test_a_stream_that_is_no_terminal_gets_no_colour():
    out = Output(io.StringIO())
    assert out.color is False
    painted = out.paint("a\x1b[31m", "red", "bold")
    assert painted == "a\\x1b[31m" and isinstance(painted, Styled)


def test_a_terminal_gets_colours_unless_no_color_or_a_dumb_terminal(colour_terminal, monkeypatch):
    out = Output(colour_terminal)
    assert out.color is True
    assert out.paint("ok", "green", "bold") == "\x1b[32m\x1b[1mok" + RESET
    assert out.paint("\x1b[2J", "cyan") == "\x1b[36m\\x1b[2J" + RESET  # the text escaped first
    assert out.paint("plain") == "plain"  # no style: no codes
    monkeypatch.setenv("NO_COLOR", "")
    assert Output(colour_terminal).color is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert Output(colour_terminal).color is False


def test_unknown_styles_are_a_programming_error(colour_terminal):
    with pytest.raises(KeyError):
        Output(colour_terminal).paint("x", "blink")


def test_print_joins_its_parts_escapes_plain_ones_and_disarms_workflow_commands(colour_terminal):
    out = Output(colour_terminal)
    out.print(out.paint("E", "red"), " title\x1b]0;x\x07", "\n::error::pwned\n  ::warning::x")
    assert colour_terminal.getvalue() == (
        "\x1b[31mE\x1b[0m title\\x1b]0;x\\x07\n\\x3a:error::pwned\n  \\x3a:warning::x\n"
    )


def test_print_of_a_painted_text_starting_with_two_colons_is_disarmed_too(colour_terminal):
    out = Output(colour_terminal)
    out.print(out.paint("::error::x", "bold"))
    # (after the colour code too: a log reader that strips colours sees no command)
    assert colour_terminal.getvalue() == "\x1b[1m\\x3a:error::x\x1b[0m\n"


def test_an_annotation_is_printed_as_it_is_only_when_it_is_one_clean_line():
    stream = io.StringIO()
    out = Output(stream)
    out.annotation("::error file=en/a.md,line=3,title=x.y::[x.y] m")
    out.annotation("::error::a\x1b[2J")
    out.annotation("::error::a\r::warning::b")
    out.annotation("::error::a\n::warning::b")
    assert stream.getvalue().split("\n") == [
        "::error file=en/a.md,line=3,title=x.y::[x.y] m",
        "\\x3a:error::a\\x1b[2J",
        "\\x3a:error::a\\x0d::warning::b",
        "\\x3a:error::a",
        "\\x3a:warning::b",
        "",
    ]


def test_a_huge_hostile_line_is_printed_escaped_whole():
    stream = io.StringIO()
    Output(stream).print("\x1b[2J" * 100_000 + "\n::x")
    assert stream.getvalue() == "\\x1b[2J" * 100_000 + "\n\\x3a:x\n"


@pytest.mark.parametrize("color", [True, False])
def test_a_redline_keeps_only_its_own_colours(color):
    ops = [(diff.EQUAL, "keep \x1b[8m"), (diff.INSERT, "new\x07"), (diff.DELETE, "old\x9b")]
    line = console.redline(ops, color)
    assert isinstance(line, Styled)
    if color:
        assert (
            line
            == "keep \\x1b[8m" + console.INSERTED + "new\\x07" + RESET + console.DELETED + "old\\x9b" + RESET
        )
    else:
        assert line == "keep \\x1b[8m{+new\\x07+}[-old\\x9b-]"


def _document(body: str) -> sources.Document:
    text = f"---\ntitle: P\nversion: 2020.01.01\n---\n\n# P\n\n## 1. A {{#a}}\n\n{body}\n"
    document, _ = sources.parse(text.encode(), "en/p.md", "p", "en")
    assert document is not None
    return document


def test_a_section_redline_is_one_line_per_block_with_markers_and_cells():
    old = _document("We keep data.\n\n1. one\n2. two\n\n| a | b |\n|---|---|\n| x | y |")
    new = _document("We keep \x1b[2Jyour data.\n\n1. one\n2. three\n\n| a | b |\n|---|---|\n| x | z |")
    section = diff.compare(old, new, "en").sections[-1]
    # (the escape character is never published, so the redline has none: see sanitize.clean)
    assert console.section_lines(section, color=False) == [
        "We keep {+[2Jyour +}data.",
        "1. one",
        "2. [-two-]",
        "2. {+three+}",
        "| a | b |",
        "| x | [-y-]{+z+} |",
    ]
    coloured = console.section_lines(section, color=True)
    assert all(isinstance(line, Styled) for line in coloured)
    assert coloured[0] == "We keep " + console.INSERTED + "[2Jyour " + RESET + "data."
    assert coloured[5] == "| x | " + console.DELETED + "y" + RESET + console.INSERTED + "z" + RESET + " |"
