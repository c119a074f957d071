"""Translation state, section by section, from history.

For a translation at version T while English is at version E (E after T), a
section is *outdated* when its English text changed between T and E (changed,
added or moved), and *current* otherwise; a section English removed is
reported too.  A policy with no file in a language is *pending*.  Readers see
which sections to trust, translators get their to-do (``policy translations``),
the status page and ``versions.json`` list every policy × language, and pull
requests say what they do to translations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import diff
from .history import History, PolicyHistory, Version
from .project import REFERENCE, Corpus


@dataclass
class OutdatedSection:
    id: str | None  # None: the introduction
    status: str  # changed | added | moved | removed (in English since the translated version)
    title: str  # the English heading
    changed_in: Version  # the newest version in which English changed it


@dataclass
class TranslationState:
    policy: str
    lang: str
    state: str  # current | lagging | pending | removed
    translated: Version | None = None  # T: the version this translation is of
    reference: Version | None = None  # E: English's current version
    outdated: list[OutdatedSection] = field(default_factory=list)

    @property
    def stale(self) -> list[OutdatedSection]:
        """Outdated sections that still exist in English (what readers see marked)."""
        return [s for s in self.outdated if s.status != "removed"]


def _changes(old, new) -> dict[str | None, tuple[str, str]]:
    """Section key -> (status, title) for what English changed from ``old`` to ``new`` (statuses only)."""
    redline = diff.compare(
        old.document if old else None, new.document if new else None, REFERENCE, inline=False
    )
    return {s.id: (s.status, s.title) for s in redline.sections if s.status != "unchanged"}


def state(history: PolicyHistory, lang: str, corpus: Corpus | None = None) -> TranslationState:
    """The state of ``history``'s ``lang`` translation against its current English text (a policy
    not in force yet: against the English text of the version that takes effect first)."""
    result = TranslationState(history.policy, lang, "current")
    if history.removed:
        result.state = "removed"
        return result
    # English's current version; when none is in force yet, the first one to take effect.
    current = history.current or min(history.upcoming, key=lambda v: v.date, default=None)
    english = history.text_as_of(current, REFERENCE) if current is not None else None
    if corpus is not None and not corpus.has(history.policy, lang):
        result.state, result.reference = "pending", current
        return result
    text = history.text_as_of(current, lang) if current is not None else None
    if text is None or english is None or current is None:
        result.state = "pending" if text is None else "current"
        result.reference = current
        return result
    translated = history.get(text.header.version) if text.header.version else None
    result.translated, result.reference = translated, current
    if translated is None or translated is current or translated.date >= current.date:
        return result
    result.state = "lagging"
    # English as of T and as of E, and the version in which each section last changed in between.
    start = translated.texts.get(REFERENCE)
    changed = _changes(start, english)
    versions = history.versions[history.index(translated) + 1 : history.index(current) + 1]
    last: dict[str | None, Version] = {}
    previous = start
    for version in versions:
        text_e = version.texts.get(REFERENCE)
        if text_e is None:
            continue
        for key in _changes(previous, text_e):
            last[key] = version
        previous = text_e
    for key, (status, title) in changed.items():
        result.outdated.append(OutdatedSection(key, status, title, last.get(key, current)))
    return result


def states(history: History, corpus: Corpus) -> list[TranslationState]:
    """Every policy × translation language."""
    return [
        state(ph, lang, corpus)
        for ph in (history.policies[p] for p in sorted(history.policies))
        for lang in corpus.languages
        if lang != REFERENCE
    ]


def to_json(history: PolicyHistory, state_: TranslationState) -> dict:
    """A translation's state as data (``versions.json``, ``policy translations --format json``)."""
    since = None
    if state_.state == "lagging" and state_.translated is not None and state_.reference is not None:
        start, end = history.index(state_.translated) + 1, history.index(state_.reference) + 1
        later = [v for v in history.versions[start:end] if REFERENCE in v.texts]
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
    """One outdated section: what English changed, what the translation says now, where to edit."""

    section: OutdatedSection
    path: str  # the translation's file
    line: int  # where to edit (the section's heading; for an added section, where it goes)
    ops: list[tuple[int, str]]  # the English redline from T to E (title and body)
    translation: str  # the translated section's current text ("" when English added it)


def tasks(history: PolicyHistory, state_: TranslationState, corpus: Corpus) -> list[Task]:
    """The to-do of a lagging translation, section by section, in the English order."""
    if state_.state != "lagging" or state_.translated is None or state_.reference is None:
        return []
    old = state_.translated.texts.get(REFERENCE)
    new = history.text_as_of(state_.reference, REFERENCE)  # (as state() read it)
    redline = diff.compare(old.document if old else None, new.document if new else None, REFERENCE)
    by_id = {s.id: s for s in redline.sections}
    document = corpus.get(history.policy, state_.lang)
    path = f"{state_.lang}/{history.policy}.md"
    mine = {s.id: s for s in document.sections if s.id} if document else {}
    english = [s.id for s in new.document.sections if s.id] if new else []
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
            earlier = (
                [i for i in english[: english.index(item.id)] if i in mine] if item.id in english else []
            )
            line = mine[earlier[-1]].line if earlier else (document.body_line if document else 1)
            text = ""
        found.append(Task(item, path, line, ops, text))
    return found
