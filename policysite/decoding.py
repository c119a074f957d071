"""A source file's bytes -> its text: UTF-8, LF line endings, no byte-order mark.

A BOM or CR line endings are normalized with a warning; bytes that are not UTF-8 are an error
naming the line and offset of the first bad byte (the file cannot be modelled at all).  Control
characters (C0 but tab and line feed, DEL, C1) are a warning: invisible, and never published (the
sanitizer removes them from every page, see policysite.sanitize.clean).
"""

from __future__ import annotations

import re

from .diagnostics import Diagnostic
from .findings import Findings

_BOM = b"\xef\xbb\xbf"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every byte but those a control character's UTF-8 starts with (C1's lead byte 0xC2 also starts
# U+00A0 to U+00BF): ``bytes.translate`` deleting these finds in one fast pass that a file has none.
_CONTROL_LEADS = {chr(c).encode()[0] for c in range(0x100) if CONTROLS.match(chr(c))}
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_LEADS)


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
    if data.translate(None, _NOT_CONTROL_BYTES):  # a control character may be there
        _controls(text, findings)
    return text, findings.found


def _controls(text: str, findings: Findings) -> None:
    """A warning at the first line holding a control character (and how many lines hold one)."""
    first = CONTROLS.search(text)
    if first is None:
        return
    lines = {text.count("\n", 0, found.start()) + 1 for found in CONTROLS.finditer(text)}
    more = f" (and {len(lines) - 1} more line{'s' if len(lines) > 2 else ''})" if len(lines) > 1 else ""
    findings.warning(
        "source.control",
        min(lines),
        f"line holds the invisible control character U+{ord(first.group()):04X}{more}; no page shows "
        "it: delete it",
    )
