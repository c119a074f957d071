"""A source file's bytes -> its text: UTF-8, LF line endings, no byte-order mark.

A BOM or CR line endings are normalized with a warning; bytes that are not UTF-8 are an error
naming the line and offset of the first bad byte (the file cannot be modelled at all).
"""

from __future__ import annotations

from .diagnostics import Diagnostic
from .findings import Findings

_BOM = b"\xef\xbb\xbf"


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 bytes -> text with LF endings and no BOM, with warnings for either; None (and an
    error) when ``data`` is not UTF-8."""
    findings = Findings(path)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
        findings.warning(
            "source.bom",
            1,
            "file starts with a UTF-8 byte-order mark; it is ignored (save as UTF-8 without BOM)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        findings.error(
            "source.encoding",
            data[: exc.start].count(b"\n") + 1,
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
        )
        return None, findings.found
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        findings.warning(
            "source.crlf", line, "file has CRLF (Windows) line endings; they are normalized to LF"
        )
    return text, findings.found
