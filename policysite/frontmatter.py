"""Front matter: the YAML header between '---' lines, read and checked (title, version).

Plain ``key: value`` lines are read without YAML (the same result as YAML's BaseLoader, every
value a string, at a fraction of the cost); anything else goes to PyYAML, guarded against the
nesting it is quadratic or recursive on.  Every problem is an error naming its line.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

import yaml

from .diagnostics import Diagnostic
from .findings import Findings

VERSION_FORMAT = "YYYY.MM.DD"
_VERSION = re.compile(r"([0-9]{4})\.([0-9]{2})\.([0-9]{2})\Z")  # ASCII digits only: it becomes a URL

MAX_YAML_NESTING = 50

# Front matter of plain "key: value" lines reads the same with this as with YAML's
# BaseLoader (every value a string), at a fraction of the cost; anything else
# (quotes, lists, block scalars, comments, anchors...) goes to YAML.  Kept for speed (the front
# matter of every blob of the history is read); held to YAML on random input by
# tests/unit/test_speed_paths.py.
# (The value is its first character, then runs of other characters or of spaces that more follow:
# '[^#:\t]*? *\Z' said the same, trying the end of the line again after every character.)
_PLAIN_LINE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_-]*):(?: +([^\s\"'\[\]{}&*!|>%@`#,?:-](?:[^#:\t ]++| ++(?=[^#:\t ]))*+))? *\Z"
)

_MISSING = "file must start with front matter: a '---' line, 'title:' and 'version:', then '---'"
_UNCLOSED = "front matter opened with '---' on line 1 is never closed with '---'"
_INVALID = "front matter is not valid YAML: "


def parse_version(value: object) -> _dt.date | None:
    """``2019.12.19`` -> date(2019, 12, 19); anything else -> None."""
    if not isinstance(value, str):
        return None
    match = _VERSION.match(value.strip())
    if not match:
        return None
    try:
        return _dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def ascii_date(value: str) -> str | None:
    """``２０２６．１２．０１`` (digits of any script, a full-width or ideographic full stop) as the
    ASCII date to type, when that is what it means; None otherwise."""
    typed = []
    for char in value:
        if char.isdigit() and unicodedata.digit(char, None) is not None:
            typed.append(str(unicodedata.digit(char)))
        elif char in ".．。":
            typed.append(".")
        else:
            return None
    text = "".join(typed)
    return text if text != value and parse_version(text) is not None else None


def _invalid_version(version: str) -> str:
    typed = ascii_date(version)
    if typed is not None:
        return (
            f"version '{version}' is written with non-ASCII digits or dots (pasted from a word "
            f"processor?): a version becomes an address and must be typed in ASCII: 'version: {typed}'"
        )
    return f"version '{version}' is not a real date written {VERSION_FORMAT}"


def _nesting(source: str) -> int:
    """The deepest bracket nesting of a YAML text (a cheap guard: PyYAML is
    quadratic on deep flow collections and recursive on deep documents)."""
    depth = deepest = 0
    for char in source:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}" and depth:
            depth -= 1
    return deepest


def front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter opened on the first line."""
    return next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)


def front_matter_part(text: str, lines: int = 60) -> str:
    """``text`` up to the line that closes its front matter when that is among the first
    ``lines`` lines (front matter reads the same without the body); else all of it."""
    head = text.split("\n", lines)
    end = front_matter_end(head[:-1]) if head and head[0].strip() == "---" else None
    return "\n".join(head[: end + 1]) if end is not None else text


def split_front_matter(text: str, path: str) -> tuple[dict, int, list[Diagnostic]]:
    """Returns (meta, index of the first body line, diagnostics).  Front matter missing or never
    closed: the body starts at index 0 (``front-matter.missing``, ``front-matter.unclosed``); front
    matter that is no mapping reads as empty (``front-matter.invalid``)."""
    findings = Findings(path)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        findings.error("front-matter.missing", 1, _MISSING)
        return {}, 0, findings.found
    index = front_matter_end(lines)
    if index is None:
        findings.error("front-matter.unclosed", 1, _UNCLOSED)
        return {}, 0, findings.found
    meta, problem = _load("\n".join(lines[1:index]))
    if problem is not None:
        findings.error("front-matter.invalid", *problem)
    return meta, index + 1, findings.found


def _load(source: str) -> tuple[dict, tuple[int, str] | None]:
    """The front matter's text (from line 2) -> its mapping, or ``{}`` and (line, why) it is none."""
    if _nesting(source) > MAX_YAML_NESTING:
        return {}, (2, _INVALID + "it is nested too deeply; write 'title:' and 'version:' lines")
    simple = _simple_front_matter(source)
    if simple is not None:
        return simple, None
    try:
        meta = yaml.load(source, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError as exc:
        return {}, _yaml_problem(exc, source)
    except (RecursionError, ValueError, TypeError, MemoryError):
        return {}, (2, _INVALID + "it is nested too deeply or malformed")
    if meta is None:
        return {}, None
    if not isinstance(meta, dict):
        return {}, (2, "front matter must be 'key: value' lines (title, version)")
    return meta, None


def _yaml_problem(exc: yaml.YAMLError, source: str) -> tuple[int, str]:
    """The line of the file (front matter from line 2) and the words of PyYAML's error."""
    mark = getattr(exc, "problem_mark", None)
    position = getattr(exc, "position", None)  # a ReaderError (a control character)
    if mark is not None:
        line = mark.line + 2
    elif isinstance(position, int):
        line = source[:position].count("\n") + 2
    else:
        line = 2
    problem = (
        getattr(exc, "problem", None)
        or getattr(exc, "reason", None)
        or (str(exc).splitlines() or ["unreadable"])[0]
    )
    return line, _INVALID + str(problem)


# What the quick reading leaves to YAML: what PyYAML's reader refuses (its NON_PRINTABLE), which
# YAML then reports with its own message (a raw control character in 'title: A<BEL>B' is not
# accepted plain when the same character in quotes is refused), and the line breaks YAML knows
# besides '\n' and '\r' (NEL, LINE and PARAGRAPH SEPARATOR), which end a plain line for YAML.
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _simple_front_matter(source: str) -> dict | None:
    """Front matter of plain ``key: value`` lines read without YAML (the same result), else None."""
    if _NOT_YAML.search(source):
        return None
    meta: dict[str, str] = {}
    for line in source.split("\n"):
        if not line.strip():
            continue
        match = _PLAIN_LINE.match(line)
        if match is None or match.group(1) in meta or not match.group(2):
            return None
        meta[match.group(1)] = match.group(2)
    return meta


def meta_line(lines: list[str], key: str, default: int) -> int:
    """The line of ``key:`` in the front matter at the start of ``lines`` (``default`` when none)."""
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return number
        if number > 1 and line.strip() == "---":
            break
    return default


def check_meta(
    meta: dict, lines: list[str], body_start: int, findings: Findings
) -> tuple[str | None, str | None, _dt.date | None]:
    """The title, version and date the front matter ``meta`` of ``lines`` gives, each problem with
    them added to ``findings``."""
    end = max(body_start, 1)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        findings.error(
            "front-matter.title",
            meta_line(lines, "title", end),
            "front matter lacks 'title' (the policy's title in this language)",
        )
        title = None
    version, date = _check_version(meta.get("version"), lines, end, findings)
    return (title.strip() if title else None), version, date


def _check_version(
    version: object, lines: list[str], end: int, findings: Findings
) -> tuple[str | None, _dt.date | None]:
    if version is None or (isinstance(version, str) and not version.strip()):
        message = f"front matter lacks 'version' (the date of this version, {VERSION_FORMAT})"
        findings.error("front-matter.version", meta_line(lines, "version", end), message)
        return None, None
    if not isinstance(version, str):
        message = f"version must be a date written {VERSION_FORMAT}"
        findings.error("version.invalid", meta_line(lines, "version", end), message)
        return None, None
    version = version.strip()
    date = parse_version(version)
    if date is None:
        findings.error("version.invalid", meta_line(lines, "version", end), _invalid_version(version))
    return version, date
