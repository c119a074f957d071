"""Each language's copy of the search index (policysite.search), on a hand-made index in tmp_path."""

from __future__ import annotations

import json

from policysite import search

ZW = search.ZERO_WIDTH_SPACE


def make_index(site, docs, config=None, **extra):
    path = site / "search" / "search_index.json"
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps({"config": config or {"lang": ["en"]}, "docs": docs, **extra}), encoding="utf-8"
    )
    return path


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


DOCS = [
    {"location": "privacy/", "title": "Privacy Policy", "text": "We respect"},
    {"location": "privacy/#general", "title": "General", "text": "", "boost": 2},
    {"location": "zh-TW/privacy/", "title": "隱私權政策", "text": "我們尊重"},
    {"location": "zh-TW/privacy/#general", "title": "總則", "text": ""},
    {"location": "zh-TWx/page/", "title": "Not Chinese", "text": ""},  # (only a prefix alike)
    {"location": "", "title": "Home", "text": ""},
]


def test_each_language_gets_a_copy_where_the_other_languages_weigh_less(tmp_path):
    index = make_index(tmp_path, DOCS)
    written = search.write_language_indexes(tmp_path, ("en", "zh-TW"))
    chinese = tmp_path / "zh-TW" / "search" / "search_index.json"
    assert written == [index, chinese]
    boosts = {path: [doc.get("boost") for doc in read(path)["docs"]] for path in written}
    assert boosts[index] == [None, 2, 0.3, 0.3, None, None]
    assert boosts[chinese] == [0.3, 0.6, None, None, 0.3, 0.3]
    # Every page stays in every copy, in the same order, with its other fields untouched.
    for path in written:
        assert [(d["location"], d["title"], d["text"]) for d in read(path)["docs"]] == [
            (d["location"], d["title"], d["text"]) for d in DOCS
        ]


def test_a_third_language_is_weighed_like_the_others(tmp_path):
    make_index(tmp_path, [{"location": "ja/privacy/", "title": "t"}, {"location": "zh-TW/x/", "title": "t"}])
    search.write_language_indexes(tmp_path, ("en", "zh-TW", "ja"))
    japanese = read(tmp_path / "ja" / "search" / "search_index.json")["docs"]
    assert [doc.get("boost") for doc in japanese] == [None, 0.3]
    english = read(tmp_path / "search" / "search_index.json")["docs"]
    assert [doc.get("boost") for doc in english] == [0.3, 0.3]


def test_the_dictionary_words_join_the_config_and_the_rest_of_the_index_is_kept(tmp_path):
    make_index(tmp_path, DOCS[:1], {"lang": ["en"], "separator": "[\\s]+"}, version="9")
    search.write_language_indexes(tmp_path, ("en", "zh-TW"), ["個人資料", "資料安全"])
    for path in (tmp_path / "search" / "search_index.json", tmp_path / "zh-TW/search/search_index.json"):
        data = read(path)
        assert data["config"] == {"lang": ["en"], "separator": "[\\s]+", "words": ["個人資料", "資料安全"]}
        assert data["version"] == "9"


def test_without_words_the_config_is_as_material_wrote_it(tmp_path):
    make_index(tmp_path, DOCS[:1], {"lang": ["en"]})
    search.write_language_indexes(tmp_path, ("en",), [])
    assert read(tmp_path / "search" / "search_index.json")["config"] == {"lang": ["en"]}


def test_the_copies_are_compact_utf8_json(tmp_path):
    make_index(tmp_path, [{"location": "zh-TW/privacy/", "title": "隱私權政策"}])
    [english, chinese] = search.write_language_indexes(tmp_path, ("en", "zh-TW"))
    assert chinese.read_text(encoding="utf-8") == (
        '{"config":{"lang":["en"]},"docs":[{"location":"zh-TW/privacy/","title":"隱私權政策"}]}'
    )
    assert '"boost":0.3' in english.read_text(encoding="utf-8")


def test_a_shared_title_is_followed_by_its_label_escaped_as_text(tmp_path):
    docs = [
        {"location": "privacy/", "title": "Privacy <em>Policy</em>"},
        {"location": "other/", "title": "Privacy Policy"},
        {"location": "odd/", "title": 7},  # not text: left alone
    ]
    make_index(tmp_path, docs)
    labels = {"privacy/": 'Firefox & <b>"co"</b>', "odd/": "x", "missing/": "y"}
    search.write_language_indexes(tmp_path, ("en",), None, labels)
    titles = [doc["title"] for doc in read(tmp_path / "search" / "search_index.json")["docs"]]
    assert titles == [
        f'Privacy <em>Policy</em> {ZW}({ZW}Firefox &amp; &lt;b&gt;"co"&lt;/b&gt;{ZW})',
        "Privacy Policy",
        7,
    ]


def test_without_an_index_nothing_is_written(tmp_path):
    assert search.write_language_indexes(tmp_path, ("en", "zh-TW"), ["詞"]) == []
    assert list(tmp_path.iterdir()) == []


def test_dictionary_words_are_the_first_field_of_each_line_once_in_order(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text("資料安全 20 n\n\n  個人資料\t3000\n資料安全 1\n   \n", encoding="utf-8")
    assert search.dictionary_words(path) == ["資料安全", "個人資料"]
    assert search.dictionary_words(str(path)) == ["資料安全", "個人資料"]


def test_an_absent_or_unreadable_dictionary_gives_no_words(tmp_path):
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9 3\n")
    assert search.dictionary_words(tmp_path / "latin1.txt") == []
    assert search.dictionary_words(tmp_path / "missing.txt") == []
    assert search.dictionary_words(tmp_path) == []  # a folder
    assert search.dictionary_words(None) == [] and search.dictionary_words("") == []


def _static_i18n_choice(docs, languages):
    """What static-i18n's own ``reconfigure_search_duplicates`` keeps (its real code, on a copy)."""
    from types import SimpleNamespace

    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    entries = [dict(doc) for doc in docs]
    ExtendedPlugin.reconfigure_search_duplicates(SimpleNamespace(build_languages=list(languages)), entries)
    return entries


def test_duplicates_go_as_static_i18n_drops_them_on_random_indexes():
    """As static-i18n makes the index: the reference language's entries first (its build comes
    first), then the others'.  Each entry of another language has a title and text of its own
    here: see the next test for where static-i18n's loop skips an entry."""
    import random

    rng = random.Random(29)
    locations = ["", "privacy/", "privacy/#use", "terms/", "a/privacy/", "zh-TW/privacy/", "zh-TW/"]
    locations.append("zh-TWx/")  # (a prefix alike, not a language folder)
    titles, texts = ["Privacy", "隱私", "Use", "Terms"], ["", "We respect", "我們尊重", "Why"]
    for _ in range(400):
        pick = lambda: {"title": rng.choice(titles), "text": rng.choice(texts)}  # noqa: E731
        outside = [place for place in locations if not place.startswith("zh-TW/")]
        docs = [{"location": rng.choice(outside), **pick()} for _ in range(rng.randint(0, 8))]
        others = {(d["title"], d["text"]): d for d in (pick() for _ in range(rng.randint(0, 8)))}
        for content in others.values():
            content["location"] = rng.choice(["zh-TW/", "ja/", "en/", ""]) + rng.choice(locations)
            docs.append(content)
        for languages in (("en", "zh-TW"), ("en", "zh-TW", "ja")):
            assert search.without_duplicates(docs, languages) == _static_i18n_choice(docs, languages)


def test_every_repeat_goes_where_static_i18n_skips_one():
    """static-i18n removes from the list it is going through: of two entries in a row that repeat
    the same reference entry, it keeps the second.  Both go here."""
    docs = [
        {"location": "privacy/", "title": "Privacy", "text": ""},
        {"location": "zh-TW/privacy/", "title": "Privacy", "text": ""},
        {"location": "zh-TW/a/privacy/", "title": "Privacy", "text": ""},
    ]
    assert search.without_duplicates(docs, ("en", "zh-TW")) == docs[:1]
    assert _static_i18n_choice(docs, ("en", "zh-TW")) == [docs[0], docs[2]]


def test_the_index_loses_a_page_that_repeats_the_reference_one_only_when_asked(tmp_path):
    docs = [
        {"location": "privacy/", "title": "Privacy", "text": "We respect"},
        {"location": "zh-TW/privacy/", "title": "Privacy", "text": "We respect"},  # shown in English
        {"location": "zh-TW/terms/", "title": "條款", "text": "我們"},
    ]
    make_index(tmp_path, docs)
    search.write_language_indexes(tmp_path, ("en", "zh-TW"))
    assert len(read(tmp_path / "search" / "search_index.json")["docs"]) == 3
    search.write_language_indexes(tmp_path, ("en", "zh-TW"), deduplicate=True)
    for path in (tmp_path / "search", tmp_path / "zh-TW" / "search"):
        docs = read(path / "search_index.json")["docs"]
        assert [doc["location"] for doc in docs] == ["privacy/", "zh-TW/terms/"]
