"""``/versions.json``: the machine-readable index of every version (``policy versions --format json``)."""

from __future__ import annotations

from .. import translations
from ..history import History, Version
from ..names import Names
from ..project import REFERENCE
from .common import site_path
from .pdf import url as pdf_url
from .redlines import Redlines
from .wording import wording_path


def versions_index(
    history: History,
    redlines: Redlines,
    languages: tuple[str, ...],
    diagnostics: list | None = None,
    corpus=None,
    pdfs: bool = False,
    pdf_hashes: dict[tuple[str, str, str], str] | None = None,
) -> dict:
    """The machine-readable index of every version (``/versions.json``, ``policy versions --format json``).

    ``diagnostics`` (the analysis' findings) add each version's findings about
    its commits; ``corpus`` (the working tree) adds each policy's translation state;
    ``pdfs`` adds the address of each version's PDF, and ``pdf_hashes`` the SHA-256 of its bytes
    (``(policy, version, lang)`` -> hash: what ``policy verify`` checks a PDF against).
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
                        "path": text.path or f"{lang}/{policy}.md",
                        "sha256": text.sha256,
                        "url": site_path(lang, policy, "versions", version.version),
                    }
                    if pdfs:
                        texts[lang]["pdf"] = pdf_url(lang, policy, version.version)
                        digest = (pdf_hashes or {}).get((policy, version.version, lang))
                        if digest:
                            texts[lang]["pdf_sha256"] = digest
                    texts[lang]["states"] = _states(policy, version, lang)
            versions.append(
                {
                    "version": version.version,
                    "date": version.date.isoformat(),
                    "status": version.status,
                    "dated_by": version.dated_by,
                    **_record(version),
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
                "retired": ph.retired.isoformat() if ph.retired else None,
                "former_names": list(ph.former_names),
                "url": None
                if ph.removed and ph.retired is None
                else {lang: site_path(lang, policy) for lang in languages},
                "translations": {
                    lang: translations.to_json(ph, translations.state(ph, lang, corpus))
                    for lang in languages
                    if lang != REFERENCE
                },
                "versions": versions,
            }
        )
    return {"generated": history.build_date.isoformat(), "head": history.head, "policies": policies}


def _record(version: Version) -> dict:
    """When the version was published, when it was in force, and when it was withdrawn (and why)."""
    return {
        "published": version.published.isoformat() if version.published else None,
        "in_force": [
            {"from": start.isoformat(), "until": end.isoformat() if end else None}
            for start, end in version.periods
        ],
        "withdrawn": None
        if version.withdrawn is None
        else {
            "date": version.withdrawn.isoformat(),
            "commit": version.withdrawn_by.commit if version.withdrawn_by else None,
            "restored": version.withdrawn_for.version if version.withdrawn_for else None,
        },
        "restored": [day.isoformat() for day in version.restored],
    }


def _states(policy: str, version: Version, lang: str) -> list[dict]:
    """Every wording of the version in ``lang`` ever published, oldest first: the last is its text."""
    states = version.states.get(lang, [])
    found = []
    for index, text in enumerate(states):
        later = states[index + 1] if index + 1 < len(states) else None
        found.append(
            {
                "number": text.number,
                "kind": text.kind,
                "commit": text.commit,
                "path": text.path or f"{lang}/{policy}.md",
                "sha256": text.sha256,
                "published": text.published.isoformat() if text.published else None,
                "until": later.published.isoformat() if later is not None and later.published else None,
                "reason": text.revision.reason
                if text.revision is not None and text.revision.reason
                else None,
                "url": site_path(lang, policy, "versions", version.version)
                if later is None
                else wording_path(lang, policy, version, text.number),
            }
        )
    return found
