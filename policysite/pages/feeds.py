"""``/feed.xml``, ``/zh-TW/feed.xml``: Atom feeds of new versions.

A feed is read away from the site (by feed readers): its links are absolute under ``site_url``;
without it (a preview: a strict build refuses an empty ``site_url``) they are relative to the
feed's folder, which Atom resolves against the feed's own address (RFC 4287, section 7).

ElementTree escapes every text and attribute; the characters XML 1.0 forbids even as
character references (most C0 controls, in a ``summary:`` or a title) are removed
before, so a feed is always well-formed XML.
"""

from __future__ import annotations

import datetime as _dt
import uuid
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast
from xml.etree import ElementTree as ET

from .. import escaping, locale
from ..history import Text, Version
from ..urls import absolute
from .common import Site, date, summary_line

if TYPE_CHECKING:
    from .redlines import Redlines

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class _Entry:
    key: str  # stable: the entry's id
    title: str
    updated: _dt.datetime
    href: str
    summary: str


def feed(site: Site, lang: str) -> str:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    folder = site.path(lang)  # the feed's folder: relative links (no site_url) start there

    def url(path: str) -> str:
        return absolute(site.site_url, path, folder)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(root, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'policysite:feed:' + lang)}")
    sub(root, "title", locale.text(lang, "feed_title", site=site.site_name))
    entries = sorted(_entries(site, lang), key=lambda e: (e.updated, e.key), reverse=True)
    zone = zoneinfo.ZoneInfo(site.history.timezone)
    updated = entries[0].updated if entries else _midnight(site.history.build_date, zone)
    sub(root, "updated", updated.isoformat())
    sub(root, "link", rel="self", href=url(folder + "feed.xml"))
    sub(root, "link", rel="alternate", href=url(site.path(lang, "changelog")))
    author = sub(root, "author")
    sub(author, "name", site.site_name)
    for item in entries:
        entry = sub(root, "entry")
        sub(entry, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, item.key)}")
        sub(entry, "title", item.title)
        sub(entry, "updated", item.updated.isoformat())
        sub(entry, "link", rel="alternate", href=url(item.href))
        sub(entry, "summary", item.summary)
    return serialize(root)


def _midnight(day: _dt.date, zone: zoneinfo.ZoneInfo) -> _dt.datetime:
    return _dt.datetime.combine(day, _dt.time(), zone)


def _when(text: Text | None, day: _dt.date, zone: zoneinfo.ZoneInfo) -> _dt.datetime:
    """When a text reached the site: its commit's time, in the site's time zone (else ``day``'s midnight)."""
    revision = text.revision if text is not None else None
    if revision is None or revision.commit is None:
        return _midnight(day, zone)
    return _dt.datetime.fromtimestamp(revision.timestamp, zone)


def _entries(site: Site, lang: str) -> list[_Entry]:
    """New versions (upcoming ones said so), corrections and withdrawals: every event of the record."""
    zone = zoneinfo.ZoneInfo(site.history.timezone)
    found = []
    for ph in site.policies():
        for version in ph.versions:
            found += _version_entries(site, ph, version, lang, zone)
    return found


def _version_entries(site: Site, ph, version: Version, lang: str, zone) -> list[_Entry]:
    name, when = site.name(ph, lang, version), date(version, lang)
    key = f"policysite:{ph.policy}:{version.version}:{lang}"
    text = version.texts.get(lang) or version.reference
    states = version.states.get(lang) or version.states.get(text.lang if text else "", [])
    first = states[0] if states else text
    redlines = cast("Redlines", site.redlines)
    summary = summary_line(redlines.summary(ph, version, lang), lang)
    if text and text.header.summary:
        summary = f"{text.header.summary} ({summary})"
    upcoming = version.status == "upcoming"
    title = locale.text(lang, "feed_upcoming" if upcoming else "feed_entry", title=name, date=when)
    published = version.published or version.date
    entries = [
        _Entry(
            key,
            title,
            _when(first, published, zone),
            site.path(lang, ph.policy, "changes", version.version),
            summary,
        )
    ]
    for state in version.states.get(lang, [])[1:]:
        if state.kind in ("corrected", "restored") and state.published is not None:
            corrected = locale.format_date(state.published, lang)
            title = locale.text(lang, "feed_corrected", title=name, date=when, corrected=corrected)
            href = site.path(lang, ph.policy, "changes", version.version, f"correction-{state.number}")
            reason = state.revision.reason if state.revision is not None else ""
            entries.append(
                _Entry(
                    f"{key}:correction-{state.number}",
                    title,
                    _when(state, state.published, zone),
                    href,
                    reason or title,
                )
            )
    if version.withdrawn is not None:
        withdrawn = locale.format_date(version.withdrawn, lang)
        title = locale.text(lang, "feed_withdrawn", title=name, date=when, withdrawn=withdrawn)
        revision = version.withdrawn_by
        moment = (
            _dt.datetime.fromtimestamp(revision.timestamp, zone)
            if revision is not None and revision.commit is not None
            else _midnight(version.withdrawn, zone)
        )
        href = site.path(lang, ph.policy, "versions", version.version)
        entries.append(_Entry(f"{key}:withdrawn", title, moment, href, title))
    return entries


def serialize(root: ET.Element) -> str:
    """``root`` as an XML document, without a character XML 1.0 forbids in any text or attribute."""
    for element in root.iter():
        if element.text:
            element.text = escaping.xml_text(element.text)
        for name, value in list(element.attrib.items()):
            element.set(name, escaping.xml_text(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
