"""A five-version history of a policy written with the Markdown a real policy uses (a helper module).

Emphasis, links, attribute lists, lists, a table, dates and numbers, in both
languages, each version changing something a rendered redline must show:

- 2022.04.03: one word (English), one character (Chinese), dates (7 March 2024 ->
  3 April 2024; 2021-10-11 -> 2024-04-03), numbers (30 -> 60, in text and in a table);
- 2022.09.01: a link's target only, a paragraph's class only (``{: .note }``), a
  paragraph rewritten beyond recognition;
- 2023.02.01: the title (front matter and ``#`` line), a list item removed from the
  middle of an ordered list, a table row added;
- 2023.08.01: a section removed, a section added.
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

from gitrepo import PolicyRepo

POLICY = "privacy"
VERSIONS = ("2021.10.11", "2022.04.03", "2022.09.01", "2023.02.01", "2023.08.01")
# 2024-01-01T00:00:00Z: after every version.
SOURCE_DATE_EPOCH = "1704067200"

EN = {
    "title": "Privacy Policy",
    "intro": (
        "*Effective 7 March 2024.* We respect your **privacy** and follow our "
        "[terms of use](https://example.com/terms). Last reviewed on 2021-10-11."
    ),
    "accounts": ("1. Accounts", "We keep your account for 30 days after you close it."),
    "items": ["Your name and e-mail address.", "Your password, stored as a hash.", "Your settings."],
    "sharing": ("2. Sharing", "We never share your data with partners."),
    "table": ["| Data | Kept for |", "| --- | ---: |", "| Logs | 30 days |", "| Backups | 90 days |"],
    "cookies": ("3. Cookies", "We use cookies to keep you signed in.\n{: .note }"),
    "security": (
        "4. Security",
        "Our engineers review every change to the systems that store your data before it is deployed.",
    ),
    "contact": ("5. Contact", "Write to privacy@example.com or see [User Accounts](#accounts)."),
    "children": ("6. Children", "We do not knowingly collect data from children under 13."),
}
ZH = {
    "title": "隱私權政策",
    "intro": (
        "*自 2024 年 3 月 7 日起生效。*我們尊重您的**隱私**,並遵守我們的"
        "[使用條款](https://example.com/terms)。最近審閱日期為 2021-10-11。"
    ),
    "accounts": ("1. 帳號", "您關閉帳號後,我們會保留您的帳號 30 日。"),
    "items": ["您的姓名與電子郵件地址。", "您的密碼,以雜湊形式儲存。", "您的設定。"],
    "sharing": ("2. 分享", "我們絕不與合作夥伴分享您的資料。"),
    "table": ["| 資料 | 保存期間 |", "| --- | ---: |", "| 紀錄 | 30 日 |", "| 備份 | 90 日 |"],
    "cookies": ("3. Cookie", "我們使用 Cookie 讓您保持登入。\n{: .note }"),
    "security": ("4. 安全", "我們的工程師會在部署前審查儲存您資料之系統的每一項變更。"),
    "contact": ("5. 聯絡", "請寫信至 privacy@example.com 或參閱[使用者帳號](#accounts)。"),
    "children": ("6. 兒童", "我們不會在知情的情況下蒐集未滿 13 歲兒童的資料。"),
}

# What each version changes, per language: (key, old, new) replacements in the texts above.
CHANGES = {
    "2022.04.03": {
        "en": [
            ("intro", "7 March 2024", "3 April 2024"),
            ("intro", "2021-10-11", "2024-04-03"),
            ("accounts", "30 days", "60 days"),
            ("sharing", "partners", "advertisers"),
            ("table", "| Logs | 30 days |", "| Logs | 60 days |"),
        ],
        "zh-TW": [
            ("intro", "2024 年 3 月 7 日", "2024 年 4 月 3 日"),
            ("intro", "2021-10-11", "2024-04-03"),
            ("accounts", "30 日", "60 日"),
            ("sharing", "與", "向"),
            ("table", "| 紀錄 | 30 日 |", "| 紀錄 | 60 日 |"),
        ],
    },
    "2022.09.01": {
        "en": [
            ("intro", "https://example.com/terms)", "https://example.com/terms-of-use)"),
            ("cookies", "{: .note }", "{: .tip }"),
            (
                "security",
                EN["security"][1],
                "Access to production systems requires two-factor authentication.",
            ),
        ],
        "zh-TW": [
            ("intro", "https://example.com/terms)", "https://example.com/terms-of-use)"),
            ("cookies", "{: .note }", "{: .tip }"),
            (
                "security",
                "我們的工程師會在部署前審查儲存您資料之系統的每一項變更。",
                "存取正式環境須經雙重驗證,並全程記錄。",
            ),
        ],
    },
    "2023.02.01": {
        "en": [
            ("title", "Privacy Policy", "Privacy Notice"),
            ("items", "Your password, stored as a hash.", None),
            ("table", "| Backups | 90 days |", "| Backups | 90 days |\n| Invoices | 7 years |"),
        ],
        "zh-TW": [
            ("title", "隱私權政策", "隱私權聲明"),
            ("items", "您的密碼,以雜湊形式儲存。", None),
            ("table", "| 備份 | 90 日 |", "| 備份 | 90 日 |\n| 發票 | 7 年 |"),
        ],
    },
    "2023.08.01": {
        "en": [("cookies", None, None), ("children", None, "add")],
        "zh-TW": [("cookies", None, None), ("children", None, "add")],
    },
}


def _apply(parts: dict, changes: list) -> None:
    for key, old, new in changes:
        value = parts[key]
        if key == "cookies" and old is None:
            parts.pop("cookies")
        elif key == "children":
            parts["has_children"] = True
        elif key == "items":
            parts["items"] = [item for item in value if item != old]
        elif key == "table":
            parts["table"] = [new if row == old else row for row in value]
        elif isinstance(value, tuple):
            assert old in value[1], (key, old)
            parts[key] = (value[0], value[1].replace(old, new))
        else:
            assert old in value, (key, old)
            parts[key] = value.replace(old, new)


def source(parts: dict, version: str) -> str:
    def section(key: str) -> str:
        title, text = parts[key]
        return f"## {title} {{#{key}}}\n\n{text}\n"

    # A removed section's published ID stays as an alias of its successor (issue 24).
    aliases = "" if "cookies" in parts else "aliases:\n  cookies: security\n"
    out = [
        f"---\ntitle: {parts['title']}\nversion: {version}\n{aliases}---\n",
        f"# {parts['title']}\n",
        parts["intro"] + "\n",
    ]
    out.append(
        section("accounts") + "\n" + "".join(f"{n}. {item}\n" for n, item in enumerate(parts["items"], 1))
    )
    out.append(section("sharing") + "\n" + "\n".join(parts["table"]) + "\n")
    if "cookies" in parts:
        out.append(section("cookies"))
    out.append(section("security"))
    out.append(section("contact"))
    if parts.get("has_children"):
        out.append(section("children"))
    return "\n".join(out)


def texts() -> dict[str, dict[str, str]]:
    """``{version: {lang: source}}`` of every version."""
    state = {"en": dict(EN), "zh-TW": dict(ZH)}
    out = {}
    for version in VERSIONS:
        for lang, changes in CHANGES.get(version, {}).items():
            _apply(state[lang], changes)
        out[version] = {lang: source(parts, version) for lang, parts in state.items()}
    return out


def make_redline_history(directory: Path) -> PolicyRepo:
    """A repository of the project with this policy's five versions committed (and no other policy)."""
    repo = PolicyRepo.create(directory, copy_policies=False)
    for version, sources in texts().items():
        for lang, text in sources.items():
            repo.write(lang, POLICY, text)
        repo.commit(f"{POLICY}: version {version}", version.replace(".", "-") + "T09:00:00Z")
    return repo


def build(repo: PolicyRepo, site: Path | None = None):
    return repo.build(strict=True, env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}, site=site or "site")


# ---------------------------------------------------------------- reading a redline's HTML


def visible(markup: str) -> str:
    """What a reader sees: tags and screen-reader labels dropped, entities decoded."""
    markup = re.sub(r'<span class="sr-only">.*?</span>', "", markup, flags=re.DOTALL)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", markup))


def marks(markup: str) -> list[tuple[str, str]]:
    markup = re.sub(r'<span class="sr-only">.*?</span>', "", markup, flags=re.DOTALL)
    return [
        (tag, htmllib.unescape(re.sub(r"<[^>]+>", "", text)))
        for tag, text in re.findall(r"<(ins|del)\b[^>]*>(.*?)</\1>", markup, re.DOTALL)
    ]


def around_marks(markup: str) -> list[tuple[str, str, str]]:
    """(character before, marked text, character after) of every mark, in the visible text."""
    markup = re.sub(r'<span class="sr-only">.*?</span>', "", markup, flags=re.DOTALL)
    markup = re.sub(r"<(ins|del)\b[^>]*>", "\x01", markup)
    markup = re.sub(r"</(ins|del)>", "\x02", markup)
    markup = re.sub(r"</?(?:p|li|td|th|tr|h\d|div|section|summary|ol|ul|table)\b[^>]*>", "\n", markup)
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", markup))
    return [(m.group(1), m.group(2), m.group(3)) for m in re.finditer(r"(.?)\x01([^\x02]*)\x02(.?)", text)]
