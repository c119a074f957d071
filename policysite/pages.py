"""Pages: the model (sources, history, redlines) -> the files MkDocs publishes.

Everything a visitor reads is produced here as Markdown (plus ``versions.json``
and the Atom feeds), placed in the staging folder (see :mod:`policysite.staging`),
so MkDocs, Material and mkdocs-static-i18n render generated pages exactly like
hand-written ones.  Paths are staging paths: ``en/privacy/versions/2019.12.19.md``
is served at ``/privacy/versions/2019.12.19/``, ``zh-TW/...`` under ``/zh-TW/``.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import uuid
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from . import bilingual, compare, diff, locale, sources
from .history import History, PolicyHistory, Text, Version
from .project import REFERENCE, Corpus
from .sources import Document

POLICY_LIST_MARKER = "<!-- policies -->"
_TITLE = re.compile(r"^# .*$", re.MULTILINE)
_HEADING = re.compile(r"^(#{2,6})[ \t].*?\{:?[ \t]*#([a-z0-9][a-z0-9-]*)[^{}]*\}[ \t]*$", re.MULTILINE)


# ---------------------------------------------------------------- addresses

def site_path(lang: str, *parts: str) -> str:
    """The site URL path of a page: ``/privacy/`` or ``/zh-TW/privacy/versions/2019.12.19/``."""
    prefix = "" if lang == REFERENCE else f"{lang}/"
    tail = "/".join(p for p in parts if p)
    return "/" + prefix + (tail + "/" if tail else "")


def relative(from_path: str, to_path: str) -> str:
    """A relative URL between two site paths (both ending in '/')."""
    result = posixpath.relpath(to_path, from_path.rstrip("/") or "/")
    return "./" if result == "." else result + "/"


@dataclass
class Redlines:
    """Every redline computed once, keyed by the two texts' hashes and the language.

    ``cache`` holds full redlines, ``outlines`` only section statuses (for
    summaries); either may be a :class:`~policysite.cache.DiskCache`.
    """

    cache: dict = field(default_factory=dict)
    outlines: dict = field(default_factory=dict)

    @staticmethod
    def _key(old: Text | None, new: Text | None, lang: str) -> tuple:
        return (old.sha256 if old else None, new.sha256 if new else None, lang)

    def between(self, old: Text | None, new: Text | None, lang: str) -> diff.Redline:
        key = self._key(old, new, lang)
        if key not in self.cache:
            self.cache[key] = diff.compare(old.document if old else None, new.document if new else None, lang)
        return self.cache[key]

    @staticmethod
    def _previous(history: PolicyHistory, version: Version, lang: str) -> Text | None:
        index = history.index(version)
        return next((v.texts[lang] for v in reversed(history.versions[:index]) if lang in v.texts), None)

    def for_version(self, history: PolicyHistory, version: Version, lang: str) -> diff.Redline | None:
        """``version`` in ``lang`` against the nearest earlier version with a ``lang`` text."""
        new = version.texts.get(lang)
        if new is None:
            return None
        return self.between(self._previous(history, version, lang), new, lang)

    def outline(self, history: PolicyHistory, version: Version, lang: str) -> dict | None:
        """Section statuses and counts of ``version`` in ``lang``, without inline diffs."""
        new = version.texts.get(lang)
        if new is None:
            return None
        old = self._previous(history, version, lang)
        key = self._key(old, new, lang)
        if key not in self.outlines:
            redline = self.cache.get(key) or diff.compare(old.document if old else None, new.document, lang, inline=False)
            self.outlines[key] = {"counts": redline.summary, "sections": {s.id: s.status for s in redline.sections if s.id}}
        return {"first": old is None, **self.outlines[key]}

    def summary(self, history: PolicyHistory, version: Version) -> dict:
        """Counts of sections added, removed, changed and moved (reference language first)."""
        lang = REFERENCE if REFERENCE in version.texts else next(iter(version.texts), None)
        outline = self.outline(history, version, lang) if lang else None
        if outline is None:
            return {"first": True, "added": 0, "removed": 0, "changed": 0, "moved": 0}
        return {"first": outline["first"], **outline["counts"]}


# ---------------------------------------------------------------- pieces

def _strip_front_matter(document: Document) -> str:
    return "\n".join(document.text.split("\n")[document.body_line - 1:])


def _front_matter(**values) -> str:
    lines = ["---"]
    for key, value in values.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()]
        elif isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {v}" for v in value]
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines + ["---", ""])


def _insert_after_title(body: str, block: str) -> str:
    match = _TITLE.search(body)
    if not match:
        return block + "\n\n" + body
    return body[: match.end()] + "\n\n" + block + "\n" + body[match.end():]


def _notice(kind: str, text: str) -> str:
    return f'<div class="policy-notice policy-notice--{kind}" markdown role="note">\n\n{text}\n\n</div>\n'


def _link_text(text: str) -> str:
    """``text`` safe inside the brackets of a Markdown link."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _heading_level(section: diff.SectionDiff) -> int:
    """Redline pages: the page title is h1, so the intro and ``##`` sections are h2."""
    return max(2, min(section.level, 6))


def _date(version: Version, lang: str) -> str:
    return locale.format_date(version.date, lang)


def _summary_line(summary: dict, lang: str) -> str:
    if summary.get("first"):
        return locale.text(lang, "first_version")
    if not any(summary[k] for k in ("added", "removed", "changed", "moved")):
        return locale.text(lang, "no_change")
    line = locale.text(lang, "summary_counts", **summary)
    if summary.get("moved"):
        line += locale.text(lang, "moved", moved=summary["moved"])
    return line


# ---------------------------------------------------------------- versions.json

def versions_index(history: History, redlines: Redlines, languages: tuple[str, ...]) -> dict:
    """The machine-readable index of every version (``/versions.json``, ``policy versions --format json``)."""
    policies = []
    for policy, ph in sorted(history.policies.items()):
        versions = []
        for version in reversed(ph.versions):
            texts = {}
            for lang in languages:
                text = version.texts.get(lang)
                if text is not None:
                    texts[lang] = {"commit": text.commit, "sha256": text.sha256,
                                   "url": site_path(lang, policy, "versions", version.version)}
            versions.append({
                "version": version.version,
                "date": version.date.isoformat(),
                "status": version.status,
                "summary": redlines.summary(ph, version),
                "languages": texts,
                "redline": {lang: site_path(lang, policy, "changes", version.version) for lang in texts},
                "revisions": [{"commit": r.commit, "date": r.date.isoformat(), "subject": r.subject, "editorial": r.editorial}
                              for r in version.revisions],
            })
        current = ph.current
        policies.append({
            "id": policy,
            "title": {lang: ph.title(lang) for lang in languages},
            "current": current.version if current else None,
            "url": None if ph.removed else {lang: site_path(lang, policy) for lang in languages},
            "versions": versions,
        })
    return {"generated": history.build_date.isoformat(), "head": history.head, "policies": policies}


# ---------------------------------------------------------------- the site


class SiteRenderer:
    def __init__(self, corpus: Corpus, history: History, redlines: Redlines, site_name: str, site_url: str = ""):
        self.corpus = corpus
        self.history = history
        self.redlines = redlines
        self.site_name = site_name
        self.site_url = site_url.rstrip("/")
        self.languages = corpus.languages

    # -- current pages

    def current_page(self, ph: PolicyHistory, lang: str) -> str | None:
        text = ph.current_text(lang)
        current = ph.current
        if current is None and ph.upcoming:
            return self._announcement_page(ph, lang)
        if text is None or current is None:
            return None
        document = text.document
        shown = ph.get(document.version) if document.version else None
        body = _strip_front_matter(document)
        policy = ph.policy
        here = site_path(lang, policy)
        notices = [f'<p class="policy-version" markdown>{locale.text(lang, "version_line", date=locale.format_date(document.date, lang))}'
                   f' · [{locale.text(lang, "all_versions")}]({policy}/versions/index.md)'
                   f' · [{locale.text(lang, "bilingual_link")}]({policy}/bilingual.md)</p>']
        if shown is not None and shown is not current and lang != REFERENCE:
            href = relative(here, site_path(REFERENCE, policy))
            notices.append(_notice("lagging", locale.text(lang, "lagging_notice", old=_date(shown, lang), new=_date(current, lang), href=href)))
        for upcoming in ph.upcoming:
            notices.append(_notice("upcoming", locale.text(
                lang, "upcoming_notice", date=_date(upcoming, lang),
                text=f"{policy}/versions/{upcoming.version}.md", changes=f"{policy}/changes/{upcoming.version}.md")))
        body = self._section_versions(body, ph, shown or current, lang, f"{policy}/")
        body = _insert_after_title(body, "\n".join(notices))
        meta = _front_matter(title=document.title or policy)
        return meta + body

    def _announcement_page(self, ph: PolicyHistory, lang: str) -> str:
        """A policy whose every version is upcoming: no text applies yet, the page announces it."""
        policy, title = ph.policy, ph.title(lang)
        notices = [_notice("upcoming", locale.text(
            lang, "upcoming_notice", date=_date(upcoming, lang),
            text=f"{policy}/versions/{upcoming.version}.md", changes=f"{policy}/changes/{upcoming.version}.md"))
            for upcoming in ph.upcoming]
        return _front_matter(title=title) + f"# {title}\n\n" + "\n".join(notices)

    def _section_versions(self, body: str, ph: PolicyHistory, shown: Version, lang: str, base: str) -> str:
        """Under each heading: the version in which that section last changed."""
        last: dict[str, Version] = {}
        for version in ph.versions[: ph.index(shown) + 1]:
            outline = self.redlines.outline(ph, version, lang)
            if outline is None:
                continue
            for section_id, status in outline["sections"].items():
                if status in ("added", "changed"):
                    last[section_id] = version
        if len(ph.versions) < 2 and not ph.upcoming:
            return body  # a single version: nothing to point at

        def annotate(match: re.Match) -> str:
            version = last.get(match.group(2))
            if version is None:
                return match.group(0)
            first = version is ph.versions[0]
            key = "section_since" if first else "section_changed"
            target = f"{base}versions/{version.version}.md" if first else f"{base}changes/{version.version}.md#{match.group(2)}"
            line = locale.text(lang, key, date=_date(version, lang), href=target)
            return f'{match.group(0)}\n\n<p class="policy-section-version" markdown>{line}</p>\n'

        return _HEADING.sub(annotate, body)

    # -- versions

    def versions_page(self, ph: PolicyHistory, lang: str) -> str:
        title = ph.title(lang)
        out = [_front_matter(title=locale.text(lang, "versions_title", title=title), search={"boost": 0.5}),
               f"# {locale.text(lang, 'versions_title', title=title)}", "",
               locale.text(lang, "versions_intro"), ""]
        if not ph.removed:
            out += [f"[{title}](../../{ph.policy}.md)", ""]
        for version in reversed(ph.versions):
            status = locale.text(lang, f"status_{version.status}")
            out.append(f'## {_date(version, lang)} {{#v{version.version.replace(".", "-")} data-version="{version.version}"}}')
            out.append("")
            out.append(f'<span class="policy-status policy-status--{version.status}">{status}</span> '
                       f'{_summary_line(self.redlines.summary(ph, version), lang)}')
            out.append("")
            text = version.texts.get(lang) or version.reference
            if text and text.header.summary:
                out += [text.header.summary, ""]
            out.append(f"[{locale.text(lang, 'text_link')}]({version.version}.md) · [{locale.text(lang, 'redline_link')}](../changes/{version.version}.md)")
            out.append("")
            editorial = version.editorial_revisions
            if editorial:
                items = "; ".join(f"`{r.short}` {html.escape(r.subject)}" for r in editorial)
                out += [locale.text(lang, "editorial", items=items), ""]
            out.append(f'<details class="policy-revisions"><summary>{locale.text(lang, "revisions")}</summary>')
            out.append("<ul>")
            for revision in version.revisions:
                label = f"<code>{revision.short}</code> {revision.date.isoformat()} {html.escape(revision.subject)}"
                mark = f" ({locale.text(lang, 'editorial_mark')})" if revision.editorial else ""
                out.append(f"<li>{label}{mark}</li>")
            out.append("</ul></details>")
            out.append("")
        out.append(compare.versions_block(ph, lang, site_path(lang, ph.policy, "versions"), self.languages, site_path))
        return "\n".join(out)

    def version_page(self, ph: PolicyHistory, version: Version, lang: str) -> str:
        policy = ph.policy
        here = site_path(lang, policy, "versions", version.version)
        current_link = f"../../{policy}.md" if not ph.removed else "index.md"
        date = _date(version, lang)
        if version.status == "current":
            notice = _notice("current", locale.text(lang, "current_notice", date=date))
        elif version.status == "upcoming":
            notice = _notice("upcoming", locale.text(lang, "upcoming_version_notice", date=date, current=current_link))
        else:
            notice = _notice("archived", locale.text(lang, "archived_notice", date=date, current=current_link))
        text = version.texts.get(lang)
        title = ph.title(lang, version)
        meta = _front_matter(title=f"{title} ({date})", search={"exclude": True},
                             policy_status=version.status, policy_version=version.version)
        status_line = (f'<p class="policy-version">{locale.text(lang, "version_line", date=date)} · '
                       f'<span class="policy-status policy-status--{version.status}">{locale.text(lang, "status_" + version.status)}</span> · '
                       f'<a href="../">{locale.text(lang, "all_versions")}</a></p>')
        if text is None:
            english = relative(here, site_path(REFERENCE, policy, "versions", version.version))
            missing = _notice("missing", locale.text(lang, "missing_text", language=locale.text(lang, "lang_name"), href=english))
            return meta + f"# {title}\n\n{status_line}\n\n{notice}\n{missing}"
        body = sources.rebase_links(_strip_front_matter(text.document), 2)
        return meta + _insert_after_title(body, status_line + "\n\n" + notice)

    # -- redlines

    def changes_page(self, ph: PolicyHistory, version: Version, lang: str) -> str:
        policy = ph.policy
        here = site_path(lang, policy, "changes", version.version)
        title = ph.title(lang, version)
        date = _date(version, lang)
        heading = locale.text(lang, "changes_title", title=title, date=date)
        meta = _front_matter(title=heading, search={"exclude": True}, policy_version=version.version)
        out = [meta + f"# {heading}", ""]
        redline = self.redlines.for_version(ph, version, lang)
        if redline is None:
            english = relative(here, site_path(REFERENCE, policy, "changes", version.version))
            out.append(_notice("missing", locale.text(lang, "missing_text", language=locale.text(lang, "lang_name"), href=english)))
            return "\n".join(out)
        index = ph.index(version)
        previous = next((v for v in reversed(ph.versions[:index]) if lang in v.texts), None)
        if previous is None:
            out += [locale.text(lang, "changes_first"), ""]
        else:
            out += [locale.text(lang, "changes_intro", old=_date(previous, lang), new=date,
                                old_href=f"../versions/{previous.version}.md", new_href=f"../versions/{version.version}.md"), ""]
        out += [f'<p class="policy-version"><span class="policy-status policy-status--{version.status}">{locale.text(lang, "status_" + version.status)}</span> '
                f'{_summary_line(self.redlines.summary(ph, version), lang)}</p>', ""]
        out.append(self.redline_html(redline, lang))
        return "\n".join(out)

    def redline_html(self, redline: diff.Redline, lang: str) -> str:
        labels = (locale.text(lang, "inserted"), locale.text(lang, "deleted"))
        parts = ['<div class="redline">']
        unchanged: list[diff.SectionDiff] = []

        def flush() -> None:
            if not unchanged:
                return
            parts.append(f'<details class="redline-unchanged"><summary>{locale.text(lang, "unchanged_sections", count=len(unchanged))}</summary>')
            for section in unchanged:
                anchor = f' id="{section.id}"' if section.id else ""
                title = section.title if section.id else locale.text(lang, "intro")
                parts.append(f'<section class="redline-section redline-section--unchanged"{anchor}><h{_heading_level(section)} class="redline-title">{html.escape(title)}</h{_heading_level(section)}>'
                             f'<div class="redline-body">{html.escape("".join(text for _, text in section.body_ops))}</div></section>')
            parts.append("</details>")
            unchanged.clear()

        for section in redline.sections:
            if section.status == "unchanged" and not redline.first:
                unchanged.append(section)
                continue
            flush()
            level = _heading_level(section)
            anchor = f' id="{section.id}"' if section.id else ""
            title = diff.to_html(section.title_ops, labels) if section.id else html.escape(locale.text(lang, "intro"))
            status = locale.text(lang, f"status_{section.status}")
            parts.append(f'<section class="redline-section redline-section--{section.status}"{anchor}>')
            parts.append(f'<h{level} class="redline-title">{title} <span class="redline-status redline-status--{section.status}">{status}</span></h{level}>')
            if section.body_ops:
                parts.append(f'<div class="redline-body">{diff.to_html(section.body_ops, labels)}</div>')
            parts.append("</section>")
        flush()
        parts.append("</div>")
        return "\n".join(parts) + "\n"

    # -- changelog, home

    def changelog_page(self, lang: str) -> str:
        heading = locale.text(lang, "changelog_title")
        out = [_front_matter(title=heading), f"# {heading}", "", locale.text(lang, "changelog_intro"), ""]
        entries = sorted(((v, ph) for ph in self.history.policies.values() for v in ph.versions), key=lambda e: (e[0].date, e[1].policy), reverse=True)
        for version, ph in entries:
            status = locale.text(lang, f"status_{version.status}")
            out.append(f"- **{_date(version, lang)}** — [{_link_text(ph.title(lang, version))}]({ph.policy}/versions/{version.version}.md) "
                       f'<span class="policy-status policy-status--{version.status}">{status}</span> — '
                       f"{_summary_line(self.redlines.summary(ph, version), lang)} · [{locale.text(lang, 'redline_link')}]({ph.policy}/changes/{version.version}.md)")
        if not entries:
            out.append(locale.text(lang, "no_policies"))
        return "\n".join(out) + "\n"

    def policy_list(self, lang: str) -> str:
        items = []
        for policy in self.corpus.policies:
            ph = self.history.get(policy)
            document = self.corpus.get(policy, lang)
            if document is None or ph is None or ph.current is None:
                continue
            title = (document.title or policy).replace("[", "\\[").replace("]", "\\]")
            date = locale.format_date(ph.current.date, lang)
            items.append(f"- [{title}]({policy}.md) — {locale.text(lang, 'current_version', date=date)} · [{locale.text(lang, 'all_versions')}]({policy}/versions/index.md)")
        if not items:
            return locale.text(lang, "no_policies")
        return "\n".join(items) + f"\n\n[{locale.text(lang, 'changelog_title')}](changelog.md)"

    # -- machine-readable

    def versions_json(self) -> str:
        return json.dumps(versions_index(self.history, self.redlines, self.languages), ensure_ascii=False, indent=2) + "\n"

    def feed(self, lang: str) -> str:
        atom = "http://www.w3.org/2005/Atom"
        ET.register_namespace("", atom)
        root = ET.Element(f"{{{atom}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
        base = self.site_url

        def sub(parent, tag, text=None, **attrs):
            element = ET.SubElement(parent, f"{{{atom}}}{tag}", attrs)
            if text is not None:
                element.text = text
            return element

        feed_path = site_path(lang) + "feed.xml"
        sub(root, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'policysite:feed:' + lang)}")
        sub(root, "title", locale.text(lang, "feed_title", site=self.site_name))
        entries = sorted(((v, ph) for ph in self.history.policies.values() for v in ph.versions), key=lambda e: (e[0].date, e[1].policy), reverse=True)
        updated = max((v.date for v, _ in entries), default=self.history.build_date)
        sub(root, "updated", f"{updated.isoformat()}T00:00:00Z")
        sub(root, "link", rel="self", href=base + feed_path)
        sub(root, "link", rel="alternate", href=base + site_path(lang, "changelog"))
        author = sub(root, "author")
        sub(author, "name", self.site_name)
        for version, ph in entries:
            entry = sub(root, "entry")
            sub(entry, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'policysite:{ph.policy}:{version.version}:{lang}')}")
            sub(entry, "title", locale.text(lang, "feed_entry", title=ph.title(lang, version), date=_date(version, lang)))
            sub(entry, "updated", f"{version.date.isoformat()}T00:00:00Z")
            sub(entry, "link", rel="alternate", href=base + site_path(lang, ph.policy, "changes", version.version))
            text = version.texts.get(lang) or version.reference
            summary = _summary_line(self.redlines.summary(ph, version), lang)
            if text and text.header.summary:
                summary = f"{text.header.summary} ({summary})"
            sub(entry, "summary", summary)
        ET.indent(root)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    # -- everything

    def render(self, docs: dict[str, bytes]) -> dict[str, bytes]:
        staged = dict(docs)
        for lang in self.languages:
            home = f"{lang}/index.md"
            if home in staged:
                staged[home] = staged[home].decode("utf-8").replace(POLICY_LIST_MARKER, self.policy_list(lang)).encode("utf-8")
            staged[f"{lang}/changelog.md"] = self.changelog_page(lang).encode("utf-8")
            staged[f"{lang}/feed.xml"] = self.feed(lang).encode("utf-8")
            for policy, ph in self.history.policies.items():
                page = None if ph.removed else self.current_page(ph, lang)
                if page is not None:
                    staged[f"{lang}/{policy}.md"] = page.encode("utf-8")
                staged[f"{lang}/{policy}/versions/index.md"] = self.versions_page(ph, lang).encode("utf-8")
                bilingual_page = None if ph.removed else bilingual.page(ph, lang, self.languages, site_path, relative)
                if bilingual_page is not None:
                    staged[f"{lang}/{policy}/bilingual.md"] = bilingual_page.encode("utf-8")
                for version in ph.versions:
                    text = version.texts.get(lang)
                    if text is not None:
                        staged[f"{lang}/{policy}/versions/{version.version}.json"] = compare.data_json(ph, version, text).encode("utf-8")
                    staged[f"{lang}/{policy}/versions/{version.version}.md"] = self.version_page(ph, version, lang).encode("utf-8")
                    staged[f"{lang}/{policy}/changes/{version.version}.md"] = self.changes_page(ph, version, lang).encode("utf-8")
        staged[f"{REFERENCE}/versions.json"] = self.versions_json().encode("utf-8")
        return staged
