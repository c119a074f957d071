"""The one place a source's findings are made (policysite.findings.Findings), in process."""

from policysite.diagnostics import Severity
from policysite.findings import Findings


def test_each_finding_names_the_file_line_section_code_and_message_in_order():
    findings = Findings("zh-TW/privacy.md")
    findings.error("heading.no-id", 12, "heading 'A' has no section ID")
    findings.warning("source.fence", 30, "code block never closed", "general")
    findings.add("info", "note.x", 5, "for information", "terms")
    assert [(d.file, d.line, d.severity, d.code, d.message, d.section) for d in findings.found] == [
        ("zh-TW/privacy.md", 12, Severity.ERROR, "heading.no-id", "heading 'A' has no section ID", None),
        ("zh-TW/privacy.md", 30, Severity.WARNING, "source.fence", "code block never closed", "general"),
        ("zh-TW/privacy.md", 5, Severity.INFO, "note.x", "for information", "terms"),
    ]
    assert [d.is_error for d in findings.found] == [True, False, False]


def test_a_line_before_the_first_is_reported_on_line_one():
    findings = Findings("en/privacy.md")
    findings.error("front-matter.invalid", 0, "x")
    assert findings.found[0].line == 1


def test_separate_reports_share_nothing():
    first, second = Findings("a.md"), Findings("b.md")
    first.error("x.y", 1, "m")
    assert second.found == [] and len(first.found) == 1
