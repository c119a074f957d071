"""A ten-section policy whose English moves on while the translation lags (a helper module).

Version 2020.01.01 in both languages; version 2021.01.01 changes two English
sections (``sharing`` and ``retention``) and the Chinese file stays at
2020.01.01.  Used by tests/integration/test_translations.py and
tests/browser/test_browser_translations.py.
"""

from __future__ import annotations

from gitrepo import PolicyRepo, policy_text

V1, V2 = "2020.01.01", "2021.01.01"
IDS = [
    "general",
    "collection",
    "sharing",
    "cookies",
    "security",
    "rights",
    "retention",
    "children",
    "changes",
    "contact",
]
EN_TITLES = [
    "General",
    "Collection",
    "Sharing",
    "Cookies",
    "Security",
    "Your rights",
    "Retention",
    "Children",
    "Changes",
    "Contact",
]
ZH_TITLES = ["總則", "蒐集", "分享", "Cookie", "安全", "您的權利", "保存期間", "兒童", "變更", "聯絡"]
EN_TEXT = {
    "general": "This policy applies to the platform.",
    "collection": "We collect your name and email.",
    "sharing": "We never share your data with partners.",
    "cookies": "We use cookies to keep you signed in.",
    "security": "We encrypt data in transit.",
    "rights": "You may ask for a copy of your data.",
    "retention": "We keep your data for 30 days after you leave.",
    "children": "We do not knowingly collect data from children.",
    "changes": "We announce changes on this page.",
    "contact": "Write to dpo@example.com.",
}
ZH_TEXT = {
    "general": "本政策適用於本平台。",
    "collection": "我們蒐集您的姓名與電子郵件。",
    "sharing": "我們絕不與合作夥伴分享您的資料。",
    "cookies": "我們使用 Cookie 讓您保持登入。",
    "security": "我們在傳輸時加密資料。",
    "rights": "您可以要求取得您的資料副本。",
    "retention": "您離開後,我們保存您的資料 30 日。",
    "children": "我們不會在知情的情況下蒐集兒童的資料。",
    "changes": "我們在本頁公告變更。",
    "contact": "請寫信至 dpo@example.com。",
}
# What version 2 changes in English, and the translator's update of the same sections.
EN_V2 = {
    "sharing": "We never sell your data to partners or advertisers.",
    "retention": "We keep your data for 60 days after you leave.",
}
ZH_V2 = {
    "sharing": "我們絕不向合作夥伴或廣告商出售您的資料。",
    "retention": "您離開後,我們保存您的資料 60 日。",
}


def source(lang: str, version: str, changes: dict | None = None) -> str:
    titles, texts = (EN_TITLES, EN_TEXT) if lang == "en" else (ZH_TITLES, ZH_TEXT)
    texts = {**texts, **(changes or {})}
    intro = "We respect your privacy." if lang == "en" else "我們尊重您的隱私。"
    body = intro + "".join(
        f"\n\n## {n}. {t} {{#{i}}}\n\n{texts[i]}" for n, (i, t) in enumerate(zip(IDS, titles), 1)
    )
    return policy_text("Privacy Policy" if lang == "en" else "隱私權政策", version, body)


def lagging_repo(directory) -> PolicyRepo:
    repo = PolicyRepo.create(directory, copy_policies=False)
    for lang in ("en", "zh-TW"):
        repo.write(lang, "privacy", source(lang, V1))
    repo.commit("Privacy 2020.01.01", "2020-01-01T10:00:00Z")
    repo.write("en", "privacy", source("en", V2, EN_V2))
    repo.commit("Privacy 2021.01.01 (English first)", "2021-01-01T10:00:00Z")
    return repo


def translate(repo: PolicyRepo) -> None:
    """The translator catches up: the two sections and the version date."""
    repo.write("zh-TW", "privacy", source("zh-TW", V2, ZH_V2))
