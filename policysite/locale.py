"""Words the site itself says, in each language, and dates written the local way."""

from __future__ import annotations

import datetime as _dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "lang_name": "English",
        "version_line": "Version of {date}",
        "policies": "Policies",
        "current_version": "current version of {date}",
        "no_policies": "No policies are published yet.",
        "all_versions": "All versions",
        "status_current": "current",
        "status_archived": "archived",
        "status_upcoming": "upcoming",
        "upcoming_notice": "A new version of this policy takes effect on {date}: [read it]({text}) or [see what changes]({changes}).",
        "lagging_notice": "This translation is of the version of {old}. The current version, of {new}, is not yet translated: <a href=\"{href}\" hreflang=\"en\" lang=\"en\">read the current English text</a>.",
        "section_changed": "Last changed in the version of [{date}]({href})",
        "section_since": "Unchanged since the version of [{date}]({href})",
        "archived_notice": "Archived version of {date}. This is not the current text: [read the current version]({current}).",
        "current_notice": "This is the current version, of {date}.",
        "upcoming_version_notice": "Upcoming version: it takes effect on {date}. Until then [the current version]({current}) applies.",
        "missing_text": "This version has no {lang} text. <a href=\"{href}\" hreflang=\"en\" lang=\"en\">Read the English text of this version</a>.",
        "versions_title": "{title}: all versions",
        "versions_intro": "Every dated version of this policy, newest first. Each links to its full text and to a redline of what changed from the version before.",
        "col_version": "Version",
        "col_status": "Status",
        "col_changes": "Changes",
        "col_links": "Text and redline",
        "text_link": "text",
        "redline_link": "what changed",
        "first_version": "first published version",
        "summary_counts": "{added} added, {removed} removed, {changed} changed",
        "no_change": "no change to the text",
        "moved": ", {moved} moved",
        "editorial": "Editorial revisions (no change of meaning): {items}",
        "revisions": "Revisions",
        "changes_title": "{title}: changes in the version of {date}",
        "changes_intro": "What changed from the version of [{old}]({old_href}) to the version of [{new}]({new_href}). Insertions are underlined, deletions struck through.",
        "changes_first": "This is the first published version of this policy: every section is new.",
        "status_added": "Added",
        "status_removed": "Removed",
        "status_changed": "Changed",
        "status_moved": "Moved",
        "status_unchanged": "Unchanged",
        "unchanged_sections": "{count} unchanged sections",
        "inserted": "inserted",
        "deleted": "deleted",
        "intro": "Introduction",
        "changelog_title": "Changelog",
        "changelog_intro": "Every version of every policy, newest first.",
        "feed_title": "{site}: policy changes",
        "feed_entry": "{title}: version of {date}",
        "bilingual_link": "English and Chinese side by side",
    },
    "zh-TW": {
        "lang_name": "繁體中文",
        "version_line": "{date} 版本",
        "policies": "政策",
        "current_version": "目前版本:{date}",
        "no_policies": "目前尚未發布任何政策。",
        "all_versions": "所有版本",
        "status_current": "現行",
        "status_archived": "已封存",
        "status_upcoming": "即將生效",
        "upcoming_notice": "本政策的新版本將於 {date} 生效:[閱讀新版本]({text})或[查看變更內容]({changes})。",
        "lagging_notice": "本譯文為 {old} 版本。{new} 的現行版本尚未翻譯:<a href=\"{href}\" hreflang=\"en\" lang=\"en\">閱讀現行英文版本</a>。",
        "section_changed": "最近一次變更:[{date} 版本]({href})",
        "section_since": "自 [{date} 版本]({href})起未變更",
        "archived_notice": "{date} 的封存版本,並非現行條文:[閱讀現行版本]({current})。",
        "current_notice": "此為現行版本({date})。",
        "upcoming_version_notice": "即將生效的版本:自 {date} 起生效。在此之前適用[現行版本]({current})。",
        "missing_text": "此版本沒有{lang}條文。<a href=\"{href}\" hreflang=\"en\" lang=\"en\">閱讀此版本的英文條文</a>。",
        "versions_title": "{title}:所有版本",
        "versions_intro": "本政策的所有版本,依日期由新到舊排列。每個版本皆連結至完整條文,以及與前一版本的差異對照。",
        "col_version": "版本",
        "col_status": "狀態",
        "col_changes": "變更",
        "col_links": "條文與差異對照",
        "text_link": "條文",
        "redline_link": "變更內容",
        "first_version": "首次發布版本",
        "summary_counts": "新增 {added} 節、刪除 {removed} 節、修改 {changed} 節",
        "no_change": "條文未變更",
        "moved": "、移動 {moved} 節",
        "editorial": "文字修訂(不影響內容):{items}",
        "revisions": "修訂紀錄",
        "changes_title": "{title}:{date} 版本的變更",
        "changes_intro": "自 [{old}]({old_href}) 版本至 [{new}]({new_href}) 版本的變更。新增文字加底線,刪除文字加刪除線。",
        "changes_first": "此為本政策首次發布的版本:所有章節皆為新增。",
        "status_added": "新增",
        "status_removed": "刪除",
        "status_changed": "修改",
        "status_moved": "移動",
        "status_unchanged": "未變更",
        "unchanged_sections": "{count} 個未變更的章節",
        "inserted": "新增",
        "deleted": "刪除",
        "intro": "前言",
        "changelog_title": "變更紀錄",
        "changelog_intro": "所有政策的所有版本,依日期由新到舊排列。",
        "feed_title": "{site}:政策變更",
        "feed_entry": "{title}:{date} 版本",
        "bilingual_link": "中英對照",
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
