"""The build log's filter (policysite.buildlog.EscapeFilter) on hand-made log records, in process."""

from __future__ import annotations

import logging
import sys

import pytest

from policysite import buildlog
from policysite.buildlog import EscapeFilter


def record(msg, *args, exc_info=None, stack_info=None) -> logging.LogRecord:
    made = logging.LogRecord("mkdocs.plugins.policies", logging.WARNING, "x.py", 1, msg, args, exc_info)
    made.stack_info = stack_info
    return made


def shown(filter_: EscapeFilter, item: logging.LogRecord) -> str:
    assert filter_.filter(item) is True  # a record is never dropped, only rewritten
    return item.getMessage()


def test_one_line_records_show_line_breaks_and_controls_as_escapes():
    item = record("title %r in %s", "a\n::error::b", "x\x1b]0;t\x07\u202e\x85\u2028")
    assert shown(EscapeFilter(one_line=True), item) == (
        "title 'a\\n::error::b' in x\\x1b]0;t\\x07\\u202e\\x85\\u2028"
    )
    assert item.args == ()  # the arguments are in the message now, formatted once


def test_other_records_keep_their_lines_but_none_starts_a_workflow_command():
    item = record("Error: %s", "a\n::error::b\n  ::warning::c\r\x1b[1m::d\x1b[2J")
    assert shown(EscapeFilter(one_line=False), item) == (
        "Error: a\n\\x3a:error::b\n  \\x3a:warning::c\\x0d\\x1b[1m::d\\x1b[2J"
    )


@pytest.mark.parametrize("one_line", [True, False])
def test_a_message_starting_with_two_colons_is_disarmed(one_line):
    assert shown(EscapeFilter(one_line), record("::add-mask::secret")) == "\\x3a:add-mask::secret"
    # A tab before them: shown as "\\t" on one line (no command then), kept (and disarmed) otherwise.
    assert shown(EscapeFilter(one_line), record("\t::error::x")) == (
        "\\t::error::x" if one_line else "\t\\x3a:error::x"
    )
    assert shown(EscapeFilter(one_line), record("a::b")) == "a::b"  # (not at a line's start)


def test_a_record_whose_arguments_do_not_fit_is_shown_not_raised():
    item = record("%s and %s", "only one")
    assert shown(EscapeFilter(one_line=True), item) == "%s and %s ('only one',)"
    item = record("%d", "\x1b[2Jnot a number")
    assert shown(EscapeFilter(one_line=True), item) == "%d ('\\x1b[2Jnot a number',)"


def test_a_traceback_is_formatted_once_and_every_line_of_it_escaped():
    try:
        raise ValueError("bad\n::error::in a traceback\x1b[8m")
    except ValueError:
        item = record("failed", exc_info=sys.exc_info())
    shown(EscapeFilter(one_line=True), item)
    assert item.exc_text is not None
    lines = item.exc_text.split("\n")
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-2:] == ["ValueError: bad", "\\x3a:error::in a traceback\\x1b[8m"]
    assert "\x1b" not in item.exc_text
    assert logging.Formatter().format(item).endswith("\\x3a:error::in a traceback\\x1b[8m")


def test_a_stack_and_a_traceback_formatted_already_are_escaped_too():
    item = record("m", stack_info="Stack (most recent call last):\n::error::x\x07")
    item.exc_text = "Traceback\n::warning::y\x1b"
    shown(EscapeFilter(one_line=False), item)
    assert item.stack_info == "Stack (most recent call last):\n\\x3a:error::x\\x07"
    assert item.exc_text == "Traceback\n\\x3a:warning::y\\x1b"


def test_a_huge_message_is_escaped_whole():
    item = record("%s", "\x1b" * 200_000 + "\n::x")
    text = shown(EscapeFilter(one_line=True), item)
    assert text == "\\x1b" * 200_000 + "\\n::x"


def test_install_filters_the_plugin_logger_and_mkdocs_handlers_once_each():
    mkdocs = logging.getLogger("mkdocs")
    handler = logging.NullHandler()
    mkdocs.addHandler(handler)
    try:
        logger = buildlog.install()
        buildlog.install()
        assert logger is logging.getLogger(buildlog.LOGGER) and logger.name == "mkdocs.plugins.policies"
        [mine] = [f for f in logger.filters if isinstance(f, EscapeFilter)]
        [theirs] = [f for f in handler.filters if isinstance(f, EscapeFilter)]
        assert mine.one_line is True and theirs.one_line is False
    finally:
        mkdocs.removeHandler(handler)
