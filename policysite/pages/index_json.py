"""``/versions.json``: the machine-readable index of every version (``policy versions --format json``)."""

from __future__ import annotations

from ..history import History
from .common import site_path
from .pdf import url as pdf_url
from .redlines import Redlines


def versions_index(
    history: History, redlines: Redlines, languages: tuple[str, ...], pdfs: bool = False
) -> dict:
    """The machine-readable index of every version (``/versions.json``, ``policy versions --format json``)."""
    policies = []
    for policy, ph in sorted(history.policies.items()):
        versions = []
        for version in reversed(ph.versions):
            texts = {}
            for lang in languages:
                text = version.texts.get(lang)
                if text is not None:
                    texts[lang] = {
                        "commit": text.commit,
                        "sha256": text.sha256,
                        "url": site_path(lang, policy, "versions", version.version),
                    }
                    if pdfs:
                        texts[lang]["pdf"] = pdf_url(lang, policy, version.version)
            versions.append(
                {
                    "version": version.version,
                    "date": version.date.isoformat(),
                    "status": version.status,
                    "summary": redlines.summary(ph, version),
                    "languages": texts,
                    "redline": {lang: site_path(lang, policy, "changes", version.version) for lang in texts},
                    "revisions": [
                        {
                            "commit": r.commit,
                            "date": r.date.isoformat(),
                            "subject": r.subject,
                            "editorial": r.editorial,
                        }
                        for r in version.revisions
                    ],
                }
            )
        current = ph.current
        policies.append(
            {
                "id": policy,
                "title": {lang: ph.title(lang) for lang in languages},
                "current": current.version if current else None,
                "url": None if ph.removed else {lang: site_path(lang, policy) for lang in languages},
                "versions": versions,
            }
        )
    return {"generated": history.build_date.isoformat(), "head": history.head, "policies": policies}
