"""The project on disk: which languages, which policies, and their parsed sources.

A :class:`Corpus` is every policy file of one revision (the working tree, or a
commit read from git) parsed into :class:`~policysite.sources.Document` values,
with the diagnostics the parser found.  Parity runs on a corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import sources
from .diagnostics import Diagnostic

REFERENCE = "en"
LANGUAGES = ("en", "zh-TW")
POLICY_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


def find_root(start: Path | None = None) -> Path | None:
    """The nearest directory (from ``start`` upwards) holding ``mkdocs.yml``."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "mkdocs.yml").is_file():
            return candidate
    return None


@dataclass
class Corpus:
    documents: dict[tuple[str, str], sources.Document] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # (policy, lang) pairs whose file exists but could not be modelled
    broken: set[tuple[str, str]] = field(default_factory=set)
    languages: tuple[str, ...] = LANGUAGES
    # (page, lang) of the site's other pages (docs/<lang>/<page>.md, e.g. the
    # home page "index"), which policies may link to as well
    pages: set[tuple[str, str]] = field(default_factory=set)

    @property
    def policies(self) -> list[str]:
        return sorted({policy for policy, _ in self.documents} | {policy for policy, _ in self.broken})

    def get(self, policy: str, lang: str) -> sources.Document | None:
        return self.documents.get((policy, lang))

    def has(self, policy: str, lang: str) -> bool:
        return (policy, lang) in self.documents or (policy, lang) in self.broken

    def add(self, data: bytes, policy: str, lang: str) -> None:
        display = f"{lang}/{policy}.md"
        document, found = sources.parse(data, display, policy, lang)
        self.diagnostics.extend(found)
        if document is None:
            self.broken.add((policy, lang))
        else:
            self.documents[(policy, lang)] = document


def policy_files(root: Path, languages: tuple[str, ...] = LANGUAGES) -> dict[tuple[str, str], Path]:
    """``{(policy, lang): path}`` for every ``<lang>/<policy>.md`` in the tree."""
    found = {}
    for lang in languages:
        folder = root / lang
        if folder.is_dir():
            for path in sorted(folder.glob("*.md")):
                found[(path.stem, lang)] = path
    return found


def site_pages(root: Path, languages: tuple[str, ...] = LANGUAGES) -> set[tuple[str, str]]:
    """``{(page, lang)}`` of the Markdown pages in ``docs/<lang>/`` ("index", "about"...)."""
    found = set()
    for lang in languages:
        folder = root / "docs" / lang
        if folder.is_dir():
            for path in folder.rglob("*.md"):
                found.add((path.relative_to(folder).as_posix()[:-3], lang))
    return found


def load_tree(root: Path, languages: tuple[str, ...] = LANGUAGES) -> Corpus:
    """Parse every policy file of the working tree."""
    corpus = Corpus(languages=languages)
    corpus.pages = site_pages(root, languages)
    for (policy, lang), path in policy_files(root, languages).items():
        display = f"{lang}/{policy}.md"
        if not POLICY_NAME.match(policy):
            corpus.diagnostics.append(
                Diagnostic.error(
                    "source.name",
                    display,
                    1,
                    (
                        f"policy file name '{path.name}' must be lowercase ASCII letters, digits and "
                        "hyphens, e.g. 'privacy.md' (it becomes the URL)"
                    ),
                )
            )
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            corpus.diagnostics.append(
                Diagnostic.error("source.unreadable", display, 1, f"cannot read file: {exc.strerror}")
            )
            corpus.broken.add((policy, lang))
            continue
        corpus.add(data, policy, lang)
    return corpus
