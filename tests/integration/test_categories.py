"""Issue 25, item 1: policies in category folders.

``en/<category>/<policy>.md`` (any depth, the same path in every language) is a policy at
``/<category>/<policy>/``; the category's title comes from ``<lang>/<category>/_category.yml``
and heads its section in the navigation and on the home page; a file in a language folder that
is no policy is reported, never ignored silently; a name the site's own pages use is refused.
Real git repositories, real ``policy`` and ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
import re

from gitrepo import PolicyRepo, policy_text

EN = """\
Rules for access.

## 1. Accounts {#accounts}

Every account has one owner. See [passwords](#passwords).

## 2. Passwords {#passwords}

Passwords are long{extra}.
"""
ZH = """\
存取規則。

## 1. 帳號 {#accounts}

每個帳號只有一位擁有者。請見[密碼](#passwords)。

## 2. 密碼 {#passwords}

密碼須夠長{extra}。
"""


def write(repo: PolicyRepo, policy: str, version: str, en_title: str, zh_title: str, extra: str = "") -> None:
    repo.write("en", policy, policy_text(en_title, version, EN.replace("{extra}", extra)))
    repo.write("zh-TW", policy, policy_text(zh_title, version, ZH.replace("{extra}", extra)))


def categorised(tmp_path) -> PolicyRepo:
    repo = PolicyRepo.create(tmp_path, copy_policies=False)
    write(repo, "terms", "2020.01.01", "Terms", "條款")
    write(repo, "security/access", "2020.01.01", "Access Policy", "存取政策")
    write(repo, "security/network/firewalls", "2020.01.01", "Firewall Policy", "防火牆政策")
    repo.write_file("en/security/_category.yml", "title: Security\n")
    repo.write_file("zh-TW/security/_category.yml", "title: 資訊安全\n")
    repo.write_file("en/security/network/_category.yml", "title: Network\n")
    repo.write_file("zh-TW/security/network/_category.yml", "title: 網路\n")
    repo.commit("Three policies, two in category folders", date="2020-01-01T12:00:00Z")
    write(repo, "security/access", "2021.01.01", "Access Policy", "存取政策", extra=" and secret")
    repo.commit("Access policy: a new version", date="2021-01-01T12:00:00Z")
    return repo


def nav_titles(html: str) -> list[str]:
    return [
        " ".join(title.split())
        for title in re.findall(
            r'class="md-nav__link[^"]*"[^>]*>\s*(?:<span class="md-ellipsis">)?([^<]+)',
            html,
        )
    ]


def test_policies_in_category_folders_publish_with_their_history_and_categories(tmp_path):
    repo = categorised(tmp_path)
    result = repo.build()
    assert result.ok, result.output
    for url in (
        "security/access",
        "security/access/versions/2020.01.01",
        "security/access/versions/2021.01.01",
        "security/access/changes/2021.01.01",
        "security/network/firewalls",
        "zh-TW/security/network/firewalls/versions/2020.01.01",
        "terms",
    ):
        assert result.exists(url), url
    redline = result.page("security/access/changes/2021.01.01")
    assert "secret" in redline
    index = json.loads(result.path("versions.json").read_text(encoding="utf-8"))
    ids = {policy["id"]: [v["version"] for v in policy["versions"]] for policy in index["policies"]}
    assert ids["security/access"] == ["2021.01.01", "2020.01.01"]
    assert ids["security/network/firewalls"] == ["2020.01.01"]
    # The navigation and the home page group the policies under their categories' titles.
    english, chinese = result.page(""), result.page("zh-TW")
    titles = nav_titles(english)
    assert titles.index("Security") < titles.index("Access Policy") < titles.index("Network")
    assert titles.index("Network") < titles.index("Firewall Policy")
    assert "資訊安全" in nav_titles(chinese) and "網路" in nav_titles(chinese)
    home = english[english.index('class="policy-list"') - 200 :]
    assert re.search(r"<h3>Security</h3>\s*<ul", home) and re.search(r"<h3>Security › Network</h3>", home)
    assert "<h3>資訊安全</h3>" in chinese
    assert 'href="security/access/"' in home


def test_policy_commands_take_category_names(tmp_path):
    repo = categorised(tmp_path)
    listing = repo.policy("versions", "security/access")
    assert listing.returncode == 0, listing.stderr
    assert "2020.01.01" in listing.stdout and "2021.01.01" in listing.stdout
    diff = repo.policy("diff", "security/access", "2020.01.01", "2021.01.01")
    assert diff.returncode == 0, diff.stderr
    assert "secret" in diff.stdout
    check = repo.policy("check", "--strict")
    assert check.returncode == 0, check.output


def test_a_file_that_is_no_policy_is_reported_and_a_reserved_name_refused(tmp_path):
    repo = categorised(tmp_path)
    repo.write_file("en/security/notes.txt", "draft\n")
    repo.write_file("en/.gitkeep", "")
    write(repo, "security/versions", "2020.01.01", "Versions", "版本")
    write(repo, "changelog", "2020.01.01", "Changelog", "變更")
    repo.write_file("zh-TW/security/network/_category.yml", "title: [unclosed\n")
    check = repo.policy("check")
    assert check.returncode == 1, check.output
    out = check.output
    assert "en/security/notes.txt:1: warning: [source.ignored]" in out
    assert ".gitkeep" not in out
    assert re.search(r"en/security/versions\.md:1: error: \[source\.name\].*'versions' is the address", out)
    assert re.search(r"en/changelog\.md:1: error: \[source\.name\].*'changelog' is the address", out)
    invalid = r"zh-TW/security/network/_category\.yml:\d+: error: \[category\.invalid\] cannot read"
    assert re.search(invalid, out)
    build = repo.build(strict=False)
    assert not build.ok
    assert "source.name" in build.output


def test_a_category_without_a_title_file_is_named_by_its_folder_and_its_translation_by_english(tmp_path):
    repo = categorised(tmp_path)
    (repo.root / "zh-TW/security/_category.yml").unlink()
    write(repo, "hr/leave", "2020.01.01", "Leave Policy", "休假政策")
    repo.commit("No titles for two categories", date="2021-02-01T12:00:00Z")
    result = repo.build()
    assert result.ok, result.output
    assert "Security" in nav_titles(result.page("zh-TW"))  # the English title stands in
    assert "hr" in nav_titles(result.page(""))
