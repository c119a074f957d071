"""A sitemap per language folder: ``/zh-TW/sitemap.xml`` beside ``/zh-TW/feed.xml``.

MkDocs writes one ``/sitemap.xml`` (mkdocs-static-i18n lists every language's
pages in it).  Every page names each language's Atom feed in its head
(``<link rel="alternate" type="application/atom+xml">``, feed autodiscovery),
and Material's script fetches ``sitemap.xml`` next to every ``rel=alternate``
link it finds: for ``/zh-TW/feed.xml`` that is ``/zh-TW/sitemap.xml``.  So
each language folder gets the sitemap of its own pages, as sitemaps are meant
to be (a sitemap lists the URLs under its folder), with their language
alternates; relative addresses (no ``site_url``) are rewritten for the folder.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from .project import REFERENCE

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def _relative(address: str, folder: str) -> str:
    """``address`` (relative to the site root, or absolute) as seen from ``folder/``."""
    if "://" in address or address.startswith("/"):
        return address
    if address.startswith(folder):
        return address[len(folder) :] or "./"
    return "../" + address


def write_language_sitemaps(site_dir: Path, languages: tuple[str, ...], site_url: str = "") -> list[Path]:
    """Write ``<lang>/sitemap.xml`` for every language but the reference one (at the root)."""
    root_map = site_dir / "sitemap.xml"
    if not root_map.is_file():
        return []
    try:
        tree = ET.parse(root_map)
    except ET.ParseError:
        return []
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    base = site_url.rstrip("/") + "/" if site_url else ""
    written = []
    for lang in languages:
        if lang == REFERENCE:
            continue
        folder = f"{lang}/"
        urlset = ET.Element(f"{{{SITEMAP}}}urlset")
        for url in tree.getroot().findall(f"{{{SITEMAP}}}url"):
            loc = url.find(f"{{{SITEMAP}}}loc")
            address = (loc.text or "").strip() if loc is not None else ""
            local = address[len(base) :] if base and address.startswith(base) else address
            if not local.startswith(folder):
                continue
            copy = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
            for child in url:
                element = ET.SubElement(copy, child.tag, dict(child.attrib))
                element.text = child.text
                if child.tag == f"{{{SITEMAP}}}loc" and not base:
                    element.text = _relative(address, folder)
                if child.tag == f"{{{XHTML}}}link" and not base and "href" in child.attrib:
                    element.set("href", _relative(child.attrib["href"], folder))
        ET.indent(urlset)
        target = site_dir / lang / "sitemap.xml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="unicode") + "\n",
            encoding="utf-8",
        )
        written.append(target)
    return written
