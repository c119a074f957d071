"""Words the site itself says, in each language, and dates written the local way.

Phrases may hold HTML of the site's own (links, ``lang`` on foreign words):
:func:`html` fills their ``{placeholders}`` with escaped values, so a title or a
summary from a source is always text; :func:`text` is for places that are not
HTML (feeds, JSON, the terminal).
"""

from __future__ import annotations

import datetime as _dt
import re

from markupsafe import Markup, escape

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "lang_name": "English",
        "version_line": "Version of {date}",
        "policies": "Policies",
        "current_version": "current version of {date}",
        "no_policies": "No policies are published yet.",
        "all_versions": "All versions",
        "pdf_link": "PDF",
        "pdf_page": "Page {page} of {pages}",
        "pdf_source": "Source {path} at commit {commit}",
        "pdf_source_uncommitted": "Source {path}, not committed",
        "pdf_attachment": "The Markdown source of this version ({source}; SHA-256 {sha256})",
        "status_current": "current",
        "status_archived": "archived",
        "status_upcoming": "upcoming",
        "upcoming_notice": (
            'A new version of this policy takes effect on {date}: <a href="{text}">read it</a> or <a '
            'href="{changes}">see what changes</a>.'
        ),
        "lagging_notice": (
            "This translation is of the version of {old}. The current version, of {new}, is not yet "
            'translated: <a href="{href}" hreflang="en" lang="en">read the current English text</a>.'
        ),
        "section_changed": 'Last changed in the version of <a href="{href}">{date}</a>',
        "section_since": 'Unchanged since the version of <a href="{href}">{date}</a>',
        "archived_notice": (
            'Archived version of {date}. This is not the current text: <a href="{current}">read the '
            "current version</a>."
        ),
        "current_notice": "This is the current version, of {date}.",
        "upcoming_version_notice": (
            'Upcoming version: it takes effect on {date}. Until then <a href="{current}">the current '
            "version</a> applies."
        ),
        "missing_text": (
            'This version has no {language} text. <a href="{href}" hreflang="en" lang="en">Read the '
            "English text of this version</a>."
        ),
        "versions_title": "{title}: all versions",
        "versions_intro": (
            "Every dated version of this policy, newest first. Each links to its full text and to a "
            "redline of what changed from the version before."
        ),
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
        "editorial_label": "Editorial revisions (no change of meaning):",
        "pending_notice": "This policy is not yet translated into {language}; its English text follows.",
        "english_only": "English only",
        "translations_title": "Translations",
        "translations_intro": (
            "Every policy in every language: current, lagging behind English (which sections), or pending."
        ),
        "col_policy": "Policy",
        "col_language": "Language",
        "col_state": "State",
        "col_outdated": "Outdated sections",
        "col_english_changes": "English changes since",
        "translation_current": "current",
        "translation_lagging": "lagging",
        "translation_pending": "pending (English only)",
        "translation_of": "translation of the version of {date}",
        "lagging_since": "lagging since {date}",
        "lagging_added": "English also added: {sections}.",
        "lagging_count": (
            "{count} of its {total} sections have changed in English since, marked below; the others are "
            "current."
        ),
        "outdated_section": (
            "The English text of this section changed in the version of {date}; this translation is "
            "not yet updated: "
            '<a href="{english}" hreflang="en" lang="en">current English text</a> · '
            '<a href="{redline}" hreflang="en" lang="en">what changed in English</a>.'
        ),
        "unreadable_notice": (
            "The source of this page, {path}, cannot be read, so nothing of it is shown: {reason}"
        ),
        "finding_acknowledged": (
            "Finding about this version's history, acknowledged in the repository's reviewed baseline:"
        ),
        "finding_open": "Finding about this version's history:",
        "status_and_summary": "{status} {summary}",
        "needs_script": "This tool needs JavaScript; every version and its redline are listed on this page.",
        "revisions": "Revisions",
        "editorial_mark": "editorial",
        "changes_title": "{title}: changes in the version of {date}",
        "changes_intro": (
            'What changed from the version of <a href="{old_href}">{old}</a> to the version of <a '
            'href="{new_href}">{new}</a>. Insertions are underlined, deletions struck through.'
        ),
        "changes_first": "This is the first published version of this policy: every section is new.",
        "changes_first_translation": (
            "This is the first version of this policy published in {language}: every section is new"
            " in this language."
        ),
        "status_added": "Added",
        "status_removed": "Removed",
        "status_changed": "Changed",
        "status_moved": "Moved",
        "status_unchanged": "Unchanged",
        "unchanged_sections": "Unchanged sections: {count}",
        "inserted": "inserted",
        "deleted": "deleted",
        "intro": "Introduction",
        "changed_link": "link target changed from {old} to {new}",
        "changed_attribute": "{name} changed from {old} to {new}",
        "changed_none": "none",
        "changed_source_only": "Only the Markdown of this section changed: it reads the same.",
        "changelog_title": "Changelog",
        "changelog_intro": "Every version of every policy, newest first.",
        "feed_title": "{site}: policy changes",
        "feed_entry": "{title}: version of {date}",
        "bilingual_link": "English and Chinese side by side",
        "compare_title": "Compare two versions",
        "compare_old": "From",
        "compare_new": "to",
        "compare_lang": "in",
        "compare_button": "Compare",
        "compare_loading": "Comparing…",
        "compare_done": "Changes from the version of {old} to the version of {new}.",
        "compare_failed": "The versions could not be loaded.",
        "compare_no_text": "The version of {version} has no text in {language}.",
        "when_title": "Which version applied on a date?",
        "when_label": "Date",
        "when_button": "Open that version",
        "when_empty": "Choose a date.",
        "when_none": "No version applied yet on that date: the first version is of {first}.",
        "when_found": "The version of {version} applied on that date.",
        "bilingual_title": "{title}: English and Chinese",
        "bilingual_intro": "The English text and its Traditional Chinese translation, section by section.",
        "bilingual_missing": "This section has no text in this language.",
        # Where a page stands in time (issue 14).
        "in_force_since": "in force since {since}",
        "in_force_until": "in force from {since} until {until}",
        "archived_replaced_notice": (
            'Archived version of {date}: in force from {since} until {until}, when <a href="{next}">the '
            'version of {next_date}</a> replaced it. This is not the current text: <a href="{current}">read '
            "the current version</a>."
        ),
        "archived_superseded_notice": (
            'Archived version of {date}, replaced by <a href="{next}">the version of {next_date}</a>. '
            'This is not the current text: <a href="{current}">read the current version</a>.'
        ),
        "current_since_notice": "This is the current version, in force since {since}.",
        "current_until_notice": (
            'This is the current version, in force from {since} until {until}, when <a href="{next}">the '
            "version of {next_date}</a> takes effect."
        ),
        "untranslated_version": (
            'This version has no {language} text: <a href="{english}" hreflang="en" lang="en">read the '
            "English text of this version</a>."
        ),
        "newest_translated": (
            'The newest version translated into {language} is <a href="{href}">the version of {date}</a>.'
        ),
        "bilingual_versions": "The two columns are not of the same version: {columns}.",
        "bilingual_column": "{language}, the version of {date}",
        "language_en": "English",
        "language_zh-TW": "Traditional Chinese",
        "list_separator": "; ",
        "revision_languages": "({languages})",
        "language_separator": ", ",
        "auditors": "For auditors:",
        "auditor_index": "every version, with commits and SHA-256 (versions.json)",
        "auditor_feed": "Atom feed of new versions",
        "auditor_changelog": "changelog",
        "asked_date": "You asked which version applied on {date}: this one.",
        # The record (issue 24): publication, withdrawals, corrections.
        "status_withdrawn": "withdrawn",
        "published_on": "published on {date}",
        "dated_by_publication": "dated by publication (the text gives no date of its own)",
        "withdrawn_on": "withdrawn on {date}",
        "corrected_on": "corrected on {date}",
        "moved_to": "This page has moved to {address}",
        "retired_version_notice": (
            "Version of {date} of a policy retired on {retired}: {periods}. No version of this policy "
            'applies any more: <a href="{versions}">all its versions</a>.'
        ),
        "retired_policies": "Retired policies",
        "alias_note": "Links to the former section '{old}' lead here: its text is now part of this section.",
        "retired_on": "retired on {date}",
        "in_force_again_since": ", and again since {since}",
        "in_force_again_until": ", and again from {since} until {until}",
        "never_in_force": "never in force",
        "withdrawn_notice": (
            "Withdrawn version of {date}: published on {published} and withdrawn on {withdrawn}, when "
            '<a href="{restored_href}">the version of {restored}</a> was restored ({periods}). This is '
            'not the current text: <a href="{current}">read the current version</a>.'
        ),
        "restored_note": "Restored on {dates}, after a later version was withdrawn.",
        "current_periods_notice": "This is the current version: {periods}.",
        "archived_periods_notice": (
            'Archived version of {date}: {periods}. This is not the current text: <a href="{current}">read '
            "the current version</a>."
        ),
        "corrected_note": (
            'Corrected on {date}{reason}: <a href="{redline}">what the correction changed</a>.'
        ),
        "corrected_reason": " ({reason})",
        "earlier_wordings": "Earlier wordings of this version: {wordings}.",
        "wording_link": "as published on {date}",
        "wording_title": "{title} ({date}), as published on {published}",
        "wording_notice": (
            "This is the wording of the version of {date} as published on {published}, until the correction "
            'of {corrected}. <a href="{version}">Read the corrected text of this version</a>.'
        ),
        "correction_title": "{title}: correction of {corrected} to the version of {date}",
        "correction_intro": (
            'What the correction of {corrected} changed in the version of <a href="{version}">{date}</a> '
            '(<a href="{before}">the wording before it</a>). Insertions are underlined, deletions struck '
            "through."
        ),
        "feed_upcoming": "{title}: version of {date} (upcoming: takes effect on {date})",
        "feed_withdrawn": "{title}: version of {date} withdrawn on {withdrawn}",
        "feed_corrected": "{title}: version of {date} corrected on {corrected}",
        "retired_notice": (
            'This policy was retired on {date}: it no longer applies. <a href="{versions}">Its versions '
            "remain published</a>."
        ),
    },
    "zh-TW": {
        "lang_name": "繁體中文",
        "version_line": "{date} 版本",
        "policies": "政策",
        "current_version": "目前版本:{date}",
        "no_policies": "目前尚未發布任何政策。",
        "all_versions": "所有版本",
        "pdf_link": "PDF",
        "pdf_page": "第 {page} 頁,共 {pages} 頁",
        "pdf_source": "原始檔 {path},commit {commit}",
        "pdf_source_uncommitted": "原始檔 {path},尚未提交",
        "pdf_attachment": "此版本的 Markdown 原始檔({source};SHA-256 {sha256})",
        "status_current": "現行",
        "status_archived": "已封存",
        "status_upcoming": "即將生效",
        "upcoming_notice": (
            '本政策的新版本將於 {date} 生效:<a href="{text}">閱讀新版本</a>'
            '或<a href="{changes}">查看變更內容</a>。'
        ),
        "lagging_notice": (
            "本譯文為 {old} 版本。{new} 的現行版本尚未翻譯:"
            '<a href="{href}" hreflang="en" lang="en">閱讀現行英文版本</a>。'
        ),
        "section_changed": '最近一次變更:<a href="{href}">{date} 版本</a>',
        "section_since": '自 <a href="{href}">{date} 版本</a>起未變更',
        "archived_notice": '{date} 的封存版本,並非現行條文:<a href="{current}">閱讀現行版本</a>。',
        "current_notice": "此為現行版本({date})。",
        "upcoming_version_notice": (
            '即將生效的版本:自 {date} 起生效。在此之前適用<a href="{current}">現行版本</a>。'
        ),
        "missing_text": (
            '此版本沒有{language}條文。<a href="{href}" hreflang="en" lang="en">閱讀此版本的英文條文</a>。'
        ),
        "versions_title": "{title}:所有版本",
        "versions_intro": (
            "本政策的所有版本,依日期由新到舊排列。每個版本皆連結至完整條文,以及與前一版本的差異對照。"
        ),
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
        "editorial_label": "文字修訂(不影響內容):",
        "pending_notice": "本政策的繁體中文譯本尚在準備中;以下為英文條文。",
        "english_only": "僅有英文版",
        "translations_title": "翻譯狀態",
        "translations_intro": "所有政策在各語言的狀態:與英文版一致、落後於英文版(列出章節),或尚待翻譯。",
        "col_policy": "政策",
        "col_language": "語言",
        "col_state": "狀態",
        "col_outdated": "過時的章節",
        "col_english_changes": "此後的英文版變更",
        "translation_current": "與英文版一致",
        "translation_lagging": "落後",
        "translation_pending": "尚待翻譯(僅有英文版)",
        "translation_of": "譯自 {date} 版本",
        "lagging_since": "自 {date} 起落後",
        "lagging_added": "英文版另新增:{sections}。",
        "lagging_count": (
            "自該版本以來,英文版共 {total} 節中有 {count} 節已修改,已於下方標示;其餘章節與現行英文版本一致。"
        ),
        "outdated_section": (
            "英文版已於 {date} 版本修改本節,本譯文尚未更新:"
            '<a href="{english}" hreflang="en" lang="en">現行英文條文</a> · '
            '<a href="{redline}" hreflang="en" lang="en">英文版的變更內容</a>。'
        ),
        "unreadable_notice": "本頁的原始檔 {path} 無法讀取,因此不顯示任何內容:{reason}",
        "finding_acknowledged": "關於此版本歷史的發現,已列入儲存庫經審閱的基準清單:",
        "finding_open": "關於此版本歷史的發現:",
        "status_and_summary": "{status} {summary}",
        "needs_script": "此功能需要 JavaScript;本頁列出所有版本及其變更內容。",
        "revisions": "修訂紀錄",
        "editorial_mark": "文字修訂",
        "changes_title": "{title}:{date} 版本的變更",
        "changes_intro": (
            '自 <a href="{old_href}">{old}</a> 版本至 <a href="{new_href}">{new}</a> 版本的變更。'
            "新增文字加底線,刪除文字加刪除線。"
        ),
        "changes_first": "此為本政策首次發布的版本:所有章節皆為新增。",
        "changes_first_translation": "此為本政策首次以{language}發布的版本:此語言的所有章節皆為新增。",
        "status_added": "新增",
        "status_removed": "刪除",
        "status_changed": "修改",
        "status_moved": "移動",
        "status_unchanged": "未變更",
        "unchanged_sections": "{count} 個未變更的章節",
        "inserted": "新增",
        "deleted": "刪除",
        "intro": "前言",
        "changed_link": "連結目標由 {old} 改為 {new}",
        "changed_attribute": "{name} 由 {old} 改為 {new}",
        "changed_none": "無",
        "changed_source_only": "本節僅 Markdown 原始碼變更,顯示的文字相同。",
        "changelog_title": "變更紀錄",
        "changelog_intro": "所有政策的所有版本,依日期由新到舊排列。",
        "feed_title": "{site}:政策變更",
        "feed_entry": "{title}:{date} 版本",
        "bilingual_link": "中英對照",
        "compare_title": "比較兩個版本",
        "compare_old": "從",
        "compare_new": "至",
        "compare_lang": "語言",
        "compare_button": "比較",
        "compare_loading": "比較中…",
        "compare_done": "自 {old} 版本至 {new} 版本的變更。",
        "compare_failed": "無法載入這些版本。",
        "compare_no_text": "{version} 的版本沒有{language}條文。",
        "when_title": "某一日期適用哪個版本?",
        "when_label": "日期",
        "when_button": "開啟該版本",
        "when_empty": "請選擇日期。",
        "when_none": "該日期尚無適用的版本:第一個版本為 {first}。",
        "when_found": "該日期適用 {version} 版本。",
        "bilingual_title": "{title}:中英對照",
        "bilingual_intro": "英文條文與其繁體中文譯文,逐節對照。",
        "bilingual_missing": "本節沒有此語言的條文。",
        "in_force_since": "自 {since} 起生效",
        "in_force_until": "自 {since} 起生效,至 {until} 止",
        "archived_replaced_notice": (
            '{date} 的封存版本:自 {since} 起生效,至 {until} 由<a href="{next}">{next_date} 版本</a>取代。'
            '此非現行條文:<a href="{current}">閱讀現行版本</a>。'
        ),
        "archived_superseded_notice": (
            '{date} 的封存版本,已由<a href="{next}">{next_date} 版本</a>取代。'
            '此非現行條文:<a href="{current}">閱讀現行版本</a>。'
        ),
        "current_since_notice": "此為現行版本,自 {since} 起生效。",
        "current_until_notice": (
            '此為現行版本,自 {since} 起生效;自 {until} 起將由<a href="{next}">{next_date} 版本</a>取代。'
        ),
        "untranslated_version": (
            '此版本沒有{language}條文:<a href="{english}" hreflang="en" lang="en">閱讀此版本的英文條文</a>。'
        ),
        "newest_translated": '最新的{language}譯本為<a href="{href}">{date} 版本</a>。',
        "bilingual_versions": "兩欄並非同一版本:{columns}。",
        "bilingual_column": "{language}為 {date} 版本",
        "language_en": "英文",
        "language_zh-TW": "繁體中文",
        "list_separator": ";",
        "revision_languages": "({languages})",
        "language_separator": "、",
        "auditors": "供稽核人員使用:",
        "auditor_index": "所有版本及其提交紀錄與 SHA-256 (versions.json)",
        "auditor_feed": "新版本的 Atom 訂閱",
        "auditor_changelog": "變更紀錄",
        "asked_date": "您查詢的是 {date} 適用的版本:即此版本。",
        "status_withdrawn": "已撤回",
        "published_on": "{date} 發布",
        "dated_by_publication": "以發布日期標示（本文未載明自身日期）",
        "withdrawn_on": "{date} 撤回",
        "corrected_on": "{date} 更正",
        "moved_to": "此頁面已移至 {address}",
        "retired_version_notice": (
            "已於 {retired} 廢止之政策的 {date} 版本:{periods}。本政策已無任何版本適用:"
            '<a href="{versions}">其所有版本</a>。'
        ),
        "retired_policies": "已廢止的政策",
        "alias_note": "原「{old}」一節的連結會指向此處:其內容現已併入本節。",
        "retired_on": "{date} 廢止",
        "in_force_again_since": ",並自 {since} 起再度生效",
        "in_force_again_until": ",並自 {since} 起再度生效,至 {until} 止",
        "never_in_force": "從未生效",
        "withdrawn_notice": (
            '{date} 的已撤回版本:於 {published} 發布,於 {withdrawn} 撤回,並恢復<a href="{restored_href}">'
            '{restored} 版本</a>({periods})。此非現行條文:<a href="{current}">閱讀現行版本</a>。'
        ),
        "restored_note": "於 {dates} 恢復適用(其後的版本已撤回)。",
        "current_periods_notice": "此為現行版本:{periods}。",
        "archived_periods_notice": (
            '{date} 的封存版本:{periods}。此非現行條文:<a href="{current}">閱讀現行版本</a>。'
        ),
        "corrected_note": '已於 {date} 更正{reason}:<a href="{redline}">更正的內容</a>。',
        "corrected_reason": "({reason})",
        "earlier_wordings": "此版本先前的文字:{wordings}。",
        "wording_link": "{date} 發布之文字",
        "wording_title": "{title}({date}),{published} 發布之文字",
        "wording_notice": (
            "此為 {date} 版本於 {published} 發布時的文字,至 {corrected} 更正為止。"
            '<a href="{version}">閱讀此版本更正後的條文</a>。'
        ),
        "correction_title": "{title}:{date} 版本於 {corrected} 的更正",
        "correction_intro": (
            '{corrected} 對<a href="{version}">{date} 版本</a>所作更正的內容'
            '(<a href="{before}">更正前的文字</a>)。新增的文字加底線,刪除的文字加刪除線。'
        ),
        "feed_upcoming": "{title}:{date} 版本(即將生效:{date} 起生效)",
        "feed_withdrawn": "{title}:{date} 版本已於 {withdrawn} 撤回",
        "feed_corrected": "{title}:{date} 版本已於 {corrected} 更正",
        "retired_notice": '本政策已於 {date} 廢止,不再適用。<a href="{versions}">其各版本仍予公開</a>。',
    },
}


def raw(lang: str, key: str) -> str:
    """The phrase with its ``{placeholders}`` left in (for the browser to fill)."""
    table = TEXT.get(lang, TEXT["en"])
    return table.get(key, TEXT["en"][key])


def html(lang: str, key: str, **values) -> Markup:
    """The phrase as HTML: its own markup kept, every value escaped (unless already :class:`Markup`)."""
    return Markup(raw(lang, key).format(**{name: escape(value) for name, value in values.items()}))


_TAG = re.compile(r"<[^>]+>")


def text(lang: str, key: str, **values) -> str:
    """The phrase as plain text (its markup dropped), for feeds, JSON and the terminal."""
    return _TAG.sub("", raw(lang, key)).format(**values)


def format_date(date: _dt.date, lang: str) -> str:
    """19 December 2019 / 2019 年 12 月 19 日."""
    if lang == "zh-TW":
        return f"{date.year} 年 {date.month} 月 {date.day} 日"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
