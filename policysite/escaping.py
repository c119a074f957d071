"""Text from a pull request, escaped for the channel it is written to.

Policy sources, front matter, file names and commit messages are untrusted
(README, "Security").  Every output that is not an HTML page (those go through
:mod:`policysite.sanitize`) escapes them here, one function per channel:

- :func:`terminal`: a terminal or a CI log: no raw control character (ESC,
  OSC, BEL, CR...) is ever emitted, each is shown as a visible escape (``\\x1b``);
- :func:`log_line`: one line of a build log: like :func:`terminal`, and a line
  break becomes a visible ``\\n``, so nothing from a source starts a new line
  (GitHub Actions obeys a line that starts with ``::``);
- :func:`no_commands`: text that will be written at the start of log lines: a
  line that would start with ``::`` starts with ``\\x3a:`` instead;
- :func:`workflow_data` and :func:`workflow_property`: the parts of a GitHub
  Actions workflow command, as the toolkit's specification escapes them;
- :func:`markdown`: GitHub-flavoured Markdown (pull-request summaries,
  translators' to-dos): no image, link, autolink, mention, reference or HTML;
- :func:`xml_text`: XML 1.0 character data without the characters XML forbids;
- :func:`json_text`: JSON whose strings hold no raw control character either.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls but tab and line feed, DEL, and the C1 controls (U+0080-U+009F: 0x9B is a
# one-character CSI on some terminals), and the bidirectional overrides and isolates
# that reorder what a reviewer sees (CVE-2021-42574).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_AND_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\x85]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` for a terminal: line breaks and tabs kept, every other control shown as ``\\x..``."""
    return _CONTROL.sub(_visible, text)


def log_line(text: str) -> str:
    """``text`` as one line of a log: every control, line breaks included, shown as an escape."""
    return _CONTROL_AND_BREAKS.sub(_visible, text)


# A line GitHub Actions obeys as a workflow command: "::" after any leading whitespace (the
# runner trims it first), or after colour codes, should a log reader strip them.  The runner
# reads lines ending at CR or LF; the other line breaks are counted too, to be safe.
_COMMAND = re.compile(
    "(?:\\A|(?<=[\r\n\x85\u2028\u2029]))((?:[^\\S\r\n\x85\u2028\u2029]|\x1b\\[[0-9;]*m)*):(?=:)"
)


def no_commands(text: str) -> str:
    """``text`` with no line GitHub Actions would obey: a line starting ``::`` starts ``\\x3a:``."""
    if "::" not in text:  # (the search below tries every position: long listings pass here)
        return text
    return _COMMAND.sub(lambda match: match.group(1) + "\\x3a", text)


def workflow_data(text: str) -> str:
    """A workflow command's message (after ``::``): ``%``, CR and LF escaped, other controls shown."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return terminal(escaped)


def workflow_property(text: str) -> str:
    """A workflow command's property value: also ``:`` and ``,``, which delimit properties."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


# One pass over the text (so no escape is escaped again): the characters with a meaning
# in GitHub-flavoured Markdown (emphasis, code, links, images, headings, setext "===",
# lists, tables, strikethrough, quotes, math "$") get a backslash; "<" and "&" become
# entities (no HTML, no entity); and what GitHub links after rendering, in the text itself (mentions "@user",
# references "#12" and "GH-12", autolinks "https://" and "www."), is broken by a
# zero-width space, the only escape those filters respect.
_MARKDOWN = re.compile(
    r"(?P<link>www(?=\.)|:(?=//)|@|#(?=\d)|(?<=[Gg][Hh])-(?=\d))"
    r"|(?P<entity>[<&])"
    r"|(?P<punctuation>[\\`*_{}\[\]()#+\-.!|~>=$])"
)
_ENTITIES = {"<": "&lt;", "&": "&amp;"}
_ZWSP = "&#8203;"


def _markdown_char(match: re.Match[str]) -> str:
    if match.group("link"):
        return match.group("link") + _ZWSP
    if match.group("entity"):
        return _ENTITIES[match.group("entity")]
    return "\\" + match.group("punctuation")


def markdown(text: str) -> str:
    """``text`` shown literally in GitHub Markdown, on one line per line of ``text``.

    ``![x](y)`` stays text, ``<b>`` is shown, ``@user`` notifies nobody, ``#12`` links no
    issue and ``https://`` or ``www.`` make no link; control characters are shown as escapes.
    """
    return _MARKDOWN.sub(_markdown_char, terminal(text).replace("\t", " "))


# Characters XML 1.0 does not allow anywhere, not even as character references.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids removed (escape it with the XML writer after)."""
    return _XML_FORBIDDEN.sub("", text)


def has_xml_forbidden(text: str) -> bool:
    return _XML_FORBIDDEN.search(text) is not None


# What json.dumps(ensure_ascii=False) writes raw but a terminal obeys or a reader does not see:
# DEL, the C1 controls, the bidirectional overrides, and the line separators JavaScript breaks on.
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(value: Any, indent: int | None = None) -> str:
    """``value`` as JSON (non-ASCII text kept readable) with every control character ``\\u``-escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)
