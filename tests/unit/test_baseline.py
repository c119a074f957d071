"""The reviewed baseline (policysite.baseline), in process: the file read (every malformed entry a
finding on its line), findings matched and acknowledged, stale entries reported, what may never
be listed, and the file written back in a stable order that reads back to the same entries."""

import pytest

from policysite import baseline
from policysite.baseline import Baseline, Entry
from policysite.diagnostics import Diagnostic, Severity

COMMIT = "0123456789abcdef0123456789abcdef01234567"
OTHER = "fedcba9876543210fedcba9876543210fedcba98"


def backwards(commit: str = COMMIT, message: str = "version went backwards") -> Diagnostic:
    return Diagnostic.error("history.backwards", "en/privacy.md", 3, message, commit=commit)


def missing_link(line: int = 12, message: str = "section 'a': 'https://x.example' is in en") -> Diagnostic:
    return Diagnostic.error("parity.links", "zh-TW/privacy.md", line, message, "a")


def load(tmp_path, text: str, name: str = "policy-baseline.yml") -> Baseline:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    return baseline.load(tmp_path, name)


def problems(found: Baseline) -> list[tuple[str, str, int, str]]:
    return [(d.code, d.file, d.line, d.message) for d in found.problems]


def test_no_file_is_an_empty_baseline(tmp_path):
    assert baseline.load(tmp_path, "policy-baseline.yml") == Baseline("policy-baseline.yml", [], [])


def test_entries_are_read_with_their_lines(tmp_path):
    found = load(
        tmp_path,
        "# reviewed\nacknowledged:\n"
        f"  - code: history.backwards\n    file: en/privacy.md\n    commit: {COMMIT}\n"
        "    message: anything\n"
        '  - code: parity.links\n    file: "zh-TW/privacy.md"\n    section: a\n    message: "m: x"\n'
        "  - code: parity.numbers\n    file: zh-TW/terms.md\n    message: intro\n",
    )
    assert found.problems == []
    assert found.entries == [
        Entry("history.backwards", "en/privacy.md", COMMIT, "anything", 3, None),
        Entry("parity.links", "zh-TW/privacy.md", None, "m: x", 7, "a"),
        Entry("parity.numbers", "zh-TW/terms.md", None, "intro", 11, None),
    ]


def test_an_empty_file_and_an_empty_list_hold_nothing(tmp_path):
    assert load(tmp_path, "acknowledged: []\n").entries == []
    assert problems(load(tmp_path, "")) == [
        (
            "baseline.invalid",
            "policy-baseline.yml",
            1,
            "the baseline must hold an 'acknowledged:' list (run 'policy baseline')",
        )
    ]


@pytest.mark.parametrize("text", ["- a\n", "acknowledged: {a: 1}\n", "acknowledged:\n", "just text\n"])
def test_no_acknowledged_list_is_one_finding(tmp_path, text):
    found = load(tmp_path, text)
    assert found.entries == []
    assert [(code, line) for code, _, line, _ in problems(found)] == [("baseline.invalid", 1)]


def test_invalid_yaml_is_reported_on_its_line(tmp_path):
    found = load(tmp_path, "acknowledged:\n  - code: x\n    file: [a\n", "ci/base.yml")
    [(code, file, line, message)] = problems(found)
    assert (code, file, line) == ("baseline.invalid", "ci/base.yml", 4)
    assert message.startswith("the baseline is not valid YAML: ")


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    (tmp_path / "policy-baseline.yml").write_bytes(b"acknowledged: [\xff]\n")
    [(code, _, line, message)] = problems(baseline.load(tmp_path, "policy-baseline.yml"))
    assert (code, line) == ("baseline.invalid", 1)
    assert message.startswith("cannot read the baseline: 'utf-8' codec can't decode byte 0xff")


def test_each_malformed_entry_is_a_finding_on_its_line_and_the_others_are_kept(tmp_path):
    found = load(
        tmp_path,
        "acknowledged:\n"
        "  - code: a.b\n    file: en/x.md\n"  # neither commit nor message
        f"  - code: a.b\n    file: en/x.md\n    commit: {COMMIT}\n"
        "  - just a string\n"
        "  - code: ''\n    file: en/x.md\n    message: m\n"
        "  - code: a.b\n    file: 3\n    message: m\n",
    )
    assert [entry.line for entry in found.entries] == [4]
    expected = (
        "each entry needs 'code', 'file' and 'commit', or 'code', 'file' and 'message' "
        "(run 'policy baseline')"
    )
    assert problems(found) == [
        ("baseline.invalid", "policy-baseline.yml", n, expected) for n in (2, 7, 8, 11)
    ]


def test_an_entry_about_a_commit_matches_by_code_file_and_commit_only():
    entry = Entry("history.backwards", "en/privacy.md", COMMIT, "old words")
    assert entry.matches(backwards(message="new words"))
    assert not entry.matches(backwards(commit=OTHER))
    assert not entry.matches(Diagnostic.error("history.backwards", "en/privacy.md", 3, "m"))  # no commit
    assert not entry.matches(Diagnostic.error("history.other", "en/privacy.md", 3, "m", commit=COMMIT))
    assert entry.describe() == "[history.backwards] en/privacy.md at commit 0123456"


def test_an_entry_about_the_files_matches_by_code_file_section_and_message_not_line():
    entry = Entry("parity.links", "zh-TW/privacy.md", None, missing_link().message, section="a")
    assert entry.matches(missing_link(line=99))
    assert not entry.matches(missing_link(message="section 'a': other"))
    assert not entry.matches(Diagnostic.error("parity.links", "zh-TW/privacy.md", 12, entry.message, "b"))
    assert not entry.matches(
        Diagnostic.error("parity.links", "zh-TW/privacy.md", 12, entry.message, "a", COMMIT)
    )
    assert entry.describe() == "[parity.links] zh-TW/privacy.md section 'a'"
    assert Entry("x.y", "en/a.md", None, "m").describe() == "[x.y] en/a.md section '(intro)'"


def test_apply_acknowledges_what_is_listed_and_reports_stale_entries_and_problems():
    listed = Entry("history.backwards", "en/privacy.md", COMMIT, "", line=4)
    stale = Entry("history.backwards", "en/terms.md", OTHER, "", line=8)
    problem = Diagnostic.error("baseline.invalid", "policy-baseline.yml", 12, "bad entry")
    other = missing_link()
    result = baseline.apply([backwards(), other], Baseline("policy-baseline.yml", [listed, stale], [problem]))
    assert result[0] == Diagnostic(
        "en/privacy.md", 3, Severity.ERROR, "history.backwards", "version went backwards", None, COMMIT, True
    )
    assert not result[0].is_error and not result[0].fails(strict=True)
    assert result[1] is other
    assert (result[2].code, result[2].severity, result[2].file, result[2].line) == (
        "baseline.stale",
        Severity.WARNING,
        "policy-baseline.yml",
        8,
    )
    assert result[2].message == (
        "entry for [history.backwards] en/terms.md at commit fedcba9 matches no finding any more; "
        "remove it (run 'policy baseline' to rewrite the file)"
    )
    assert result[3] is problem and len(result) == 4


def test_one_entry_acknowledges_every_finding_it_matches():
    entry = Entry("history.backwards", "en/privacy.md", COMMIT, "")
    result = baseline.apply([backwards(), backwards(message="again")], Baseline("b.yml", [entry], []))
    assert [f.acknowledged for f in result] == [True, True]


@pytest.mark.parametrize("code", sorted(baseline.NEVER))
def test_what_keeps_readers_safe_is_never_acknowledged(code):
    finding = Diagnostic.error(code, "en/privacy.md", 1, "m", commit=COMMIT)
    entry = Entry(code, "en/privacy.md", COMMIT, "m", line=2)
    result = baseline.apply([finding], Baseline("b.yml", [entry], []))
    assert result[0] is finding and result[0].is_error
    assert result[1].code == "baseline.stale"
    assert baseline.acknowledgeable([finding]) == []


def test_acknowledgeable_keeps_failing_findings_and_those_already_acknowledged():
    warning = Diagnostic.warning("parity.numbers", "zh-TW/a.md", 1, "m", "s")
    info = Diagnostic.of("info", "history.lagging", "zh-TW/a.md", 1, "m")
    acknowledged = Diagnostic("en/a.md", 1, Severity.INFO, "x.y", "m", acknowledged=True)
    assert baseline.acknowledgeable([backwards(), warning, info, acknowledged]) == [
        backwards(),
        warning,
        acknowledged,
    ]


def test_key_of_a_commit_finding_ignores_its_message_and_section():
    assert baseline.key(backwards()) == ("history.backwards", "en/privacy.md", COMMIT, "", "")
    assert baseline.key(missing_link()) == (
        "parity.links",
        "zh-TW/privacy.md",
        "",
        "a",
        missing_link().message,
    )


def test_render_of_nothing():
    assert baseline.render([]) == baseline.HEADER + "acknowledged: []\n"
    unsafe = Diagnostic.error("html.unsafe", "en/a.md", 1, "m")
    assert baseline.render([unsafe]) == baseline.HEADER + "acknowledged: []\n"


def test_render_is_sorted_one_entry_per_key_and_quotes_untrusted_text():
    findings = [
        missing_link(message='section "a": 隱私\n'),
        backwards(message="first"),
        backwards(message="second"),  # (the same commit: one entry)
        Diagnostic.warning("parity.numbers", "zh-TW/b.md", 5, "numbers differ"),
    ]
    text = baseline.render(findings)
    assert text == baseline.HEADER + (
        "\nacknowledged:\n"
        "  - code: history.backwards\n"
        '    file: "en/privacy.md"\n'
        f"    commit: {COMMIT}\n"
        '    message: "second"\n'
        "  - code: parity.links\n"
        '    file: "zh-TW/privacy.md"\n'
        '    section: "a"\n'
        '    message: "section \\"a\\": 隱私\\n"\n'
        "  - code: parity.numbers\n"
        '    file: "zh-TW/b.md"\n'
        '    message: "numbers differ"\n'
    )
    assert baseline.render(list(reversed(findings))).count("- code:") == 3


def test_a_rendered_baseline_reads_back_and_acknowledges_every_finding_it_lists(tmp_path):
    findings = [backwards(), missing_link(message="section 'a': \"quoted\" 中文")]
    read = load(tmp_path, baseline.render(findings))
    assert read.problems == [] and [e.line for e in read.entries] == [11, 15]
    result = baseline.apply(findings, read)
    assert [f.acknowledged for f in result] == [True, True] and len(result) == 2
