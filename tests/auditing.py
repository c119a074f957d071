"""A policy with three dated versions in both languages, built with PDFs, and what auditors read
in a PDF (a helper module shared by ``test_pdf`` and ``test_verify``; tests never import each other).

``make_audited`` commits, in a fresh repository with PDFs on: the privacy policy's
versions 2020.01.01, 2020.06.01 and 2020.10.01 (each with a sentence of its own in
both languages, a link to another policy, an in-page link and an external link) and
the terms of use (2020.01.01).  Built on 2020-09-01 (``EPOCH``), the first privacy
version is archived, the second current and the third upcoming.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from gitrepo import BuildResult, PolicyRepo, policy_text
from histories import epoch
from pypdf import PdfReader

EPOCH = epoch("2020-09-01")
ENV = {"SOURCE_DATE_EPOCH": EPOCH}
VERSIONS = ("2020.01.01", "2020.06.01", "2020.10.01")
STATUS = {"2020.01.01": "archived", "2020.06.01": "current", "2020.10.01": "upcoming"}
COMMIT_DATES = {
    "2020.01.01": "2019-12-20T09:00:00Z",
    "2020.06.01": "2020-05-15T09:00:00Z",
    "2020.10.01": "2020-08-01T09:00:00Z",  # committed before the build date, in force after it
}
LANGUAGES = ("en", "zh-TW")
TITLES = {"en": "Privacy Policy", "zh-TW": "隱私權政策"}
# The sentence only each version has, per language.
SENTENCES = {
    "2020.01.01": {
        "en": "We collect your name and email address.",
        "zh-TW": "我們蒐集您的姓名與電子郵件地址。",
    },
    "2020.06.01": {"en": "We collect your name only.", "zh-TW": "我們只蒐集您的姓名。"},
    "2020.10.01": {"en": "We collect nothing at all.", "zh-TW": "我們不再蒐集任何資料。"},
}
EXTERNAL = "https://example.com/privacy-help"

_BODY = {
    "en": """
        We respect your privacy. Read [the terms of use](terms.md#use) and [how we share](#sharing).

        ## 1. General {#general}

        {sentence}

        ## 2. Sharing {#sharing}

        We never sell your data. Help: <https://example.com/privacy-help>

        ## 3. Contact {#contact}

        Write to privacy@example.com.
    """,
    "zh-TW": """
        我們尊重您的隱私。請閱讀[使用條款](terms.md#use)及[我們如何分享資料](#sharing)。

        ## 1. 總則 {#general}

        {sentence}

        ## 2. 分享 {#sharing}

        我們絕不出售您的資料。說明:<https://example.com/privacy-help>

        ## 3. 聯絡 {#contact}

        請來信 privacy@example.com。
    """,
}
_TERMS = {
    "en": (
        "Terms of Use",
        "These terms govern the platform.\n\n## 1. Use {#use}\n\nUse the platform lawfully.",
    ),
    "zh-TW": ("使用條款", "本條款規範本平台。\n\n## 1. 使用 {#use}\n\n請合法使用本平台。"),
}


@dataclass
class Audited:
    repo: PolicyRepo
    commits: dict[str, str]  # version -> the commit that carries it


def privacy(lang: str, version: str) -> str:
    body = _BODY[lang].replace("{sentence}", SENTENCES[version][lang])
    return policy_text(TITLES[lang], version, body)


def make_audited(directory: Path, pdf: bool = True) -> Audited:
    """The three versions, committed in a new repository at ``directory`` (PDFs on unless ``pdf=False``)."""
    repo = PolicyRepo.create(directory, copy_policies=False, pdf=pdf)
    for lang, (title, body) in _TERMS.items():
        repo.write(lang, "terms", policy_text(title, "2020.01.01", body))
    commits = {}
    for version in VERSIONS:
        for lang in LANGUAGES:
            repo.write(lang, "privacy", privacy(lang, version))
        commits[version] = repo.commit(f"Privacy {version}", COMMIT_DATES[version])
    return Audited(repo, commits)


def pdf_url(lang: str, version: str, policy: str = "privacy") -> str:
    prefix = "" if lang == "en" else f"{lang}/"
    return f"{prefix}{policy}/versions/{policy}-{version}-{lang}.pdf"


def pdfs(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.pdf"))


def reader(build: BuildResult | Path, url: str) -> PdfReader:
    site = build.site if isinstance(build, BuildResult) else build
    return PdfReader(io.BytesIO((site / url).read_bytes()))


def text(pdf: PdfReader) -> str:
    """Every page's text, without the spaces and line breaks that extraction puts in."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pdf.pages))


def squeeze(value: str) -> str:
    return re.sub(r"\s+", "", value)


def xmp(pdf: PdfReader) -> ET.Element:
    """The XMP packet of the PDF, parsed."""
    data = pdf.trailer["/Root"]["/Metadata"].get_object().get_data()
    start, end = data.index(b"<x:xmpmeta"), data.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    return ET.fromstring(data[start:end])


NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}


def xmp_attribute(root: ET.Element, namespace: str, name: str) -> str | None:
    for element in root.iter(f"{{{NS['rdf']}}}Description"):
        value = element.get(f"{{{NS[namespace]}}}{name}")
        if value is not None:
            return value
    element = root.find(f".//{{{NS[namespace]}}}{name}")
    return element.text if element is not None else None


def attachments(pdf: PdfReader) -> dict[str, bytes]:
    return {name: contents[0] for name, contents in pdf.attachments.items()}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def link_targets(pdf: PdfReader) -> tuple[list[str], list[str]]:
    """The (URIs, internal destinations) of every link annotation in the PDF."""
    uris, internal = [], []
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            action = action.get_object() if action is not None else {}
            if action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
            elif action.get("/S") == "/GoTo" or "/Dest" in annotation:
                internal.append(str(action.get("/D") or annotation.get("/Dest")))
    return uris, internal


def embedded_fonts(pdf: PdfReader) -> dict[str, bool]:
    """``{font name: embedded?}`` for every font the pages use (descendant fonts included)."""
    found: dict[str, bool] = {}

    def visit(font) -> None:
        font = font.get_object()
        for descendant in font.get("/DescendantFonts") or []:
            visit(descendant)
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None:
            descriptor = descriptor.get_object()
            found[str(font.get("/BaseFont"))] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )

    for page in pdf.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.get_object().values():
            visit(font)
    return found
