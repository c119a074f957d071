"""Untrusted text escaped per output channel (policysite.escaping), in process.

tests/integration/test_security_outputs.py checks each channel on hostile inputs through the CLI and the
build; here each function's exact contract: which characters it changes, into what, and what it
leaves alone."""

import json

import pytest

from policysite import escaping


@pytest.mark.parametrize(
    "char, shown",
    [
        ("\x00", "\\x00"),
        ("\x08", "\\x08"),
        ("\x0b", "\\x0b"),
        ("\x0c", "\\x0c"),
        ("\x1f", "\\x1f"),
        ("\x7f", "\\x7f"),
        ("\x80", "\\x80"),
        ("\x9f", "\\x9f"),
        ("\u202a", "\\u202a"),
        ("\u2069", "\\u2069"),
    ],
)
def test_terminal_shows_every_control_as_a_visible_escape(char, shown):
    assert escaping.terminal(f"a{char}b") == f"a{shown}b"


@pytest.mark.parametrize("kept", ["\t", "\n", "\xa0", "\u00e9", "\u2028", "\u200b", "中文", "\\x1b"])
def test_terminal_keeps_line_feeds_tabs_and_printable_text(kept):
    # (U+2028 is a line break, not a terminal control: only a log line has to escape it)
    assert escaping.terminal(kept) == kept


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a\tb", "a\\tb"),
        ("a\r\nb", "a\\x0d\\nb"),
        ("a\u2029b", "a\\u2029b"),
        ("\x85", "\\x85"),
        ("\u202e", "\\u202e"),
        ("no break", "no break"),
    ],
)
def test_log_line_escapes_line_breaks_and_tabs_too(text, expected):
    assert escaping.log_line(text) == expected
    assert "\n" not in escaping.log_line(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a line that starts with '::', at the start, after each kind of line break
        ("::set-output name=x::y", "\\x3a:set-output name=x::y"),
        ("a\n::x", "a\n\\x3a:x"),
        ("a\x85::x", "a\x85\\x3a:x"),
        ("a\u2028::x", "a\u2028\\x3a:x"),
        ("a\u2029::x", "a\u2029\\x3a:x"),
        # leading spaces and tabs (the runner trims them) and colour codes are kept before it
        ("\t ::x", "\t \\x3a:x"),
        ("\x1b[1;31m\x1b[0m::x", "\x1b[1;31m\x1b[0m\\x3a:x"),
        # never a single colon, nor '::' inside a line
        (":x", ":x"),
        ("see ::x", "see ::x"),
        ("a\nb ::x", "a\nb ::x"),
    ],
)
def test_no_commands_breaks_only_a_line_starting_with_two_colons(text, expected):
    assert escaping.no_commands(text) == expected


def test_no_commands_breaks_every_such_line():
    assert escaping.no_commands("::a\n::b\n:::c") == "\\x3a:a\n\\x3a:b\n\\x3a::c"


def test_workflow_data_escapes_percent_first_so_no_escape_is_read_twice():
    assert escaping.workflow_data("%0A") == "%250A"
    assert escaping.workflow_data("a\r\nb") == "a%0D%0Ab"
    assert escaping.workflow_data("a:b,c") == "a:b,c"  # (only a property delimits on them)
    assert escaping.workflow_data("\x07\u202e") == "\\x07\\u202e"


def test_workflow_property_also_escapes_its_delimiters():
    assert escaping.workflow_property("en/a,b:c.md") == "en/a%2Cb%3Ac.md"
    assert escaping.workflow_property("%3A") == "%253A"
    assert escaping.workflow_property("zh-TW/隱私.md") == "zh-TW/隱私.md"


@pytest.mark.parametrize("char", list("\\`*_{}[]()#+-.!|~>=$"))
def test_markdown_backslashes_each_character_with_a_meaning(char):
    assert escaping.markdown(f"a{char}b") == f"a\\{char}b"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a\\*b", "a\\\\\\*b"),  # one pass: the backslash and the star each escaped once
        ("<", "&lt;"),
        ("&#x41;", "&amp;\\#x41;"),
        ("gh-7 Gh-7", "gh-&#8203;7 Gh-&#8203;7"),
        ("GH-x", "GH\\-x"),  # no number after it: a plain hyphen
        ("#x", "\\#x"),  # no number after it: a plain hash
        ("http://a", "http:&#8203;//a"),
        ("wwwx", "wwwx"),
        ("a:b", "a:b"),
        ("tab\there", "tab here"),
        ("two\nlines", "two\nlines"),
        ("中文，全形", "中文，全形"),
    ],
)
def test_markdown_exact_output(text, expected):
    assert escaping.markdown(text) == expected


def test_markdown_shows_controls_as_escapes_then_escapes_their_backslash():
    assert escaping.markdown("\x07") == "\\\\x07"


def test_xml_text_removes_only_what_xml_forbids():
    forbidden = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff\ud800\udfff"
    assert escaping.xml_text(f"a{forbidden}b") == "ab"
    allowed = "\t\n\r\x7f\x85\u2028\ufffd\U0001f600 <&>"
    assert escaping.xml_text(allowed) == allowed
    assert escaping.has_xml_forbidden("a\x0cb") and not escaping.has_xml_forbidden(allowed)


def test_json_text_is_json_with_no_raw_control():
    value = {"t": "中\x7f\x9b\u202e\u2066\u2028\u2029\x1b", "n": [1, None, True]}
    text = escaping.json_text(value)
    assert text == ('{"t": "中\\u007f\\u009b\\u202e\\u2066\\u2028\\u2029\\u001b", "n": [1, null, true]}')
    assert json.loads(text) == value


def test_json_text_indents_when_asked():
    assert escaping.json_text({"a": ["é"]}, indent=2) == '{\n  "a": [\n    "é"\n  ]\n}'
