"""Compare in the browser: per-version section data and the versions page's forms.

The versions page lets a reader redline any two versions in either language
and find the version that applied on a date.  The browser needs each version's
sections as data (``/privacy/versions/<v>.json``); the diff runs in
``docs/assets/compare/compare.js`` with the diff-match-patch port shipped in
``docs/assets/vendor/``, using the same alignment and markup as :mod:`.diff`.
"""

from __future__ import annotations

import html
import json
import posixpath

from . import diff, locale
from .history import PolicyHistory, Text, Version

ASSETS = ("assets/compare/module-shim.js", "assets/vendor/diff-match-patch/diff_match_patch.js", "assets/compare/compare.js")


def section_data(ph: PolicyHistory, version: Version, text: Text) -> dict:
    """What the browser diffs: each section's ID, level, title and readable text."""
    document = text.document
    sections = [{"id": None, "level": 1, "title": document.title or "", "text": diff.readable(document.root.text)}]
    sections += [{"id": s.id, "level": s.level, "title": s.title, "text": diff.readable(s.text)} for s in document.sections if s.id]
    return {"policy": ph.policy, "version": version.version, "lang": text.lang, "title": document.title, "sections": sections}


def data_json(ph: PolicyHistory, version: Version, text: Text) -> str:
    return json.dumps(section_data(ph, version, text), ensure_ascii=False, separators=(",", ":")) + "\n"


def _file(from_dir: str, to_file: str) -> str:
    return posixpath.relpath(to_file, from_dir.rstrip("/") or "/")


def versions_block(ph: PolicyHistory, lang: str, here: str, languages: tuple[str, ...], site_path) -> str:
    """The compare and point-in-time forms, with the version list they use."""
    date = lambda v: locale.format_date(v.date, lang)  # noqa: E731
    entries = [{
        "version": v.version, "date": v.date.isoformat(), "status": v.status, "label": date(v),
        "url": _file(here, site_path(lang, ph.policy, "versions", v.version)),
        "data": {code: _file(here, site_path(code, ph.policy, "versions").rstrip("/") + f"/{v.version}.json") for code in languages if code in v.texts},
    } for v in reversed(ph.versions)]
    labels = {key: locale.raw(lang, f"compare_{key}") for key in ("loading", "done", "failed", "no_text")}
    labels.update({key: locale.raw(lang, key) for key in ("when_empty", "when_none", "when_found")})
    labels.update({
        "inserted": locale.text(lang, "inserted"), "deleted": locale.text(lang, "deleted"),
        "intro": locale.text(lang, "intro"), "unchanged": locale.raw(lang, "unchanged_sections"),
        "summary": locale.raw(lang, "summary_counts"), "moved": locale.raw(lang, "moved"), "no_change": locale.text(lang, "no_change"),
        **{f"status_{s}": locale.text(lang, f"status_{s}") for s in ("added", "removed", "changed", "moved", "unchanged")},
    })
    data = json.dumps(entries, ensure_ascii=False).replace("</", "<\\/")
    options_old = "".join(f'<option value="{v["version"]}"{" selected" if i == 1 or len(entries) == 1 else ""}>{html.escape(v["label"])}</option>' for i, v in enumerate(entries))
    options_new = "".join(f'<option value="{v["version"]}"{" selected" if i == 0 else ""}>{html.escape(v["label"])}</option>' for i, v in enumerate(entries))
    langs = "".join(f'<option value="{code}"{" selected" if code == lang else ""} lang="{code}">{html.escape(locale.text(code, "lang_name"))}</option>' for code in languages)
    root = posixpath.relpath("/", here.rstrip("/")) + "/"
    scripts = "\n".join(f'<script src="{root}{asset}"></script>' for asset in ASSETS)
    return f"""<script type="application/json" id="policy-versions">{data}</script>

## {locale.text(lang, "compare_title")} {{#compare}}

<form class="policy-compare" data-labels="{html.escape(json.dumps(labels, ensure_ascii=False))}">
<label>{locale.text(lang, "compare_old")} <select name="old">{options_old}</select></label>
<label>{locale.text(lang, "compare_new")} <select name="new">{options_new}</select></label>
<label>{locale.text(lang, "compare_lang")} <select name="lang">{langs}</select></label>
<button type="submit" class="md-button md-button--primary">{locale.text(lang, "compare_button")}</button>
</form>
<p id="policy-compare-status" role="status" aria-live="polite"></p>
<div id="policy-compare-output"></div>

## {locale.text(lang, "when_title")} {{#point-in-time}}

<form class="policy-when">
<label>{locale.text(lang, "when_label")} <input type="date" name="date" required></label>
<button type="submit" class="md-button">{locale.text(lang, "when_button")}</button>
</form>
<p id="policy-when-answer" role="status" aria-live="polite"></p>

{scripts}
"""
