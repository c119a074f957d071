"""The one finding type (policysite.diagnostics), in process: what
tests/integration/test_diagnostics.py leaves out (order and identity, counting, severities chosen
by a setting, the worst inputs)."""

from __future__ import annotations

import dataclasses
import json
import time

import pytest

from policysite import diagnostics
from policysite.diagnostics import Diagnostic, Severity

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def test_a_severity_is_its_word():
    assert [s.value for s in Severity] == ["error", "warning", "info"]
    assert Severity("warning") is Severity.WARNING and f"{Severity.INFO}" == "info"


@pytest.mark.parametrize("severity", ["error", "warning", "info"])
def test_a_setting_chooses_the_severity(severity):
    finding = Diagnostic.of(severity, "history.lagging", "zh-TW/privacy.md", 7, "lags", "general", COMMIT)
    assert finding == Diagnostic(
        "zh-TW/privacy.md", 7, Severity(severity), "history.lagging", "lags", "general", COMMIT
    )
    assert finding.is_error is (severity == "error")


def test_an_unknown_severity_is_refused():
    with pytest.raises(ValueError, match="'fatal' is not a valid Severity"):
        Diagnostic.of("fatal", "x.y", "en/a.md", 1, "m")


def test_findings_are_values_frozen_equal_by_every_field_and_usable_in_sets():
    one = Diagnostic.error("x.y", "en/a.md", 3, "m", commit=COMMIT)
    assert one == Diagnostic.error("x.y", "en/a.md", 3, "m", commit=COMMIT)
    assert one != Diagnostic.error("x.y", "en/a.md", 3, "m")  # another commit: another finding
    assert one != dataclasses.replace(one, acknowledged=True)
    assert len({one, Diagnostic.error("x.y", "en/a.md", 3, "m", commit=COMMIT)}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.line = 4


def test_the_natural_order_is_file_line_then_severity():
    later = Diagnostic.error("a.a", "en/a.md", 10, "m")
    earlier = Diagnostic.warning("z.z", "en/a.md", 2, "m")
    same_line = Diagnostic.error("z.z", "en/a.md", 2, "m")
    other_file = Diagnostic.error("a.a", "zh-TW/a.md", 1, "m")
    assert sorted([other_file, later, earlier, same_line]) == [same_line, earlier, later, other_file]


def test_sort_breaks_ties_by_message_and_drops_exact_duplicates():
    b = Diagnostic.error("x.y", "en/a.md", 1, "b")
    a = Diagnostic.warning("x.y", "en/a.md", 1, "a")
    assert diagnostics.sort([b, a, b]) == [a, b]
    assert diagnostics.sort([]) == []


def test_an_acknowledged_error_is_shown_but_never_fails():
    error = Diagnostic.error("history.backdated", "en/a.md", 1, "m", commit=COMMIT)
    acknowledged = dataclasses.replace(error, acknowledged=True)
    assert error.is_error and error.fails() and error.fails(strict=True)
    assert not acknowledged.is_error and not acknowledged.fails(strict=True)
    warning = Diagnostic.warning("x.y", "en/a.md", 1, "m")
    assert (warning.fails(), warning.fails(strict=True)) == (False, True)
    assert diagnostics.fails(iter([warning, acknowledged]), strict=False) is False


def test_the_summary_counts_each_kind_with_its_plural():
    error = Diagnostic.error("x.y", "en/a.md", 1, "m")
    warning = Diagnostic.warning("x.y", "en/a.md", 2, "m")
    info = Diagnostic.of("info", "x.y", "en/a.md", 3, "m")
    acknowledged_warning = dataclasses.replace(warning, acknowledged=True)
    acknowledged_info = dataclasses.replace(info, line=4, acknowledged=True)
    assert diagnostics.summary_line([error, warning]) == "1 error, 1 warning"
    assert diagnostics.summary_line([error, error, info, info]) == "2 errors, 0 warnings, 2 info"
    found = [warning, acknowledged_warning, acknowledged_info]
    assert diagnostics.summary_line(iter(found)) == "0 errors, 1 warning, 2 acknowledged"
    summary = json.loads(diagnostics.render_json(found))["summary"]
    # (JSON counts info by severity, acknowledged or not)
    assert summary == {"errors": 0, "warnings": 1, "info": 1, "acknowledged": 2}


def test_as_dict_is_plain_data():
    data = Diagnostic.of("info", "x.y", "en/a.md", 0, "m", "s", COMMIT).as_dict()
    assert data == {
        "file": "en/a.md",
        "line": 1,
        "severity": "info",
        "code": "x.y",
        "message": "m",
        "section": "s",
        "commit": COMMIT,
        "acknowledged": False,
    }
    assert type(data["severity"]) is str


def test_text_lines_pair_each_finding_with_its_annotation_in_actions():
    one = Diagnostic.error("x.y", "en/a.md", 1, "m")
    two = Diagnostic.of("info", "x.z", "en/a.md", 2, "n")
    lines = list(diagnostics.text_lines([one, two], github=True))
    assert lines == [
        (one, "en/a.md:1: error: [x.y] m", False),
        (one, "::error file=en/a.md,line=1,title=x.y::[x.y] m", True),
        (two, "en/a.md:2: info: [x.z] n", False),
        (two, "::notice file=en/a.md,line=2,title=x.z::[x.z] n", True),
    ]
    assert [line for _, line, _ in diagnostics.text_lines([one, two], github=False)] == [
        "en/a.md:1: error: [x.y] m",
        "en/a.md:2: info: [x.z] n",
    ]


def test_a_file_name_starting_with_two_colons_starts_no_workflow_command():
    finding = Diagnostic.warning("x.y", "::error::x.md", 1, "m")
    assert finding.text() == "\\x3a:error::x.md:1: warning: [x.y] m"
    assert finding.github() == "::warning file=%3A%3Aerror%3A%3Ax.md,line=1,title=x.y::[x.y] m"


def test_a_hostile_code_is_escaped_in_every_rendering():
    finding = Diagnostic.error("x,y:z\n%", "en/a.md", 1, "m")
    assert finding.text() == "en/a.md:1: error: [x,y:z\\n%] m"
    assert finding.github() == "::error file=en/a.md,line=1,title=x%2Cy%3Az%0A%25::[x,y:z%0A%25] m"


def test_a_huge_message_renders_in_linear_time_on_one_line():
    message = ("a\n::error::\x1b[2J\u2028" * 50_000) + "end"
    finding = Diagnostic.error("x.y", "en/a.md", 1, message)
    started = time.perf_counter()
    text, github, data = finding.text(), finding.github(), diagnostics.render_json([finding])
    assert time.perf_counter() - started < 2.0
    assert "\n" not in text and "\x1b" not in text and "\u2028" not in text
    assert text.count("\\n::error::\\x1b[2J\\u2028") == 50_000
    assert "\n" not in github and "\r" not in github
    assert json.loads(data)["diagnostics"][0]["message"] == message
