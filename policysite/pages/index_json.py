"""``/versions.json``: the machine-readable index of every version (``policy versions --format json``)."""

from __future__ import annotations

from .. import translations
from ..history import History
from ..names import Names
from ..project import REFERENCE
from .common import site_path
from .pdf import url as pdf_url
from .redlines import Redlines


def versions_index(
    history: History,
    redlines: Redlines,
    languages: tuple[str, ...],
    diagnostics: list | None = None,
    corpus=None,
    pdfs: bool = False,
) -> dict:
    """The machine-readable index of every version (``/versions.json``, ``policy versions --format json``).

    ``diagnostics`` (the analysis' findings) add each version's findings about
    its commits; ``corpus`` (the working tree) adds each policy's translation state;
    ``pdfs`` adds the address of each version's PDF.
    """
    diagnostics = diagnostics or []
    names = Names.of(corpus, history) if corpus is not None else None
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
                    "findings": [
                        {
                            "code": d.code,
                            "file": d.file,
                            "commit": d.commit,
                            "message": d.message,
                            "acknowledged": d.acknowledged,
                        }
                        for d in diagnostics
                        if d.commit
                        and d.code.startswith("history.")
                        and d.commit in {r.commit for r in version.revisions}
                    ],
                }
            )
        current = ph.current
        policies.append(
            {
                "id": policy,
                "title": {lang: ph.title(lang) for lang in languages},
                # The title as readers see it: told apart when another policy shares it.
                "name": {
                    lang: names.name(policy, lang, ph.title(lang)) if names else ph.title(lang)
                    for lang in languages
                },
                "current": current.version if current else None,
                "url": None if ph.removed else {lang: site_path(lang, policy) for lang in languages},
                "translations": {
                    lang: translations.to_json(ph, translations.state(ph, lang, corpus))
                    for lang in languages
                    if lang != REFERENCE
                },
                "versions": versions,
            }
        )
    return {"generated": history.build_date.isoformat(), "head": history.head, "policies": policies}
