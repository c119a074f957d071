"""Each translation's state, section by section (policysite.translations), in process on a tiny
real git history: English moves on twice while the Chinese text stays at its first version."""

from __future__ import annotations

import datetime as dt

import pytest
from gitrepo import PolicyRepo, source_text

from policysite import diff, history, project, translations
from policysite.translations import TranslationState

EN1 = [
    ("1. General", "general", "We collect names."),
    ("2. Sharing", "sharing", "We never share."),
    ("3. Cookies", "cookies", "We use cookies."),
]
ZH1 = [
    ("1. 總則", "general", "我們蒐集姓名。"),
    ("2. 分享", "sharing", "我們絕不分享。"),
    ("3. Cookie", "cookies", "我們使用 Cookie。"),
]
# 2020.06.01: sharing changed, cookies removed, retention added; 2020.09.01: general's title changed.
EN2 = [EN1[0], ("2. Sharing", "sharing", "We share with partners."), ("3. Retention", "retention", "A year.")]
EN3 = [("1. Scope", "general", "We collect names."), EN2[1], EN2[2]]


def body(intro: str, sections: list[tuple[str, str, str]]) -> str:
    return intro + "".join(f"\n\n## {title} {{#{sid}}}\n\n{text}" for title, sid, text in sections)


def write(repo: PolicyRepo, lang: str, policy: str, version: str, text: str, title: str) -> None:
    repo.write(lang, policy, source_text(title, version, text))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[history.History, project.Corpus]:
    repo = PolicyRepo.init(tmp_path_factory.mktemp("translations") / "repo")
    write(repo, "en", "privacy", "2020.01.01", body("Intro.", EN1), "Privacy")
    write(repo, "zh-TW", "privacy", "2020.01.01", body("前言。", ZH1), "隱私")
    write(repo, "en", "faq", "2020.01.01", "FAQ.", "FAQ")
    write(repo, "zh-TW", "faq", "2020.01.01", "問答。", "問答")
    write(repo, "en", "legacy", "2019.01.01", "Old.", "Legacy")
    write(repo, "zh-TW", "legacy", "2019.01.01", "舊。", "舊")
    repo.commit("first", "2020-01-01T02:00:00Z")
    write(repo, "en", "privacy", "2020.06.01", body("Intro.", EN2), "Privacy")
    write(repo, "en", "terms", "2020.06.01", "Terms.", "Terms")
    (repo.root / "en" / "legacy.md").unlink()
    (repo.root / "zh-TW" / "legacy.md").unlink()
    repo.commit("version 2", "2020-06-01T02:00:00Z")
    write(repo, "en", "privacy", "2020.09.01", body("Intro.", EN3), "Privacy")
    repo.commit("version 3", "2020-09-01T02:00:00Z")
    corpus = project.load_tree(repo.root)
    return history.read(repo.root, corpus, dt.date(2021, 1, 1)), corpus


def state_of(site, policy: str) -> TranslationState:
    past, corpus = site
    return translations.state(past.policies[policy], "zh-TW", corpus.reference, corpus)


def test_every_policy_and_translation_has_a_state(site):
    found = translations.states(*site)
    assert [(s.policy, s.lang, s.state) for s in found] == [
        ("faq", "zh-TW", "current"),
        ("legacy", "zh-TW", "removed"),
        ("privacy", "zh-TW", "lagging"),
        ("terms", "zh-TW", "pending"),
    ]


def test_a_lagging_translation_lists_each_section_english_changed_and_when(site):
    lagging = state_of(site, "privacy")
    assert (lagging.translated.version, lagging.reference.version) == ("2020.01.01", "2020.09.01")
    assert [(s.id, s.status, s.title, s.changed_in.version) for s in lagging.outdated] == [
        ("general", "changed", "1. Scope", "2020.09.01"),  # the newest version that changed it
        ("sharing", "changed", "2. Sharing", "2020.06.01"),
        ("retention", "added", "3. Retention", "2020.06.01"),
        ("cookies", "removed", "3. Cookies", "2020.06.01"),
    ]
    assert [s.id for s in lagging.stale] == ["general", "sharing", "retention"]  # (removed: not shown)


def test_a_current_pending_or_removed_translation_has_nothing_outdated(site):
    current, pending, removed = (state_of(site, name) for name in ("faq", "terms", "legacy"))
    assert (current.state, current.translated.version, current.reference.version) == (
        "current",
        "2020.01.01",
        "2020.01.01",
    )
    assert (pending.state, pending.translated, pending.reference.version) == ("pending", None, "2020.06.01")
    assert (removed.state, removed.translated, removed.reference) == ("removed", None, None)
    assert current.outdated == pending.outdated == removed.outdated == []


def test_without_the_corpus_a_translation_history_lacks_is_pending(site):
    past, _ = site
    assert translations.state(past.policies["terms"], "zh-TW", "en").state == "pending"
    assert translations.state(past.policies["privacy"], "ja", "en").state == "pending"


def test_the_state_as_data_says_since_which_version_english_moved_on(site):
    past, _ = site
    assert translations.to_json(past.policies["privacy"], state_of(site, "privacy")) == {
        "state": "lagging",
        "version": "2020.01.01",
        "reference": "2020.09.01",
        "since": "2020.06.01",
        "outdated": [
            {"id": "general", "status": "changed", "changed_in": "2020.09.01"},
            {"id": "sharing", "status": "changed", "changed_in": "2020.06.01"},
            {"id": "retention", "status": "added", "changed_in": "2020.06.01"},
            {"id": "cookies", "status": "removed", "changed_in": "2020.06.01"},
        ],
    }
    assert translations.to_json(past.policies["terms"], state_of(site, "terms")) == {
        "state": "pending",
        "version": None,
        "reference": "2020.06.01",
        "since": None,
        "outdated": [],
    }


def test_the_translators_to_do_gives_the_redline_the_line_and_the_current_translation(site):
    past, corpus = site
    tasks = translations.tasks(past.policies["privacy"], state_of(site, "privacy"), corpus)
    eq, ins, dele = diff.EQUAL, diff.INSERT, diff.DELETE
    assert [(t.section.id, t.path, t.line, t.ops, t.translation) for t in tasks] == [
        (
            "general",  # the title changed: the title's redline, then the body's
            "zh-TW/privacy.md",
            10,
            [(eq, "1. "), (dele, "General"), (ins, "Scope"), (eq, "\n\n"), (eq, "We collect names.")],
            "我們蒐集姓名。",
        ),
        (
            "sharing",
            "zh-TW/privacy.md",
            14,
            [(eq, "We "), (dele, "never share"), (ins, "share with partners"), (eq, ".")],
            "我們絕不分享。",
        ),
        (
            "retention",  # added: where it goes (after the translated section before it)
            "zh-TW/privacy.md",
            14,
            [(ins, "3. Retention"), (eq, "\n\n"), (ins, "A year.")],
            "",
        ),
        (
            "cookies",
            "zh-TW/privacy.md",
            18,
            [(dele, "3. Cookies"), (eq, "\n\n"), (dele, "We use cookies.")],
            "我們使用 Cookie。",
        ),
    ]


def test_only_a_lagging_translation_has_a_to_do(site):
    past, corpus = site
    for name in ("faq", "terms", "legacy"):
        assert translations.tasks(past.policies[name], state_of(site, name), corpus) == []
