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


def test_control_characters_are_a_warning_at_their_first_line_with_how_many_more():
    text, findings = found("title\n\nHello \x07 bell\nplain\n\x1b[31m red \x85\n\ttab is fine\n".encode())
    assert text is not None and "\x07" in text  # (the source's text is as written: pages drop them)
    [(severity, code, line, message)] = findings
    assert (severity, code, line) == ("warning", "source.control", 3)
    assert "U+0007" in message and "(and 1 more line)" in message
    assert "\x07" not in message and "\x1b" not in message


def test_tabs_and_line_ends_are_not_control_characters_here():
    assert found(b"a\tb\nc\r\nd\n")[1] == [("warning", "source.crlf", 2, found(b"a\r\n")[1][0][3])]
