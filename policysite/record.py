"""The record: what readers were shown, and when; never rewritten.

:mod:`policysite.history` reads git (each policy file at every commit of the
first-parent history of HEAD that changed it); this module makes the published
record of it.  Every change of published text is an event with a publication
time (the day, in the site's time zone, the commit reached that history):

- a **new version**: a ``version:`` value not seen before.  Its effective date is
  the value; published after it, it is *backdated* (a warning, ``history.backdated``),
  and published with less notice than ``notice_days``, a warning too;
- a **correction**: the same ``version:``, another text.  Every wording stays in the
  record (:attr:`~policysite.history.Version.states`); one that a commit makes without
  ``Policy-Change: editorial`` is ``history.unmarked-change``;
- a **withdrawal**: a commit restores an earlier version (a ``git revert``, or any
  commit whose ``version:`` goes back to an existing version's): the versions
  published since are withdrawn on that day, and the restored one is in force
  again from that day.  A date that goes backwards to a version that never existed
  stays ``history.backwards``;
- a **retirement**: the policy's files deleted in every language.

What is in force on a day follows from them (:class:`Timeline`): each version's
periods in force, the withdrawn ones skipped from their withdrawal on.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import re
import zoneinfo
from dataclasses import dataclass, field

from . import git_utils, idsyntax, sources
from .diagnostics import Diagnostic
from .history import (
    History,
    PolicyHistory,
    Revision,
    Text,
    Version,
    _Log,
    _Snapshot,
)
from .project import Corpus


@dataclass(frozen=True)
class Clock:
    """The build's day and the site's time zone (publication days are local days)."""

    today: _dt.date
    timezone: str = "UTC"
    notice_days: int = 0
    # ``undated: commit``: a text without ``version:`` is a version dated by its publication day
    undated: bool = False

    @functools.cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def day(self, revision: Revision) -> _dt.date:
        """The local day ``revision`` was published (the working tree: the build's day)."""
        if revision.commit is None:
            return self.today
        return _dt.datetime.fromtimestamp(revision.timestamp, self.zone).date()


@dataclass(frozen=True)
class _Deletion:
    """The file deleted by ``commit`` (a retirement when every language's file is)."""

    commit: Revision


@dataclass
class _Step:
    """One language's text entering the record: a version first published, or restored."""

    kind: str  # "new" | "restore"
    version: Version
    revision: Revision
    place: int


@dataclass
class _Policy:
    """The record of one policy, built language by language, oldest commit first."""

    policy: str
    clock: Clock
    position: dict[Revision, int]
    versions: dict[str, Version] = field(default_factory=dict)
    steps: dict[str, list[_Step]] = field(default_factory=dict)
    findings: list[Diagnostic] = field(default_factory=list)
    deleted: dict[str, Revision] = field(default_factory=dict)  # language -> the commit that deleted it

    def place(self, revision: Revision) -> int:
        return len(self.position) if revision.commit is None else self.position.get(revision, 0)

    def add(
        self, lang: str, snapshots: list[_Snapshot | _Deletion], document: sources.Document | None = None
    ) -> None:
        """One language's history: each snapshot a new version, a restoration or a new wording."""
        last: Version | None = None  # the version the file carried before the snapshot
        steps = self.steps.setdefault(lang, [])
        newest = max(steps, key=lambda s: s.version.date, default=None)  # (the first of the latest)
        undated = [
            s
            for s in snapshots
            if isinstance(s, _Snapshot) and s.header and s.header.version is None and s.commit.commit
        ]
        if undated and not self.clock.undated:
            self.findings.append(_skipped(self.policy, lang, len(undated)))
        for snapshot in snapshots:
            if isinstance(snapshot, _Deletion):
                self.deleted[lang], last = snapshot.commit, None
                continue
            self.deleted.pop(lang, None)
            header = snapshot.header
            if header is None:
                continue  # a file history cannot read (no front matter, say): never published
            name, date = self._dated(lang, snapshot, header)
            if name is None or date is None:
                continue  # an undated text is skipped (``undated: skip``), an invalid date too
            version = self.versions.get(name)
            restored = False
            if version is None or lang not in version.states:
                finding = self._order(lang, snapshot, newest, document, (name, date))
                if version is None:
                    version = self.versions[name] = Version(self.policy, name, date)
                    version.dated_by = "source" if header.version is not None else "publication"
                if finding is not None:
                    version.findings.append(finding)
                steps.append(_Step("new", version, snapshot.commit, self.place(snapshot.commit)))
            elif last is not None and version is not last:
                restored = True
                steps.append(_Step("restore", version, snapshot.commit, self.place(snapshot.commit)))
            if steps and (newest is None or steps[-1].version.date > newest.version.date):
                newest = steps[-1]
            self._wording(lang, version, snapshot, header, restored)
            last = version
        if last is not None and document is not None and document.version is None and self.clock.undated:
            # The working tree's text has no date of its own: it is the version history dated by
            # publication (``undated: commit``), and its pages say so.
            document.version, document.date = last.version, last.date

    def _dated(
        self, lang: str, snapshot: _Snapshot, header: sources.Header
    ) -> tuple[str | None, _dt.date | None]:
        """The version a text belongs to (``header`` is its front matter): its ``version:``; without
        one, with ``undated: commit``, the day its commit reached main (the build's day for the
        working tree)."""
        if header.version is None and self.clock.undated:
            last = self._last_state(lang, snapshot)
            if last is not None:  # moved, or only reformatted: the same text, the same version
                return last.header.version, last.header.date
            day = self.clock.day(snapshot.commit)
            return f"{day:%Y.%m.%d}", day
        return header.version, header.date

    def _last_state(self, lang: str, snapshot: _Snapshot) -> Text | None:
        """The newest undated wording of this language when ``snapshot`` reads the same (a
        move or a change of white space is no new publication)."""
        for step in reversed(self.steps.get(lang, [])):
            states = step.version.states.get(lang) or []
            if step.version.dated_by == "publication" and states:
                return states[-1] if _wording_of(states[-1]) == _wording_of(snapshot) else None
            return None
        return None

    def _order(self, lang, snapshot: _Snapshot, step: _Step | None, document, dated) -> Diagnostic | None:
        """A new version whose date is not after the newest one's (``step``: the first step of the
        newest version so far): ``history.backwards``."""
        name, date = dated
        if step is None or date > step.version.date:
            return None
        newest = step.version
        uncommitted = snapshot.commit.commit is None
        finding = Diagnostic.error(
            "history.backwards",
            f"{lang}/{self.policy}.md",
            document.meta_line("version") if uncommitted and document is not None else 1,
            f"version {name} in {snapshot.commit.describe()} is not after version "
            f"{newest.version} of {step.revision.describe()}, published before it; version dates must "
            "increase along history. "
            f"Give it a date after {newest.version}, or, to withdraw {newest.version}, restore the "
            "earlier version's text exactly (git revert the commit that published it)",
            commit=snapshot.commit.commit,
        )
        self.findings.append(finding)
        return finding

    def _wording(
        self, lang: str, version: Version, snapshot: _Snapshot, header: sources.Header, restored: bool
    ) -> None:
        """The text ``snapshot`` (front matter ``header``) shows for ``version`` in ``lang``: a new
        state unless it is the same."""
        states = version.states.setdefault(lang, [])
        revision = snapshot.commit
        if revision not in version.revisions:
            version.revisions.append(revision)
        version.places[lang] = self.place(revision)
        if states and states[-1].data == snapshot.data:
            return
        kind = "published" if not states else "restored" if restored else "corrected"
        if states and _wording_of(states[-1]) == _wording_of(snapshot):
            kind = "reformatted"  # white space, line endings, front matter other than the title
        text = Text(lang, snapshot.data, header, revision.commit, snapshot.load)
        if version.dated_by != "source" and header.version is None:
            text.dated = (version.version, version.date)
            text.header = dataclasses.replace(header, version=version.version, date=version.date)
        text.revision, text.kind, text.number = revision, kind, len(states) + 1
        text.path = snapshot.path or f"{lang}/{self.policy}.md"
        text.published = self.clock.day(revision)
        # (a version dated by its publication is whatever main published that day)
        declared = (
            revision.editorial or revision.merge or revision.commit is None or version.dated_by != "source"
        )
        if kind in ("corrected", "restored") and not declared:
            self._unmarked(lang, version, states[-1], revision)
        states.append(text)
        version.texts[lang] = text

    def _unmarked(self, lang: str, version: Version, before: Text, revision: Revision) -> None:
        published = before.published.isoformat() if before.published else "before"
        finding = Diagnostic.warning(
            "history.unmarked-change",
            f"{lang}/{self.policy}.md",
            1,
            f"{revision.describe()} changes the published text of version {version.version} "
            f"(published {published}) without a new version and without the trailer "
            "'Policy-Change: editorial': a correction must be declared (its note and redline are "
            "published), a change of substance needs a new version ('policy new-version')",
            commit=revision.commit,
        )
        self.findings.append(finding)
        version.findings.append(finding)


def _skipped(policy: str, lang: str, commits: int) -> Diagnostic:
    """``undated: skip``: the texts without ``version:`` are no versions; say so, once per file."""
    count = f"{commits} commit{'s' if commits != 1 else ''}"
    carry, are = ("carry", "are") if commits != 1 else ("carries", "is")
    return Diagnostic.of(
        "info",
        "history.undated",
        f"{lang}/{policy}.md",
        1,
        f"{count} of this file {carry} a text without 'version:' and {are} not published as versions "
        "(setting 'undated: skip'); with 'undated: commit' each becomes a version dated by the day "
        "it reached main",
    )


# An attribute list that only names an ID (``{#general}``, ``{: #general }``, ``{#第一條-目的}``): an
# address, not words.  Compiled on first use (the class of ID characters is made from Unicode's data).
@functools.cache
def _id_only() -> re.Pattern[str]:
    return re.compile(r"\{:?[ \t]*#" + idsyntax.id_characters() + r"+[ \t]*\}")


def _wording_of(item: Text | _Snapshot) -> tuple[str | None, str]:
    """What readers read of a text: its title and its body, white space folded, without the
    attribute lists that only give an element its ID (adding section IDs changes no wording)."""
    text = item.data.decode("utf-8", errors="replace").lstrip("\ufeff").replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end >= 0 else text
    return (item.header.title if item.header else None, " ".join(_id_only().sub("", text).split()))


def normalized(data: bytes) -> str:
    """A file's text without a BOM and with white space and line endings folded: two texts that
    differ only there are the same published text."""
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    return " ".join(text.split())


# ---------------------------------------------------------------- what is in force when


@dataclass
class Timeline:
    """Which version is in force from which day: entries in publication order, each running until the
    next one starts.  A withdrawal ends the withdrawn versions' entries on its day (dropping those
    not yet in force) and starts the restored version again."""

    entries: list[tuple[_dt.date, Version | None]] = field(default_factory=list)  # None: retired

    def publish(self, version: Version, day: _dt.date) -> None:
        start = version.date
        if self.entries and start < self.entries[-1][0]:
            start = max(day, self.entries[-1][0])  # out of order (a baselined backwards date)
        self.entries.append((start, version))

    def restore(self, version: Version, day: _dt.date) -> list[Version]:
        """``version`` is in force again from ``day``; returns the versions it withdraws."""
        last = max((i for i, (_, v) in enumerate(self.entries) if v is version), default=-1)
        withdrawn = [v for _, v in self.entries[last + 1 :] if v is not version and v is not None]
        kept = self.entries[: last + 1] + [(s, v) for s, v in self.entries[last + 1 :] if s < day]
        if not kept or kept[-1][1] is not version:  # (still in force: nothing took its place yet)
            kept.append((max(day, kept[-1][0]) if kept else day, version))
        self.entries = kept
        return list(dict.fromkeys(withdrawn))

    def retire(self, day: _dt.date) -> None:
        """No version is in force from ``day`` on (the policy's files were deleted)."""
        self.entries.append((max(day, self.entries[-1][0]) if self.entries else day, None))

    def periods(self, version: Version) -> list[tuple[_dt.date, _dt.date | None]]:
        return self.every_period().get(id(version), [])

    def every_period(self) -> dict[int, list[tuple[_dt.date, _dt.date | None]]]:
        """Each version's periods in force (by the version's ``id``), in one pass over the timeline."""
        found: dict[int, list[tuple[_dt.date, _dt.date | None]]] = {}
        for index, (start, entry) in enumerate(self.entries):
            if entry is not None:
                end = self.entries[index + 1][0] if index + 1 < len(self.entries) else None
                if end is None or end > start:
                    found.setdefault(id(entry), []).append((start, end))
        return found

    def on(self, day: _dt.date) -> Version | None:
        """The version in force on ``day`` (None before the first one)."""
        found = None
        for start, version in self.entries:
            if start <= day:
                found = version
        return found


def _timeline(record: _Policy, lang: str) -> Timeline:
    timeline = Timeline()
    for step in sorted(record.steps.get(lang, []), key=lambda s: s.place):
        day = record.clock.day(step.revision)
        if step.kind == "new":
            timeline.publish(step.version, day)
            continue
        for withdrawn in timeline.restore(step.version, day):
            if withdrawn.withdrawn is None:
                withdrawn.withdrawn, withdrawn.withdrawn_by = day, step.revision
                withdrawn.withdrawn_for = step.version
        step.version.restored.append(day)
    return timeline


def _notice(record: _Policy, version: Version, first: bool) -> None:
    """``history.backdated`` / ``history.short-notice`` for a new version (not a policy's first)."""
    firsts = [states[0].published for states in version.states.values() if states]
    published = min((day for day in firsts if day is not None), default=None)
    version.published = published
    text = version.reference
    if first or published is None or text is None or text.revision is None or text.revision.commit is None:
        return
    if any(finding.code == "history.backwards" for finding in version.findings):
        return  # out of order already: it takes effect on its publication (see Timeline.publish)
    days = (version.date - published).days
    if days < 0:
        message = (
            f"version {version.version} takes effect on {version.date.isoformat()} but was published on "
            f"{published.isoformat()}: it is backdated (readers are bound by a text published after "
            "it took effect); date it on or after its publication"
        )
        code = "history.backdated"
    elif days < record.clock.notice_days:
        message = (
            f"version {version.version} takes effect {days} day{'s' if days != 1 else ''} after its "
            f"publication on {published.isoformat()}; the site gives at least "
            f"{record.clock.notice_days} days' notice (notice_days)"
        )
        code = "history.short-notice"
    else:
        return
    finding = Diagnostic.warning(code, f"{text.lang}/{record.policy}.md", 1, message, commit=text.commit)
    record.findings.append(finding)
    version.findings.append(finding)


def _finish(record: _Policy, languages: tuple[str, ...], removed: bool) -> PolicyHistory | None:
    """The policy's history from its record (``languages``: the site's, the reference first: its
    versions are ordered as the reference language published them, when it has any)."""
    if not record.versions:
        return None
    lead = next(lang for lang in languages if record.steps.get(lang))
    first: dict[int, int] = {}  # each version's first place among the lead language's steps
    for step in record.steps[lead]:
        first[id(step.version)] = min(first.get(id(step.version), step.place), step.place)
    ordered = sorted(record.versions.values(), key=lambda v: (first.get(id(v), 1 << 60), v.date))
    timeline = _timeline(record, lead)
    retired = _retirement(record, languages) if removed else None
    if retired is not None:
        timeline.retire(record.clock.day(retired))
    periods = timeline.every_period()
    for index, version in enumerate(ordered):
        version.texts = {lang: version.texts[lang] for lang in languages if lang in version.texts}
        version.revisions.sort(key=lambda r: (r.commit is None, record.position.get(r, 0)))
        version.periods = periods.get(id(version), [])
        _notice(record, version, first=index == 0)
    _statuses(ordered, timeline, record.clock.today, removed)
    for lang in languages:
        texts = [v.texts[lang] for v in ordered if lang in v.texts]
        for older, newer in zip(texts, texts[1:]):
            older.successor = newer
        for version in ordered:  # an earlier wording takes the IDs its version has now
            states = version.states.get(lang, [])
            for older, newer in zip(states, states[1:]):
                older.successor = newer
    ph = PolicyHistory(record.policy, ordered, removed, timeline)
    if retired is not None:
        ph.retired = record.clock.day(retired)
    return ph


def _retirement(record: _Policy, languages: tuple[str, ...]) -> Revision | None:
    """The commit that deleted the policy's last file (the working tree when it is uncommitted)."""
    deleted = [record.deleted[lang] for lang in languages if lang in record.deleted]
    if not deleted:
        return None
    return max(deleted, key=lambda r: (r.commit is None, record.position.get(r, 0)))


def _statuses(ordered: list[Version], timeline: Timeline, today: _dt.date, removed: bool) -> None:
    in_force = timeline.on(today)
    coming = {id(v) for start, v in timeline.entries if start > today}
    for version in ordered:
        if version.withdrawn is not None:
            version.status = "withdrawn"
        elif id(version) in coming and version is not in_force:
            version.status = "upcoming"
        elif version is in_force and not removed:
            version.status = "current"
        else:
            version.status = "archived"


# ---------------------------------------------------------------- assembling


def assemble(log: _Log, corpus: Corpus, working: dict[tuple[str, str], bytes], clock: Clock) -> History:
    """The record of every policy: the log and the working tree grouped into dated versions."""
    found: list[Diagnostic] = []
    policies: dict[str, PolicyHistory] = {}
    midnight = _dt.datetime.combine(clock.today, _dt.time(), clock.zone)
    uncommitted = Revision(None, int(midnight.timestamp()), "uncommitted changes in the working tree")
    position = {revision: index for index, revision in enumerate(log.revisions)}
    languages = corpus.languages  # the reference first
    files = {
        key: _snapshots(log, working, corpus, key, uncommitted)
        for key in set(log.changes) | set(working)
        if key[1] in corpus.languages
    }
    renamed = _renames(files, languages)
    for policy in sorted({p for p, _ in files} - set(renamed)):
        record = _Policy(policy, clock, position)
        former = _former_names(policy, renamed)
        for lang in languages:
            chain = [
                _named(snap, name, lang) for name in (*former, policy) for snap in files.get((name, lang), [])
            ]
            record.add(lang, _without_renames(chain), corpus.get(policy, lang))
        ph = _finish(record, corpus.languages, removed=policy not in corpus.policies)
        found += record.findings
        if ph is not None:
            ph.former_names = former
            policies[policy] = ph
    return History(policies, clock.today, found, log.head, clock.timezone)


def _snapshots(log: _Log, working, corpus: Corpus, key: tuple[str, str], uncommitted: Revision) -> list:
    """The file at each commit that changed it (a deletion as :class:`_Deletion`); the working tree
    last when it differs from HEAD's (or when it deleted the file)."""
    deletions = iter(log.deletions.get(key, []))
    snapshots: list = [_Deletion(next(deletions)) if s is None else s for s in log.changes.get(key, [])]
    data = working.get(key)
    document = corpus.get(*key)
    changed = data is not None and git_utils.blob_sha(data) != log.head_blobs.get(key)
    if changed and document is not None and not document.refused:
        blob = git_utils.blob_sha(data)
        load = functools.partial(lambda d: d, document)
        snapshots.append(_Snapshot(uncommitted, blob, document.header, data, load))
    elif key in log.head_blobs and not corpus.has(*key):
        snapshots.append(_Deletion(uncommitted))
    return snapshots


def _renames(files: dict[tuple[str, str], list], languages: tuple[str, ...]) -> dict[str, str]:
    """``{former name: new name}``: a policy whose every file was deleted by the commit that added
    another policy's files, carrying the same version (``git mv`` in every language, one commit)."""
    names = sorted({policy for policy, _ in files})
    found: dict[str, str] = {}
    for old in names:
        ends = {lang: files[(old, lang)][-1] for lang in languages if files.get((old, lang))}
        if not ends or not all(isinstance(end, _Deletion) for end in ends.values()):
            continue
        for new in names:
            if new != old and new not in found.values() and _continues(files, old, new, ends):
                found[old] = new
                break
    return found


def _continues(files: dict, old: str, new: str, ends: dict[str, _Deletion]) -> bool:
    """Whether ``new``'s files start, in every language ``old`` had, with the commit that deleted
    ``old``'s and with the same version as ``old``'s last text."""
    for lang, end in ends.items():
        first = (files.get((new, lang)) or [None])[0]
        last = next((s for s in reversed(files[(old, lang)]) if isinstance(s, _Snapshot)), None)
        if not isinstance(first, _Snapshot) or first.commit != end.commit or last is None:
            return False
        if first.header is None or last.header is None or first.header.version != last.header.version:
            return False
    return True


def _named(snapshot, name: str, lang: str):
    """``snapshot`` knowing the path it had (a renamed policy's texts keep their former paths)."""
    if isinstance(snapshot, _Snapshot) and not snapshot.path:  # (a path before a move: as it was)
        snapshot.path = f"{lang}/{name}.md"
    return snapshot


def _former_names(policy: str, renamed: dict[str, str]) -> list[str]:
    """The names ``policy`` had before, oldest first (a chain of renames)."""
    former: list[str] = []
    current = policy
    while True:
        before = next((old for old, new in renamed.items() if new == current and old not in former), None)
        if before is None:
            return former
        former.insert(0, before)
        current = before


def _without_renames(chain: list) -> list:
    """A renamed file's history: the deletion of the former name, followed at once by the new file
    in the same commit, is no deletion."""
    kept = []
    for index, snapshot in enumerate(chain):
        following = chain[index + 1] if index + 1 < len(chain) else None
        if (
            isinstance(snapshot, _Deletion)
            and isinstance(following, _Snapshot)
            and following.commit == snapshot.commit
        ):
            continue
        kept.append(snapshot)
    return kept
