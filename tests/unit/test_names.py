"""Distinct names (policysite.names), in process: a title two policies share is followed by the
label (else the file name), and ``title.duplicate`` warns while they cannot be told apart."""

import datetime as dt

import pytest

from policysite import names, sources
from policysite.diagnostics import Severity
from policysite.history import History, PolicyHistory, Text, Version
from policysite.names import Names, check, label_of
from policysite.project import Corpus


def source(title: str, label: str | None = None, version: str = "2020.01.01") -> bytes:
    extra = f"label: {label}\n" if label is not None else ""
    return f"---\ntitle: {title}\nversion: {version}\n{extra}---\n# {title}\n\nIntro.\n".encode()


def corpus_of(files: dict[tuple[str, str], bytes]) -> Corpus:
    corpus = Corpus()
    for (policy, lang), data in files.items():
        corpus.add(data, policy, lang)
    assert corpus.diagnostics == []
    return corpus


@pytest.mark.parametrize(
    "meta, expected",
    [
        ({"label": "Firefox"}, "Firefox"),
        ({"label": "  Focus \n"}, "Focus"),
        ({"label": "   "}, None),
        ({"label": ""}, None),
        ({"label": 12}, None),
        ({"label": ["a"]}, None),
        ({}, None),
        (None, None),
    ],
)
def test_label_of(meta, expected):
    assert label_of(meta) == expected


def test_a_shared_title_is_followed_by_the_label_else_the_file_name():
    found = Names(
        {
            ("privacy", "en"): {"Privacy Policy"},
            ("firefox", "en"): {"Privacy Policy"},
            ("terms", "en"): {"Terms"},
        },
        {("privacy", "en"): None, ("firefox", "en"): "Firefox", ("terms", "en"): "Ignored"},
        "en",
    )
    assert found.name("firefox", "en", "Privacy Policy") == "Privacy Policy (Firefox)"
    assert found.name("privacy", "en", "Privacy Policy") == "Privacy Policy (privacy)"
    assert found.name("terms", "en", "Terms") == "Terms"  # one policy's title: as it is
    assert found.shared("Privacy Policy", "en") and not found.shared("Terms", "en")
    assert not found.shared("Privacy Policy", "zh-TW")  # titles are shared per language


def test_the_label_falls_back_to_the_reference_language_then_to_the_file_name():
    found = Names({}, {("a", "en"): "Alpha", ("a", "zh-TW"): None, ("b", "zh-TW"): "乙"}, "en")
    assert found.label("a", "zh-TW") == "Alpha"
    assert found.label("b", "zh-TW") == "乙"
    assert found.label("b", "en") == "b"
    assert found.label("c", "en") == "c"
    chinese_first = Names({}, {("a", "en"): None, ("a", "zh-TW"): "甲"}, "zh-TW")
    assert chinese_first.label("a", "en") == "甲"


def test_names_of_a_corpus_count_every_language_apart():
    corpus = corpus_of(
        {
            ("privacy", "en"): source("Privacy Policy"),
            ("firefox", "en"): source("Privacy Policy", "Firefox"),
            ("privacy", "zh-TW"): source("隱私權政策"),
            ("firefox", "zh-TW"): source("Firefox 隱私權政策", "火狐"),
        }
    )
    found = Names.of(corpus)
    assert found.users == {
        ("en", "Privacy Policy"): {"privacy", "firefox"},
        ("zh-TW", "隱私權政策"): {"privacy"},
        ("zh-TW", "Firefox 隱私權政策"): {"firefox"},
    }
    assert found.labels[("firefox", "zh-TW")] == "火狐" and found.labels[("privacy", "en")] is None
    assert found.name("firefox", "en", "Privacy Policy") == "Privacy Policy (Firefox)"
    assert found.name("firefox", "zh-TW", "Firefox 隱私權政策") == "Firefox 隱私權政策"


def _text(lang: str, data: bytes, policy: str) -> Text:
    document, _ = sources.parse(data, f"{lang}/{policy}.md", policy, lang)
    assert document is not None
    return Text(lang, data, document.header, "a" * 40, lambda: document)


def test_names_of_history_count_earlier_titles_and_a_removed_policys_last_label():
    corpus = corpus_of({("privacy", "en"): source("Privacy Policy")})
    old = PolicyHistory("privacy")
    old.versions.append(
        Version(
            "privacy", "2019.01.01", dt.date(2019, 1, 1), {"en": _text("en", source("Privacy"), "privacy")}
        )
    )
    gone = PolicyHistory("legacy", removed=True)
    gone.versions.append(
        Version(
            "legacy",
            "2018.01.01",
            dt.date(2018, 1, 1),
            {"en": _text("en", source("Privacy", "Old app"), "legacy")},
        )
    )
    history = History({"privacy": old, "legacy": gone}, dt.date(2024, 1, 1))
    found = Names.of(corpus, history)
    # 'Privacy' is an earlier title of 'privacy' and the title of the retired 'legacy'
    assert found.users[("en", "Privacy")] == {"privacy", "legacy"}
    assert found.users[("en", "Privacy Policy")] == {"privacy"}
    assert found.name("legacy", "en", "Privacy") == "Privacy (Old app)"
    assert found.name("privacy", "en", "Privacy") == "Privacy (privacy)"


def test_check_warns_on_each_policy_without_a_label_on_its_title_line():
    corpus = corpus_of(
        {
            ("privacy", "en"): source("Privacy Policy"),
            ("firefox", "en"): source("Privacy Policy", "Firefox"),
            ("terms", "en"): source("Terms"),
        }
    )
    [finding] = check(corpus)
    assert (finding.code, finding.severity, finding.file, finding.line) == (
        names.CODE,
        Severity.WARNING,
        "en/privacy.md",
        2,
    )
    assert finding.message == (
        "title 'Privacy Policy' is also the title of en/firefox.md: readers are shown "
        "'Privacy Policy (privacy)'; add a short 'label:' to the front matter (e.g. the product "
        "this policy covers) to name it"
    )


def test_check_warns_on_both_policies_when_their_labels_are_the_same():
    corpus = corpus_of(
        {
            ("a", "en"): source("Privacy Policy", "App"),
            ("b", "en"): source("Privacy Policy", "App"),
            ("c", "en"): source("Privacy Policy", "Web"),
        }
    )
    found = {(d.file, d.message) for d in check(corpus)}
    assert found == {
        (
            "en/a.md",
            "title 'Privacy Policy' and label 'App' are also those of en/b.md: readers cannot tell "
            "these policies apart; give each a different 'label:'",
        ),
        (
            "en/b.md",
            "title 'Privacy Policy' and label 'App' are also those of en/a.md: readers cannot tell "
            "these policies apart; give each a different 'label:'",
        ),
    }


def test_a_translation_without_a_label_uses_the_english_label():
    corpus = corpus_of(
        {
            ("a", "en"): source("Privacy Policy", "App"),
            ("b", "en"): source("Privacy Policy", "Web"),
            ("a", "zh-TW"): source("隱私權政策"),
            ("b", "zh-TW"): source("隱私權政策"),
        }
    )
    assert check(corpus) == []


def test_labelled_distinct_titles_and_untitled_documents_are_no_finding():
    corpus = corpus_of(
        {("a", "en"): source("Privacy Policy", "App"), ("b", "en"): source("Privacy Policy", "Web")}
    )
    assert check(corpus) == []
    assert check(Corpus()) == []
