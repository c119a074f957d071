"""Issue 25, item 5: every link to the site's own pages is checked, and works in the built site.

Site-absolute links (``/privacy/#general``) and relative links to pages (``../privacy/``) are
checked against the pages the site will have (policies, their versions and changes, the home
page, the changelog, feeds, files of docs/); a broken one is an error at file:line naming its
section.  ``link_prefixes`` maps a repository's own prefix (``/site-policy/`` -> ``/``), and the
built pages link relatively, so the site works under a sub-path.  External links are untouched,
and hostile targets cost linear time and are shown escaped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gitrepo import PolicyRepo, policy_text
from linearity import assert_linear, cpu

from policysite import links, parity, project
from policysite.links import SiteMap
from policysite.pages.common import relative

PRIVACY_EN = """\
We care about privacy. See [our terms](TERMS).

## 1. General {#general}

General text.

## 2. Sharing {#sharing}

Sharing text.
"""
PRIVACY_ZH = """\
我們重視隱私。請見[條款](TERMS)。

## 1. 總則 {#general}

總則內容。

## 2. 分享 {#sharing}

分享內容。
"""
TERMS_EN = """\
Terms intro.

## 1. Fees {#fees}

Fees text.

## 2. Use {#use}

Use text.
"""
TERMS_ZH = """\
條款前言。

## 1. 費用 {#fees}

費用內容。

## 2. 使用 {#use}

使用內容。
"""


def source(body: str, title: str = "Privacy Policy", version: str = "2024.06.01") -> bytes:
    return policy_text(title, version, body).encode("utf-8")


def corpus_with(target: str, policy: str = "privacy", extra: dict | None = None) -> project.Corpus:
    """privacy and terms in both languages; ``policy``'s English text links to ``target``."""
    corpus = project.Corpus()
    corpus.pages = {("index", "en"), ("index", "zh-TW"), ("about", "en")}
    for name, en, zh in (("privacy", PRIVACY_EN, PRIVACY_ZH), ("terms", TERMS_EN, TERMS_ZH)):
        for lang, text in (("en", en), ("zh-TW", zh)):
            linked = (
                target if name == policy and lang == "en" else "#general" if name == "privacy" else "#fees"
            )
            corpus.add(source(text.replace("TERMS", linked)), name, lang)
    for (name, lang), text in (extra or {}).items():
        corpus.add(source(text), name, lang)
    return corpus


def link_findings(corpus: project.Corpus, site: SiteMap | None = None, prefixes=None) -> list:
    found = parity.check(corpus, site=site, prefixes=prefixes)
    return [d for d in found if d.code.startswith("link.")]


def site_of(corpus: project.Corpus) -> SiteMap:
    site = SiteMap.of(corpus, files={"/assets/logo.png", "/zh-TW/guide.pdf"})
    site.dates["terms"] |= {"2024.01.01"}  # an earlier version, from history
    return site


# ---------------------------------------------------------------- what passes, what fails

WORKING = [
    "/terms/",
    "/terms",
    "/terms/index.html",
    "/terms/#fees",
    "/terms#use",
    "/zh-TW/terms/#fees",
    "/terms/versions/",
    "/terms/versions/2024.01.01/",
    "/terms/versions/2024.06.01/#x",  # (the fragment of an archived page is not checked)
    "/terms/changes/2024.06.01/",
    "/terms/bilingual/",
    "/terms/versions/index.json",
    "/",
    "/zh-TW/",
    "/about/",
    "/changelog/",
    "/zh-TW/translations/",
    "/feed.xml",
    "/zh-TW/feed.xml",
    "/versions.json",
    "/assets/logo.png",
    "/zh-TW/guide.pdf",
    "../terms/#fees",  # relative to the page's address, /privacy/
    "../terms",
    "../zh-TW/terms/",
    "../",
    "https://example.com/terms/#nope",
    "mailto:dpo@example.com",
    "logo.png",  # a relative file: MkDocs checks those
]


def test_working_links_to_the_site_pass():
    for target in WORKING:
        corpus = corpus_with(target)
        assert link_findings(corpus, site_of(corpus)) == [], target


BROKEN = {
    "/nothing/": ("link.site", ""),
    "/terms/versions/2023.01.01/": ("link.site", ""),
    "/terms/changes/2024.01.01/correction-x/": ("link.site", ""),
    "/terms.md": ("link.site", "the built site has no Markdown files: did you mean '/terms/'?"),
    "/en/terms/": ("link.site", "did you mean '/terms/'? en pages are at the root"),
    "/trems/": ("link.site", "did you mean '/terms/'?"),
    "/site-policy/terms#fees": (
        "link.site",
        "did you mean '/terms/'? map the repository's own prefix in mkdocs.yml: "
        "extra.policies.link_prefixes: {'/site-policy/': '/'}",
    ),
    "/assets/missing.png": ("link.site", ""),
    "/feed.xml/": ("link.site", ""),
    "terms/": ("link.site", ""),  # /privacy/terms/: relative to the page's address
    "/terms/#nope": ("link.anchor", "policy 'terms' has no ID 'nope'"),
    "/zh-TW/terms#nope": ("link.anchor", "policy 'terms' has no ID 'nope'"),
    "../terms/#nope": ("link.anchor", "policy 'terms' has no ID 'nope'"),
}


def test_broken_links_are_errors_at_their_line_naming_the_section():
    for target, (code, hint) in BROKEN.items():
        corpus = corpus_with(target)
        found = link_findings(corpus, site_of(corpus))
        assert [d.code for d in found] == [code], (target, [d.text() for d in found])
        (finding,) = found
        assert finding.file == "en/privacy.md" and finding.line == 8, finding.text()  # the intro's line
        assert finding.severity.value == "error" and finding.section is None
        assert "section '(intro)'" in finding.message and f"'{target}'" in finding.message, finding.message
        assert hint in finding.message, finding.message


def test_a_broken_link_in_a_section_names_the_section():
    corpus = corpus_with("#general")
    text = PRIVACY_EN.replace("General text.", "General text, see [fees](/terms/#fee).")
    corpus.add(source(text.replace("TERMS", "#general")), "privacy", "en")
    (finding,) = link_findings(corpus)
    assert (finding.code, finding.file, finding.line, finding.section) == (
        "link.anchor",
        "en/privacy.md",
        12,
        "general",
    )
    assert finding.text().startswith("en/privacy.md:12: error: [link.anchor] section 'general': link to")


def test_prefixes_map_the_repositorys_own_links():
    prefixes = {"/site-policy/": "/"}
    for target in (
        "/site-policy/terms#fees",
        "/site-policy/terms/",
        "/site-policy/zh-TW/terms",
        "/site-policy",
    ):
        corpus = corpus_with(target)
        assert link_findings(corpus, prefixes=prefixes) == [], target
    corpus = corpus_with("/site-policy/terms#nope")
    (finding,) = link_findings(corpus, prefixes=prefixes)
    assert finding.code == "link.anchor" and "(as '/terms')" in finding.message, finding.message


def test_version_dates_come_from_history_when_given():
    corpus = corpus_with("/terms/versions/2024.01.01/")
    assert [d.code for d in link_findings(corpus)] == ["link.site"]  # the working tree knows 2024.06.01 only
    assert link_findings(corpus, site_of(corpus)) == []


def test_external_and_in_page_links_keep_their_rules():
    for target in (
        "https://example.com/x",
        "mailto:a@example.com",
        "tel:+886",
        "//evil.example/x",
        "/\\evil",
    ):
        corpus = corpus_with(target)
        assert link_findings(corpus) == [], target
    corpus = corpus_with("#nowhere")
    assert [d.code for d in link_findings(corpus)] == ["link.anchor"]


# ---------------------------------------------------------------- policies in category folders

ACCESS = """\
Access control. See [privacy](../privacy.md#general), [privacy again](/privacy/#sharing),
[this policy](/security/access/#keys), [its versions](/security/access/versions/),
[up two](../../privacy/), [a sibling](../backups/#copies) and [a sibling source](backups.md#copies).

## Keys {#keys}

Keys text.
"""
BACKUPS = "Backups.\n\n## Copies {#copies}\n\nCopies text.\n"


def test_policies_in_category_folders_resolve_against_their_own_folder():
    extra = {("security/access", "en"): ACCESS, ("security/backups", "en"): BACKUPS}
    corpus = corpus_with("#general", extra=extra)
    assert corpus.get("security/access", "en").path == "en/security/access.md"
    assert link_findings(corpus) == []
    broken = ACCESS.replace("../../privacy/", "../privacy/").replace("backups.md#copies", "privacy.md")
    corpus.add(source(broken), "security/access", "en")
    found = {(d.code, d.line): d.message for d in link_findings(corpus)}
    assert set(found) == {("link.site", 10), ("link.policy", 10)}, found
    assert found[("link.site", 10)] == (
        "section '(intro)': link to '../privacy/' (as '/security/privacy/') but the site has no page at "
        "that address (did you mean '/privacy/'?)"
    )
    assert "no policy 'security/privacy' in en" in found[("link.policy", 10)]
    site = SiteMap.of(corpus)
    assert links.resolve(site, "/zh-TW/security/access/versions/2024.06.01/").path == (
        "/zh-TW/security/access/versions/2024.06.01/"
    )
    assert links.resolve(site, "/security/") is None


# ---------------------------------------------------------------- rewriting built pages


def test_rewrite_makes_site_links_relative_and_leaves_the_rest():
    corpus = corpus_with("#general", extra={("security/access", "en"): ACCESS})
    site = site_of(corpus)
    prefixes = {"/site-policy/": "/"}
    page = (
        '<p><a href="/site-policy/terms#fees">a</a> <a href="/terms?x=1&amp;y=2#use">b</a> '
        "<a href='/security/access'>c</a> <a href=/assets/logo.png>d</a> <img src=\"/assets/logo.png\">"
        ' <a href="https://example.com/terms/">e</a> <a href="mailto:a@example.com">f</a>'
        ' <a href="/nothing/">g</a> <a href="//evil.example/terms/">h</a> <a href="#general">i</a>'
        ' <a href="../x/">j</a> href="/terms/" in text</p>'
    )
    out = links.rewrite(page, "/zh-TW/privacy/versions/2024.06.01/", site, prefixes)
    hrefs = re.findall(r'(?:href|src)=("[^"]*"|\'[^\']*\'|[^\s>]+)', out)[:-1]  # (the last: text)
    assert hrefs == [
        '"../../../../terms/#fees"',
        '"../../../../terms/?x=1&amp;y=2#use"',
        '"../../../../security/access/"',
        '"../../../../assets/logo.png"',
        '"../../../../assets/logo.png"',
        '"https://example.com/terms/"',
        '"mailto:a@example.com"',
        '"/nothing/"',
        '"//evil.example/terms/"',
        '"#general"',
        '"../x/"',
    ]
    assert out.endswith('href="/terms/" in text</p>')  # text is text
    assert links.rewrite(out, "/zh-TW/privacy/versions/2024.06.01/", site, prefixes) == out
    assert links.rewrite(page, "/", site).count('href="terms/#use"') == 0  # (unmapped prefix: kept)
    assert 'href="terms/?x=1&amp;y=2#use"' in links.rewrite(page, "/", site)


def test_a_rewritten_fragment_is_escaped():
    site = site_of(corpus_with("#general"))
    out = links.rewrite('<a href="/terms/#&quot;&gt;&lt;script&gt;">x</a>', "/", site)
    assert out == '<a href="terms/#&quot;&gt;&lt;script&gt;">x</a>'


# ---------------------------------------------------------------- hostile targets


def test_hostile_targets_are_shown_escaped():
    for target in ("/terms/\x1b[31m", "/te\u202erms/", "/x" + "y" * 5000):
        corpus = corpus_with(target.replace("\n", ""))
        found = link_findings(corpus)
        assert len(found) == 1, (repr(target), found)
        text = found[0].text()
        assert "\x1b" not in text and "\u202e" not in text and len(text) < 1200, text
    html = '<a href="/te\u202erms/">x</a>'
    assert links.rewrite(html, "/", SiteMap.of(corpus_with("#general"))) == html


def _many_links(n: int) -> project.Corpus:
    body = "\n\n".join("[a](/site-policy/x/y/z#q) [b](/terms/#nope) [c](../a/b/)" for _ in range(n // 60))
    return corpus_with("#general", extra={("long", "en"): body})


LINEAR = {
    "many-broken-links": lambda n: (lambda c: link_findings(c, prefixes={"/s": "/"}), _many_links(n)),
    "one-long-target": lambda n: (link_findings, corpus_with("/" + "a/" * (n // 2))),
    "one-long-name": lambda n: (link_findings, corpus_with("/" + "a" * n)),
    "dots-and-slashes": lambda n: (link_findings, corpus_with("/" + "../." * (n // 4))),
    "rewrite-many": lambda n: (
        lambda html: links.rewrite(html, "/a/", SITE, {"/s/": "/"}),
        '<a href="/s/terms/#x">a</a> ' * (n // 30),
    ),
    "rewrite-long-attribute": lambda n: (
        lambda html: links.rewrite(html, "/a/", SITE),
        '<a href="/' + "a/" * (n // 2) + '">',
    ),
    "rewrite-open-tags": lambda n: (lambda html: links.rewrite(html, "/a/", SITE), "<a href=/ " * (n // 10)),
}
SITE = SiteMap.of(corpus_with("#general"))


@pytest.mark.slow
def test_doubling_a_hostile_input_at_most_triples_the_time():
    for name, make in LINEAR.items():

        def cost(n: int, make=make) -> float:
            function, argument = make(n)
            return cpu(lambda: function(argument))

        try:
            assert_linear(cost, start=4000, least=0.02)
        except BaseException as exc:
            raise AssertionError(f"{name}: {exc}") from None


# ---------------------------------------------------------------- real check and real build

LINKED_EN = """\
See the [terms](/site-policy/terms#fees), [their first version](/site-policy/terms/versions/2024.01.01/),
[home](/), [changelog](/changelog/), [keys](/site-policy/security/access#keys), [logo](/assets/logo.png).

## 1. General {#general}

General text, see [use](/site-policy/zh-TW/terms#use).

## 2. Sharing {#sharing}

Sharing text.
"""


ACCESS_LINKED = """\
See [the privacy policy](../privacy.md#general), [its terms](/site-policy/terms#use) and [the
terms again](../../terms/#fees).

## Keys {#keys}

Keys text.
"""


def linked_repo(directory: Path) -> PolicyRepo:
    """privacy (linking to terms with the repository's own prefix) and terms, two versions of terms."""
    repo = PolicyRepo.create(directory, copy_policies=False)
    (repo.root / "docs" / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    repo.write("en", "terms", policy_text("Terms", "2024.01.01", TERMS_EN))
    repo.write("zh-TW", "terms", policy_text("條款", "2024.01.01", TERMS_ZH))
    for lang, text, title in (("en", LINKED_EN, "Privacy Policy"), ("zh-TW", None, "隱私權政策")):
        body = text if text is not None else LINKED_EN.replace("General text", "總則內容")
        repo.write(lang, "privacy", policy_text(title, "2024.01.01", body))
    for lang, title in (("en", "Access Policy"), ("zh-TW", "存取政策")):
        repo.write(lang, "security/access", policy_text(title, "2024.01.01", ACCESS_LINKED))
        repo.write_file(f"{lang}/security/_category.yml", "title: Security\n")
    repo.commit("First versions", date="2024-01-01T12:00:00Z")
    for lang in ("en", "zh-TW"):
        repo.edit(lang, "version: 2024.01.01", "version: 2024.06.01", policy="terms")
    repo.edit("en", "Fees text.", "Fees text, revised.", policy="terms")
    repo.edit("zh-TW", "費用內容。", "費用內容,修訂。", policy="terms")
    repo.commit("Terms 2024.06.01", date="2024-06-01T12:00:00Z")
    return repo


def set_prefixes(repo: PolicyRepo, site_url: str = "") -> None:
    repo.set_extra(
        """
        extra:
          policies:
            pdf: false
            timezone: Asia/Taipei
            link_prefixes:
              /site-policy/: /
        """
    )
    if site_url:
        repo.set_site_url(site_url)


def test_policy_check_names_each_broken_site_link(tmp_path, policy):
    repo = linked_repo(tmp_path / "repo")
    run = policy(repo, "check", "--strict")
    assert run.returncode == 1, run.output
    lines = [line for line in run.stdout.splitlines() if "[link." in line]
    assert len(lines) == 10, run.stdout  # the links with the repository's prefix, in both languages
    assert lines[0].startswith(
        "en/privacy.md:8: error: [link.site] section '(intro)': link to '/site-policy/"
    )
    assert any(
        line.startswith(
            "en/privacy.md:13: error: [link.site] section 'general': link to '/site-policy/zh-TW/"
        )
        and "did you mean '/zh-TW/terms/'?" in line
        for line in lines
    ), lines
    set_prefixes(repo)
    run = policy(repo, "check", "--strict")
    assert run.ok, run.output
    repo.edit("en", "/changelog/", "/changelogs/", policy="privacy")
    repo.edit("zh-TW", "terms#use", "terms#gone", policy="privacy")
    run = policy(repo, "check", "--strict")
    assert run.returncode == 1
    lines = [line for line in run.stdout.splitlines() if "[link." in line]
    assert lines[0].startswith(
        "en/privacy.md:9: error: [link.site] section '(intro)': link to '/changelogs/'"
    )
    assert "did you mean '/changelog/'?" in lines[0]
    assert lines[1:] == [
        "zh-TW/privacy.md:13: error: [link.anchor] section 'general': link to "
        "'/site-policy/zh-TW/terms#gone'"
        + " (as '/zh-TW/terms') but policy 'terms' has no ID 'gone' (IDs: sections, attribute lists "
        "'{: #id }', raw HTML id=)"
    ], run.stdout


def test_the_built_site_links_relatively_to_the_mapped_pages(tmp_path):
    repo = linked_repo(tmp_path / "repo")
    set_prefixes(repo, site_url="https://example.com/legal/")
    repo.commit("Settings")
    result = repo.build(strict=True)
    assert result.ok, result.output
    access = result.page("security/access/")
    for target in ("/privacy/#general", "/terms/#use", "/terms/#fees"):
        path, _, fragment = target.partition("#")
        href = f"{relative('/security/access/', path)}#{fragment}"
        assert f'href="{href}"' in access, (href, re.findall(r'href="([^"]*)"', access))
        assert f'id="{fragment}"' in _follow(result.site, "/security/access/", href).read_text(
            encoding="utf-8"
        )
    for url, page_path in (
        ("privacy/", "/privacy/"),
        ("zh-TW/privacy/", "/zh-TW/privacy/"),
        ("privacy/versions/2024.01.01/", "/privacy/versions/2024.01.01/"),
    ):
        html = result.page(url)
        assert 'href="/' not in html.split("<article", 1)[-1].split("</article>", 1)[0], url
        hrefs = set(re.findall(r'href="([^"]*)"', html))
        for target in (
            "/terms/#fees",
            "/terms/versions/2024.01.01/",
            "/zh-TW/terms/#use",
            "/changelog/",
            "/security/access/#keys",
        ):
            path, _, fragment = target.partition("#")
            href = relative(page_path, path) + (f"#{fragment}" if fragment else "")
            assert href in hrefs, (url, href, sorted(hrefs))
            landed = _follow(result.site, page_path, href)
            assert landed.is_file(), (url, href, landed)
            if fragment:
                assert f'id="{fragment}"' in landed.read_text(encoding="utf-8"), (url, href)
        logo = relative(page_path, "/assets/logo.png")
        assert logo in hrefs or f'src="{logo}"' in html, (url, sorted(hrefs))
        assert _follow(result.site, page_path, logo).is_file()


def _follow(site: Path, page_path: str, href: str) -> Path:
    """The file of the built ``site`` that ``href`` on the page at ``page_path`` reaches."""
    path = href.partition("#")[0].partition("?")[0]
    target = (site / page_path.strip("/") / path).resolve()
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def test_a_link_to_an_alias_of_a_section_passes_in_every_language():
    """An ID kept as an alias (``aliases:`` in the English front matter) is on the current page,
    under its successor: links to it land, from the policy itself, its translation and others."""
    corpus = project.Corpus()
    english = "---\ntitle: Privacy\nversion: 2020.01.01\naliases:\n  security: general\n---\n\n# Privacy\n\n"
    english += "See [the old section](#security).\n\n## 1. General {#general}\n\nText.\n"
    chinese = "---\ntitle: 隱私\nversion: 2020.01.01\n---\n\n# 隱私\n\n請見[舊章節](#security)。\n\n"
    chinese += "## 1. 總則 {#general}\n\n內容。\n"
    other = "---\ntitle: Terms\nversion: 2020.01.01\n---\n\n# Terms\n\n[a](privacy.md#security) "
    other += "[b](privacy.md#nothing)\n\n## 1. General {#general}\n\nText.\n"
    corpus.add(english.encode(), "privacy", "en")
    corpus.add(chinese.encode(), "privacy", "zh-TW")
    corpus.add(other.encode(), "terms", "en")
    found = [d for doc in corpus.documents.values() for d in parity.links(doc, corpus)]
    assert [(d.file, d.code) for d in found] == [("en/terms.md", "link.anchor")], found
    assert "'nothing'" in found[0].message
