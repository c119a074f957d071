"""The project's own policy texts and helpers to edit them, shared by the tests (a helper module, not a test).

``EN`` and ``ZH`` are the seed privacy policy as committed; tests introduce one
defect at a time with :func:`replace` and find the line with :func:`line_of`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EN = (PROJECT / "en" / "privacy.md").read_text(encoding="utf-8")
ZH = (PROJECT / "zh-TW" / "privacy.md").read_text(encoding="utf-8")
EN_PATH, ZH_PATH = "en/privacy.md", "zh-TW/privacy.md"

SECTION_IDS = [
    "general",
    "personal-data-categories",
    "purpose-and-use",
    "collection-channels",
    "data-protection",
    "data-security",
    "data-autonomy",
    "disclaimer",
    "revision-and-effectiveness",
]
# One line of text in section 'data-security', in each language.
SECTION_LINE = "本公司非常重視使用者的資料安全,並已採取多項措施保護使用者資料。"
EN_SECTION_LINE = (
    "The company attaches great importance to user data security, and we have taken many measures "
    "to protect user data."
)
# The three items under "Log information" in the Chinese text.
LOG_ITEMS = (
    "        - 操作歷程,包括但不限於:操作行為、編輯內容、發布時間等\n"
    "        - 網際網路通訊協定位址\n"
    "        - 裝置活動資訊,例如:當機資料、系統活動、硬體設定、瀏覽器類型、瀏覽器語言、"
    "使用者提出要求的日期和時間,以及參照網址等\n"
)


def policy_source(title: str, body: str, version: str = "2019.12.19") -> str:
    """A policy file: front matter, ``# title`` and ``body`` (dedented)."""
    return f"---\ntitle: {title}\nversion: {version}\n---\n\n# {title}\n\n{textwrap.dedent(body).strip()}\n"


def line_of(text: str, needle: str) -> int:
    """The 1-based line on which ``needle`` (which must occur once) starts."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    return text[: text.index(needle)].count("\n") + 1


def replace(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` (which must occur once) replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)
