"""Section IDs are permanent (policysite.permanence), in process: the IDs a published text carries,
the ``aliases:`` that keep a lost one, ``history.id-removed`` naming the versions and the likeliest
successor, and a translation's ``parity.section-id`` explained by the English rename.

The history here is made of the record's own data types (what ``history.read`` would give for
these texts), without git: tests/integration/test_record.py runs the same rule over real commits."""

import datetime as dt

import pytest

from policysite import permanence, sources
from policysite.diagnostics import Diagnostic, Severity
from policysite.history import History, PolicyHistory, Text, Version
from policysite.permanence import Heading
from policysite.project import Corpus

COMMIT = "c" * 40


def source(body: str, front: str = "", version: str = "2024.01.01") -> str:
    return f"---\ntitle: T\nversion: {version}\n{front}---\n# T\n\nIntro.\n\n{body}"


def parsed(body: str, front: str = "", lang: str = "en") -> sources.Document:
    document, _ = sources.parse(source(body, front).encode(), f"{lang}/privacy.md")
    assert document is not None
    return document


def published_text(body: str, version: str, commit: str | None = COMMIT) -> Text:
    data = source(body, version=version).encode()
    document, _ = sources.parse(data, "en/privacy.md")
    return Text("en", data, document.header, commit, lambda: document)


def policy_history(*versions: tuple[str, list[Text]]) -> PolicyHistory:
    ph = PolicyHistory("privacy")
    for number, (name, texts) in enumerate(versions, start=1):
        version = Version("privacy", name, dt.date(2020, number, 1), {"en": texts[-1]})
        version.states = {"en": texts}
        ph.versions.append(version)
    return ph


def corpus_of(document: sources.Document) -> Corpus:
    corpus = Corpus()
    corpus.documents[("privacy", document.lang)] = document
    return corpus


# ---------------------------------------------------------------- heading_ids


def test_heading_ids_reads_explicit_ids_in_order_outside_code():
    data = (
        "# Title {#title}\n"
        "## A {#a}\n"
        "```\n## In code {#code}\n```\n"
        "~~~md\n## Also code {#code2}\n~~~\n"
        "### B {: #b .x }\n"
        "## No id\n"
        "## Class only {.x}\n"
        "## Last wins {#c id=d}\n"
        "  ## Indented {#e}\n"
        "## Bad {#a.b}\n"
        "## 第一條 目的 {#第一條-目的}\n"
    ).encode()
    assert permanence.heading_ids(data) == [
        Heading("a", "A", 0),
        Heading("b", "B", 1),
        Heading("d", "Last wins", 2),
        Heading("第一條-目的", "第一條 目的", 3),
    ]


def test_heading_ids_reads_any_bytes():
    assert permanence.heading_ids(b"## A {#a}\n\xff\xfe\n## B {#b}\n") == [
        Heading("a", "A", 0),
        Heading("b", "B", 1),
    ]
    assert permanence.heading_ids(b"") == []


# ---------------------------------------------------------------- aliases


def test_aliases_map_old_ids_to_current_sections():
    document = parsed("## New {#new}\n", front="aliases:\n  old: new\n  older: new\n")
    assert permanence.aliases(document) == ({"old": "new", "older": "new"}, [])
    assert permanence.aliases(parsed("## New {#new}\n")) == ({}, [])
    # (front matter is read as text: an ID like 2021 stays the text '2021')
    assert permanence.aliases(parsed("## New {#new}\n", front="aliases:\n  2021: new\n")) == (
        {"2021": "new"},
        [],
    )


@pytest.mark.parametrize(
    "front, message",
    [
        ("aliases: [old]\n", "'aliases' must map old section IDs to their successors' IDs"),
        ("aliases: old\n", "'aliases' must map old section IDs to their successors' IDs"),
        ("aliases:\n  old: gone\n", "alias 'old' points at 'gone', which is no section"),
        ("aliases:\n  new: new\n", "'new' is a section of its own and cannot be an alias"),
        ("aliases:\n  a.b: new\n", "alias 'a.b: new' is not two section IDs"),
        ("aliases:\n  old: [new]\n", "alias 'old: ['new']' is not two section IDs"),
    ],
)
def test_a_wrong_alias_is_an_error_on_the_aliases_line(front, message):
    document = parsed("## New {#new}\n", front=front)
    mapping, [problem] = permanence.aliases(document)
    assert mapping == {}
    assert (problem.code, problem.file, problem.line, problem.message) == (
        "front-matter.aliases",
        "en/privacy.md",
        4,
        message,
    )


def test_wrong_aliases_do_not_hide_the_good_ones():
    document = parsed("## New {#new}\n", front="aliases:\n  old: new\n  x: gone\n")
    mapping, problems = permanence.aliases(document)
    assert mapping == {"old": "new"} and [p.message for p in problems] == [
        "alias 'x' points at 'gone', which is no section"
    ]


# ---------------------------------------------------------------- published


def test_published_counts_every_committed_wording_of_every_version_once():
    ph = policy_history(
        (
            "2020.01.01",
            [
                published_text("## A {#a}\n", "2020.01.01"),
                published_text("## A {#a}\n## B {#b}\n", "2020.01.01"),
            ],
        ),
        ("2020.02.01", [published_text("## A {#a}\n## C {#c}\n", "2020.02.01")]),
        ("2020.03.01", [published_text("## D {#d}\n", "2020.03.01", commit=None)]),  # (uncommitted)
    )
    assert permanence.published(ph, "zh-TW") == {}  # (no Chinese text)
    assert permanence.published(ph, "en") == {
        "a": ["2020.01.01", "2020.02.01"],
        "b": ["2020.01.01"],
        "c": ["2020.02.01"],
    }


# ---------------------------------------------------------------- check


def history_of(ph: PolicyHistory) -> History:
    return History({ph.policy: ph}, dt.date(2024, 1, 1))


def test_a_published_id_gone_without_alias_is_an_error_naming_versions_and_successor():
    ph = policy_history(
        ("2020.01.01", [published_text("## Security {#security}\n## Other {#other}\n", "2020.01.01")]),
    )
    current = parsed("## Security {#data-security}\n## Other {#other}\n")
    findings, lost = permanence.check(corpus_of(current), history_of(ph))
    assert lost == {"privacy": {"security"}}
    [finding] = findings
    assert (finding.code, finding.severity, finding.file, finding.line, finding.section) == (
        "history.id-removed",
        Severity.ERROR,
        "en/privacy.md",
        2,
        "security",
    )
    assert finding.message == (
        "section ID 'security' was published (versions 2020.01.01) and is gone: links to it would land "
        "nowhere. Keep it as an alias of the section that took its place: add "
        "'aliases: {security: data-security}' to the front matter (or restore the section)"
    )


def test_the_successor_is_the_section_at_the_lost_ones_place_when_no_title_matches():
    ph = policy_history(
        ("2020.01.01", [published_text("## A {#a}\n## Gone {#gone}\n## C {#c}\n", "2020.01.01")])
    )
    current = parsed("## A {#a}\n## Renamed {#renamed}\n## C {#c}\n")
    [finding] = permanence.check(corpus_of(current), history_of(ph))[0]
    assert "'aliases: {gone: renamed}'" in finding.message


def test_the_successor_placeholder_when_no_section_is_left():
    ph = policy_history(("2020.01.01", [published_text("## A {#a}\n", "2020.01.01")]))
    [finding] = permanence.check(corpus_of(parsed("No sections.\n")), history_of(ph))[0]
    assert "'aliases: {a: <section-id>}'" in finding.message


def test_many_versions_are_counted_after_the_first_three():
    names = [f"2020.0{n}.01" for n in range(1, 6)]
    texts = [(name, [published_text("## A {#a}\n", name)]) for name in names]
    [finding] = permanence.check(corpus_of(parsed("## B {#b}\n")), history_of(policy_history(*texts)))[0]
    assert "(versions 2020.01.01, 2020.02.01, 2020.03.01 and 2 more)" in finding.message


def test_an_alias_or_a_present_id_keeps_a_published_id():
    ph = policy_history(("2020.01.01", [published_text("## A {#a}\n## B {#b}\n", "2020.01.01")]))
    current = parsed("## A {#a}\n## New B {#new-b}\n", front="aliases:\n  b: new-b\n")
    assert permanence.check(corpus_of(current), history_of(ph)) == ([], {})


def test_alias_problems_are_reported_by_check_and_a_policy_without_history_is_skipped():
    current = parsed("## A {#a}\n", front="aliases:\n  x: gone\n")
    findings, lost = permanence.check(corpus_of(current), History({}, dt.date(2024, 1, 1)))
    assert (findings, lost) == ([], {})  # (no history: nothing published, aliases checked with it)
    ph = policy_history(("2020.01.01", [published_text("## A {#a}\n", "2020.01.01")]))
    findings, _ = permanence.check(corpus_of(current), history_of(ph))
    assert [f.code for f in findings] == ["front-matter.aliases"]


def test_only_the_reference_language_is_checked():
    ph = policy_history(("2020.01.01", [published_text("## A {#a}\n", "2020.01.01")]))
    assert permanence.check(corpus_of(parsed("## B {#b}\n", lang="zh-TW")), history_of(ph)) == ([], {})


# ---------------------------------------------------------------- explain


def test_explain_points_a_translation_at_the_english_rename():
    asked = Diagnostic.error(
        "parity.section-id", "zh-TW/privacy.md", 9, "rename 'security'", "security", COMMIT
    )
    other = Diagnostic.error("parity.section-id", "zh-TW/privacy.md", 12, "rename 'x'", "x")
    elsewhere = Diagnostic.error("parity.section-id", "zh-TW/terms.md", 9, "rename 'security'", "security")
    explained = permanence.explain([asked, other, elsewhere], {"privacy": {"security"}}, "en")
    assert explained[1:] == [other, elsewhere]
    assert explained[0] == Diagnostic.error(
        "parity.section-id",
        "zh-TW/privacy.md",
        9,
        "rename 'security'; but 'security' is a published ID that en/privacy.md removed: fix en/privacy.md "
        "first (history.id-removed): keep 'security' there as an alias",
        "security",
        COMMIT,
    )
