"""Issue 23, item 5: every output is escaped for where it goes.

A pull request writes escape sequences (screen clear ``\\x1b[2J``, window title
``\\x1b]0;...\\x07``, concealed text ``\\x1b[8m``) into a policy and a commit subject, a
line break followed by ``::error`` into a front matter title (a GitHub Actions workflow
command once it starts a line of the log), control characters XML forbids into a
``summary:``, and Markdown images, mentions and HTML into a section the translation
lags behind.  Every ``policy`` subcommand, the build log, the Atom feed and the
translators' Markdown show them as text, and obey none.

One hostile repository (module scope) serves every subprocess test: real git, the real
``policy`` command and one real ``mkdocs build``.  The escaping functions, the terminal
output and the log filter are unit-tested in-process.
"""

from __future__ import annotations

import io
import logging
import os
import pty
import re
import subprocess
from xml.etree import ElementTree as ET

import pytest
from gitrepo import BuildResult, PolicyRepo, clean_env, tool

from policysite import buildlog, console, diff, escaping, sources
from policysite.diagnostics import Diagnostic
from policysite.pages import feeds

V1, V2 = "2020.01.01", "2020.02.01"
# What a hostile pull request writes.
HIDDEN = "\x1b[2J\x1b]0;pwned\x07 \x1b[8mWe sell your data.\x1b[0m"
SUBJECT = "Fix wording \x1b[2J\x1b]0;pwned\x07\x1b[8mhidden"
TITLE = '"Privacy\\n::error file=x::pwned"'  # YAML: a line break, then a workflow command
SUMMARY = '"Clearer \\x01\\x0b and \\e[2J wording"'  # YAML: SOH, VT and ESC
# Markdown a source shows as text (code spans render to plain text in the to-do).
MARKDOWN = "`![x](https://evil.example/x.png)` @octocat `<img src=x>`"
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _source(title: str, version: str, body: str, summary: str | None = None) -> str:
    head = f"---\ntitle: {title}\nversion: {version}\n" + (f"summary: {summary}\n" if summary else "")
    return head + f"---\n\n# Privacy\n\n{body}\n"


def _en(version: str, general: str, sharing: str) -> str:
    body = f"## 1. General {{#general}}\n\n{general}\n\n## 2. Sharing {{#sharing}}\n\n{sharing}"
    return _source(TITLE, version, body, SUMMARY if version == V2 else None)


ZH = _source(
    "隱私權政策",
    V1,
    "## 1. 總則 {#general}\n\n我們保護您的資料。\n\n## 2. 分享 {#sharing}\n\n@octocat `<img src=x>` 分享。",
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> PolicyRepo:
    """Two policies with the same hostile title (so ``title.duplicate`` quotes it); version 2 of
    ``privacy`` hides text behind escape sequences and inserts Markdown, its translation lags;
    a page of ``docs/`` carries a hostile front matter key (the build warns about it)."""
    repo = PolicyRepo.create(tmp_path_factory.mktemp("hostile") / "repo", copy_policies=False)
    repo.write("en", "privacy", _en(V1, "We keep your data safe.", "We share nothing."))
    repo.write("zh-TW", "privacy", ZH)
    repo.write("en", "terms", _source(TITLE, V1, "Be nice."))
    repo.write("zh-TW", "terms", _source("使用條款", V1, "友善。"))
    repo.write_file("docs/en/notes.md", '---\n"x\\n::error file=x::pwned": 1\n---\n\n# Notes\n\nText.\n')
    repo.commit("First version", date="2020-01-01T12:00:00Z")
    repo.write("en", "privacy", _en(V2, f"We keep your data safe.{HIDDEN}", f"We share nothing. {MARKDOWN}"))
    repo.commit(SUBJECT, date="2020-02-01T12:00:00Z")
    return repo


@pytest.fixture(scope="module")
def built(hostile) -> BuildResult:
    result = hostile.build(strict=False, env={"GITHUB_ACTIONS": "true"})
    assert result.ok, result.output
    return result


def _no_raw_controls(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text, text
    assert not RAW_CONTROLS.search(text), text


def _command_lines(output: str) -> list[str]:
    """The lines GitHub Actions would obey (it trims leading whitespace first)."""
    return [line for line in output.splitlines() if line.strip().startswith("::")]


# ================================================================ terminal


def test_diff_and_versions_show_control_characters_and_emit_none(hostile, policy):
    diff = policy(hostile, "diff", "privacy", V1, V2)
    assert diff.returncode == 0, diff.output
    _no_raw_controls(diff.output)
    # The text as published: its control characters gone (sanitize.clean), the words in plain sight.
    assert "[2J]0;pwned [8mWe sell your data.[0m+}" in diff.stdout
    versions = policy(hostile, "versions")
    assert versions.returncode == 0, versions.output
    _no_raw_controls(versions.output)
    assert "Fix wording \\x1b[2J\\x1b]0;pwned\\x07\\x1b[8mhidden" in versions.stdout
    assert "privacy: Privacy\\n::error file=x::pwned" in versions.stdout
    assert not _command_lines(versions.stdout)
    as_json = policy(hostile, "versions", "--format", "json")
    _no_raw_controls(as_json.stdout)
    assert "\\u001b[8mhidden" in as_json.stdout  # JSON's own escape: still valid JSON


def test_on_a_terminal_only_the_tools_own_colours_reach_it(hostile):
    """``policy diff`` on a pseudo-terminal: the redline's colours, and every byte of the
    source escaped (no screen clear, no title, no concealed text)."""
    main, secondary = pty.openpty()
    env = clean_env({"TERM": "xterm"})
    process = subprocess.Popen(
        [*tool("policy"), "diff", "privacy", V1, V2], cwd=hostile.root, stdout=secondary, env=env
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=120) == 0
    out = b"".join(chunks).decode()
    assert "\x1b[1m" in out and "\x1b[32;4m" in out  # the tool's colours
    assert "\x1b[2J" not in out and "\x1b]" not in out and "\x07" not in out and "\x1b[8m" not in out
    assert "[8mWe sell your data." in out
    assert set(re.findall("\x1b\\[[0-9;]*m", out)) <= {"\x1b[0m", "\x1b[1m", "\x1b[36m", "\x1b[2m"} | {
        "\x1b[32;4m",
        "\x1b[31;9m",
    }


def test_check_names_the_line_that_holds_control_characters(hostile, policy):
    run = policy(hostile, "check")
    _no_raw_controls(run.output)
    assert "en/privacy.md:" in run.output and "[source.control]" in run.output and "U+001B" in run.output


def test_usage_errors_quote_arguments_escaped(hostile, policy):
    run = policy(hostile, "diff", "privacy", "\x1b[2J", "current")
    assert run.returncode == 2
    _no_raw_controls(run.stderr)
    assert "no version '\\x1b[2J'" in run.stderr
    argparse_error = policy(hostile, "versions", "--format", "\x1b]0;pwned\x07")
    assert argparse_error.returncode == 2
    _no_raw_controls(argparse_error.stderr)
    assert "\\x1b]0;pwned\\x07" in argparse_error.stderr


# ================================================================ CI log


def test_check_starts_no_line_with_a_workflow_command_but_its_own_annotations(hostile, policy):
    run = policy(hostile, "check", env={"GITHUB_ACTIONS": "true"})
    _no_raw_controls(run.output)
    findings = [
        line for line in run.stdout.splitlines() if re.match(r"\S+:\d+: (error|warning|info): ", line)
    ]
    duplicates = [line for line in findings if "[title.duplicate]" in line]
    assert duplicates and all("title 'Privacy\\n::error file=x::pwned'" in line for line in duplicates)
    annotations = _command_lines(run.output)
    assert len(annotations) == len(findings), run.stdout
    for line in annotations:  # the tool's own: one per finding, its values escaped
        match = re.fullmatch(r"::(error|warning|notice) file=([^:,]*),line=(\d+),title=([^:,]*)::(.*)", line)
        assert match, line
        assert "\r" not in match.group(5)
    duplicate = next(line for line in annotations if "title=title.duplicate" in line)
    assert "title 'Privacy%0A::error file=x::pwned'" in duplicate


def test_build_log_starts_no_line_with_a_workflow_command(built):
    _no_raw_controls(built.output)
    assert not _command_lines(built.output), _command_lines(built.output)
    assert "title 'Privacy\\n::error file=x::pwned'" in built.output  # the finding, on one line
    assert "front matter key 'x\\n::error file=x::pwned' is not used" in built.output  # site.py's warning


# ================================================================ XML, JSON


def test_feed_is_well_formed_without_the_characters_xml_forbids(built):
    for url in ("feed.xml", "zh-TW/feed.xml"):
        root = ET.parse(built.path(url)).getroot()
        summaries = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}summary")]
        assert any("Clearer  and [2J wording" in (s or "") for s in summaries), summaries
        assert not any(escaping.has_xml_forbidden(e.text or "") for e in root.iter())


def test_versions_json_escapes_every_control(built):
    raw = built.path("versions.json").read_text(encoding="utf-8")
    _no_raw_controls(raw)


def test_feed_serializer_removes_forbidden_characters_from_texts_and_attributes():
    root = ET.Element("feed", {"href": "a\x01b"})
    ET.SubElement(root, "summary").text = "x\x00\x0b\x1b\ufffey & <z>"
    text = feeds.serialize(root)
    parsed = ET.fromstring(text.split("\n", 1)[1])
    assert parsed.get("href") == "ab" and parsed.find("summary").text == "xy & <z>"


# ================================================================ Markdown


def test_translations_markdown_renders_no_image_mention_link_or_html(hostile, policy):
    run = policy(hostile, "translations", "--format", "markdown")
    assert run.returncode == 1, run.output
    out = run.stdout
    assert "evil" in out and "octocat" in out and "img" in out, out
    assert "![" not in out and "](" not in out and "<img" not in out
    assert "https://" not in out and not re.search(r"@octocat", out)
    assert "@&#8203;octocat" in out and "&lt;img src\\=x\\>" in out
    assert "\\!\\[x\\]\\(https:&#8203;//evil\\.example/x\\.png\\)" in out
    assert "- [ ] `zh-TW/privacy.md:" in out  # the tool's own Markdown stays


def test_markdown_code_spans_cannot_be_closed_by_a_path():
    from policysite.commands.translations import code_span as _code

    assert _code("zh-TW/privacy.md:12") == "`zh-TW/privacy.md:12`"
    assert _code("a`![x](https://e.example)`") == "a\\`\\!\\[x\\]\\(https:&#8203;//e\\.example\\)\\`"


# ================================================================ escaping, unit


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("a\tb\nc\rd", "a\tb\nc\\x0dd"),
        ("\x9b31m\x7f", "\\x9b31m\\x7f"),
        ("\u202eevil\u2066", "\\u202eevil\\u2066"),
        ("plain 中文", "plain 中文"),
    ],
)
def test_terminal(text, expected):
    assert escaping.terminal(text) == expected


def test_log_line_puts_everything_on_one_line():
    assert escaping.log_line("a\nb\r\x85\u2028\x1b\tc") == "a\\nb\\x0d\\x85\\u2028\\x1b\\tc"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("::error::x", "\\x3a:error::x"),
        ("ok\n  ::warning::x", "ok\n  \\x3a:warning::x"),
        ("ok\r::x", "ok\r\\x3a:x"),
        ("\u3000\x1b[2m::x", "\u3000\x1b[2m\\x3a:x"),
        ("a ::b\n:c", "a ::b\n:c"),
        ("", ""),
    ],
)
def test_no_commands(text, expected):
    assert escaping.no_commands(text) == expected


def test_no_commands_is_linear():
    import time

    start = time.perf_counter()
    escaping.no_commands((" " * 50_000 + "\n") * 20 + "x")
    assert time.perf_counter() - start < 1


def test_workflow_command_values():
    assert escaping.workflow_data("100%\r\n\x1b") == "100%25%0D%0A\\x1b"
    assert escaping.workflow_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("![x](https://evil.example/x.png)", "\\!\\[x\\]\\(https:&#8203;//evil\\.example/x\\.png\\)"),
        ("@octocat, a@b.example", "@&#8203;octocat, a@&#8203;b\\.example"),
        ("<img src=x> &amp;", "&lt;img src\\=x\\> &amp;amp;"),
        ("#12 GH-3 www.x", "#&#8203;12 GH-&#8203;3 www&#8203;\\.x"),
        ("a\n===\n$x$ `c` *e* ~s~ |", "a\n\\=\\=\\=\n\\$x\\$ \\`c\\` \\*e\\* \\~s\\~ \\|"),
        ("\x1b[8m\tx", "\\\\x1b\\[8m x"),
    ],
)
def test_markdown_shows_text_literally(text, expected):
    assert escaping.markdown(text) == expected


def test_xml_text_and_json_text():
    assert escaping.xml_text("a\x00\x08\x0b\x0c\x1f\ufffe\ud800b\t\n\r\x7f") == "ab\t\n\r\x7f"
    assert escaping.json_text({"k": "\x1b\x9b\u202e\u2028中"}) == '{"k": "\\u001b\\u009b\\u202e\\u2028中"}'


# ================================================================ Output, the log filter


def test_output_escapes_everything_but_its_own_colours():
    stream = io.StringIO()
    out = console.Output(stream)
    out.color = True
    title = "Privacy\x1b[8m"
    out.print(out.paint("# ", "bold") + title, "  ", out.paint("\x1b[2J", "cyan"), f" {title}")
    out.print("x\n::error::pwned")
    out.annotation("::error file=a,line=1::b")
    out.annotation("::error::a\n::error::b")
    lines = stream.getvalue().split("\n")
    assert lines[0] == ("\x1b[1m# \x1b[0mPrivacy\\x1b[8m  \x1b[36m\\x1b[2J\x1b[0m Privacy\\x1b[8m")
    assert lines[1:4] == ["x", "\\x3a:error::pwned", "::error file=a,line=1::b"]
    assert lines[4:6] == ["\\x3a:error::a", "\\x3a:error::b"]  # not one line: shown, not obeyed
    # An f-string around painted text loses its colours: shown, never obeyed.
    assert console.escaped(f"{out.paint('x', 'red')}") == "\\x1b[31mx\\x1b[0m"


def test_redline_keeps_its_colours_and_escapes_the_text():
    ops = [(0, "a\x1b[8m"), (1, "b\x07"), (-1, "c")]
    assert console.redline(ops, color=True) == "a\\x1b[8m\x1b[32;4mb\\x07\x1b[0m\x1b[31;9mc\x1b[0m"
    assert console.redline(ops, color=False) == "a\\x1b[8m{+b\\x07+}[-c-]"


def _document(body: str):
    text = f"---\ntitle: P\nversion: 2020.01.01\n---\n\n# P\n\n## 1. A {{#a}}\n\n{body}\n"
    document, _ = sources.parse(text.encode(), "en/p.md", "p", "en")
    return document


def test_section_redline_escapes_texts_and_the_attribute_notes():
    """Controls written raw or as character references, in a paragraph, a list item, a table
    cell and a link's target and title (the redline notes the change of those): none reaches
    the terminal, as none is published."""
    old = _document("See [us](https://a.example/) now.\n\n- item one\n\n| a | b |\n|---|---|\n| x | y |")
    new = _document(
        'See [us](https://a.example/&#27;[2J "t&#27;]0;x&#7;") now\x1b[2J.\n\n- item \x1b[8mtwo&#27;[8m'
        "\n\n| a | b |\n|---|---|\n| x\x07 | z |"
    )
    section = diff.compare(old, new, "en").sections[-1]
    for color in (True, False):
        lines = console.section_lines(section, color)
        text = "\n".join(lines)
        assert not RAW_CONTROLS.search(re.sub("\x1b\\[(?:32;4|31;9|0)m", "", text)), text
        # (as published: no control character, raw or from a reference, survives sanitize.clean)
        assert "https://a.example/[2J" in text and "title changed from none to t]0;x)" in text
        assert "item [8mtwo[8m" in text and "| x |" in text
        assert all(isinstance(line, console.Styled) for line in lines)


def test_the_build_logger_escapes_every_record():
    logger = buildlog.install()
    assert logger.name == "mkdocs.plugins.policies"
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    keep = Keep()
    logger.addHandler(keep)
    try:
        logger.warning("key '%s'", "x\n::error file=x::pwned\x1b[2J")
        logger.warning("::warning::starts")
        try:
            raise ValueError("bad\n::error::in a traceback")
        except ValueError:
            logger.warning("failed", exc_info=True)
    finally:
        logger.removeHandler(keep)
    assert records[0] == "key 'x\\n::error file=x::pwned\\x1b[2J'"
    assert records[1] == "\\x3a:warning::starts"
    assert not _command_lines(records[2]) and "ValueError: bad" in records[2]


def test_mkdocs_own_handlers_are_filtered_too():
    """MkDocs prints every record of its loggers (a plugin error, a page's file name) through its
    handler: once installed, its messages keep their lines but none starts with ``::``."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    mkdocs = logging.getLogger("mkdocs")
    mkdocs.addHandler(handler)
    try:
        buildlog.install()
        buildlog.install()  # once is enough: installing again adds nothing
        assert sum(isinstance(f, buildlog.EscapeFilter) for f in handler.filters) == 1
        logging.getLogger("mkdocs.commands.build").error("Error: %s", "a\n::error::b\x1b[2J")
    finally:
        mkdocs.removeHandler(handler)
    assert stream.getvalue() == "Error: a\n\\x3a:error::b\\x1b[2J\n"


def test_diagnostic_text_is_one_line_and_never_a_command():
    finding = Diagnostic.warning("title.duplicate", "::en/x.md", 2, "title 'a\n::error::b\x1b[8m'")
    assert finding.text() == "\\x3a:en/x.md:2: warning: [title.duplicate] title 'a\\n::error::b\\x1b[8m'"
    assert finding.github() == (
        "::warning file=%3A%3Aen/x.md,line=2,title=title.duplicate::[title.duplicate] "
        "title 'a%0A::error::b\\x1b[8m'"
    )
