"""Distinct names: two policies that share a title are told apart wherever readers see them.

Two products may each have a "Privacy Policy".  Wherever the site names a
policy (navigation, home page, changelog, feeds, search, page titles), a title
that more than one policy uses in a language is followed by the policy's short
``label`` from its front matter, or else its file name: "Privacy Policy
(Firefox)", "Privacy Policy (privacy)".  A title only one policy uses is shown
as it is.  ``policy check`` warns (``title.duplicate``) while the file name
stands in for a label, or while two labels are the same, so editors name each
policy on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable

from .diagnostics import Diagnostic
from .project import Corpus
from .sources import Document

CODE = "title.duplicate"


def label_of(meta: dict | None) -> str | None:
    """The ``label`` of a front matter, stripped (None when absent or not text)."""
    value = (meta or {}).get("label")
    return value.strip() if isinstance(value, str) and value.strip() else None


class Names:
    """The distinct name of every policy, in every language.

    ``titles[(policy, lang)]`` holds every title the policy has carried in
    ``lang`` (its current text and its history), ``labels[(policy, lang)]`` its
    current ``label`` (None: none); ``reference`` is the site's reference language.
    """

    def __init__(
        self,
        titles: dict[tuple[str, str], set[str]],
        labels: dict[tuple[str, str], str | None],
        reference: str,
    ):
        self.labels = labels
        self.reference = reference
        self.users: dict[tuple[str, str], set[str]] = {}  # (lang, title) -> policies
        for (policy, lang), names in titles.items():
            for title in names:
                self.users.setdefault((lang, title), set()).add(policy)

    def shared(self, title: str, lang: str) -> bool:
        return len(self.users.get((lang, title), ())) > 1

    def label(self, policy: str, lang: str) -> str:
        """What tells ``policy`` apart: its label in ``lang``, else in the reference language, else its
        file name."""
        return self.labels.get((policy, lang)) or self.labels.get((policy, self.reference)) or policy

    def name(self, policy: str, lang: str, title: str) -> str:
        """``title`` as readers see it: "Privacy Policy (Firefox)" when another policy shares it."""
        return f"{title} ({self.label(policy, lang)})" if self.shared(title, lang) else title

    @classmethod
    def of(cls, corpus: Corpus, history=None) -> Names:
        """The names of the working tree's policies and of every policy in ``history``."""
        titles: dict[tuple[str, str], set[str]] = {}
        labels: dict[tuple[str, str], str | None] = {}
        for (policy, lang), document in corpus.documents.items():
            if document.title:
                titles.setdefault((policy, lang), set()).add(document.title)
            labels[(policy, lang)] = label_of(document.meta)
        for policy, ph in history.policies.items() if history is not None else ():
            for version in ph.versions:
                for lang, text in version.texts.items():
                    if text.header.title:
                        titles.setdefault((policy, lang), set()).add(text.header.title)
            if ph.removed and ph.versions:  # no working-tree file: the newest text's label
                for lang, text in ph.versions[-1].texts.items():
                    document = text.document
                    labels.setdefault((policy, lang), label_of(document.meta if document else None))
        return cls(titles, labels, corpus.reference)


def check(corpus: Corpus) -> list[Diagnostic]:
    """``title.duplicate``: policies of one language that share a title and are not told apart by a label."""
    found: list[Diagnostic] = []
    for lang in corpus.languages:
        by_title: dict[str, dict[str, Document]] = {}
        for policy in corpus.policies:
            document = corpus.get(policy, lang)
            if document is not None and document.title:
                by_title.setdefault(document.title, {})[policy] = document
        for title, documents in sorted(by_title.items()):
            if len(documents) > 1:
                found += _duplicates(corpus, lang, title, documents)
    return found


def _duplicates(
    corpus: Corpus, lang: str, title: str, documents: dict[str, Document]
) -> Iterable[Diagnostic]:
    """``documents``: each policy of ``lang`` titled ``title``, by name."""
    policies = list(documents)
    labels = {p: label_of(d.meta) or _reference_label(corpus, p) for p, d in documents.items()}
    for policy, document in documents.items():
        others = [p for p in policies if p != policy]
        files = ", ".join(f"{lang}/{p}.md" for p in others)
        label = labels[policy]
        if label is None:
            message = (
                f"title '{title}' is also the title of {files}: readers are shown '{title} ({policy})'; "
                "add a short 'label:' to the front matter (e.g. the product this policy covers) to name it"
            )
        elif any(labels[p] == label for p in others):
            same = ", ".join(f"{lang}/{p}.md" for p in others if labels[p] == label)
            message = (
                f"title '{title}' and label '{label}' are also those of {same}: readers cannot tell "
                "these policies apart; give each a different 'label:'"
            )
        else:
            continue
        yield Diagnostic.warning(CODE, document.path, document.meta_line("title"), message)


def _reference_label(corpus: Corpus, policy: str) -> str | None:
    document = corpus.get(policy, corpus.reference)
    return label_of(document.meta) if document is not None else None
