"""A small published history of two policies, shared by the tests of the ``policy`` command
(a helper module: test modules import it, never each other).

``make_published`` commits, in a fresh repository: the privacy policy's first
version (2020.01.01), an editorial fix, a commit that touches no policy, and
version 2020.06.01 together with the terms of use.
"""

from __future__ import annotations

import datetime as dt
import re

from gitrepo import PolicyRepo, policy_text

V1, V2, V3 = "2020.01.01", "2020.06.01", "2021.01.01"
DIAGNOSTIC = re.compile(
    r"^(?P<file>\S+\.md):(?P<line>\d+): (?P<severity>error|warning|info): "
    r"\[(?P<code>[\w.-]+)\] (?P<message>.+)$",
    re.MULTILINE,
)


def body(intro: str, sections: list[tuple[str, str, str]]) -> str:
    return intro + "".join(f"\n\n## {title} {{#{sid}}}\n\n{text}" for title, sid, text in sections)


# The published IDs a later version removes, and their successors (issue 24: IDs are permanent).
ALIASES = {"cookies": "retention"}


def source(title: str, version: str, intro: str, sections: list, summary: str | None = None) -> str:
    text = policy_text(title, version, body(intro, sections))
    ids = {sid for _, sid, _ in sections}
    aliases = "".join(f"  {old}: {new}\n" for old, new in ALIASES.items() if old not in ids and new in ids)
    if aliases:
        text = text.replace("\n---\n", f"\naliases:\n{aliases}---\n", 1)
    return text.replace("\n---\n", f"\nsummary: {summary}\n---\n", 1) if summary else text


EN_INTRO, ZH_INTRO = "We respect your privacy.", "我們尊重您的隱私。"
CONTACT_EN = "Write to us:\n\n- by email to privacy@example.com\n- by post to 1 Robot Road"
CONTACT_ZH = "請聯絡我們:\n\n- 電子郵件 privacy@example.com\n- 郵寄至機器人路 1 號"
EN_V1 = [
    ("1. General", "general", "We collect your name and email."),
    ("2. Sharing", "sharing", "We never share your data with partners."),
    ("3. Cookies", "cookies", "We use cookies to keep you signed in."),
    ("4. Contact", "contact", CONTACT_EN),
]
ZH_V1 = [
    ("1. 總則", "general", "我們蒐集您的姓名與電子郵件。"),
    ("2. 分享", "sharing", "我們絕不與合作夥伴分享您的資料。"),
    ("3. Cookie", "cookies", "我們使用 Cookie 讓您保持登入。"),
    ("4. 聯絡", "contact", CONTACT_ZH),
]
# The editorial fix of 2020.01.01: one word in English.
EN_V1_FIX = [("1. General", "general", "We collect your name and e-mail address.")] + EN_V1[1:]
# 2020.06.01: sharing changed, cookies removed, retention added; general and contact unchanged.
EN_V2 = [
    EN_V1_FIX[0],
    ("2. Sharing", "sharing", "We never sell your data to partners."),
    ("3. Retention", "retention", "We keep your data for one year."),
    EN_V1[3],
]
ZH_V2 = [
    ZH_V1[0],
    ("2. 分享", "sharing", "我們絕不向合作夥伴出售您的資料。"),
    ("3. 保存期間", "retention", "我們保存您的資料一年。"),
    ZH_V1[3],
]
SUMMARY_EN, SUMMARY_ZH = (
    "We no longer use cookies; data is kept one year.",
    "我們不再使用 Cookie;資料保存一年。",
)


def write_privacy(repo: PolicyRepo, version: str, en: list, zh: list, summary: bool = False) -> None:
    repo.write(
        "en", "privacy", source("Privacy Policy", version, EN_INTRO, en, SUMMARY_EN if summary else None)
    )
    repo.write(
        "zh-TW", "privacy", source("隱私權政策", version, ZH_INTRO, zh, SUMMARY_ZH if summary else None)
    )


def write_terms(repo: PolicyRepo, version: str) -> None:
    repo.write(
        "en",
        "terms",
        source(
            "Terms of Use",
            version,
            "These terms govern the platform.",
            [("1. Use", "use", "Use the platform lawfully.")],
        ),
    )
    repo.write(
        "zh-TW",
        "terms",
        source("使用條款", version, "本條款規範本平台。", [("1. 使用", "use", "請合法使用本平台。")]),
    )


def edit(repo: PolicyRepo, lang: str, old: str, new: str, policy: str = "privacy") -> None:
    text = repo.read(lang, policy)
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {lang}/{policy}.md"
    repo.write(lang, policy, text.replace(old, new))


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH for noon UTC of ``day`` (YYYY-MM-DD)."""
    return str(int(dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=dt.UTC).timestamp()))


def diagnostics(output: str) -> list[dict]:
    return [m.groupdict() for m in DIAGNOSTIC.finditer(output)]


def codes(output: str) -> set[str]:
    return {d["code"] for d in diagnostics(output)}


class Published:
    """The privacy policy's history: v1, an editorial fix, a README commit, v2 (with terms)."""

    def __init__(self, repo: PolicyRepo, commits: dict[str, str]):
        self.repo, self.commits = repo, commits

    def clone(self, directory) -> PolicyRepo:
        return PolicyRepo.clone(self.repo, directory)


def make_published(directory) -> Published:
    """The published history, committed in a new repository at ``directory``."""
    repo = PolicyRepo.create(directory, copy_policies=False)
    commits = {}
    write_privacy(repo, V1, EN_V1, ZH_V1)
    commits["v1"] = repo.commit("Publish the privacy policy", "2020-01-01T09:00:00Z")
    write_privacy(repo, V1, EN_V1_FIX, ZH_V1)
    commits["editorial"] = repo.commit(
        "Spell out e-mail address", "2020-02-01T09:00:00Z", trailers={"Policy-Change": "editorial"}
    )
    repo.write_file("README.md", "# Policies\n")
    commits["readme"] = repo.commit("Add a README", "2020-03-01T09:00:00Z")
    write_privacy(repo, V2, EN_V2, ZH_V2, summary=True)
    write_terms(repo, V2)
    commits["v2"] = repo.commit(
        "Privacy 2020.06.01: retention instead of cookies; terms of use", "2020-05-15T09:00:00Z"
    )
    return Published(repo, commits)
