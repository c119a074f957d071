"""``policy check`` driven as a subprocess (the installed console script) on
temporary git copies of the project: every kind of bad input, exit codes, an ASCII terminal,
garbage; never a traceback.  Its arguments, usage errors, output format and ``--strict`` are
tested in-process (tests/unit/test_cli.py)."""

from __future__ import annotations

import json
import re

import pytest
from inprocess import Policy
from seed import EN, LOG_ITEMS, SECTION_LINE, ZH, line_of, replace


def no_traceback(run) -> None:
    assert "Traceback" not in run.output, run.output


# ---------------------------------------------------------------- one copy holding every kind of bad input


def _swap_sections(text: str) -> str:
    autonomy = text[text.index("## 7. 資料自主權") : text.index("## 8. 免責聲明")]
    disclaimer = text[text.index("## 8. 免責聲明") : text.index("## 9. 隱私權政策")]
    return replace(text, autonomy + disclaimer, disclaimer + autonomy)


def _kinds() -> dict[str, tuple[str, bytes | str | None, str, int]]:
    """policy name -> (en text, zh text (None: no file), code, line in the zh file)."""
    heading = "## 6. 資料安全 {#data-security}"
    kinds: dict[str, tuple] = {}

    def add(name, zh, code, line, en=EN):
        kinds[name] = (en, zh, code, line)

    add("missing-file", None, "translation.pending", 1)  # English only: a warning (untranslated: warning)
    add("version", replace(ZH, "version: 2019.12.19", "version: 2020.01.01"), "parity.version", 3)
    add("section-missing", replace(ZH, heading + "\n\n", ""), "parity.section-missing", 69)
    extra = ZH + "\n## 10. 附則 {#appendix}\n\n附則內容。\n"
    add("section-extra", extra, "parity.section-extra", line_of(extra, "## 10. 附則"))
    swapped = _swap_sections(ZH)
    add("section-order", swapped, "parity.section-order", line_of(swapped, "## 8. 免責聲明"))
    add("section-level", replace(ZH, heading, "#" + heading), "parity.section-level", 81)
    add("structure", replace(ZH, LOG_ITEMS, ""), "parity.structure", 57)
    add("no-id", replace(ZH, heading, "## 6. 資料安全"), "heading.no-id", 81)
    add("duplicate-id", replace(ZH, heading, "## 6. 資料安全 {#data-protection}"), "heading.duplicate-id", 81)
    add("bad-id", replace(ZH, heading, "## 6. 資料安全 {#Data_Security}"), "heading.bad-id", 81)
    add("front-matter-missing", ZH.replace("---\n", "", 1), "front-matter.missing", 1)
    add("front-matter-unclosed", ZH.replace("---\n\n#", "\n#", 1), "front-matter.unclosed", 1)
    add(
        "front-matter-invalid",
        ZH.replace("title: 隱私權政策", "title: [隱私權政策", 1),
        "front-matter.invalid",
        3,
    )
    add("front-matter-title", ZH.replace("title: 隱私權政策\n", "", 1), "front-matter.title", 3)
    add("front-matter-version", ZH.replace("version: 2019.12.19\n", "", 1), "front-matter.version", 3)
    add("version-invalid", ZH.replace("version: 2019.12.19", "version: 2019.02.30", 1), "version.invalid", 3)
    add("encoding", ZH.encode("big5", "replace"), "source.encoding", 2)
    unsafe = replace(ZH, SECTION_LINE, SECTION_LINE + '<img src=x onerror="alert(1)">')
    add("unsafe-html", unsafe, "html.unsafe", line_of(unsafe, SECTION_LINE))
    anchor = replace(ZH, SECTION_LINE, SECTION_LINE + "見[此](#nowhere)。")
    add("link-anchor", anchor, "link.anchor", line_of(anchor, SECTION_LINE))
    linked = replace(ZH, SECTION_LINE, SECTION_LINE + "見[條款](terms.md)。")
    add("link-policy", linked, "link.policy", line_of(linked, SECTION_LINE))
    return kinds


KINDS = _kinds()
SEVERITY = {"missing-file": "warning"}  # every other kind is an error


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory, new_project_copy):
    """A copy with one policy per kind of bad input, and ``policy check`` run on it."""
    copy = new_project_copy(tmp_path_factory.mktemp("broken") / "project")
    for name, (en, zh, _, _) in KINDS.items():
        copy.write("en", name, en)
        if zh is not None:
            copy.write("zh-TW", name, zh)
    return (
        copy,
        copy.policy("check", executable=True),
        copy.policy("check", "--format", "json", executable=True),
    )


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_of_bad_input_is_a_file_line_message(broken_project, name):
    _, run, _ = broken_project
    _, _, code, line = KINDS[name]
    assert run.returncode == 1
    no_traceback(run)
    severity = SEVERITY.get(name, "error")
    pattern = rf"^zh-TW/{re.escape(name)}\.md:{line}: {severity}: \[{re.escape(code)}\] \S"
    assert re.search(pattern, run.stdout, re.MULTILINE), f"no {pattern!r} in:\n{run.stdout}"


def test_the_same_findings_as_json(broken_project):
    _, text_run, json_run = broken_project
    assert json_run.returncode == 1
    no_traceback(json_run)
    data = json.loads(json_run.stdout)
    for name, (_, _, code, line) in KINDS.items():
        severity = SEVERITY.get(name, "error")
        assert {"file": f"zh-TW/{name}.md", "line": line, "code": code, "severity": severity}.items() <= next(
            d for d in data["diagnostics"] if d["file"] == f"zh-TW/{name}.md" and d["code"] == code
        ).items()
    assert data["summary"]["errors"] == sum(1 for d in data["diagnostics"] if d["severity"] == "error") > 0
    # text and JSON report the same findings
    lines = [line for line in text_run.stdout.splitlines() if re.match(r"^\S+\.md:\d+: ", line)]
    assert len(lines) == len(data["diagnostics"])
    errors, warnings = data["summary"]["errors"], data["summary"]["warnings"]
    assert (
        text_run.stdout.rstrip().splitlines()[-1]
        == f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )


def test_github_annotations_in_actions(broken_project):
    copy, _, _ = broken_project
    policy = Policy()  # (in-process: the copy's findings, with another environment)
    run = policy("check", cwd=copy.root, env={"GITHUB_ACTIONS": "true"})
    assert run.returncode == 1
    assert re.search(
        r"^::error file=zh-TW/structure\.md,line=57,title=parity\.structure::\[parity\.structure\] ",
        run.stdout,
        re.MULTILINE,
    )
    assert re.search(
        r"^::warning file=zh-TW/missing-file\.md,line=1,title=translation\.pending::",
        run.stdout,
        re.MULTILINE,
    )
    assert "::error" not in policy("check", cwd=copy.root).stdout


# ---------------------------------------------------------------- exit codes


def test_the_real_project_is_clean(project_copy):
    run = project_copy.policy("check", executable=True)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == "ok: 1 policy in 2 languages, no findings\n"


def test_an_ascii_terminal_gets_no_traceback(project_copy):
    project_copy.edit("zh-TW", LOG_ITEMS, "")
    run = project_copy.policy("check", env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"}, executable=True)
    assert run.returncode == 1
    no_traceback(run)
    assert "zh-TW/privacy.md:57: error: [parity.structure]" in run.stdout


# ---------------------------------------------------------------- garbage never produces a traceback

GARBAGE = {
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "nul": b"\x00" * 100,
    "truncated": ZH.encode()[:333],
    "truncated-mid-character": ZH.encode()[:8],
    "yaml-list": b"---\n- a\n- b\n---\n",
    "yaml-null": b"---\nnull\n---\n",
    "yaml-number": b"---\n2019.12\n---\n",
    "yaml-binary": b"---\n!!binary aGVsbG8=\n---\n",
    "yaml-python": b"---\n!!python/object/apply:os.system ['echo pwned']\n---\n",
    "yaml-nested-deep": b"---\ntitle: " + b"[" * 3000 + b"\n---\n",
    "yaml-anchors": b"---\na: &a [x, x]\nb: &b [*a, *a]\ntitle: *b\nversion: *a\n---\n",
    "yaml-tab": b"---\n\ttitle: x\n---\n",
    "only-dashes": b"---",
    "bom-only": b"\xef\xbb\xbf",
    "utf-16": "---\ntitle: 隱私\nversion: 2019.12.19\n---\n".encode("utf-16"),
    "headings-only": b"---\ntitle: T\nversion: 2019.12.19\n---\n" + b"## {#}\n### {: #}\n#\n##### x {#X}\n",
    "huge-line": b"---\ntitle: T\nversion: 2019.12.19\n---\n" + b"[<a `" * 20000,
}


def test_garbage_exits_1_without_traceback(project_copy):
    for name, data in GARBAGE.items():
        project_copy.write("en", name, data)
        project_copy.write("zh-TW", name, data[::-1])
    (project_copy.root / "en" / "Bad Name.md").write_text("x", encoding="utf-8")
    (project_copy.root / "zh-TW" / "folder.md").mkdir()
    run = project_copy.policy("check", executable=True)
    assert run.returncode == 1
    no_traceback(run)
    assert run.stderr == ""
    for name in GARBAGE:
        assert f"/{name}.md:" in run.stdout
    assert "en/Bad Name.md:1: error: [source.name]" in run.stdout
    assert "zh-TW/folder.md:1: error: [source.unreadable]" in run.stdout
    json_run = project_copy.policy("check", "--format", "json", executable=True)
    assert json_run.returncode == 1
    assert json.loads(json_run.stdout)["summary"]["errors"] > len(GARBAGE)
    no_traceback(json_run)
