"""Words the site itself says, in each language, and dates written the local way."""

from __future__ import annotations

import datetime as _dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "version_line": "Version of {date}",
        "policies": "Policies",
        "current_version": "current version of {date}",
        "no_policies": "No policies are published yet.",
        "lang_name": "English",
    },
    "zh-TW": {
        "version_line": "{date} 版本",
        "policies": "政策",
        "current_version": "目前版本:{date}",
        "no_policies": "目前尚未發布任何政策。",
        "lang_name": "繁體中文",
    },
}


def text(lang: str, key: str, **values) -> str:
    table = TEXT.get(lang, TEXT["en"])
    return table.get(key, TEXT["en"][key]).format(**values)


def format_date(date: _dt.date, lang: str) -> str:
    """19 December 2019 / 2019 年 12 月 19 日."""
    if lang == "zh-TW":
        return f"{date.year} 年 {date.month} 月 {date.day} 日"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
