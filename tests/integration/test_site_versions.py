"""Issue 3 end to end: real git repositories, real ``mkdocs build --strict``.

One repository (``project``) carries a privacy policy through three dated
versions plus an in-place edit, a commit that touches nothing relevant and a
second policy added later.  It is built once per build date and the tests
read the sites; the failure cases (lagging, backwards, shallow, no git) are
clones or copies of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as htmllib
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import pytest
from gitrepo import SITE_URL, PolicyRepo, policy_text
from redline_history import marks

from policysite import history, pages
from policysite import project as model

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")
HEX40 = re.compile(r"[0-9a-f]{40}\Z")

V1, V2, V3 = "2020.01.01", "2020.06.01", "2020.12.01"


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH for noon UTC of ``day`` (YYYY-MM-DD)."""
    moment = dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=dt.UTC)
    return str(int(moment.timestamp()))


def document(intro: str, sections: list[tuple[str, str, str]]) -> str:
    """A policy body: intro, then ``## title {#id}`` sections."""
    return intro + "".join(f"\n\n## {title} {{#{sid}}}\n\n{text}" for title, sid, text in sections)


# The privacy policy, version by version.  Each version differs from the one
# before in a way a test below looks for.

EN_V1 = [
    ("1. General", "general", "We collect your name and email."),
    ("2. Sharing", "sharing", "We never share your data with partners."),
    ("3. Cookies", "cookies", "We use cookies to keep you signed in."),
    ("4. Contact", "contact", "Write to privacy@example.com."),
]
ZH_V1 = [
    ("1. 總則", "general", "我們蒐集您的姓名與電子郵件。"),
    ("2. 分享", "sharing", "我們絕不與合作夥伴分享您的資料。"),
    ("3. Cookie", "cookies", "我們使用 Cookie 讓您保持登入。"),
    ("4. 聯絡", "contact", "請寫信至 privacy@example.com。"),
]
# In-place edit of 2020.01.01 (no new version): the general section is reworded.
EN_V1_EDIT = [EN_V1[0][:2] + ("We collect your name and e-mail address.",)] + EN_V1[1:]
ZH_V1_EDIT = [ZH_V1[0][:2] + ("我們蒐集您的姓名及電子郵件地址。",)] + ZH_V1[1:]
# 2020.06.01: "and" -> "or" (一字: 及 -> 或), "share ... with" -> "sell ... to",
# cookies removed, retention added, contact unchanged.
EN_V2 = [
    ("1. General", "general", "We collect your name or e-mail address."),
    ("2. Sharing", "sharing", "We never sell your data to partners."),
    ("3. Retention", "retention", "We keep your data for one year."),
    ("4. Contact", "contact", "Write to privacy@example.com."),
]
ZH_V2 = [
    ("1. 總則", "general", "我們蒐集您的姓名或電子郵件地址。"),
    ("2. 分享", "sharing", "我們絕不向合作夥伴出售您的資料。"),
    ("3. 保存期間", "retention", "我們保存您的資料一年。"),
    ("4. 聯絡", "contact", "請寫信至 privacy@example.com。"),
]
# 2020.12.01: a new contact address.
EN_V3 = EN_V2[:3] + [("4. Contact", "contact", "Write to dpo@example.com.")]
ZH_V3 = ZH_V2[:3] + [("4. 聯絡", "contact", "請寫信至 dpo@example.com。")]

EN_INTRO, ZH_INTRO = "We respect your privacy.", "我們尊重您的隱私。"


def keep_ids(text: str) -> str:
    """A privacy text without the 'cookies' section keeps its published ID as an alias (issue 24)."""
    if "{#cookies}" in text or "{#retention}" not in text:
        return text
    return text.replace("\n---\n", "\naliases:\n  cookies: retention\n---\n", 1)


def write_privacy(repo: PolicyRepo, version: str, en: list, zh: list) -> None:
    repo.write("en", "privacy", keep_ids(policy_text("Privacy Policy", version, document(EN_INTRO, en))))
    repo.write("zh-TW", "privacy", keep_ids(policy_text("隱私權政策", version, document(ZH_INTRO, zh))))


def write_terms(repo: PolicyRepo, version: str) -> None:
    repo.write(
        "en",
        "terms",
        policy_text(
            "Terms of Use",
            version,
            document(
                "These terms govern your use of the platform.",
                [("1. Use", "use", "Use the platform lawfully.")],
            ),
        ),
    )
    repo.write(
        "zh-TW",
        "terms",
        policy_text(
            "使用條款",
            version,
            document("本條款規範您對本平台的使用。", [("1. 使用", "use", "請合法使用本平台。")]),
        ),
    )


def write_cookie_notice(repo: PolicyRepo, version: str) -> None:
    repo.write("en", "cookie-notice", policy_text("Cookie Notice", version, "We use one cookie."))
    repo.write("zh-TW", "cookie-notice", policy_text("Cookie 說明", version, "我們使用一個 Cookie。"))


def make_project(directory: Path) -> tuple[PolicyRepo, dict[str, str]]:
    repo = PolicyRepo.create(directory, copy_policies=False)
    commits = {}
    write_privacy(repo, V1, EN_V1, ZH_V1)
    write_cookie_notice(repo, V1)  # withdrawn in 2020.06.01
    commits["v1"] = repo.commit("Publish the privacy policy", "2020-01-01T09:00:00Z")
    write_privacy(repo, V1, EN_V1_EDIT, ZH_V1_EDIT)
    commits["edit"] = repo.commit(
        "Reword the general section (修正用字)",
        "2020-02-01T09:00:00Z",
        trailers={"Policy-Change": "editorial"},
    )
    repo.write_file("README.md", "# Policies\n")
    commits["readme"] = repo.commit("Add a README", "2020-03-01T09:00:00Z")
    write_privacy(repo, V2, EN_V2, ZH_V2)
    write_terms(repo, V2)
    repo.remove("en", "cookie-notice")
    repo.remove("zh-TW", "cookie-notice")
    commits["v2"] = repo.commit(
        "Privacy 2020.06.01; terms of use replace the cookie notice", "2020-05-15T09:00:00Z"
    )
    write_privacy(repo, V3, EN_V3, ZH_V3)
    commits["v3"] = repo.commit("Privacy 2020.12.01: new contact address", "2020-11-15T09:00:00Z")
    return repo, commits


def article(html: str) -> str:
    """The page's content (Material's <article>), without navigation, search or footer."""
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.DOTALL)
    assert match, "no <article> in the page"
    return match.group(1)


def plain(html: str) -> str:
    """Visible text of an HTML fragment (tags dropped, entities decoded)."""
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


def section(html: str, section_id: str) -> str:
    """The redline <section id=...> of ``section_id``."""
    match = re.search(rf'<section[^>]*\bid="{section_id}"[^>]*>(.*?)</section>', html, re.DOTALL)
    assert match, f"no redline section '{section_id}'"
    return match.group(0)


def links(html: str) -> list[str]:
    return [htmllib.unescape(href) for href in re.findall(r'href="([^"]*)"', html)]


def resolves_to(page_url: str, html: str, target: str) -> bool:
    """Some link of ``html`` (on the page at ``page_url``) points at the site path ``target``."""
    for href in links(html):
        path = urlsplit(urljoin("http://site.invalid" + page_url, href)).path
        if path == target or path == target + "index.html":
            return True
    return False


def assert_clean_failure(result) -> None:
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output, result.output


# ---------------------------------------------------------------- fixtures


class Built:
    """The project repository and the sites built from it."""

    def __init__(self, repo, commits, current, upcoming, dirty, dirty_bytes):
        self.repo, self.commits = repo, commits
        self.current, self.upcoming, self.dirty, self.dirty_bytes = current, upcoming, dirty, dirty_bytes


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Built:
    base = tmp_path_factory.mktemp("versions")
    repo, commits = make_project(base / "repo")
    current = repo.build(env={"SOURCE_DATE_EPOCH": epoch("2021-01-01")}, site=base / "site-current")
    assert current.ok, current.output
    upcoming = repo.build(env={"SOURCE_DATE_EPOCH": epoch("2020-11-01")}, site=base / "site-upcoming")
    assert upcoming.ok, upcoming.output
    # An uncommitted change in the working tree: an in-place edit of the
    # current version, in English only.
    edited = repo.read("en", "privacy").replace(
        "Write to dpo@example.com.", "Write to dpo@example.com (our officer)."
    )
    repo.write("en", "privacy", edited)
    dirty = repo.build(env={"SOURCE_DATE_EPOCH": epoch("2021-01-01")}, site=base / "site-dirty")
    assert dirty.ok, dirty.output
    repo.write("en", "privacy", repo.show("HEAD", "en/privacy.md").decode("utf-8"))  # back to HEAD
    return Built(repo, commits, current, upcoming, dirty, edited.encode("utf-8"))


@pytest.fixture(scope="module")
def site(project):
    return project.current


# ---------------------------------------------------------------- archive


@pytest.mark.parametrize("lang,prefix", [("en", ""), ("zh-TW", "zh-TW/")])
def test_every_version_has_an_archive_page_with_its_own_text(site, lang, prefix):
    share, sell, old_mail, new_mail = {
        "en": (
            "We never share your data with partners.",
            "We never sell your data to partners.",
            "Write to privacy@example.com.",
            "Write to dpo@example.com.",
        ),
        "zh-TW": (
            "我們絕不與合作夥伴分享您的資料。",
            "我們絕不向合作夥伴出售您的資料。",
            "請寫信至 privacy@example.com。",
            "請寫信至 dpo@example.com。",
        ),
    }[lang]
    expected = {
        V1: ({share, old_mail}, {sell, new_mail}),
        V2: ({sell, old_mail}, {share, new_mail}),
        V3: ({sell, new_mail}, {share, old_mail}),
    }
    for version, (present, absent) in expected.items():
        text = plain(article(site.page(f"{prefix}privacy/versions/{version}")))
        for phrase in present:
            assert phrase in text, (version, phrase, text)
        for phrase in absent:
            assert phrase not in text, (version, phrase, text)
    # A version's text is the last commit that carried it: the in-place edit.
    v1 = plain(article(site.page(f"{prefix}privacy/versions/{V1}")))
    assert {"en": "e-mail address", "zh-TW": "電子郵件地址"}[lang] in v1
    assert {"en": "name and email.", "zh-TW": "姓名與電子郵件。"}[lang] not in v1
    # Sections removed later are still in the archive, sections added later are not.
    assert {"en": "cookies to keep you signed in", "zh-TW": "讓您保持登入"}[lang] in v1
    assert {"en": "one year", "zh-TW": "資料一年"}[lang] not in v1
    v2 = plain(article(site.page(f"{prefix}privacy/versions/{V2}")))
    assert {"en": "one year", "zh-TW": "資料一年"}[lang] in v2
    assert {"en": "cookies to keep you signed in", "zh-TW": "讓您保持登入"}[lang] not in v2


@pytest.mark.parametrize("prefix", ["", "zh-TW/"])
def test_archive_pages_are_marked_and_link_to_the_current_text(site, prefix):
    for version in (V1, V2):
        url = f"/{prefix}privacy/versions/{version}/"
        content = article(site.page(url))
        assert "policy-notice--archived" in content
        assert resolves_to(url, content, f"/{prefix}privacy/")
    current = article(site.page(f"{prefix}privacy/versions/{V3}"))
    assert "policy-notice--archived" not in current


def test_current_page_shows_the_newest_version(site):
    assert "dpo@example.com" in plain(article(site.page("privacy")))
    assert "dpo@example.com" in plain(article(site.page("zh-TW/privacy")))
    assert "1 December 2020" in plain(article(site.page("privacy")))
    assert "2020 年 12 月 1 日" in plain(article(site.page("zh-TW/privacy")))


def test_versions_page_lists_every_version_newest_first_with_revisions(project, site):
    for prefix in ("", "zh-TW/"):
        url = f"/{prefix}privacy/versions/"
        content = article(site.page(url))
        positions = [content.index(f'id="v{v.replace(".", "-")}"') for v in (V3, V2, V1)]
        assert positions == sorted(positions), positions
        for version in (V1, V2, V3):
            assert resolves_to(url, content, f"/{prefix}privacy/versions/{version}/")
            assert resolves_to(url, content, f"/{prefix}privacy/changes/{version}/")
    # The in-place edit is one of the revisions of 2020.01.01.
    content = article(site.page("privacy/versions"))
    v1_block = content[content.index(f'id="v{V1.replace(".", "-")}"') :]
    assert project.commits["edit"][:7] in v1_block
    assert "Reword the general section (修正用字)" in v1_block
    assert project.commits["v1"][:7] in v1_block
    # The README commit touched no policy: it is no revision.
    assert project.commits["readme"][:7] not in content


def test_policy_added_later_has_its_pages(site):
    for prefix in ("", "zh-TW/"):
        assert site.exists(f"{prefix}terms")
        assert site.exists(f"{prefix}terms/versions")
        assert site.exists(f"{prefix}terms/versions/{V2}")
        assert site.exists(f"{prefix}terms/changes/{V2}")
        assert not site.exists(f"{prefix}terms/versions/{V1}")
    assert "使用條款" in site.page("zh-TW/terms/versions/2020.06.01")


def test_policy_removed_later_keeps_its_archive(site):
    for prefix in ("", "zh-TW/"):
        # Retired (issue 24): its address says since when, and links to its archive.
        retired = plain(article(site.page(f"{prefix}cookie-notice")))
        assert {"": "This policy was retired on", "zh-TW/": "本政策已於"}[prefix] in retired
        assert site.exists(f"{prefix}cookie-notice/versions")
        url = f"/{prefix}cookie-notice/versions/{V1}/"
        content = article(site.page(url))
        assert {"": "We use one cookie.", "zh-TW/": "我們使用一個 Cookie。"}[prefix] in plain(content)
        assert "policy-notice--archived" in content
    index = json.loads(site.page("versions.json"))
    notice = next(p for p in index["policies"] if p["id"] == "cookie-notice")
    assert notice["current"] is None and notice["retired"] is not None
    assert [(v["version"], v["status"]) for v in notice["versions"]] == [(V1, "archived")]
    home = article(site.page(""))
    assert home.index("Retired policies") < home.index("cookie-notice")  # listed apart


def test_changelog_lists_every_version_newest_first(site):
    for prefix in ("", "zh-TW/"):
        url = f"/{prefix}changelog/"
        content = article(site.page(url))
        targets = [
            f"/{prefix}privacy/versions/{V3}/",
            f"/{prefix}privacy/versions/{V2}/",
            f"/{prefix}privacy/versions/{V1}/",
        ]
        found = [urlsplit(urljoin("http://site.invalid" + url, href)).path for href in links(content)]
        order = [found.index(t) for t in targets]
        assert order == sorted(order), found
        assert f"/{prefix}terms/versions/{V2}/" in found


# ---------------------------------------------------------------- redlines


def test_english_redline_is_word_by_word(site):
    content = article(site.page(f"privacy/changes/{V2}"))
    sharing = marks(section(content, "sharing"))
    deleted = "".join(text for tag, text in sharing if tag == "del")
    inserted = "".join(text for tag, text in sharing if tag == "ins")
    assert "share" in deleted and "with" in deleted, sharing
    assert "sell" in inserted and "to" in inserted, sharing
    # Whole words: no "s" kept from share/sell, nothing but changed words marked.
    for _tag, text in sharing:
        for word in re.findall(r"\w+", text):
            assert word in {"share", "sell", "with", "to"}, sharing
    general = marks(section(content, "general"))
    assert [(tag, text.strip()) for tag, text in general] == [("del", "and"), ("ins", "or")]


def test_chinese_redline_is_character_by_character(site):
    content = article(site.page(f"zh-TW/privacy/changes/{V2}"))
    general = marks(section(content, "general"))
    assert general == [("del", "及"), ("ins", "或")], general
    sharing = marks(section(content, "sharing"))
    assert ("del", "與") in sharing and ("ins", "向") in sharing, sharing
    assert ("del", "分享") in sharing and ("ins", "出售") in sharing, sharing
    # Only the changed characters: the unchanged words around them are not marked.
    assert all("合作夥伴" not in text and "資料" not in text for _, text in sharing), sharing


@pytest.mark.parametrize(
    "prefix,removed,added",
    [
        ("", "We use cookies to keep you signed in.", "We keep your data for one year."),
        ("zh-TW/", "我們使用 Cookie 讓您保持登入。", "我們保存您的資料一年。"),
    ],
)
def test_redline_marks_added_removed_and_collapses_unchanged(site, prefix, removed, added):
    content = article(site.page(f"{prefix}privacy/changes/{V2}"))
    cookies = section(content, "cookies")
    assert "redline-section--removed" in cookies
    assert ("del", removed) in marks(cookies)
    retention = section(content, "retention")
    assert "redline-section--added" in retention
    assert ("ins", added) in marks(retention)
    # The unchanged contact section is collapsed inside <details>.
    collapsed = re.findall(r"<details[^>]*>.*?</details>", content, re.DOTALL)
    assert any('id="contact"' in block for block in collapsed), content
    assert not any('id="sharing"' in block or 'id="general"' in block for block in collapsed)
    assert "privacy@example.com" not in "".join(text for _, text in marks(content))


def test_redline_of_the_first_version_and_of_the_in_place_edit(site):
    first = article(site.page(f"privacy/changes/{V1}"))
    assert "We never share your data with partners." in plain(first)
    # 2020.12.01 against 2020.06.01: only the contact address changed.
    v3 = article(site.page(f"privacy/changes/{V3}"))
    assert [(t, x.strip()) for t, x in marks(v3)] == [("del", "privacy"), ("ins", "dpo")]


# ---------------------------------------------------------------- versions.json


def test_versions_json(project, site):
    index = json.loads(site.page("versions.json"))
    assert index["generated"] == "2021-01-01"
    policies = {p["id"]: p for p in index["policies"]}
    assert set(policies) == {"privacy", "terms", "cookie-notice"}
    privacy = policies["privacy"]
    assert privacy["title"] == {"en": "Privacy Policy", "zh-TW": "隱私權政策"}
    assert privacy["current"] == V3
    assert [v["version"] for v in privacy["versions"]] == [V3, V2, V1]
    assert [v["status"] for v in privacy["versions"]] == ["current", "archived", "archived"]
    expected_commit = {V1: project.commits["edit"], V2: project.commits["v2"], V3: project.commits["v3"]}
    for entry in privacy["versions"]:
        assert isinstance(entry["summary"], dict)
        assert set(entry["languages"]) == {"en", "zh-TW"}
        for lang, info in entry["languages"].items():
            assert HEX40.match(info["commit"]), info
            assert info["commit"] == expected_commit[entry["version"]]
            data = project.repo.show(info["commit"], f"{lang}/privacy.md")
            assert info["sha256"] == hashlib.sha256(data).hexdigest()
            prefix = "" if lang == "en" else "zh-TW/"
            # (absolute under site_url: versions.json is read away from the site)
            assert info["url"] == f"{SITE_URL}{prefix}privacy/versions/{entry['version']}/"
            assert site.exists(info["url"])
    v2 = next(v for v in privacy["versions"] if v["version"] == V2)
    assert v2["summary"]["added"] == 1 and v2["summary"]["removed"] == 1 and v2["summary"]["changed"] == 2
    terms = policies["terms"]
    assert [v["version"] for v in terms["versions"]] == [V2]
    assert terms["versions"][0]["languages"]["zh-TW"]["commit"] == project.commits["v2"]


def test_versions_json_marks_an_uncommitted_change(project):
    index = json.loads(project.dirty.page("versions.json"))
    privacy = next(p for p in index["policies"] if p["id"] == "privacy")
    current = privacy["versions"][0]
    assert current["version"] == V3
    assert current["languages"]["en"]["commit"] is None
    assert current["languages"]["en"]["sha256"] == hashlib.sha256(project.dirty_bytes).hexdigest()
    # Chinese was not touched: it is still the committed text.
    zh = current["languages"]["zh-TW"]
    assert zh["commit"] == project.commits["v3"]
    assert (
        zh["sha256"]
        == hashlib.sha256(project.repo.show(project.commits["v3"], "zh-TW/privacy.md")).hexdigest()
    )
    assert "(our officer)" in article(project.dirty.page("privacy"))


# ---------------------------------------------------------------- feeds


@pytest.mark.parametrize("prefix,lang", [("", "en"), ("zh-TW/", "zh-TW")])
def test_feeds_are_atom_with_one_entry_per_version(site, prefix, lang):
    root = ET.fromstring(site.path(f"{prefix}feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None and root.find(f"{ATOM}{tag}").text
    assert RFC3339.match(root.find(f"{ATOM}updated").text)
    entries = root.findall(f"{ATOM}entry")
    # privacy x 3, terms x 1, cookie notice x 1, and the editorial correction of privacy V1 (issue 24)
    assert len(entries) == 6
    ids = set()
    targets = set()
    for entry in entries:
        for tag in ("id", "title", "updated"):
            element = entry.find(f"{ATOM}{tag}")
            assert element is not None and element.text, tag
        assert RFC3339.match(entry.find(f"{ATOM}updated").text)
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href")
        ids.add(entry.find(f"{ATOM}id").text)
        targets.add(urlsplit(link.get("href")).path)
    assert len(ids) == 6
    assert targets == (
        {f"/{prefix}privacy/changes/{v}/" for v in (V1, V2, V3)}
        | {f"/{prefix}terms/changes/{V2}/", f"/{prefix}cookie-notice/changes/{V1}/"}
        | {f"/{prefix}privacy/changes/{V1}/correction-2/"}
    )
    for target in targets:
        assert site.exists(target)
    if lang == "zh-TW":
        assert any("隱私權政策" in entry.find(f"{ATOM}title").text for entry in entries)


# ---------------------------------------------------------------- upcoming


def test_upcoming_version_is_announced_not_current(project):
    site = project.upcoming
    for prefix, date in (("", "1 December 2020"), ("zh-TW/", "2020 年 12 月 1 日")):
        url = f"/{prefix}privacy/"
        content = article(site.page(url))
        text = plain(content)
        assert "privacy@example.com" in text and "dpo@example.com" not in text
        assert "policy-notice--upcoming" in content
        assert date in text
        assert resolves_to(url, content, f"/{prefix}privacy/versions/{V3}/")
        # The upcoming version is published and marked as such.
        assert "dpo@example.com" in plain(article(site.page(f"{prefix}privacy/versions/{V3}")))
    index = json.loads(site.page("versions.json"))
    privacy = next(p for p in index["policies"] if p["id"] == "privacy")
    assert privacy["current"] == V2
    assert [v["status"] for v in privacy["versions"]] == ["upcoming", "current", "archived"]


# ---------------------------------------------------------------- failures and edge cases


@pytest.fixture(scope="module")
def lagging_repo(project, tmp_path_factory) -> PolicyRepo:
    """English moved to 2021.03.01, Chinese stayed at 2020.12.01."""
    repo = PolicyRepo.clone(project.repo, tmp_path_factory.mktemp("lagging") / "repo")
    en = keep_ids(
        policy_text(
            "Privacy Policy",
            "2021.03.01",
            document(
                EN_INTRO, EN_V3[:3] + [("4. Contact", "contact", "Write to dpo@example.com or call us.")]
            ),
        )
    )
    repo.write("en", "privacy", en)
    repo.commit("Privacy 2021.03.01 in English", "2021-02-01T09:00:00Z")
    return repo


def test_lagging_translation_fails_a_strict_build_by_default(lagging_repo):
    result = lagging_repo.build(env={"SOURCE_DATE_EPOCH": epoch("2021-06-01")})
    assert_clean_failure(result)
    line = next((x for x in result.output.splitlines() if "history.lagging" in x), None)
    assert line is not None, result.output
    assert "zh-TW/privacy.md" in line and "2020.12.01" in line and "2021.03.01" in line


def test_lagging_translation_as_a_warning(lagging_repo, tmp_path_factory):
    repo = PolicyRepo.clone(lagging_repo, tmp_path_factory.mktemp("lagging-warning") / "repo")
    repo.set_extra("""
        extra:
          policies:
            lagging: warning
    """)
    repo.commit("Lagging translations are warnings", "2021-02-02T09:00:00Z")
    result = repo.build(strict=False, env={"SOURCE_DATE_EPOCH": epoch("2021-06-01")})
    assert result.ok, result.output
    assert re.search(r"WARNING.*zh-TW/privacy\.md.*2020\.12\.01.*2021\.03\.01", result.output), result.output
    # The Chinese page says it lags, in Chinese, and links to the current English text.
    url = "/zh-TW/privacy/"
    content = article(result.page(url))
    assert "policy-notice--lagging" in content
    assert "尚未翻譯" in plain(content)
    assert resolves_to(url, content, "/privacy/")
    assert "dpo@example.com。" in plain(content)  # still the 2020.12.01 translation
    # English is current.
    assert "or call us" in plain(article(result.page("privacy")))
    # The new version has no Chinese text: its page says so and links to the English one.
    url = "/zh-TW/privacy/versions/2021.03.01/"
    content = article(result.page(url))
    assert "沒有繁體中文條文" in plain(content)
    assert resolves_to(url, content, "/privacy/versions/2021.03.01/")


def test_lagging_translation_with_new_sections_as_a_warning(project, tmp_path_factory):
    """The usual case: the new English version adds a section the old translation
    cannot have.  The translation is compared with the English text of its own
    version, so only the lag is reported (a warning here), not missing sections."""
    repo = PolicyRepo.clone(project.repo, tmp_path_factory.mktemp("lagging-sections") / "repo")
    repo.set_extra("""
        extra:
          policies:
            lagging: warning
    """)
    repo.write(
        "en",
        "privacy",
        keep_ids(
            policy_text(
                "Privacy Policy",
                "2021.03.01",
                document(
                    EN_INTRO, EN_V3 + [("5. Children", "children", "We do not collect data from children.")]
                ),
            )
        ),
    )
    repo.commit("Privacy 2021.03.01 in English: a section on children", "2021-02-01T09:00:00Z")
    result = repo.build(strict=False, env={"SOURCE_DATE_EPOCH": epoch("2021-06-01")})
    assert result.ok, result.output
    assert "history.lagging" in result.output
    assert "parity." not in result.output, result.output
    assert "policy-notice--lagging" in article(result.page("zh-TW/privacy"))
    assert "We do not collect data from children." in plain(article(result.page("privacy")))


def test_backwards_version_date_fails_naming_both_commits(project, tmp_path_factory):
    repo = PolicyRepo.clone(project.repo, tmp_path_factory.mktemp("backwards") / "repo")
    repo.set_version("privacy", "2020.10.01")
    bad = repo.commit("Back-date the privacy policy", "2021-01-05T09:00:00Z")
    result = repo.build(env={"SOURCE_DATE_EPOCH": epoch("2021-06-01")})
    assert_clean_failure(result)
    line = next((x for x in result.output.splitlines() if "history.backwards" in x), None)
    assert line is not None, result.output
    assert bad[:7] in line and project.commits["v3"][:7] in line, line
    assert "2020.10.01" in line and "2020.12.01" in line


def test_shallow_clone_fails_with_advice(project, tmp_path_factory):
    repo = PolicyRepo.clone(project.repo, tmp_path_factory.mktemp("shallow") / "repo", "--depth", "1")
    assert repo.git("rev-parse", "--is-shallow-repository").strip() == "true"
    result = repo.build(env={"SOURCE_DATE_EPOCH": epoch("2021-06-01")})
    assert_clean_failure(result)
    assert "shallow" in result.output
    assert "git fetch --unshallow" in result.output
    assert not result.exists("privacy/versions/2020.12.01")


def test_not_a_git_repository_builds_the_current_version_with_a_warning(tmp_path_factory):
    repo = PolicyRepo.create(tmp_path_factory.mktemp("nogit") / "site-src", copy_policies=False, init=False)
    write_privacy(repo, V2, EN_V2, ZH_V2)
    # Also: a policy whose only version is upcoming gets a page announcing it.
    write_terms(repo, "2030.01.01")
    result = repo.build(strict=False, env={"SOURCE_DATE_EPOCH": epoch("2021-06-01")})
    assert result.ok, result.output
    assert re.search(r"WARNING.*not a git repository", result.output), result.output
    assert "We never sell your data to partners." in plain(article(result.page("privacy")))
    assert result.exists(f"privacy/versions/{V2}") and result.exists(f"zh-TW/privacy/versions/{V2}")
    index = json.loads(result.page("versions.json"))
    versions = index["policies"][0]["versions"]
    assert [v["version"] for v in versions] == [V2]
    assert versions[0]["languages"]["en"]["commit"] is None
    for prefix, date in (("", "1 January 2030"), ("zh-TW/", "2030 年 1 月 1 日")):
        url = f"/{prefix}terms/"
        content = article(result.page(url))
        assert "policy-notice--upcoming" in content and date in plain(content)
        assert resolves_to(url, content, f"/{prefix}terms/versions/2030.01.01/")
        assert "Use the platform lawfully." not in plain(content)


def test_lagging_pages_are_rendered(lagging_repo):
    """The pages of a lagging translation, from the model (independent of the build's checks)."""
    corpus = model.load_tree(lagging_repo.root)
    found = history.read(lagging_repo.root, corpus, dt.date(2021, 6, 1))
    staged = pages.render_site(pages.Site(corpus, found, pages.Redlines(), "Site"), {}).files
    current = staged["zh-TW/privacy.md"].decode()
    assert "policy-notice--lagging" in current and "尚未翻譯" in current
    assert 'href="../../privacy/"' in current
    assert "請寫信至 dpo@example.com。" in current
    missing = staged["zh-TW/privacy/versions/2021.03.01.md"].decode()
    # No Chinese text is no error (issue 14): a neutral notice links to the English text
    # of this version and to the newest translated version.
    assert "policy-notice--untranslated" in missing and "沒有繁體中文條文" in missing
    assert "policy-notice--missing" not in missing
    assert 'href="../../../../privacy/versions/2021.03.01/"' in missing
    assert 'href="../2020.12.01/"' in missing
    assert "隱私權政策" in missing.split("---")[1]  # the Chinese title, not the English one
    index = json.loads(staged["en/versions.json"])
    privacy = index["policies"][[p["id"] for p in index["policies"]].index("privacy")]
    assert privacy["title"] == {"en": "Privacy Policy", "zh-TW": "隱私權政策"}
    newest = privacy["versions"][0]
    assert newest["version"] == "2021.03.01" and set(newest["languages"]) == {"en"}
    assert (
        "隱私權政策"
        in staged["zh-TW/privacy/versions/index.md"]
        .decode()
        .split("---")[1]
        .split("title:", 1)[1]
        .split("\n", 1)[0]
    )
