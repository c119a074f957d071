"""Translation state, section by section, from history.

For a translation at version T while the reference language (the site's first: English,
or Japanese on a site written in Japanese first) is at version E (E after T), a section is
*outdated* when its reference text changed between T and E (changed, added or moved), and
*current* otherwise; a section the reference removed is reported too.  A policy with no file in
a language is *pending*.  Readers see which sections to trust, translators get their to-do
(``policy translations``), the status page and ``versions.json`` list every policy × language,
and pull requests say what they do to translations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import diff
from .history import History, PolicyHistory, Version
from .project import Corpus


@dataclass
class OutdatedSection:
    id: str | None  # None: the introduction
    status: str  # changed | added | moved | removed (in the reference since the translated version)
    title: str  # the reference language's heading
    changed_in: Version  # the newest version in which the reference language changed it


@dataclass
class TranslationState:
    policy: str
    lang: str
    reference_lang: str  # the language it translates: the site's reference language
    state: str  # current | lagging | pending | removed
    translated: Version | None = None  # T: the version this translation is of
    reference: Version | None = None  # E: the reference language's current version
    outdated: list[OutdatedSection] = field(default_factory=list)

    @property
    def stale(self) -> list[OutdatedSection]:
        """Outdated sections that still exist in the reference language (what readers see marked)."""
        return [s for s in self.outdated if s.status != "removed"]


def _changes(old, new, reference: str) -> dict[str | None, tuple[str, str]]:
    """Section key -> (status, title) for what the ``reference`` language changed from ``old`` to
    ``new`` (statuses only)."""
    redline = diff.compare(
        old.document if old else None, new.document if new else None, reference, inline=False
    )
    return {s.id: (s.status, s.title) for s in redline.sections if s.status != "unchanged"}


def state(
    history: PolicyHistory, lang: str, reference: str, corpus: Corpus | None = None
) -> TranslationState:
    """The state of ``history``'s ``lang`` translation against its current text in the ``reference``
    language (a policy not in force yet: against the text of the version that takes effect first)."""
    result = TranslationState(history.policy, lang, reference, "current")
    if history.removed:
        result.state = "removed"
        return result
    # The reference's current version; when none is in force yet, the first one to take effect.
    current = history.current or min(history.upcoming, key=lambda v: v.date, default=None)
    original = history.text_as_of(current, reference) if current is not None else None
    if corpus is not None and not corpus.has(history.policy, lang):
        result.state, result.reference = "pending", current
        return result
    text = history.text_as_of(current, lang) if current is not None else None
    if text is None or original is None or current is None:
        result.state = "pending" if text is None else "current"
        result.reference = current
        return result
    translated = history.get(text.header.version) if text.header.version else None
    result.translated, result.reference = translated, current
    if translated is None or translated is current or translated.date >= current.date:
        return result
    result.state = "lagging"
    # The reference as of T and as of E, and the version in which each section last changed between.
    start = translated.texts.get(reference)
    changed = _changes(start, original, reference)
    versions = history.versions[history.index(translated) + 1 : history.index(current) + 1]
    last: dict[str | None, Version] = {}
    previous = start
    for version in versions:
        text_e = version.texts.get(reference)
        if text_e is None:
            continue
        for key in _changes(previous, text_e, reference):
            last[key] = version
        previous = text_e
    for key, (status, title) in changed.items():
        result.outdated.append(OutdatedSection(key, status, title, last.get(key, current)))
    return result


def states(history: History, corpus: Corpus) -> list[TranslationState]:
    """Every policy × translation language."""
    return [
        state(ph, lang, corpus.reference, corpus)
        for ph in (history.policies[p] for p in sorted(history.policies))
        for lang in corpus.languages
        if lang != corpus.reference
    ]


def to_json(history: PolicyHistory, state_: TranslationState) -> dict:
    """A translation's state as data (``versions.json``, ``policy translations --format json``)."""
    since = None
    if state_.state == "lagging" and state_.translated is not None and state_.reference is not None:
        start, end = history.index(state_.translated) + 1, history.index(state_.reference) + 1
        later = [v for v in history.versions[start:end] if state_.reference_lang in v.texts]
        since = later[0].version if later else None
    return {
        "state": state_.state,
        "version": state_.translated.version if state_.translated else None,
        "reference": state_.reference.version if state_.reference else None,
        "since": since,
        "outdated": [
            {"id": s.id, "status": s.status, "changed_in": s.changed_in.version} for s in state_.outdated
        ],
    }


# ---------------------------------------------------------------- the translator's to-do


@dataclass
class Task:
    """One outdated section: what the reference language changed, what the translation says now, where
    to edit."""

    section: OutdatedSection
    path: str  # the translation's file
    line: int  # where to edit (the section's heading; for an added section, where it goes)
    ops: list[tuple[int, str]]  # the reference language's redline from T to E (title and body)
    translation: str  # the translated section's current text ("" when the reference added it)


def tasks(history: PolicyHistory, state_: TranslationState, corpus: Corpus) -> list[Task]:
    """The to-do of a lagging translation, section by section, in the reference language's order."""
    if state_.state != "lagging" or state_.translated is None or state_.reference is None:
        return []
    reference = state_.reference_lang
    old = state_.translated.texts.get(reference)
    new = history.text_as_of(state_.reference, reference)  # (as state() read it)
    redline = diff.compare(old.document if old else None, new.document if new else None, reference)
    by_id = {s.id: s for s in redline.sections}
    document = corpus.get(history.policy, state_.lang)
    path = f"{state_.lang}/{history.policy}.md"
    mine = {s.id: s for s in document.sections if s.id} if document else {}
    order = [s.id for s in new.document.sections if s.id] if new else []
    found = []
    for item in state_.outdated:
        section = by_id.get(item.id)
        title_changed = section is not None and any(op != diff.EQUAL for op, _ in section.title_ops)
        if section is None:
            ops = []
        elif item.id and title_changed:
            ops = section.title_ops + [(diff.EQUAL, "\n\n")] + section.body_ops
        else:
            ops = section.body_ops
        if item.id is None:
            line, text = (document.body_line if document else 1), (document.root.text if document else "")
        elif item.id in mine:
            line, text = mine[item.id].line, mine[item.id].text
        else:
            earlier = [i for i in order[: order.index(item.id)] if i in mine] if item.id in order else []
            line = mine[earlier[-1]].line if earlier else (document.body_line if document else 1)
            text = ""
        found.append(Task(item, path, line, ops, text))
    return found
