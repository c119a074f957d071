"""``/versions.json``: the machine-readable index of every version (``policy versions --format json``)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import translations
from ..history import History, Version
from ..names import Names
from ..urls import absolute, site_path
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
    site_url: str = "",
) -> dict:
    """The machine-readable index of every version (``/versions.json``, ``policy versions --format json``)
    of a site in ``languages`` (the reference language first: ``reference_language`` names it, and
    every translation's state is against it).

        ``diagnostics`` (the analysis' findings) add each version's findings about
        its commits; ``corpus`` (the working tree) adds each policy's translation state;
        ``pdfs`` adds the address of each version's PDF, and ``pdf_hashes`` the SHA-256 of its bytes
        (``(policy, version, lang)`` -> hash: what ``policy verify`` checks a PDF against).

        Its addresses (``url``, ``pdf``, ``redline``) are absolute under ``site_url`` (the index is read
        away from the site: by auditors, by scripts), else site paths (``/zh-TW/privacy/``); ``site_url``
        is recorded at the top (``policy verify`` finds each file of the site from it).
    """
    index = _Index(redlines, languages, _by_commit(diagnostics or []), pdfs, pdf_hashes or {}, site_url)
    names = Names.of(corpus, history) if corpus is not None else None
    policies = []
    for policy, ph in sorted(history.policies.items()):
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
                else {lang: index.url(index.path(lang, policy)) for lang in languages},
                "translations": {
                    lang: translations.to_json(ph, translations.state(ph, lang, index.reference, corpus))
                    for lang in languages
                    if lang != index.reference
                },
                "versions": [index.version(ph, version) for version in reversed(ph.versions)],
            }
        )
    return {
        "generated": history.build_date.isoformat(),
        "head": history.head,
        "site_url": site_url,
        "reference_language": index.reference,
        "policies": policies,
    }


@dataclass(frozen=True)
class _Index:
    """What every entry of the index is made with."""

    redlines: Redlines
    languages: tuple[str, ...]
    findings: dict[str, list[tuple[int, dict]]]  # commit -> the findings about history at it (_by_commit)
    pdfs: bool
    pdf_hashes: dict[tuple[str, str, str], str]
    site_url: str

    @property
    def reference(self) -> str:
        """The site's reference language (its pages are at the root of the site)."""
        return self.languages[0]

    def path(self, lang: str, *parts: str) -> str:
        return site_path(lang, *parts, reference=self.reference)

    def url(self, path: str) -> str:
        """A site path as the index gives it: absolute under ``site_url``."""
        return absolute(self.site_url, path)

    def version(self, ph, version: Version) -> dict:
        policy = ph.policy
        texts = {lang: self.text(policy, version, lang) for lang in self.languages if lang in version.texts}
        commits = {r.commit for r in version.revisions}
        return {
            "version": version.version,
            "date": version.date.isoformat(),
            "status": version.status,
            "dated_by": version.dated_by,
            **_record(version),
            "summary": self.redlines.summary(ph, version),
            "languages": texts,
            "redline": {
                lang: self.url(self.path(lang, policy, "changes", version.version)) for lang in texts
            },
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
                entry
                for _, entry in sorted(
                    item for c in commits if c in self.findings for item in self.findings[c]
                )
            ],
        }

    def text(self, policy: str, version: Version, lang: str) -> dict:
        """One language of a version: its source (commit, path, hash), page, PDF and every wording."""
        text = version.texts[lang]
        entry: dict[str, object] = {
            "commit": text.commit,
            "path": text.path or f"{lang}/{policy}.md",
            "sha256": text.sha256,
            "url": self.url(self.path(lang, policy, "versions", version.version)),
        }
        if self.pdfs:
            entry["pdf"] = self.url(pdf_url(lang, policy, version.version, self.reference))
            digest = self.pdf_hashes.get((policy, version.version, lang))
            if digest:
                entry["pdf_sha256"] = digest
        entry["states"] = _states(policy, version, lang, self)
        return entry


def _by_commit(diagnostics: list) -> dict[str, list[tuple[int, dict]]]:
    """The findings about history (``history.*``, each about a commit) as the index gives them, by
    commit, each with its place among the analysis' findings: each version takes its own commits'
    in that order (a scan of every finding for each version was quadratic)."""
    found: dict[str, list[tuple[int, dict]]] = {}
    for place, d in enumerate(diagnostics):
        if d.commit and d.code.startswith("history."):
            entry = {
                "code": d.code,
                "file": d.file,
                "commit": d.commit,
                "message": d.message,
                "acknowledged": d.acknowledged,
            }
            found.setdefault(d.commit, []).append((place, entry))
    return found


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


def _states(policy: str, version: Version, lang: str, site: _Index) -> list[dict]:
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
                "url": site.url(
                    site.path(lang, policy, "versions", version.version)
                    if later is None
                    else wording_path(lang, policy, version, text.number, site.reference)
                ),
            }
        )
    return found
