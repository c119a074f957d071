"""Issue 9: adopting a real repository.

Messy histories publish once their findings are reviewed into the baseline;
English-only policies publish with a pending translation; severities follow
MkDocs (errors fail every build, warnings strict builds); ``policy check`` and
the build report the same findings; IDs can be added to an old repository and
old versions are matched to them; upcoming versions take effect at midnight in
the site's time zone.  Everything runs on real git repositories with the real
``mkdocs build`` and ``policy`` command.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from gitrepo import PolicyRepo, policy_text
from histories import epoch

EN_BODY = """\
We respect your privacy.

## 1. General {{#general}}

We collect your name and email.{extra}

## 2. Sharing {{#sharing}}

We never share your data with partners.
"""
ZH_BODY = """\
我們尊重您的隱私。

## 1. 總則 {{#general}}

我們蒐集您的姓名與電子郵件。{extra}

## 2. 分享 {{#sharing}}

我們絕不與合作夥伴分享您的資料。
"""


def write(
    repo: PolicyRepo, version: str, en_extra: str = "", zh_extra: str = "", langs=("en", "zh-TW")
) -> None:
    if "en" in langs:
        repo.write("en", "privacy", policy_text("Privacy Policy", version, EN_BODY.format(extra=en_extra)))
    if "zh-TW" in langs:
        repo.write("zh-TW", "privacy", policy_text("隱私權政策", version, ZH_BODY.format(extra=zh_extra)))


def findings(output: str) -> set[tuple[str, str, str, str]]:
    """``(file, line, severity, code)`` of every finding printed in ``output``."""
    pattern = r"(\S+\.(?:md|yml)):(\d+): (error|warning|info): \[([\w.-]+)\]"
    return set(re.findall(pattern, output))


def backwards_repo(directory) -> tuple[PolicyRepo, dict[str, str]]:
    """2020.01.01, 2021.01.01, then a merge lands a branch's 2020.06.01 (a date that goes backwards)."""
    repo = PolicyRepo.create(directory, copy_policies=False)
    commits = {}
    write(repo, "2020.01.01")
    commits["v1"] = repo.commit("Privacy 2020.01.01", "2020-01-01T10:00:00Z")
    repo.git("branch", "regional")
    write(repo, "2021.01.01", " We also collect your address.", "我們也蒐集您的地址。")
    commits["v2"] = repo.commit("Privacy 2021.01.01", "2020-12-20T10:00:00Z")
    repo.git("checkout", "-q", "regional")
    write(repo, "2020.06.01", " We also collect your phone number.", "我們也蒐集您的電話號碼。")
    commits["regional"] = repo.commit("Privacy 2020.06.01 (regional)", "2020-05-20T10:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git(
        "merge",
        "-q",
        "-X",
        "theirs",
        "--no-edit",
        "regional",
        env={"GIT_AUTHOR_DATE": "2021-02-01T10:00:00Z", "GIT_COMMITTER_DATE": "2021-02-01T10:00:00Z"},
    )
    commits["merge"] = repo.head()
    return repo, commits


# ---------------------------------------------------------------- the baseline


def test_a_backwards_date_in_history_fails_until_the_baseline_acknowledges_it(tmp_path):
    repo, commits = backwards_repo(tmp_path / "repo")
    env = {"SOURCE_DATE_EPOCH": epoch("2021-06-01")}
    before = repo.build(strict=True, env=env)
    assert not before.ok and "[history.backwards]" in before.output
    assert repo.policy("check", env=env).returncode == 1

    run = repo.policy("baseline", env=env)
    assert run.returncode == 0, run.output
    assert "2 findings about existing history and files acknowledged (2 new, 0 removed)" in run.stdout
    data = yaml.safe_load((repo.root / "policy-baseline.yml").read_text(encoding="utf-8"))
    entries = data["acknowledged"]
    assert [(e["code"], e["file"], e["commit"]) for e in entries] == [
        ("history.backwards", "en/privacy.md", commits["merge"]),
        ("history.backwards", "zh-TW/privacy.md", commits["merge"]),
    ]
    repo.commit("Acknowledge the regional merge")

    check = repo.policy("check", "--strict", env=env)
    assert check.returncode == 0, check.output
    assert "(acknowledged in the baseline)" in check.stdout and "2 acknowledged" in check.stdout
    after = repo.build(strict=True, env=env)
    assert after.ok, after.output
    assert findings(check.stdout) == findings(after.output)

    # The backwards-dated version was published: it is listed and its text is reachable.
    versions = after.page("privacy/versions")
    assert 'href="2020.06.01/"' in versions and "history.backwards" in versions
    assert "phone number" in after.page("privacy/versions/2020.06.01")
    assert "acknowledged in the repository" in after.page("privacy/versions/2020.06.01")
    assert "已列入儲存庫經審閱的基準清單" in after.page("zh-TW/privacy/versions/2020.06.01")
    # Publication order: the merge made 2020.06.01 the current text (HEAD's), after 2021.01.01.
    index = json.loads(after.page("versions.json"))
    privacy = index["policies"][0]
    assert [v["version"] for v in privacy["versions"]] == ["2020.06.01", "2021.01.01", "2020.01.01"]
    assert privacy["current"] == "2020.06.01"
    (finding,) = [f for f in privacy["versions"][0]["findings"] if f["file"] == "en/privacy.md"]
    assert finding["acknowledged"] and finding["commit"] == commits["merge"]

    # A new backwards date after the baseline still fails.
    write(repo, "2020.03.01")
    repo.commit("Privacy 2020.03.01", "2021-03-01T10:00:00Z")
    again = repo.build(strict=True, env=env)
    assert not again.ok and "[history.backwards] version 2020.03.01" in again.output
    assert repo.policy("check", env=env).returncode == 1


def test_a_stale_baseline_entry_is_a_warning(tmp_path):
    repo = PolicyRepo.create(tmp_path / "repo", commit="The project as it stands")
    repo.write_file(
        "policy-baseline.yml",
        "acknowledged:\n  - code: history.backwards\n    file: en/privacy.md\n"
        "    commit: 0123456789abcdef0123456789abcdef01234567\n    message: gone\n",
    )
    run = repo.policy("check")
    assert run.returncode == 0
    assert "policy-baseline.yml:2: warning: [baseline.stale]" in run.stdout
    assert repo.policy("check", "--strict").returncode == 1
    repo.write_file("policy-baseline.yml", "acknowledged: [unclosed\n")
    run = repo.policy("check")
    assert run.returncode == 1 and re.search(
        r"policy-baseline\.yml:\d+: error: \[baseline\.invalid\]", run.stdout
    )


# ---------------------------------------------------------------- English-only policies


def test_an_english_only_policy_publishes_with_a_pending_translation(tmp_path):
    repo = PolicyRepo.create(tmp_path / "repo", commit="The project as it stands")
    repo.write(
        "en",
        "terms",
        policy_text(
            "Terms of Use",
            "2020.01.01",
            "These terms govern the platform.\n\n## 1. Use {#use}\n\nUse the platform lawfully.",
        ),
    )
    repo.commit("Terms of use, in English first", "2020-01-01T10:00:00Z")
    strict = repo.build(strict=True)
    assert not strict.ok and "zh-TW/terms.md:1: warning: [translation.pending]" in strict.output
    assert repo.policy("check", "--strict").returncode == 1
    build = repo.build(strict=False)
    assert build.ok, build.output
    assert repo.policy("check").returncode == 0
    page = build.page("zh-TW/terms")
    assert "本政策的繁體中文譯本尚在準備中" in page
    assert '<div class="policy-untranslated" lang="en">' in page and "Use the platform lawfully." in page
    assert 'id="use"' in page  # the English section anchors work on the Chinese page
    # The switcher on the English page leads to it, the home page lists it, versions.json says so.
    english = build.page("terms")
    assert re.search(r'<a href="(\.\./)?zh-TW/terms/[^"]*" hreflang="zh-TW"', english), english[:3000]
    assert "Terms of Use</a>（僅有英文版）" in build.page("zh-TW")
    index = json.loads(build.page("versions.json"))
    terms = next(p for p in index["policies"] if p["id"] == "terms")
    assert terms["translations"]["zh-TW"]["state"] == "pending"
    assert build.exists("zh-TW/terms/versions") and build.exists("zh-TW/terms/bilingual")
    # The choice is the team's: 'info' never fails, 'error' always does.
    repo.set_extra("extra:\n  policies:\n    untranslated: info\n")
    assert repo.build(strict=True).ok and repo.policy("check", "--strict").returncode == 0
    repo.set_extra("extra:\n  policies:\n    untranslated: error\n")
    assert not repo.build(strict=False).ok and repo.policy("check").returncode == 1


# ---------------------------------------------------------------- one set of rules


@pytest.mark.parametrize("kind", ["lagging", "backwards", "broken"])
def test_check_and_build_report_the_same_findings(tmp_path, kind):
    env = {"SOURCE_DATE_EPOCH": epoch("2021-06-01")}
    if kind == "backwards":
        repo, _ = backwards_repo(tmp_path / "repo")
    else:
        repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
        write(repo, "2020.01.01")
        repo.commit("Privacy 2020.01.01", "2020-01-01T10:00:00Z")
        if kind == "lagging":
            write(repo, "2021.01.01", " We also collect your address.", langs=("en",))
        else:
            write(repo, "2020.01.01", zh_extra="<img src=x onerror=alert(1)>")
            repo.write("zh-TW", "privacy", repo.read("zh-TW").replace("{#sharing}", "{#share}"))
        repo.commit("Change", "2021-01-01T10:00:00Z")
    for strict in (False, True):
        check = repo.policy("check", *(["--strict"] if strict else []), env=env)
        build = repo.build(strict=strict, env=env)
        assert findings(check.stdout) == findings(build.output), (check.stdout, build.output)
        assert findings(check.stdout)
        assert (check.returncode == 0) == build.ok, (check.output, build.output)


# ---------------------------------------------------------------- IDs added later


def test_ids_added_later_redline_the_one_changed_sentence(tmp_path):
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    no_ids = lambda body: re.sub(r" \{#[a-z-]+\}", "", body)  # noqa: E731
    for version, extra in (("2020.01.01", ""), ("2020.06.01", " We keep it safe.")):
        repo.write(
            "en", "privacy", policy_text("Privacy Policy", version, no_ids(EN_BODY.format(extra=extra)))
        )
        repo.write(
            "zh-TW", "privacy", policy_text("隱私權政策", version, no_ids(ZH_BODY.format(extra=extra)))
        )
        repo.commit(f"Privacy {version} (headings without IDs)", f"{version.replace('.', '-')}T10:00:00Z")
    # IDs added together with one changed sentence.
    write(repo, "2021.01.01", " We keep it safe and encrypted.", " 我們妥善保護並加密。")
    repo.commit("Privacy 2021.01.01: IDs, and encryption", "2021-01-01T10:00:00Z")
    build = repo.build(strict=True, env={"SOURCE_DATE_EPOCH": epoch("2021-06-01")})
    assert build.ok, build.output
    redline = build.page("privacy/changes/2021.01.01")
    assert "0 added, 0 removed, 1 changed" in redline, redline
    assert re.search(r"<ins>.*encrypted.*</ins>", redline, re.S)
    section = redline[redline.index('id="general"') :]
    assert "<del>" not in section.split("</section>")[0] or "safe" not in re.findall(
        r"<del>(.*?)</del>", section
    )
    versions = json.loads(build.page("versions.json"))["policies"][0]["versions"]
    assert versions[0]["summary"] == {"first": False, "added": 0, "removed": 0, "changed": 1, "moved": 0}


def test_policy_ids_write_adds_the_same_ids_in_every_language_and_never_changes_one(project_copy):
    no_ids = {}
    for lang in ("en", "zh-TW"):
        text = project_copy.read(lang)
        text = text.replace(" {#general}", "").replace(" {#data-security}", "")
        no_ids[lang] = text
        project_copy.write(lang, "privacy", text)
    listing = project_copy.policy("ids")
    assert listing.returncode == 1
    assert "en/privacy.md:10: heading '1. General' has no section ID" in listing.stdout, listing.stdout
    assert "zh-TW/privacy.md:81: heading '6. 資料安全' has no section ID" in listing.stdout
    written = project_copy.policy("ids", "--write")
    assert written.returncode == 0, written.output
    assert "{#general}" in project_copy.read("en") and "{#general}" in project_copy.read("zh-TW")
    assert "## 6. data security {#data-security}" in project_copy.read("en")
    assert "## 6. 資料安全 {#data-security}" in project_copy.read("zh-TW")
    assert project_copy.policy("check", "--strict").returncode == 0
    assert project_copy.policy("ids").returncode == 0
    # Existing IDs are kept, even a Chinese one that differs from what the slug would be.
    zh = project_copy.read("zh-TW").replace("## 6. 資料安全 {#data-security}", "## 6. 資料安全")
    project_copy.write("zh-TW", "privacy", zh)
    en = project_copy.read("en").replace("{#data-security}", "{#security}")
    project_copy.write("en", "privacy", en)
    assert project_copy.policy("ids", "--write").returncode == 0
    assert "## 6. 資料安全 {#security}" in project_copy.read("zh-TW")
    assert "{#security}" in project_copy.read("en")


def test_policy_ids_refuses_when_the_outlines_differ(project_copy):
    zh = project_copy.read("zh-TW").replace("## 6. 資料安全 {#data-security}", "### 6. 資料安全")
    project_copy.write("zh-TW", "privacy", zh)
    before = project_copy.read("zh-TW")
    run = project_copy.policy("ids", "--write")
    assert run.returncode == 2 and "Traceback" not in run.output
    assert (
        "zh-TW/privacy.md:81: heading 6 ('6. 資料安全') is level 3 but level 2 in en/privacy.md:81"
        in run.stdout
    )
    assert project_copy.read("zh-TW") == before


# ---------------------------------------------------------------- time zone


@pytest.mark.parametrize(
    "now,status", [("2029-12-31T16:30:00", "current"), ("2029-12-31T15:30:00", "upcoming")]
)
def test_an_upcoming_version_takes_effect_at_midnight_in_the_sites_time_zone(tmp_path, now, status):
    import datetime as dt

    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    write(repo, "2020.01.01")
    repo.commit("Privacy 2020.01.01", "2020-01-01T10:00:00Z")
    write(repo, "2030.01.01", " We also collect your address.", "我們也蒐集您的地址。")
    repo.commit("Privacy 2030.01.01", "2029-12-01T10:00:00Z")
    repo.set_extra("extra:\n  policies:\n    timezone: Asia/Taipei\n")
    seconds = int(dt.datetime.fromisoformat(now).replace(tzinfo=dt.UTC).timestamp())
    run = repo.policy("versions", "--format", "json", env={"SOURCE_DATE_EPOCH": str(seconds)})
    versions = json.loads(run.stdout)["policies"][0]["versions"]
    assert versions[0]["version"] == "2030.01.01" and versions[0]["status"] == status
    build = repo.build(strict=True, env={"SOURCE_DATE_EPOCH": str(seconds)})
    assert build.ok, build.output
    assert ("also collect your address" in build.page("privacy")) == (status == "current")


# ---------------------------------------------------------------- a messy history publishes


def test_a_messy_history_publishes_strictly_after_the_baseline(tmp_path):
    repo, _ = backwards_repo(tmp_path / "repo")
    # IDs were missing in an early commit of the terms; BOM and CRLF in old commits.
    terms_en = policy_text(
        "Terms of Use", "2020.01.01", "These terms govern the platform.\n\n## 1. Use\n\nUse it."
    )
    terms_zh = policy_text("使用條款", "2020.01.01", "本條款規範本平台。\n\n## 1. 使用\n\n請合法使用。")
    repo.write("en", "terms", b"\xef\xbb\xbf" + terms_en.replace("\n", "\r\n").encode())
    repo.write("zh-TW", "terms", terms_zh.replace("\n", "\r\n").encode())
    repo.commit("Terms (Windows editor)", "2021-02-10T10:00:00Z")
    # The Chinese translation is withdrawn, then restored.
    repo.remove("zh-TW", "terms")
    repo.commit("Withdraw the Chinese terms for review", "2021-02-20T10:00:00Z")
    repo.write(
        "en", "terms", terms_en.replace("## 1. Use", "## 1. Use {#use}").replace("2020.01.01", "2021.03.01")
    )
    repo.write(
        "zh-TW",
        "terms",
        terms_zh.replace("## 1. 使用", "## 1. 使用 {#use}").replace("2020.01.01", "2021.03.01"),
    )
    repo.commit("Terms 2021.03.01: IDs, Chinese restored", "2021-03-01T10:00:00Z")
    # A policy that is deleted later.
    repo.write(
        "en",
        "cookies",
        policy_text("Cookies", "2021.03.01", "We use cookies.\n\n## 1. Which {#which}\n\nFew."),
    )
    repo.write(
        "zh-TW",
        "cookies",
        policy_text("Cookie", "2021.03.01", "我們使用 Cookie。\n\n## 1. 哪些 {#which}\n\n很少。"),
    )
    repo.commit("Cookies policy", "2021-03-02T10:00:00Z")
    repo.remove("en", "cookies")
    repo.remove("zh-TW", "cookies")
    repo.commit("Drop the cookies policy", "2021-03-05T10:00:00Z")
    # A revert restores an older date.
    write(repo, "2021.04.01", " We also collect your address.", "我們也蒐集您的地址。")
    repo.commit("Privacy 2021.04.01", "2021-04-01T10:00:00Z")
    repo.git(
        "revert",
        "--no-edit",
        "HEAD",
        env={"GIT_AUTHOR_DATE": "2021-04-02T10:00:00Z", "GIT_COMMITTER_DATE": "2021-04-02T10:00:00Z"},
    )
    env = {"SOURCE_DATE_EPOCH": epoch("2021-06-01")}
    assert not repo.build(strict=True, env=env).ok
    assert repo.policy("baseline", env=env).returncode == 0
    repo.commit("Baseline of the adopted history")
    build = repo.build(strict=True, env=env)
    assert build.ok, build.output
    assert build.exists("cookies/versions/2021.03.01")
    assert "This policy was retired on 5 March 2021" in build.page("cookies")  # its address stays
    assert "Use it." in build.page("terms/versions/2020.01.01")
    index = json.loads(build.page("versions.json"))
    privacy = next(p for p in index["policies"] if p["id"] == "privacy")
    # The revert withdrew 2021.04.01 (issue 24: no finding) and brought the regional text back;
    # versions stay in the order they were first published.
    assert privacy["current"] == "2020.06.01"
    withdrawn = privacy["versions"][0]
    assert (withdrawn["version"], withdrawn["status"]) == ("2021.04.01", "withdrawn")
    assert withdrawn["withdrawn"]["date"] == "2021-04-02"
    assert withdrawn["withdrawn"]["restored"] == "2020.06.01"
    assert privacy["versions"][1]["version"] == "2020.06.01"
    terms = next(p for p in index["policies"] if p["id"] == "terms")
    assert terms["versions"][0]["summary"]["changed"] <= 2 and terms["versions"][0]["summary"]["added"] == 0


# ---------------------------------------------------------------- the baseline covers the files too


def test_the_baseline_acknowledges_findings_about_the_current_files(tmp_path):
    """Issue 25, item 6: a translation that lacks two links at adoption is acknowledged; a new
    missing link still fails; fixing one makes its entry stale."""
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    en = "We respect your privacy.\n\n## 1. General {#general}\n\nSee [one](https://one.example/) and "
    en += "[two](https://two.example/) and [three](https://three.example/)."
    repo.write("en", "privacy", policy_text("Privacy Policy", "2020.01.01", en))
    zh = "我們尊重您的隱私。\n\n## 1. 總則 {#general}\n\n請見 [三](https://three.example/)。"
    repo.write("zh-TW", "privacy", policy_text("隱私權政策", "2020.01.01", zh))
    repo.commit("Adopted as it is", "2020-01-01T02:00:00Z")
    env = {"SOURCE_DATE_EPOCH": epoch("2020-06-01")}
    assert not repo.build(strict=True, env=env).ok
    assert repo.policy("baseline", env=env).returncode == 0
    data = yaml.safe_load((repo.root / "policy-baseline.yml").read_text(encoding="utf-8"))
    assert {(e["code"], e["file"], e.get("section")) for e in data["acknowledged"]} == {
        ("parity.links", "zh-TW/privacy.md", "general")
    } and "commit" not in data["acknowledged"][0]
    repo.commit("Baseline of the adopted files")
    built = repo.build(strict=True, env=env)
    assert built.ok, built.output
    check = repo.policy("check", "--strict", env=env)
    assert check.returncode == 0 and "(acknowledged in the baseline)" in check.output
    # A new missing link is new: it fails.
    repo.write(
        "en",
        "privacy",
        repo.read("en").replace("three.example/).", "three.example/) [four](https://four.example/)."),
    )
    assert repo.policy("check", "--strict", env=env).returncode == 1
    # Fixing the acknowledged finding makes its entry stale (a warning).
    repo.write(
        "zh-TW",
        "privacy",
        policy_text(
            "隱私權政策",
            "2020.01.01",
            zh.replace(
                "[三](https://three.example/)",
                "[一](https://one.example/) [二](https://two.example/) [三](https://three.example/) [四](https://four.example/)",
            ),
        ),
    )
    fixed = repo.policy("check", "--strict", env=env)
    assert "[baseline.stale]" in fixed.output and fixed.returncode == 1
