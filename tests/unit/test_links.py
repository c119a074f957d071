"""Links to the site's own pages (policysite.links), in process on a hand-made SiteMap: what each
site path reaches, what a broken one could have meant, and built pages' links made relative."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from policysite import links, project
from policysite.history import History, PolicyHistory, Version
from policysite.links import SiteMap, Target, resolve, suggestion

SITE = SiteMap(
    languages=("en", "zh-TW"),
    names={
        "privacy": "privacy",
        "old-privacy": "privacy",  # a former name
        "security/access": "security/access",
        "gone": "gone",  # removed (archive only)
        "retired": "retired",  # retired: its page says since when
    },
    dates={"privacy": {"2020.01.01", "2021.01.01"}, "gone": {"2019.01.01"}},
    current={"privacy", "security/access", "retired"},
    live={"privacy", "security/access"},
    pages={("index", "en"), ("index", "zh-TW"), ("about", "en"), ("guide/index", "en")},
    files={"/assets/logo.png", "/zh-TW/guide.pdf"},
)


def page(path, lang="en", policy=None, current=False):
    return Target(path, lang, policy, current)


@pytest.mark.parametrize(
    ("path", "reached"),
    [
        ("/privacy/", page("/privacy/", policy="privacy", current=True)),
        ("/privacy", page("/privacy/", policy="privacy", current=True)),
        ("/privacy/index.html", page("/privacy/", policy="privacy", current=True)),
        ("/%70rivacy/", page("/privacy/", policy="privacy", current=True)),
        ("/zh-TW/privacy/", page("/zh-TW/privacy/", "zh-TW", "privacy", True)),
        ("/old-privacy/", page("/privacy/", policy="privacy", current=True)),
        ("/zh-TW/../privacy/", page("/privacy/", policy="privacy", current=True)),
        ("/security/access/", page("/security/access/", policy="security/access", current=True)),
        ("/retired/", page("/retired/", policy="retired", current=True)),
        ("/gone/versions/", page("/gone/versions/", policy="gone")),
        ("/privacy/bilingual/", page("/privacy/bilingual/", policy="privacy")),
        ("/privacy/versions/2020.01.01/", page("/privacy/versions/2020.01.01/", policy="privacy")),
        (
            "/privacy/versions/2020.01.01/wording-2/",
            page("/privacy/versions/2020.01.01/wording-2/", policy="privacy"),
        ),
        (
            "/privacy/changes/2021.01.01/correction-1/",
            page("/privacy/changes/2021.01.01/correction-1/", policy="privacy"),
        ),
        ("/privacy/versions/2020.01.01.json", page("/privacy/versions/2020.01.01.json", policy="privacy")),
        (
            "/zh-TW/privacy/versions/index.json",
            page("/zh-TW/privacy/versions/index.json", "zh-TW", "privacy"),
        ),
        ("/", page("/")),
        ("/zh-TW/", page("/zh-TW/", "zh-TW")),
        ("/changelog/", page("/changelog/")),
        ("/zh-TW/translations", page("/zh-TW/translations/", "zh-TW")),
        ("/about/", page("/about/")),
        ("/guide/", page("/guide/")),  # docs/en/guide/index.md
        ("/feed.xml", page("/feed.xml")),
        ("/zh-TW/feed.xml", page("/zh-TW/feed.xml", "zh-TW")),
        ("/sitemap.xml", page("/sitemap.xml")),
        ("/versions.json", page("/versions.json")),
        ("/assets/logo.png", page("/assets/logo.png")),
        ("/zh-TW/guide.pdf", page("/zh-TW/guide.pdf", "zh-TW")),
    ],
)
def test_what_a_site_path_reaches(path, reached):
    assert resolve(SITE, path) == reached


@pytest.mark.parametrize(
    "path",
    [
        "/gone/",  # removed: no current page
        "/gone/bilingual/",
        "/retired/bilingual/",
        "/security/",  # a category folder is no page
        "/privacy/versions/2022.01.01/",  # no such version
        "/privacy/versions/2022.01.01.json",
        "/privacy/versions/2020.01.01/wording-0/",
        "/privacy/changes/2021.01.01/wording-1/",  # wordings are under versions/, corrections under changes/
        "/privacy/versions/2020.01.01/wording-1/extra/",
        "/privacy.md",  # the built site has no Markdown
        "/en/privacy/",  # English is at the root
        "/zh-TW/about/",  # a page of English only
        "/zh-TW/versions.json",
        "/assets/missing.png",
        "/guide.pdf",
        "/feed.xml/",
        "//evil.example/privacy/",
        "privacy/",  # not site-absolute
        "",
        "/privacy/../../../etc/passwd",
    ],
)
def test_what_reaches_nothing(path):
    assert resolve(SITE, path) is None


def test_files_are_not_checked_when_they_are_not_known():
    site = SiteMap(files=None)
    assert resolve(site, "/assets/anything.png") is None  # (left to the build to find)
    assert resolve(site, "/feed.xml") == page("/feed.xml")


@pytest.mark.parametrize(
    ("path", "written", "said"),
    [
        ("/privacy.md", True, " (the built site has no Markdown files: did you mean '/privacy/'?)"),
        ("/en/privacy/", True, " (did you mean '/privacy/'? en pages are at the root of the site)"),
        (
            "/site-policy/privacy/",
            True,
            " (did you mean '/privacy/'? map the repository's own prefix in mkdocs.yml: "
            "extra.policies.link_prefixes: {'/site-policy/': '/'})",
        ),
        ("/site-policy/privacy/", False, " (did you mean '/privacy/'?)"),
        ("/x/security/access/", False, " (did you mean '/security/access/'?)"),
        ("/privasy/", True, " (did you mean '/privacy/'?)"),
        ("/zh-TW/privasy/", True, " (did you mean '/zh-TW/privacy/'?)"),
        ("/chngelog/", True, " (did you mean '/changelog/'?)"),
        ("/qqqq/", True, ""),
        ("/" + "privacy" * 40, True, ""),  # too long to look for a close name
    ],
)
def test_a_broken_path_gets_a_suggestion_when_one_is_obvious(path, written, said):
    assert suggestion(SITE, path, written) == said


def test_site_paths_have_the_language_folder_but_for_english():
    assert SiteMap().path("en") == "/"
    assert SiteMap().path("zh-TW") == "/zh-TW/"
    assert SiteMap().path("en", "privacy", "versions") == "/privacy/versions/"
    assert SiteMap().path("zh-TW", "", "security/access") == "/zh-TW/security/access/"
    japanese_first = SiteMap(languages=("ja", "en"))
    assert (japanese_first.path("ja", "privacy"), japanese_first.path("en", "privacy")) == (
        "/privacy/",
        "/en/privacy/",
    )


def test_prefixes_are_mapped_longest_first():
    prefixes = {"/site-policy/": "/", "/site-policy/legal/": "legal-x/"}
    assert links.mapped("/site-policy/legal/terms/", prefixes) == "/legal-x/terms/"
    assert links.mapped("/site-policy/privacy/", prefixes) == "/privacy/"
    assert links.mapped("/site-policy", prefixes) == "/"  # the prefix without its slash
    assert links.mapped("/other/", prefixes) == "/other/"
    assert links.mapped("/x", None) == "/x" and links.mapped("/x", {}) == "/x"


def test_split_gives_path_query_and_the_decoded_fragment():
    assert links.split("/a/?x=1&y=2#%E7%B8%BD%E5%89%87") == ("/a/", "x=1&y=2", "總則")
    assert links.split("#general") == ("", "", "general")
    assert links.split("/a#b#c") == ("/a", "", "b#c")
    assert links.split("") == ("", "", "")


@pytest.mark.parametrize(
    ("target", "is_local"),
    [
        ("/privacy/", True),
        ("../privacy/", True),
        ("#general", True),
        ("?q=1", True),
        ("a/b:c", True),  # a colon after the first slash is no scheme
        ("", True),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        ("\\\\evil.example/", False),
        ("https://example.com/", False),
        ("mailto:dpo@example.com", False),
        ("JAVASCRIPT:alert(1)", False),
        (" javascript:alert(1)", False),
        ("a:b/c", False),
    ],
)
def test_local_tells_a_link_on_this_site(target, is_local):
    assert links.local(target) is is_local


# ---------------------------------------------------------------- the site's pages, from the model


def _source(title: str, version: str) -> bytes:
    return f"---\ntitle: {title}\nversion: {version}\n---\n\n# {title}\n\nText.\n".encode()


def test_the_site_map_of_a_corpus_and_its_history():
    corpus = project.Corpus(pages={("index", "en"), ("faq", "zh-TW")})
    corpus.add(_source("Privacy", "2021.01.01"), "privacy", "en")
    corpus.add(_source("隱私", "2020.06.01"), "privacy", "zh-TW")
    corpus.add(_source("Access", "2021.02.02"), "security/access", "en")
    old = PolicyHistory("privacy", [Version("privacy", "2020.01.01", dt.date(2020, 1, 1))])
    old.former_names = ["privacy-policy", "data"]
    gone = PolicyHistory("legacy", [Version("legacy", "2018.01.01", dt.date(2018, 1, 1))], removed=True)
    retired = PolicyHistory("cookies", [], removed=True, retired=dt.date(2022, 1, 1))
    history = History({"privacy": old, "legacy": gone, "cookies": retired}, dt.date(2024, 1, 1))
    site = SiteMap.of(corpus, history, ["/assets/a.png"])
    assert site.languages == ("en", "zh-TW")
    assert site.pages == {("index", "en"), ("faq", "zh-TW")}
    assert site.files == {"/assets/a.png"}
    assert site.names == {
        "privacy": "privacy",
        "security/access": "security/access",
        "privacy-policy": "privacy",
        "data": "privacy",
        "legacy": "legacy",
        "cookies": "cookies",
    }
    assert site.dates == {
        "privacy": {"2020.01.01", "2020.06.01", "2021.01.01"},
        "security/access": {"2021.02.02"},
        "legacy": {"2018.01.01"},
        "cookies": set(),
    }
    assert site.current == {"privacy", "security/access", "cookies"}
    assert site.live == {"privacy", "security/access"}
    assert site.depth == 2
    assert SiteMap.of(corpus).files is None and SiteMap().depth == 1


def test_published_files_are_the_non_pages_of_docs_and_the_plugins_assets(tmp_path):
    for relative in (
        "docs/en/logo.png",
        "docs/en/about.md",
        "docs/zh-TW/guide.pdf",
        "docs/zh-TW/index.md",
        "docs/assets/img/x.svg",
        "docs/overrides/main.html",
    ):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    found = links.published_files(tmp_path)
    assert {"/logo.png", "/zh-TW/guide.pdf", "/assets/img/x.svg"} <= found
    assert "/assets/stylesheets/policy.css" in found
    assert not {path for path in found if path.endswith((".md", ".html"))}


# ---------------------------------------------------------------- rewriting built pages


REWRITE_SITE = SiteMap(
    names={"privacy": "privacy", "terms": "terms"},
    current={"privacy", "terms"},
    live={"privacy", "terms"},
    files={"/assets/logo.png"},
)


@pytest.mark.parametrize(
    ("markup", "rewritten"),
    [
        ('<a href="/privacy/#x">a</a>', '<a href="../../privacy/#x">a</a>'),
        ("<a href='/terms'>b</a>", '<a href="../../terms/">b</a>'),  # quoted again, as a folder
        ("<a href=/terms>c</a>", '<a href="../../terms/">c</a>'),
        ('<img alt="/privacy/" src="/assets/logo.png">', '<img alt="/privacy/" src="../../assets/logo.png">'),
        ('<a href = "/privacy/?a=1&amp;b=2#s">q</a>', '<a href = "../../privacy/?a=1&amp;b=2#s">q</a>'),
        ('<a title="x > y" href="/privacy/">q</a>', '<a title="x > y" href="../../privacy/">q</a>'),
        ('<a href="&#47;privacy/">e</a>', '<a href="../../privacy/">e</a>'),  # as the browser reads it
        # Never made relative: what is not a link on this site, or reaches nothing, and text.
        ('<a href="&#47;&#47;evil.example/">f</a>', '<a href="&#47;&#47;evil.example/">f</a>'),
        ('<a href="/\\evil.example/">g</a>', '<a href="/\\evil.example/">g</a>'),
        ('<a href="javascript:alert(1)">j</a>', '<a href="javascript:alert(1)">j</a>'),
        ('<a href="/nothing/">n</a>', '<a href="/nothing/">n</a>'),
        (
            '<a data-href="/privacy/" title="/privacy/">t</a>',
            '<a data-href="/privacy/" title="/privacy/">t</a>',
        ),
        ('<p>href="/privacy/" is text</p>', '<p>href="/privacy/" is text</p>'),
    ],
)
def test_rewrite_makes_only_links_to_the_sites_pages_relative(markup, rewritten):
    # (a page's own address as a file: the folder it is in counts)
    assert links.rewrite(markup, "/zh-TW/privacy/index.html", REWRITE_SITE) == rewritten


def test_rewrite_escapes_what_it_writes_and_returns_markup_without_links_as_it_is():
    out = links.rewrite('<a href="/privacy/#&quot;&gt;&lt;x&gt;">x</a>', "/", REWRITE_SITE)
    assert out == '<a href="privacy/#&quot;&gt;&lt;x&gt;">x</a>'
    text = "no link at all"
    assert links.rewrite(text, "/", REWRITE_SITE) is text


def test_hostile_paths_are_resolved_in_linear_time_and_reach_nothing():
    started = time.perf_counter()
    for path in (
        "/" + "a/" * 100_000,
        "/" + "../" * 100_000 + "privacy/",
        "/" + "%2F" * 100_000,
        "/privacy/\x1b[2J\u202e/",
        "/" + "privacy" * 30_000,
    ):
        found = resolve(SITE, path)
        assert found is None or found.path == "/privacy/", path[:40]
        assert suggestion(SITE, path) == "" or len(path) <= links.MAX_SUGGESTED
    assert resolve(SITE, "/" + "../" * 100_000 + "privacy/") == page(
        "/privacy/", policy="privacy", current=True
    )
    markup = '<a href="/privacy/">x</a> ' * 20_000 + "<a href=/ " * 20_000
    rewritten = links.rewrite(markup, "/a/", REWRITE_SITE)
    assert rewritten.count('href="../privacy/"') == 20_000
    assert time.perf_counter() - started < 5.0
