"""One finding type, rendered as compiler text, JSON and GitHub annotations."""

from __future__ import annotations

import dataclasses
import json

import pytest

from policysite import diagnostics
from policysite.diagnostics import Diagnostic, Severity

STRUCTURE = Diagnostic.error(
    "parity.structure",
    "zh-TW/privacy.md",
    147,
    "section 'collection-usage': en has 3 list items under 'log-information', zh-TW has 0",
    "collection-usage",
)
PARAGRAPHS = Diagnostic.warning(
    "parity.paragraphs",
    "zh-TW/privacy.md",
    12,
    "section 'general': en has 2 paragraphs, zh-TW has 1",
    "general",
)


def test_compiler_form():
    assert STRUCTURE.text() == (
        "zh-TW/privacy.md:147: error: [parity.structure] section 'collection-usage': "
        "en has 3 list items under 'log-information', zh-TW has 0"
    )
    assert PARAGRAPHS.text().startswith("zh-TW/privacy.md:12: warning: [parity.paragraphs] ")


def test_fields_and_constructors():
    assert (STRUCTURE.file, STRUCTURE.line, STRUCTURE.severity, STRUCTURE.code, STRUCTURE.section) == (
        "zh-TW/privacy.md",
        147,
        Severity.ERROR,
        "parity.structure",
        "collection-usage",
    )
    assert STRUCTURE.is_error and not PARAGRAPHS.is_error
    assert Diagnostic.error("x.y", "en/a.md", 0, "m").line == 1  # a line is never below 1
    assert Diagnostic.warning("x.y", "en/a.md", -5, "m").section is None


def test_json():
    data = json.loads(diagnostics.render_json([STRUCTURE, PARAGRAPHS]))
    assert data["summary"] == {"errors": 1, "warnings": 1, "info": 0, "acknowledged": 0}
    assert data["diagnostics"][0] == {
        "file": "zh-TW/privacy.md",
        "line": 147,
        "severity": "error",
        "code": "parity.structure",
        "message": STRUCTURE.message,
        "section": "collection-usage",
        "commit": None,
        "acknowledged": False,
    }
    assert data["diagnostics"][1]["severity"] == "warning"
    assert json.loads(diagnostics.render_json([])) == {
        "diagnostics": [],
        "summary": {"errors": 0, "warnings": 0, "info": 0, "acknowledged": 0},
    }


def test_info_and_acknowledged_findings_never_fail():
    info = Diagnostic.of("info", "history.lagging", "zh-TW/privacy.md", 3, "lags")
    acknowledged = dataclasses.replace(STRUCTURE, acknowledged=True)
    for strict in (False, True):
        assert not diagnostics.fails([info, acknowledged], strict=strict)
    assert diagnostics.fails([PARAGRAPHS], strict=True) and not diagnostics.fails([PARAGRAPHS])
    assert acknowledged.text().endswith("(acknowledged in the baseline)")
    assert acknowledged.github().startswith("::notice ") and info.github().startswith("::notice ")
    line = diagnostics.summary_line([STRUCTURE, info, acknowledged])
    assert line == "1 error, 0 warnings, 1 info, 1 acknowledged"


def test_json_keeps_chinese_readable():
    finding = Diagnostic.error("link.anchor", "zh-TW/privacy.md", 3, "連結到 '#無' 但沒有這個章節", "general")
    text = diagnostics.render_json([finding])
    assert "連結到" in text
    assert json.loads(text)["diagnostics"][0]["message"] == finding.message


def test_github_annotation():
    assert STRUCTURE.github() == (
        "::error file=zh-TW/privacy.md,line=147,title=parity.structure::[parity.structure] "
        "section 'collection-usage': en has 3 list items under 'log-information', zh-TW has 0"
    )
    assert PARAGRAPHS.github().startswith("::warning file=zh-TW/privacy.md,line=12,")


def test_github_annotation_escapes_what_would_break_the_command():
    finding = Diagnostic.error("x.y", "en/a,b:c.md", 2, "100% wrong\nsecond line\r")
    line = finding.github()
    assert "\n" not in line and "\r" not in line
    assert line.startswith("::error file=en/a%2Cb%3Ac.md,line=2,")
    assert line.endswith("::[x.y] 100%25 wrong%0Asecond line%0D")


@pytest.mark.parametrize("value, annotated", [("true", True), ("false", False), (None, False)])
def test_render_text_adds_annotations_only_in_github_actions(monkeypatch, value, annotated):
    if value is None:
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    else:
        monkeypatch.setenv("GITHUB_ACTIONS", value)
    lines = diagnostics.render_text([STRUCTURE]).split("\n")
    assert lines[0] == STRUCTURE.text()
    assert lines[1:] == ([STRUCTURE.github()] if annotated else [])
    assert (
        diagnostics.render_text([STRUCTURE], github=True)
        .split("\n")[1]
        .startswith("::error file=zh-TW/privacy.md,line=147")
    )


def test_sort_orders_and_removes_duplicates():
    a = Diagnostic.error("b.code", "zh-TW/privacy.md", 10, "m")
    b = Diagnostic.error("a.code", "zh-TW/privacy.md", 10, "m")
    c = Diagnostic.error("a.code", "en/privacy.md", 99, "m")
    assert diagnostics.sort([a, b, c, a]) == [c, b, a]


def test_fails_and_summary():
    assert not diagnostics.fails([])
    assert not diagnostics.fails([PARAGRAPHS])
    assert diagnostics.fails([PARAGRAPHS], strict=True)
    assert diagnostics.fails([STRUCTURE])
    assert diagnostics.summary_line([STRUCTURE, PARAGRAPHS, PARAGRAPHS]) == "1 error, 2 warnings"
    assert diagnostics.summary_line([]) == "0 errors, 0 warnings"


def test_text_is_one_line_whatever_the_source_holds():
    """Issue 23: a title with a line break, then a workflow command, and escape sequences."""
    finding = Diagnostic.warning(
        "title.duplicate", "en/a\nb.md", 3, "title 'Privacy\n::error file=x::pwned\x1b]0;t\x07'"
    )
    assert finding.text() == (
        "en/a\\nb.md:3: warning: [title.duplicate] title 'Privacy\\n::error file=x::pwned\\x1b]0;t\\x07'"
    )
    assert "\n" not in diagnostics.render_text([finding], github=False)


def test_github_annotation_shows_controls_and_escapes_every_delimiter():
    finding = Diagnostic.error("x.y", "en/a\x1b,b.md", 2, "a\n::error::b\x1b[8m c, d: e")
    line = finding.github()
    assert line == "::error file=en/a\\x1b%2Cb.md,line=2,title=x.y::[x.y] a%0A::error::b\\x1b[8m c, d: e"
    assert diagnostics.render_text([finding], github=True).split("\n")[1] == line


def test_json_escapes_every_control_and_stays_json():
    finding = Diagnostic.error("x.y", "en/a.md", 2, "a\x1b[2J\x9b\u202eb")
    text = diagnostics.render_json([finding])
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    assert json.loads(text)["diagnostics"][0]["message"] == finding.message
