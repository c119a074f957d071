"""A source's bytes -> its text (policysite.decoding.decode), in process: BOM and CR line endings
normalized with a warning on the right line, bytes that are not UTF-8 an error naming line and
offset."""

from policysite.decoding import decode


def found(data: bytes) -> tuple[str | None, list[tuple[str, str, int, str]]]:
    text, diagnostics = decode(data, "en/privacy.md")
    return text, [(d.severity.value, d.code, d.line, d.message) for d in diagnostics]


def test_clean_utf8_is_returned_as_it_is_without_findings():
    assert found("---\ntitle: 隱私權政策\n---\n".encode()) == ("---\ntitle: 隱私權政策\n---\n", [])


def test_a_byte_order_mark_is_dropped_with_a_warning():
    text, findings = found(b"\xef\xbb\xbf---\n")
    assert text == "---\n"
    assert [(f[0], f[1], f[2]) for f in findings] == [("warning", "source.bom", 1)]


def test_crlf_and_lone_cr_become_lf_with_a_warning_on_the_first_cr_line():
    text, findings = found(b"a\nb\r\nc\rd")
    assert text == "a\nb\nc\nd"
    assert [(f[0], f[1], f[2]) for f in findings] == [("warning", "source.crlf", 2)]


def test_bytes_that_are_not_utf8_name_the_line_and_offset_and_give_no_text():
    text, findings = found(b"line one\nline two \xff here")
    assert text is None
    [(severity, code, line, message)] = findings
    assert (severity, code, line) == ("error", "source.encoding", 2)
    assert "byte 0xff at offset 18" in message


def test_a_bom_then_bad_bytes_keeps_both_findings_and_offsets_count_after_the_bom():
    text, findings = found(b"\xef\xbb\xbf\xc3(")
    assert text is None
    assert [f[1] for f in findings] == ["source.bom", "source.encoding"]
    assert "byte 0xc3 at offset 0" in findings[1][3]


def test_an_empty_file_is_empty_text():
    assert found(b"") == ("", [])
