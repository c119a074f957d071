"""``/feed.xml``, ``/zh-TW/feed.xml``: Atom feeds of new versions.

ElementTree escapes every text and attribute; the characters XML 1.0 forbids even as
character references (most C0 controls, in a ``summary:`` or a title) are removed
before, so a feed is always well-formed XML.
"""

from __future__ import annotations

import uuid
from xml.etree import ElementTree as ET

from .. import escaping, locale
from .common import Site, date, site_path, summary_line

ATOM = "http://www.w3.org/2005/Atom"


def feed(site: Site, lang: str) -> str:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    base = site.site_url.rstrip("/")

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(root, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'policysite:feed:' + lang)}")
    sub(root, "title", locale.text(lang, "feed_title", site=site.site_name))
    entries = sorted(
        ((v, ph) for ph in site.policies() for v in ph.versions),
        key=lambda e: (e[0].date, e[1].policy),
        reverse=True,
    )
    updated = max((v.date for v, _ in entries), default=site.history.build_date)
    sub(root, "updated", f"{updated.isoformat()}T00:00:00Z")
    sub(root, "link", rel="self", href=base + site_path(lang) + "feed.xml")
    sub(root, "link", rel="alternate", href=base + site_path(lang, "changelog"))
    author = sub(root, "author")
    sub(author, "name", site.site_name)
    for version, ph in entries:
        entry = sub(root, "entry")
        sub(
            entry,
            "id",
            f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'policysite:{ph.policy}:{version.version}:{lang}')}",
        )
        sub(
            entry,
            "title",
            locale.text(lang, "feed_entry", title=site.name(ph, lang, version), date=date(version, lang)),
        )
        sub(entry, "updated", f"{version.date.isoformat()}T00:00:00Z")
        sub(
            entry, "link", rel="alternate", href=base + site_path(lang, ph.policy, "changes", version.version)
        )
        text = version.texts.get(lang) or version.reference
        summary = summary_line(site.redlines.summary(ph, version, lang), lang)
        if text and text.header.summary:
            summary = f"{text.header.summary} ({summary})"
        sub(entry, "summary", summary)
    return serialize(root)


def serialize(root: ET.Element) -> str:
    """``root`` as an XML document, without a character XML 1.0 forbids in any text or attribute."""
    for element in root.iter():
        if element.text:
            element.text = escaping.xml_text(element.text)
        for name, value in list(element.attrib.items()):
            element.set(name, escaping.xml_text(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
