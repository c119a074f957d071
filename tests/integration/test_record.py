"""Issue 24: the published record never lies.

Each operation a legal team performs, on a real git history, built with ``mkdocs build --strict``:
a version published by mistake and reverted (withdrawn, the earlier version in force again), an
editorial correction (every wording stays reachable), an undeclared change (a finding), a
backdated version and a short notice (warnings), two upcoming versions.  For every history: the
set of texts ever published on main equals the set of texts the built site holds, and
``policy verify`` passes.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET

import pytest
from gitrepo import PolicyRepo, policy_text
from histories import epoch

V1, MISTAKE, V3 = "2019.12.19", "2026.12.01", "2027.01.15"
EN_BODY = "We respect your privacy.\n\n## 1. General {#general}\n\nWe collect your name and e-mail address."
ZH_BODY = "我們尊重您的隱私。\n\n## 1. 總則 {#general}\n\n我們蒐集您的姓名與電子郵件地址。"
MISTAKE_EN = EN_BODY + " We also sell it."
MISTAKE_ZH = ZH_BODY + "我們也會出售。"
ATOM = "{http://www.w3.org/2005/Atom}"


def write(repo: PolicyRepo, version: str, en: str = EN_BODY, zh: str = ZH_BODY) -> None:
    repo.write("en", "privacy", policy_text("Privacy Policy", version, en))
    repo.write("zh-TW", "privacy", policy_text("隱私權政策", version, zh))


def new_repo(tmp_path, timezone: str = "Asia/Taipei", notice: int = 0) -> PolicyRepo:
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    repo.set_extra(
        f"""
        extra:
          policies:
            timezone: {timezone}
            notice_days: {notice}
            lagging: warning
        """
    )
    write(repo, V1)
    repo.commit("Privacy policy", "2019-12-19T02:00:00Z")
    return repo


def reverted(tmp_path) -> PolicyRepo:
    """2019.12.19, then 2026.12.01 published on 20 November 2026 by mistake, reverted on 6 December."""
    repo = new_repo(tmp_path)
    write(repo, MISTAKE, MISTAKE_EN, MISTAKE_ZH)
    repo.commit("Privacy 2026.12.01", "2026-11-20T02:00:00Z")
    repo.git(
        "revert",
        "--no-edit",
        "HEAD",
        env={"GIT_AUTHOR_DATE": "2026-12-06T02:00:00Z", "GIT_COMMITTER_DATE": "2026-12-06T02:00:00Z"},
    )
    return repo


# ---------------------------------------------------------------- what the site holds


def published_on_main(repo: PolicyRepo) -> set[str]:
    """SHA-256 of every dated policy text that ever stood on main's first-parent history."""
    found = set()
    commits = repo.git("log", "--first-parent", "--format=%H").split()
    for commit in commits:
        for line in repo.git("ls-tree", "-r", commit, "--", "en", "zh-TW").splitlines():
            meta, path = line.split("\t", 1)
            if path.endswith(".md"):
                data = repo.show(commit, path)
                if re.search(rb"(?m)^version: \d{4}\.\d{2}\.\d{2}", data):
                    found.add(hashlib.sha256(data).hexdigest())
    return found


def held_by_site(build) -> set[str]:
    """SHA-256 of every text versions.json lists, each checked to have its page on the site."""
    index = json.loads(build.page("versions.json"))
    found = set()
    for policy in index["policies"]:
        for version in policy["versions"]:
            for entry in version["languages"].values():
                for state in entry["states"]:
                    assert build.exists(state["url"]), state["url"]
                    found.add(state["sha256"])
    return found


def the_record_is_complete(repo: PolicyRepo, build) -> None:
    assert published_on_main(repo) == held_by_site(build)


def built(repo: PolicyRepo, day: str, strict: bool = True):
    result = repo.build(strict=strict, env={"SOURCE_DATE_EPOCH": epoch(day)})
    assert result.ok, result.output
    return result


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---------------------------------------------------------------- withdrawal


@pytest.fixture(scope="module")
def withdrawal(tmp_path_factory):
    repo = reverted(tmp_path_factory.mktemp("withdrawal"))
    return repo, built(repo, "2026-12-20")


def test_a_revert_needs_no_baseline_and_fails_nothing(withdrawal):
    repo, _ = withdrawal
    check = repo.policy("check", "--strict", env={"SOURCE_DATE_EPOCH": epoch("2026-12-20")})
    assert check.returncode == 0, check.output
    assert "history." not in check.output


def test_the_withdrawn_version_keeps_its_page_marked_withdrawn(withdrawal):
    _, build = withdrawal
    page = text_of(build.page(f"privacy/versions/{MISTAKE}"))
    assert "We also sell it." in page
    assert "Withdrawn version of 1 December 2026" in page
    assert "published on 20 November 2026 and withdrawn on 6 December 2026" in page
    assert "in force from 1 December 2026 until 6 December 2026" in page
    zh = text_of(build.page(f"zh-TW/privacy/versions/{MISTAKE}"))
    assert "已撤回" in zh and "2026 年 12 月 6 日 撤回" in zh
    versions = text_of(build.page("privacy/versions"))
    assert "withdrawn on 6 December 2026" in versions


def test_the_restored_version_states_its_periods_truthfully(withdrawal):
    _, build = withdrawal
    for url in ("privacy", f"privacy/versions/{V1}"):
        page = text_of(build.page(url))
        assert (
            "in force from 19 December 2019 until 1 December 2026 , and again since 6 December 2026" in page
        )
    assert "We also sell it." not in build.page("privacy")
    assert "first published version" not in text_of(build.page(f"privacy/changes/{MISTAKE}"))


def test_point_in_time_skips_the_withdrawn_version_after_its_withdrawal(withdrawal):
    _, build = withdrawal
    data = json.loads(build.page("privacy/versions/index.json"))
    periods = {v["version"]: v["periods"] for v in data["versions"]}
    assert periods[V1] == [["2019-12-19", "2026-12-01"], ["2026-12-06", None]]
    assert periods[MISTAKE] == [["2026-12-01", "2026-12-06"]]

    def on(day: str) -> str:
        return next(
            v for v, spans in periods.items() if any(s <= day and (e is None or day < e) for s, e in spans)
        )

    assert (on("2026-11-30"), on("2026-12-03"), on("2026-12-06"), on("2026-12-20")) == (
        V1,
        MISTAKE,
        V1,
        V1,
    )
    index = json.loads(build.page("versions.json"))
    (privacy,) = index["policies"]
    assert privacy["current"] == V1
    mistake = next(v for v in privacy["versions"] if v["version"] == MISTAKE)
    assert mistake["status"] == "withdrawn"
    assert mistake["withdrawn"]["date"] == "2026-12-06" and mistake["withdrawn"]["restored"] == V1
    assert mistake["published"] == "2026-11-20"


def test_the_withdrawal_is_in_the_feed(withdrawal):
    _, build = withdrawal
    root = ET.fromstring(build.path("feed.xml").read_bytes())
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert any("withdrawn on 6 December 2026" in title for title in titles), titles
    assert all(e.find(f"{ATOM}updated").text.endswith("+08:00") for e in root.findall(f"{ATOM}entry"))


def test_the_withdrawal_record_is_complete_and_verifies(withdrawal):
    repo, build = withdrawal
    the_record_is_complete(repo, build)
    run = repo.policy("verify", str(build.site))
    assert run.returncode == 0, run.output


def test_a_backwards_date_that_restores_nothing_says_what_to_do(tmp_path):
    repo = new_repo(tmp_path)
    write(repo, "2026.12.01")
    repo.commit("Privacy 2026.12.01", "2026-11-20T02:00:00Z")
    write(repo, "2026.06.01", EN_BODY + " Another text.", ZH_BODY + "另一段。")
    repo.commit("An older date", "2026-12-02T02:00:00Z")
    check = repo.policy("check", env={"SOURCE_DATE_EPOCH": epoch("2026-12-20")})
    assert check.returncode == 1
    assert "[history.backwards] version 2026.06.01" in check.output
    assert "git revert the commit that published it" in check.output


# ---------------------------------------------------------------- corrections


def corrected(tmp_path, trailer: bool = True) -> PolicyRepo:
    repo = new_repo(tmp_path)
    write(repo, "2026.12.01", EN_BODY + " Updated.", ZH_BODY + "已更新。")
    repo.commit("Privacy 2026.12.01", "2026-11-20T02:00:00Z")
    repo.edit("zh-TW", "姓名與電子郵件地址", "姓名及電子郵件地址")
    trailers = {"Policy-Change": "editorial (typo: 與 -> 及)"} if trailer else None
    repo.commit("Fix a word in the Chinese text", "2026-12-03T02:00:00Z", trailers=trailers)
    return repo


@pytest.fixture(scope="module")
def correction(tmp_path_factory):
    repo = corrected(tmp_path_factory.mktemp("correction"))
    return repo, built(repo, "2026-12-20")


def test_both_wordings_are_reachable(correction):
    _, build = correction
    current = build.page("zh-TW/privacy/versions/2026.12.01")
    assert "姓名及電子郵件地址" in current
    assert "2026 年 12 月 3 日 更正" in text_of(current) or "已於 2026 年 12 月 3 日 更正" in text_of(current)
    assert "typo" in current
    original = build.page("zh-TW/privacy/versions/2026.12.01/wording-1")
    assert "姓名與電子郵件地址" in original and "姓名及電子郵件地址" not in original
    redline = build.page("zh-TW/privacy/changes/2026.12.01/correction-2")
    assert re.search(r"<del>.*與.*</del>", redline) and re.search(r"<ins>.*及.*</ins>", redline)
    assert "wording-1/" in current and "correction-2/" in current


def test_versions_json_lists_every_text_state(correction):
    repo, build = correction
    index = json.loads(build.page("versions.json"))
    (privacy,) = index["policies"]
    version = next(v for v in privacy["versions"] if v["version"] == "2026.12.01")
    zh = version["languages"]["zh-TW"]
    states = zh["states"]
    assert [s["kind"] for s in states] == ["published", "corrected"]
    assert [s["published"] for s in states] == ["2026-11-20", "2026-12-03"]
    assert states[0]["until"] == "2026-12-03" and states[1]["until"] is None
    assert states[1]["reason"] == "editorial (typo: 與 -> 及)"
    for state in states:
        data = repo.show(state["commit"], "zh-TW/privacy.md")
        assert hashlib.sha256(data).hexdigest() == state["sha256"]
    assert zh["sha256"] == states[-1]["sha256"]
    assert len(version["languages"]["en"]["states"]) == 1


def test_the_correction_is_in_the_feed(correction):
    _, build = correction
    root = ET.fromstring(build.path("zh-TW/feed.xml").read_bytes())
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert any("更正" in title for title in titles), titles


def test_the_correction_record_is_complete_and_verifies(correction):
    repo, build = correction
    the_record_is_complete(repo, build)
    run = repo.policy("verify", str(build.site))
    assert run.returncode == 0, run.output


def test_an_undeclared_change_of_published_text_is_a_finding(tmp_path):
    repo = corrected(tmp_path, trailer=False)
    env = {"SOURCE_DATE_EPOCH": epoch("2026-12-20")}
    check = repo.policy("check", "--strict", env=env)
    assert check.returncode == 1
    commit = repo.head()[:7]
    assert re.search(
        rf"zh-TW/privacy\.md:1: warning: \[history\.unmarked-change\] commit {commit} .*2026\.12\.01",
        check.output,
    )
    assert repo.policy("check", env=env).returncode == 0  # a warning: only strict fails
    assert not repo.build(strict=True, env=env).ok
    build = built(repo, "2026-12-20", strict=False)
    the_record_is_complete(repo, build)  # both wordings are still published


# ---------------------------------------------------------------- publication and notice


def test_a_backdated_version_is_a_warning(tmp_path):
    repo = new_repo(tmp_path)
    write(repo, "2026.12.01", EN_BODY + " Updated.", ZH_BODY + "已更新。")
    repo.commit("Privacy 2026.12.01", "2026-12-06T02:00:00Z")
    env = {"SOURCE_DATE_EPOCH": epoch("2026-12-20")}
    check = repo.policy("check", "--strict", env=env)
    assert check.returncode == 1
    assert (
        "[history.backdated] version 2026.12.01 takes effect on 2026-12-01 but was published on 2026-12-06"
        in (check.output)
    )
    assert repo.policy("check", env=env).returncode == 0
    build = built(repo, "2026-12-20", strict=False)
    assert "published on 6 December 2026" in text_of(build.page("privacy/versions/2026.12.01"))
    the_record_is_complete(repo, build)
    run = repo.policy("verify", str(build.site))
    assert run.returncode == 0, run.output


def test_a_notice_shorter_than_notice_days_is_a_warning(tmp_path):
    repo = new_repo(tmp_path, notice=30)
    write(repo, "2026.12.10", EN_BODY + " Updated.", ZH_BODY + "已更新。")
    repo.commit("Privacy 2026.12.10", "2026-12-01T02:00:00Z")
    check = repo.policy("check", "--strict", env={"SOURCE_DATE_EPOCH": epoch("2026-12-20")})
    assert check.returncode == 1
    assert "[history.short-notice] version 2026.12.10 takes effect 9 days after" in check.output


def test_every_upcoming_version_is_announced(tmp_path):
    repo = new_repo(tmp_path)
    write(repo, "2027.01.01", EN_BODY + " Next.", ZH_BODY + "下一版。")
    repo.commit("Privacy 2027.01.01", "2026-12-01T02:00:00Z")
    write(repo, V3, EN_BODY + " After next.", ZH_BODY + "再下一版。")
    repo.commit("Privacy 2027.01.15", "2026-12-02T02:00:00Z")
    build = built(repo, "2026-12-05")
    current = text_of(build.page("privacy"))
    assert "takes effect on 1 January 2027" in current and "takes effect on 15 January 2027" in current
    root = ET.fromstring(build.path("feed.xml").read_bytes())
    upcoming = [e for e in root.findall(f"{ATOM}entry") if "upcoming" in e.find(f"{ATOM}title").text]
    assert len(upcoming) == 2
    assert all(e.find(f"{ATOM}updated").text.endswith("+08:00") for e in upcoming)
    the_record_is_complete(repo, build)


# ---------------------------------------------------------------- retirement and renames


def test_a_retired_policy_says_since_when_and_keeps_its_archive(tmp_path):
    repo = new_repo(tmp_path)
    repo.write("en", "terms", policy_text("Terms", "2020.01.01", "## 1. Use {#use}\n\nUse it well."))
    repo.write("zh-TW", "terms", policy_text("條款", "2020.01.01", "## 1. 使用 {#use}\n\n請善用。"))
    repo.commit("Terms", "2020-01-01T02:00:00Z")
    repo.remove("en", "privacy")
    repo.remove("zh-TW", "privacy")
    repo.commit("Retire the privacy policy", "2026-12-06T02:00:00Z")
    build = built(repo, "2026-12-20")
    page = text_of(build.page("privacy"))
    assert "This policy was retired on 6 December 2026" in page
    assert "已於 2026 年 12 月 6 日 廢止" in text_of(build.page("zh-TW/privacy"))
    archived = text_of(build.page(f"privacy/versions/{V1}"))
    assert "retired on 6 December 2026" in archived
    assert "in force from 19 December 2019 until 6 December 2026" in archived
    assert "read the current version" not in archived
    home = text_of(build.page(""))
    assert "Retired policies" in home and "retired on 6 December 2026" in home
    index = json.loads(build.page("versions.json"))
    privacy = next(p for p in index["policies"] if p["id"] == "privacy")
    assert privacy["retired"] == "2026-12-06" and privacy["current"] is None
    the_record_is_complete(repo, build)
    run = repo.policy("verify", str(build.site))
    assert run.returncode == 0, run.output


def test_a_renamed_policy_keeps_its_history_and_old_addresses_redirect(tmp_path):
    repo = new_repo(tmp_path)
    write(repo, "2020.06.01", EN_BODY + " Second.", ZH_BODY + "第二版。")
    repo.commit("Privacy 2020.06.01", "2020-06-01T02:00:00Z")
    repo.git("mv", "en/privacy.md", "en/privacy-notice.md")
    repo.git("mv", "zh-TW/privacy.md", "zh-TW/privacy-notice.md")
    repo.commit("Rename the privacy policy", "2026-12-06T02:00:00Z")
    build = built(repo, "2026-12-20")
    index = json.loads(build.page("versions.json"))
    (policy,) = index["policies"]
    assert policy["id"] == "privacy-notice" and policy["former_names"] == ["privacy"]
    assert [v["version"] for v in policy["versions"]] == ["2020.06.01", V1]
    assert build.exists(f"privacy-notice/versions/{V1}") and build.exists("privacy-notice/changes/2020.06.01")
    assert "first published version" in text_of(build.page(f"privacy-notice/changes/{V1}"))
    for old, new in (
        ("privacy", "../privacy-notice/"),
        (f"privacy/versions/{V1}", f"../../../privacy-notice/versions/{V1}/"),
        (f"zh-TW/privacy/changes/{V1}", f"../../../privacy-notice/changes/{V1}/"),
    ):
        redirect = build.page(old)
        assert f'<link rel="canonical" href="{new}">' in redirect, redirect
        assert f'content="0; url={new}"' in redirect and "<script" not in redirect
    the_record_is_complete(repo, build)
    run = repo.policy("verify", str(build.site))
    assert run.returncode == 0, run.output


# ---------------------------------------------------------------- permanent section IDs

TWO_EN = (
    "We respect your privacy.\n\n## 1. General {#general}\n\nWe collect data.\n\n"
    "## 2. Security {#security}\n\nWe protect it."
)
TWO_ZH = (
    "我們尊重您的隱私。\n\n## 1. 總則 {#general}\n\n我們蒐集資料。\n\n"
    "## 2. 安全 {#security}\n\n我們保護資料。"
)
MERGED_EN = "We respect your privacy.\n\n## 1. General {#general}\n\nWe collect data and we protect it."
MERGED_ZH = "我們尊重您的隱私。\n\n## 1. 總則 {#general}\n\n我們蒐集並保護資料。"


def merged(tmp_path) -> PolicyRepo:
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    write(repo, "2020.01.01", TWO_EN, TWO_ZH)
    repo.commit("Two sections", "2020-01-01T02:00:00Z")
    write(repo, "2026.12.10", MERGED_EN, MERGED_ZH)
    repo.commit("Merge security into general", "2026-12-01T02:00:00Z")
    return repo


def test_a_published_id_that_disappears_is_an_error_with_the_exact_fix(tmp_path):
    repo = merged(tmp_path)
    env = {"SOURCE_DATE_EPOCH": epoch("2026-12-20")}
    check = repo.policy("check", env=env)
    assert check.returncode == 1
    assert re.search(
        r"en/privacy\.md:2: error: \[history\.id-removed\] section ID 'security' was published "
        r"\(versions 2020\.01\.01\).*'aliases: \{security: general\}'",
        check.output,
    ), check.output
    assert not repo.build(strict=False, env=env).ok


def test_with_the_alias_an_old_link_lands_on_the_successor(tmp_path):
    repo = merged(tmp_path)
    for lang in ("en", "zh-TW"):
        text = repo.read(lang, "privacy").replace(
            "version: 2026.12.10\n", "version: 2026.12.10\naliases:\n  security: general\n"
        )
        repo.write(lang, "privacy", text)
    repo.commit("Keep the old ID as an alias", "2026-12-02T02:00:00Z")
    build = built(repo, "2026-12-20")
    for url in ("privacy", "zh-TW/privacy"):
        page = build.page(url)
        note = re.search(r'<p class="policy-alias" id="security"[^>]*>(.*?)</p>', page)
        assert note, page
        assert page.index('id="general"') < page.index('id="security"')
    assert "former section 'security'" in build.page("privacy")
    assert 'id="security"' in build.page("privacy/versions/2020.01.01")  # the archive keeps it
    the_record_is_complete(repo, build)
    run = repo.policy("verify", str(build.site))
    assert run.returncode == 0, run.output


def test_a_renamed_english_id_is_named_as_the_problem_not_the_translation(tmp_path):
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    write(repo, "2020.01.01", TWO_EN, TWO_ZH)
    repo.commit("Two sections", "2020-01-01T02:00:00Z")
    repo.write(
        "en",
        "privacy",
        policy_text("Privacy Policy", "2020.01.01", TWO_EN.replace("{#security}", "{#data-security}")),
    )
    check = repo.policy("check", env={"SOURCE_DATE_EPOCH": epoch("2026-12-20")})
    assert "[history.id-removed] section ID 'security'" in check.output
    (parity,) = [line for line in check.output.splitlines() if "[parity.section-id]" in line]
    assert "en/privacy.md removed" in parity and "fix en/privacy.md first" in parity


# ---------------------------------------------------------------- dates are ASCII


def test_a_full_width_date_is_refused_at_its_line_with_the_date_to_type(tmp_path):
    repo = new_repo(tmp_path)
    for lang in ("en", "zh-TW"):
        repo.write(
            lang,
            "privacy",
            repo.read(lang, "privacy").replace(f"version: {V1}", "version: ２０２６．１２．０１"),
        )
    check = repo.policy("check", env={"SOURCE_DATE_EPOCH": epoch("2026-12-20")})
    assert check.returncode == 1
    assert re.search(
        r"en/privacy\.md:3: error: \[version\.invalid\] version '２０２６．１２．０１' is written with "
        r"non-ASCII digits.*'version: 2026\.12\.01'",
        check.output,
    ), check.output
    assert not repo.build(strict=False, env={"SOURCE_DATE_EPOCH": epoch("2026-12-20")}).ok
    # Committed anyway, it never becomes a version (nor an address).
    repo.commit("A pasted date", "2026-12-01T02:00:00Z")
    versions = repo.policy("versions", "--format", "json", env={"SOURCE_DATE_EPOCH": epoch("2026-12-20")})
    assert "２０２６" not in versions.stdout and [
        v["version"] for v in json.loads(versions.stdout)["policies"][0]["versions"]
    ] == [V1]
