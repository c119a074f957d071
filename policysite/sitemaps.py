"""The sitemaps: ``x-default`` alternates in MkDocs' ``/sitemap.xml``, and a sitemap per language
folder (``/zh-TW/sitemap.xml`` beside ``/zh-TW/feed.xml``).

MkDocs writes one ``/sitemap.xml`` (mkdocs-static-i18n lists every language's
pages in it, each with its language alternates, absolute under ``site_url``).  Every page names
each language's Atom feed in its head (``<link rel="alternate" type="application/atom+xml">``,
feed autodiscovery), and Material's script fetches ``sitemap.xml`` next to every
``rel=alternate`` link it finds: for ``/zh-TW/feed.xml`` that is ``/zh-TW/sitemap.xml``.  So
each language folder gets the sitemap of its own pages, as sitemaps are meant
to be (a sitemap lists the URLs under its folder), with their language
alternates.  Every page with alternates also names the reference language's version as
``hreflang="x-default"`` (what a reader whose language the site does not have gets), as the
pages' heads do.

Search engines take absolute addresses only: a strict build refuses an empty ``site_url``
(see :mod:`policysite.urls`).  Without it (a preview), relative addresses are rewritten for
the folder of each sitemap.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path
from xml.etree import ElementTree as ET

from .urls import X_DEFAULT, base, is_absolute

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
_LOC = f"{{{SITEMAP}}}loc"
_LINK = f"{{{XHTML}}}link"


def _relative(address: str, folder: str) -> str:
    """``address`` (relative to the site root, or absolute) as seen from ``folder/``."""
    if is_absolute(address) or address.startswith("/"):
        return address
    if address.startswith(folder):
        return address[len(folder) :] or "./"
    return "../" + address


def _add_x_default(urlset: ET.Element, reference_lang: str) -> bool:
    """Give every URL with language alternates an ``x-default`` one (the ``reference_lang``'s)."""
    changed = False
    for url in urlset.findall(f"{{{SITEMAP}}}url"):
        links = url.findall(_LINK)
        langs = {link.get("hreflang"): link for link in links}
        reference = langs.get(reference_lang)
        if len(links) < 2 or reference is None or X_DEFAULT in langs:
            continue
        attributes = {"rel": "alternate", "hreflang": X_DEFAULT, "href": reference.get("href", "")}
        ET.SubElement(url, _LINK, attributes)
        changed = True
    return changed


def _write(target: Path, urlset: ET.Element) -> None:
    ET.indent(urlset)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="unicode") + "\n",
        encoding="utf-8",
    )


def _write_gzip(path: Path) -> None:
    """``sitemap.xml.gz`` again from ``sitemap.xml``, with the time MkDocs gave it (reproducible)."""
    packed = path.with_name(path.name + ".gz")
    if not packed.is_file():
        return
    header = packed.read_bytes()[:8]
    mtime = struct.unpack("<I", header[4:8])[0] if len(header) == 8 else 0
    with (
        open(packed, "wb") as out,
        gzip.GzipFile(fileobj=out, filename=str(packed), mode="wb", mtime=mtime) as gz,
    ):
        gz.write(path.read_bytes())


def write_language_sitemaps(site_dir: Path, languages: tuple[str, ...], site_url: str = "") -> list[Path]:
    """Add ``x-default`` to ``sitemap.xml``, and write ``<lang>/sitemap.xml`` for every language but
    the reference one (``languages[0]``, at the root)."""
    root_map = site_dir / "sitemap.xml"
    if not root_map.is_file():
        return []
    try:
        tree = ET.parse(root_map)
    except ET.ParseError:
        return []
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    if _add_x_default(tree.getroot(), languages[0]):
        _write(root_map, tree.getroot())
        _write_gzip(root_map)
    prefix = base(site_url)
    written = []
    for lang in languages[1:]:
        folder = f"{lang}/"
        urlset = ET.Element(f"{{{SITEMAP}}}urlset")
        for url in tree.getroot().findall(f"{{{SITEMAP}}}url"):
            loc = url.find(_LOC)
            address = (loc.text or "").strip() if loc is not None else ""
            local = address[len(prefix) :] if prefix and address.startswith(prefix) else address
            if not local.startswith(folder):
                continue
            copy = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
            for child in url:
                element = ET.SubElement(copy, child.tag, dict(child.attrib))
                element.text = child.text
                if child.tag == _LOC and not prefix:
                    element.text = _relative(address, folder)
                if child.tag == _LINK and not prefix and "href" in child.attrib:
                    element.set("href", _relative(child.attrib["href"], folder))
        target = site_dir / lang / "sitemap.xml"
        _write(target, urlset)
        written.append(target)
    return written
