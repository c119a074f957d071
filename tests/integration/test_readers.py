"""Issue 14 (readers and auditors): distinct names, where each page stands, auditors' links, search.

One repository is built once (``mkdocs build``, real git): the privacy policy
in three versions (the third in English only, so the Chinese translation lags
and that version has no Chinese text), and a second policy, ``firefox``, whose
title is also "Privacy Policy" / "隱私權政策" and whose English front matter
has ``label: Firefox``.  ``mkdocs.yml`` sets a ``repo_url``.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import pytest
from gitrepo import PolicyRepo
from histories import (
    EN_INTRO,
    EN_V1,
    EN_V2,
    V1,
    V2,
    ZH_V1,
    ZH_V2,
    diagnostics,
    epoch,
    source,
    write_privacy,
)

from policysite import sanitize, search

V3 = "2021.01.01"
EN_V3 = EN_V2[:3] + [("4. Contact", "contact", "Write to dpo@example.com.\n\n- or call us")]
REPO_URL = "https://github.com/example/policies"
BUILT = epoch("2021-06-01")
ATOM = "{http://www.w3.org/2005/Atom}"


def with_label(text: str, label: str) -> str:
    return text.replace("\nversion:", f"\nlabel: {label}\nversion:", 1)


def write_firefox(repo: PolicyRepo, version: str, label: str | None = "Firefox") -> None:
    en = source("Privacy Policy", version, "This policy covers the browser.", [("1. Data", "data", "None.")])
    zh = source("隱私權政策", version, "本政策適用於瀏覽器。", [("1. 資料", "data", "無。")])
    repo.write("en", "firefox", with_label(en, label) if label else en)
    repo.write("zh-TW", "firefox", zh)


def set_repo_url(repo: PolicyRepo, url: str) -> None:
    config = (repo.root / "mkdocs.yml").read_text(encoding="utf-8")
    repo.write_file("mkdocs.yml", config.replace("\nsite_url:", f"\nrepo_url: {url}\nsite_url:", 1))


@pytest.fixture(scope="module")
def readers(tmp_path_factory):
    """(repository, commits, built site)."""
    repo = PolicyRepo.create(tmp_path_factory.mktemp("readers") / "repo", copy_policies=False)
    set_repo_url(repo, REPO_URL)
    commits = {}
    write_privacy(repo, V1, EN_V1, ZH_V1)
    commits["v1"] = repo.commit("Publish the privacy policy", "2020-01-01T09:00:00Z")
    write_privacy(repo, V2, EN_V2, ZH_V2)
    write_firefox(repo, V2)
    commits["v2"] = repo.commit("Privacy 2020.06.01; the browser's policy", "2020-05-15T09:00:00Z")
    repo.write("en", "privacy", source("Privacy Policy", V3, EN_INTRO, EN_V3))
    commits["v3"] = repo.commit("Privacy 2021.01.01 in English", "2020-12-15T09:00:00Z")
    build = repo.build(strict=False, env={"SOURCE_DATE_EPOCH": BUILT})
    assert build.ok, build.output
    return repo, commits, build


def article(page: str) -> str:
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', page, re.DOTALL)
    assert match, "no <article> in the page"
    return match.group(1)


def plain(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def links(fragment: str) -> list[str]:
    return [htmllib.unescape(h) for h in re.findall(r'<a\b[^>]*\bhref="([^"]*)"', fragment)]


def resolves(page_url: str, href: str) -> str:
    return urlsplit(urljoin("http://site.invalid" + page_url, href)).path


def targets(page_url: str, fragment: str) -> set[str]:
    return {resolves(page_url, href) for href in links(fragment)}


def notice(content: str, kind: str) -> str:
    match = re.search(
        rf'<div class="policy-notice policy-notice--{kind}"[^>]*>(.*?)</div>', content, re.DOTALL
    )
    assert match, f"no {kind} notice in:\n{content[:2000]}"
    return match.group(1)


# ---------------------------------------------------------------- distinct names


def test_two_policies_titled_the_same_are_told_apart_everywhere(readers):
    _, _, build = readers
    for prefix, title in (("", "Privacy Policy"), ("zh-TW/", "隱私權政策")):
        privacy, firefox = f"{title} (privacy)", f"{title} (Firefox)"  # no label: the file name
        # Navigation (every page's sidebar) and the page titles.
        for url in (prefix, f"{prefix}privacy", f"{prefix}changelog"):
            page = build.page(url)
            nav = page[page.index("md-sidebar--primary") : page.index("md-sidebar--secondary")]
            assert privacy in plain(nav) and firefox in plain(nav), (url, plain(nav))
        assert f"<title>{privacy} - SmartRobot</title>" in build.page(f"{prefix}privacy")
        assert f"<title>{firefox} - SmartRobot</title>" in build.page(f"{prefix}firefox")
        assert "<title>SmartRobot</title>" in build.page(prefix)  # the home page: the name once
        # Home: both, each with its own link.
        home = article(build.page(prefix))
        for name, policy in ((privacy, "privacy"), (firefox, "firefox")):
            item = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(name)}</a>', home)
            assert item, (name, home)
            assert resolves(f"/{prefix}", item.group(1)) == f"/{prefix}{policy}/"
        # Changelog: the versions of 2020.06.01 of both policies, each named.
        changelog = plain(article(build.page(f"{prefix}changelog")))
        assert changelog.count(privacy) == 3 and changelog.count(firefox) == 1, changelog
        # Feed entries name the policy.
        feed = ET.fromstring(build.page(f"{prefix}feed.xml"))
        entries = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
        assert sum(privacy in e for e in entries) == 3 and sum(firefox in e for e in entries) == 1, entries
    index = json.loads(build.page("versions.json"))
    names = {p["id"]: p["name"] for p in index["policies"]}
    assert names["firefox"] == {"en": "Privacy Policy (Firefox)", "zh-TW": "隱私權政策 (Firefox)"}
    assert names["privacy"] == {"en": "Privacy Policy (privacy)", "zh-TW": "隱私權政策 (privacy)"}
    # Search lists each current page under its distinct name (what readers see).
    docs = json.loads(build.page("search/search_index.json"))["docs"]
    titles = {d["location"]: d["title"].replace("\u200b", "") for d in docs}
    assert (
        titles["firefox/"] == "Privacy Policy (Firefox)" and titles["privacy/"] == "Privacy Policy (privacy)"
    )
    assert titles["zh-TW/firefox/"] == "隱私權政策 (Firefox)"


def test_the_check_warns_about_a_shared_title_at_the_title_line(readers, policy):
    repo, _, build = readers
    run = policy(repo, "check", env={"SOURCE_DATE_EPOCH": BUILT})
    found = [d for d in diagnostics(run.output) if d["code"] == "title.duplicate"]
    # firefox has a label (the Chinese file borrows the English one); privacy has none.
    assert {(d["file"], d["line"], d["severity"]) for d in found} == {
        ("en/privacy.md", "2", "warning"),
        ("zh-TW/privacy.md", "2", "warning"),
    }, run.output
    message = next(d["message"] for d in found if d["file"] == "en/privacy.md")
    assert "en/firefox.md" in message and "label:" in message and "'Privacy Policy (privacy)'" in message
    assert "title.duplicate" in build.output  # the build reports the same finding
    strict = policy(repo, "check", "--strict", env={"SOURCE_DATE_EPOCH": BUILT})
    assert strict.returncode == 1 and "title.duplicate" in strict.output


def test_labels_that_tell_the_policies_apart_silence_the_check(readers, policy, tmp_path):
    repo, _, _ = readers
    clone = PolicyRepo.clone(repo, tmp_path / "labelled")
    original = clone.read("en", "privacy")
    label = "'<i>Robot</i> & co'"  # YAML text: the site shows it as text
    clone.write("en", "privacy", with_label(original, label))
    run = policy(clone, "check", "--format", "json", env={"SOURCE_DATE_EPOCH": BUILT})
    codes = [d["code"] for d in json.loads(run.stdout)["diagnostics"]]
    assert "title.duplicate" not in codes, run.stdout
    clone.commit("Name the privacy policy", "2021-01-02T09:00:00Z")
    # The label is no page setting MkDocs warns about: with the Chinese translation
    # caught up, the strict build passes.
    clone.write(
        "zh-TW",
        "privacy",
        source(
            "隱私權政策",
            V3,
            "我們尊重您的隱私。",
            ZH_V2[:3]
            + [
                ("4. 聯絡", "contact", "請寫信至 dpo@example.com。\n\n- 或致電"),
            ],
        ),
    )
    clone.commit("Chinese 2021.01.01", "2021-01-03T09:00:00Z")
    build = clone.build(strict=True, env={"SOURCE_DATE_EPOCH": BUILT})
    assert build.ok, build.output
    escaped = "Privacy Policy (&lt;i&gt;Robot&lt;/i&gt; &amp; co)"
    assert escaped in article(build.page("")) and escaped in build.page("privacy").split("<article", 1)[0]
    assert "<i>Robot</i>" not in build.page("") and "<i>Robot</i>" not in build.page("changelog")
    assert "隱私權政策 (&lt;i&gt;Robot&lt;/i&gt; &amp; co)" in article(build.page("zh-TW"))
    # Two equal labels are no better than none.
    clone.write("en", "privacy", with_label(original, "Firefox"))
    run = policy(clone, "check", env={"SOURCE_DATE_EPOCH": BUILT})
    found = [d for d in diagnostics(run.output) if d["code"] == "title.duplicate"]
    assert any(d["file"] == "en/privacy.md" and "label 'Firefox'" in d["message"] for d in found), run.output


# ---------------------------------------------------------------- where each page stands


@pytest.mark.parametrize(
    "prefix,words",
    [
        ("", ("in force from", "1 January 2020", "until", "1 June 2020", "replaced it")),
        ("zh-TW/", ("自", "2020 年 1 月 1 日", "起生效", "至", "2020 年 6 月 1 日", "取代")),
    ],
)
def test_an_archived_version_says_when_it_was_replaced_and_by_which(readers, prefix, words):
    _, _, build = readers
    url = f"/{prefix}privacy/versions/{V1}/"
    text = notice(article(build.page(url)), "archived")
    for word in words:
        assert word in plain(text), (word, plain(text))
    assert f"/{prefix}privacy/versions/{V2}/" in targets(url, text)  # replaced by
    assert f"/{prefix}privacy/" in targets(url, text)  # the current text
    assert '<time class="policy-in-force-from" datetime="2020-01-01">' in text
    assert '<time class="policy-in-force-until" datetime="2020-06-01">' in text


def test_the_current_page_of_a_one_version_policy_says_current_and_since_when(readers):
    _, _, build = readers
    for prefix, status, since in (
        ("", "current", "in force since 1 June 2020"),
        ("zh-TW/", "現行", "自 2020 年 6 月 1 日 起生效"),
    ):
        line = re.search(
            r'<p class="policy-version"[^>]*>(.*?)</p>', article(build.page(f"{prefix}firefox")), re.S
        )
        assert line, prefix
        assert f'policy-status--current" data-search-exclude="">{status}</span>' in line.group(1)
        assert since in plain(line.group(1)), plain(line.group(1))


def test_a_version_without_a_translation_is_neutral_and_links_to_both_texts(readers):
    _, _, build = readers
    url = f"/zh-TW/privacy/versions/{V3}/"
    content = article(build.page(url))
    assert "policy-notice--missing" not in content
    text = notice(content, "untranslated")
    assert f"/privacy/versions/{V3}/" in targets(url, text)  # the English text of this version
    assert f"/zh-TW/privacy/versions/{V2}/" in targets(url, text)  # the newest translated version
    assert "2020 年 6 月 1 日" in plain(text)
    # The versions list marks it, and links the English text.
    url = "/zh-TW/privacy/versions/"
    entry = article(build.page(url)).split(f'id="v{V3.replace(".", "-")}"', 1)[1].split("<h2", 1)[0]
    assert "僅有英文版" in plain(entry)
    assert f"/privacy/versions/{V3}/" in targets(url, entry)
    older = article(build.page(url)).split(f'id="v{V2.replace(".", "-")}"', 1)[1].split("<h2", 1)[0]
    assert "僅有英文版" not in plain(older)


@pytest.mark.parametrize(
    "prefix,expected",
    [
        (
            "",
            "The two columns are not of the same version: English, the version of 1 January 2021; "
            "Traditional Chinese, the version of 1 June 2020.",
        ),
        ("zh-TW/", "兩欄並非同一版本：英文為 2021 年 1 月 1 日 版本；繁體中文為 2020 年 6 月 1 日 版本。"),
    ],
)
def test_the_bilingual_view_says_in_the_readers_language_that_the_columns_differ(readers, prefix, expected):
    _, _, build = readers
    content = article(build.page(f"{prefix}privacy/bilingual"))
    text = notice(content, "lagging")
    assert plain(text) == expected
    opening = re.search(r'<div class="policy-notice policy-notice--lagging"[^>]*>', content).group(0)
    assert " lang=" not in opening  # the page's own language, not a column's


# ---------------------------------------------------------------- auditors


@pytest.mark.parametrize("prefix", ["", "zh-TW/"])
def test_every_policy_page_links_the_index_the_feed_and_the_changelog(readers, prefix):
    _, _, build = readers
    pages = [
        "privacy",
        "privacy/versions",
        f"privacy/versions/{V1}",
        "privacy/bilingual",
        f"privacy/changes/{V2}",
    ]
    for page in pages:
        url = f"/{prefix}{page}/"
        html = build.page(url)
        footer = re.search(r'<p class="policy-auditors">(.*?)</p>', article(html), re.DOTALL)
        assert footer, url
        assert {"/versions.json", f"/{prefix}feed.xml", f"/{prefix}changelog/"} <= targets(
            url, footer.group(1)
        )
        # Feed readers find both feeds in the head.
        feeds = re.findall(
            r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">', html
        )
        assert {(title, resolves(url, href)) for title, href in feeds} == {
            ("SmartRobot: policy changes", "/feed.xml"),
            ("SmartRobot：政策變更", "/zh-TW/feed.xml"),
        }, url


def test_each_language_folder_has_the_sitemap_of_its_pages(readers):
    """Material fetches sitemap.xml beside every rel=alternate link: the Chinese feed's is there."""
    _, _, build = readers
    root = ET.fromstring(build.page("zh-TW/sitemap.xml"))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [resolves("/zh-TW/", loc.text) for loc in root.iter(f"{ns}loc")]
    assert "/zh-TW/" in locs and "/zh-TW/privacy/" in locs and f"/zh-TW/privacy/versions/{V1}/" in locs
    assert all(loc.startswith("/zh-TW/") for loc in locs), locs
    alternates = {
        resolves("/zh-TW/", link.get("href")) for link in root.iter("{http://www.w3.org/1999/xhtml}link")
    }
    assert "/privacy/" in alternates


def test_revisions_say_which_language_they_touched_and_link_to_the_commit(readers):
    _, commits, build = readers
    content = article(build.page("privacy/versions"))
    revisions = content.split(f'id="v{V3.replace(".", "-")}"', 1)[1].split("<h2", 1)[0]
    link = f'<a href="{REPO_URL}/commit/{commits["v3"]}" class="policy-commit">'
    assert f"{link}<code>{commits['v3'][:7]}</code></a>" in revisions
    assert "(English)" in plain(revisions) and "Traditional Chinese" not in plain(revisions)
    both = content.split(f'id="v{V1.replace(".", "-")}"', 1)[1].split("<h2", 1)[0]
    assert "(English, Traditional Chinese)" in plain(both)
    zh = article(build.page("zh-TW/privacy/versions")).split(f'id="v{V1.replace(".", "-")}"', 1)[1]
    assert "（英文、繁體中文）" in plain(zh.split("<h2", 1)[0])


def test_commit_links_follow_the_forge():
    from policysite.pages.versions import commit_url

    sha = "0123456789abcdef0123456789abcdef01234567"
    assert commit_url("https://github.com/o/r/", sha) == f"https://github.com/o/r/commit/{sha}"
    assert commit_url("https://gitlab.com/o/r.git", sha) == f"https://gitlab.com/o/r/commit/{sha}"
    assert commit_url("https://bitbucket.org/o/r", sha) == f"https://bitbucket.org/o/r/commits/{sha}"
    assert commit_url("", sha) is None and commit_url("javascript:alert(1)", sha) is None
    assert commit_url("https://github.com/o/r", None) is None


# ---------------------------------------------------------------- search


def test_version_notes_and_badges_are_not_indexed_as_policy_text(readers):
    _, _, build = readers
    for lang, index in (("en", "search/search_index.json"), ("zh-TW", "zh-TW/search/search_index.json")):
        docs = json.loads(build.page(index))["docs"]
        text = "\n".join(d["title"] + " " + d["text"] for d in docs).replace("\u200b", "")
        for phrase in (
            "Unchanged since",
            "Last changed in",
            "未變更",
            "最近一次變更",
            "in force",
            "起生效",
            "changed in the version of",
            "本譯文尚未更新",
            "Version of 1",
            "所有版本 · 英文與繁體中文對照",
            # Commit messages of the versions lists (issue 27, item 7): for auditors, not search.
            "Publish the privacy policy",
            "Privacy 2021.01.01 in English",
        ):
            assert phrase not in text, (lang, phrase)
        policy_docs = [d for d in docs if d["location"].split("#")[0] in ("privacy/", "zh-TW/privacy/")]
        assert policy_docs and all(
            "current" not in d["text"] and "現行" not in d["text"] for d in policy_docs
        )
        # The policy text itself is indexed.
        assert "We never sell your data to partners." in text and "我們絕不向合作夥伴出售您的資料。" in text
        # The worker keeps the dictionary's words whole.
        assert "個人資料" in json.loads(build.page(index))["config"]["words"]
    # The pages still carry the notes, marked for the search plugin.
    assert re.search(r'<p class="policy-section-version" data-search-exclude="">', build.page("privacy"))


def test_dictionary_words_are_read_from_the_jieba_file(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text("個人資料 3000 n\n\n資料安全 2000\n個人資料 1 n\n", encoding="utf-8")
    assert search.dictionary_words(path) == ["個人資料", "資料安全"]
    assert search.dictionary_words(tmp_path / "missing.txt") == [] and search.dictionary_words(None) == []


def test_a_label_in_the_search_index_is_text(tmp_path):
    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    docs = [{"location": "privacy/", "title": "Privacy Policy", "text": ""}]
    index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    label = '<img src=x onerror="window.__xss=1">'
    search.write_language_indexes(tmp_path, ("en", "zh-TW"), ["個人資料"], {"privacy/": label})
    for path in (index, tmp_path / "zh-TW" / "search" / "search_index.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        title = data["docs"][0]["title"].replace("\u200b", "")
        assert title == 'Privacy Policy (&lt;img src=x onerror="window.__xss=1"&gt;)'
        assert data["config"]["words"] == ["個人資料"]


def test_the_sanitizer_keeps_only_the_search_marker_and_empties_it():
    cleaned = sanitize.clean('<p data-search-exclude="x" data-other="y" class="note">t</p>')
    assert cleaned == '<p data-search-exclude="" class="note">t</p>'
    # In a policy source the marker would hide text from search: the check names it.
    [(_, removal)] = sanitize.removals("<div data-search-exclude>hidden from search</div>")
    assert removal.attribute == "data-search-exclude" and "not allowed in a policy" in removal.reason


def test_the_first_chinese_text_of_an_older_policy_says_so_and_counts_chinese_sections(tmp_path):
    # Version 1 in English only; version 2 in both languages: the Chinese redline of version 2
    # has nothing before it in Chinese, and its notice and counts must agree with each other.
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    repo.set_extra("extra:\n  policies:\n    untranslated: info\n")
    repo.write("en", "privacy", source("Privacy Policy", V1, EN_INTRO, EN_V1))
    repo.commit("privacy: English first", "2020-01-01T09:00:00Z")
    write_privacy(repo, V2, EN_V2, ZH_V2)
    repo.commit("privacy: version 2, and its first translation", "2020-06-01T09:00:00Z")
    result = repo.build(strict=True, env={"SOURCE_DATE_EPOCH": BUILT})
    assert result.ok, result.output
    page = result.page(f"zh-TW/privacy/changes/{V2}")
    assert "此為本政策首次以繁體中文發布的版本" in page
    assert "此為本政策首次發布的版本" not in page
    assert "首次發布版本" in page and "修改" not in re.sub(r"<[^>]+>", "", page.split('class="redline"')[0])
    english = result.page(f"privacy/changes/{V2}")
    assert "first published version" not in english and "changed" in english
    # The versions list, the changelog and the feed count the reader's language too.
    listing = re.sub(r"<[^>]+>", "", result.page("zh-TW/privacy/versions"))
    assert listing.count("首次發布版本") == 2 and "修改" not in listing  # V1 in English only, V2 the first zh
    feed = (result.site / "zh-TW" / "feed.xml").read_text(encoding="utf-8")
    assert "首次發布版本" in feed and "修改" not in feed
