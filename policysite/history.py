"""History: git revisions -> dated versions of every policy, in every language.

Read with two git processes however long the history is (through
:mod:`policysite.git_utils`): one ``git log --first-parent --raw`` stream names,
commit by commit, the blob of every policy file that changed, and one ``git
cat-file --batch`` reads those blobs.  Each blob's front matter is read once and
its body parsed only when a page or a rule needs it (memoized by blob hash).

A dated version is a ``version`` value.  Its text, per language, is the file as
it stood in the last commit (on the first-parent history of HEAD) that carried
that value; the working tree is the current version.  Every version keeps the
revisions (commits) that touched it, so in-place edits stay visible.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import hashlib
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import git_utils, ids, project, sources
from .diagnostics import Diagnostic
from .project import Corpus

if TYPE_CHECKING:
    from .record import Timeline  # (record builds on this module)

EDITORIAL_TRAILER = "Policy-Change"
_FILE_MODES = frozenset({"100644", "100755"})  # regular files: what a policy source is


@dataclass(frozen=True)
class Revision:
    commit: str | None  # None: uncommitted changes in the working tree
    timestamp: int
    subject: str
    editorial: bool = False
    languages: tuple[str, ...] = ()  # of every policy file the commit changed
    # The Policy-Change trailer's values as git parsed them (a correction's stated reason).
    reason: str = ""
    # A merge: what it brings was judged commit by commit in its pull request (policy check --since).
    merge: bool = False
    # The policy files it changed, (policy, lang), each policy as the history follows it (moves into
    # the layout counted as the policy they became): one policy's languages, not the commit's.
    changed: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def languages_of(self, *policies: str) -> tuple[str, ...]:
        """The languages of the files of ``policies`` (a policy and its former names) it changed."""
        return tuple(sorted({lang for policy, lang in self.changed if policy in policies}))

    @property
    def short(self) -> str:
        return self.commit[:7] if self.commit else "working tree"

    def describe(self) -> str:
        """For messages: "commit 1a2b3c4 ('subject')" or "the working tree (uncommitted)"."""
        return f"commit {self.short} ('{self.subject}')" if self.commit else "the working tree (uncommitted)"

    @property
    def date(self) -> _dt.date:
        return _dt.datetime.fromtimestamp(self.timestamp, _dt.UTC).date()


@dataclass(eq=False)
class Text:
    """One language's text of one version.

    ``header`` (the front matter) is always there; the parsed ``document`` is
    made on first use, so listing versions never parses a whole archive.
    """

    lang: str
    data: bytes
    header: sources.Header
    commit: str | None  # the last commit that carried this version; None if uncommitted
    load: Callable[[], sources.Document | None] = field(repr=False)
    # The next version's text in this language: headings without IDs take its IDs.
    successor: Text | None = field(default=None, repr=False)
    # Its place in the record (see policysite.record): the revision that published this wording,
    # what it did ("published", "corrected", "reformatted", "restored"), its ordinal among the
    # version's wordings in this language (1: as first published) and the day it was published.
    revision: Revision | None = field(default=None, repr=False)
    path: str = ""  # the file at that commit: '<lang>/<policy>.md', or a former name's
    kind: str = "published"
    number: int = 1
    published: _dt.date | None = None
    # A text without a date of its own, in a version dated by its publication: (version, date).
    dated: tuple[str, _dt.date] | None = None

    @functools.cached_property
    def document(self) -> sources.Document:
        document = self.load()
        # A text is made only of a file whose front matter was read (sources.read_header), and
        # such a file parses: sources.parse gives None only where read_header does.
        assert document is not None
        if self.dated is not None and document.version is None:
            document = dataclasses.replace(document, version=self.dated[0], date=self.dated[1])
        if self.successor is not None and any(s.id is None for s in document.sections):
            document = ids.adopt(document, self.successor.document)
        return document

    @property
    def parsed(self) -> bool:
        """Whether :attr:`document` is made already (listings never need it)."""
        return "document" in self.__dict__

    def forget(self) -> None:
        """Drop the parsed document (parsed again if asked for): a finished build's memory."""
        self.__dict__.pop("document", None)

    @functools.cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(eq=False)
class Version:
    policy: str
    version: str
    date: _dt.date
    texts: dict[str, Text] = field(default_factory=dict)  # in the site's order, the reference first
    revisions: list[Revision] = field(default_factory=list)
    status: str = "archived"  # current | archived | upcoming
    # Findings about the commits that made this version (history.backwards...).
    findings: list[Diagnostic] = field(default_factory=list)
    # Per language, the position on the first-parent history where its text last changed.
    places: dict[str, int] = field(default_factory=dict, repr=False)
    # The record (policysite.record): every wording per language, oldest first (``texts`` holds
    # the last); when it was first published; its periods in force (start, end or None); the day
    # a restoration of an earlier version withdrew it, and the commit; the days it was restored.
    states: dict[str, list[Text]] = field(default_factory=dict, repr=False)
    published: _dt.date | None = None
    periods: list[tuple[_dt.date, _dt.date | None]] = field(default_factory=list)
    withdrawn: _dt.date | None = None
    withdrawn_by: Revision | None = field(default=None, repr=False)
    withdrawn_for: Version | None = field(default=None, repr=False)  # the version restored then
    restored: list[_dt.date] = field(default_factory=list)
    # "source": the date is the text's ``version:``; "publication": the text had none, and the
    # version is dated by the day its commit reached main (``undated: commit``).
    dated_by: str = "source"

    @property
    def reference(self) -> Text | None:
        """The text in the site's reference language, else in the first language that has one (the
        record lists ``texts`` in the site's order, the reference language first)."""
        return next(iter(self.texts.values()), None)

    def title(self, lang: str) -> str:
        text = self.texts.get(lang) or self.reference
        return text.header.title if text and text.header.title else self.policy

    @property
    def editorial_revisions(self) -> list[Revision]:
        return [r for r in self.revisions if r.editorial]


@dataclass(eq=False)
class PolicyHistory:
    policy: str
    versions: list[Version] = field(default_factory=list)  # in publication order, oldest first
    removed: bool = False  # no longer in the working tree: archive only
    timeline: Timeline | None = field(default=None, repr=False)  # which version is in force when
    # Deleted in every language: the day (and commit) it was retired, no version in force since.
    retired: _dt.date | None = None
    # The file names it had before a rename (oldest first): their URLs redirect to this one's.
    former_names: list[str] = field(default_factory=list)

    def in_force(self, day: _dt.date) -> Version | None:
        """The version in force on ``day`` (withdrawals and restorations counted)."""
        return self.timeline.on(day) if self.timeline is not None else None

    def get(self, version: str) -> Version | None:
        return next((v for v in self.versions if v.version == version), None)

    @property
    def current(self) -> Version | None:
        return next((v for v in reversed(self.versions) if v.status == "current"), None)

    @property
    def upcoming(self) -> list[Version]:
        return [v for v in self.versions if v.status == "upcoming"]

    def title(self, lang: str, version: Version | None = None) -> str:
        """The title in ``lang``: ``version``'s (default: the newest), else the nearest
        version's that has a ``lang`` text (earlier ones first), else the reference's."""
        if not self.versions:
            return self.policy
        index = self.versions.index(version) if version is not None else len(self.versions) - 1
        nearest = list(reversed(self.versions[: index + 1])) + self.versions[index + 1 :]
        for candidate in nearest:
            text = candidate.texts.get(lang)
            if text is not None and text.header.title:
                return text.header.title
        return self.versions[index].title(lang)

    def index(self, version: Version) -> int:
        """Position of ``version`` (by identity: versions compare by identity)."""
        return self.versions.index(version)

    def previous(self, version: Version) -> Version | None:
        index = self.index(version)
        return self.versions[index - 1] if index else None

    def current_text(self, lang: str) -> Text | None:
        """What the current page of ``lang`` shows: its newest text not after the current version
        (a withdrawn version's never: it applies no more)."""
        current = self.current
        return self.text_as_of(current, lang) if current is not None else None

    def text_as_of(self, applying: Version, lang: str) -> Text | None:
        """What ``lang`` shows while ``applying`` applies: its newest text not after that version (a
        withdrawn version's never, but ``applying``'s own)."""
        for version in reversed(self.versions[: self.index(applying) + 1]):
            if lang in version.texts and (version.withdrawn is None or version is applying):
                return version.texts[lang]
        return None


@dataclass
class History:
    policies: dict[str, PolicyHistory]
    build_date: _dt.date
    diagnostics: list[Diagnostic] = field(default_factory=list)
    head: str | None = None  # HEAD commit, None outside git
    timezone: str = "UTC"  # the site's: publication days and times are local to it

    def get(self, policy: str) -> PolicyHistory | None:
        return self.policies.get(policy)

    def forget_documents(self) -> None:
        """Drop every parsed text (see :meth:`Text.forget`)."""
        for ph in self.policies.values():
            for version in ph.versions:
                for text in version.texts.values():
                    text.forget()

    def anchor_removed_in(self, policy: str, lang: str, anchor: str) -> str | None:
        """The version that removed ``anchor`` from ``policy`` in ``lang`` (None: never defined there).

        Only asked about a broken link, so parsing old texts costs nothing otherwise.
        """
        ph = self.policies.get(policy)
        if ph is None:
            return None
        texts = [(v, v.texts[lang]) for v in ph.versions if lang in v.texts]
        for index in range(len(texts) - 1, -1, -1):
            document = texts[index][1].document
            if document is not None and anchor in document.anchor_ids:
                return texts[index + 1][0].version if index + 1 < len(texts) else None
        return None

    def reference_of(self, policy: str, version: str | None, reference: str) -> sources.Document | None:
        """The text in the ``reference`` language of ``version`` of ``policy``, if history has it.

        A lagging translation is checked for parity against this, the text it
        translates, not against the newer reference text.
        """
        ph = self.policies.get(policy)
        found = ph.get(version) if ph is not None and version else None
        text = found.texts.get(reference) if found is not None else None
        return text.document if text is not None else None


@dataclass
class _Snapshot:
    """One language file at one commit."""

    commit: Revision
    blob: str
    header: sources.Header | None
    data: bytes
    load: Callable[[], sources.Document | None]
    path: str = ""  # site-relative, as the file was named then (a renamed policy's former name)


class _Log:
    """The raw material: per (policy, lang), the file at each commit that changed it."""

    def __init__(self) -> None:
        self.changes: dict[tuple[str, str], list[_Snapshot | None]] = {}  # None: file deleted
        self.deletions: dict[tuple[str, str], list[Revision]] = {}  # the commits that deleted it
        self.revisions: list[Revision] = []
        self.head_blobs: dict[tuple[str, str], str] = {}
        self.head: str | None = None


def open_repository(root: Path) -> git_utils.Repository | None:
    return git_utils.Repository.find(root)


def _log_entries(
    repo: git_utils.Repository, head: str, languages: tuple[str, ...], former: dict[str, str] | None = None
):
    """``[(revision, (policy, lang), blob or None, path)]`` along HEAD's first-parent history,
    oldest first: every text of every policy file, including the texts it had before it was moved
    into the layout (``Policies/x.md`` -> ``en/x.md``: as git pairs renames, or as ``former`` says)."""
    stream = repo.log(
        "--first-parent",
        "--reverse",
        "--diff-merges=first-parent",
        "--raw",
        "-z",
        "--no-abbrev",
        "-M",
        head,
        "--",
        f":(glob){repo.prefix}**/*.md",
        fields=("%H", "%ct", "%P", "%s"),
        trailer=EDITORIAL_TRAILER,
    )
    records = [(record, list(git_utils.raw_entries(record.raw))) for record in stream]
    followed = _follow([changes for _, changes in records], repo.prefix, languages, former or {})
    entries: list[tuple[Revision, tuple[str, str], str | None, str]] = []
    revisions: list[Revision] = []
    for (record, _), changed in zip(records, followed, strict=True):
        if not changed:
            continue
        commit, timestamp, parents, subject = record.fields
        langs = tuple(sorted({lang for (_, lang), _, _ in changed}))
        keys = tuple(sorted({key for key, _, _ in changed}))
        reason = "; ".join(" ".join(value.split()) for value in record.trailers)
        editorial = is_editorial(record.trailers)
        merge = len(parents.split()) > 1
        revision = Revision(commit, int(timestamp), subject, editorial, langs, reason, merge, keys)
        revisions.append(revision)
        entries += [(revision, key, blob, path) for key, blob, path in changed]
    return revisions, entries


def _follow(
    records: list[list[tuple[int, list[str], str, str]]],
    prefix: str,
    languages: tuple[str, ...],
    former: dict[str, str],
) -> list[list[tuple[tuple[str, str], str | None, str]]]:
    """Per commit, ``[((policy, lang), blob or None, site-relative path)]``: the changes to policy
    files, and to the files they were before a move into the layout.

    Read newest first: a rename into the layout (or a ``former`` path) makes the older texts of its
    source the policy's.  A rename inside the layout stays a deletion and an addition (the record
    sees a renamed policy there, with its redirects).
    """
    known = {
        prefix + old: key
        for old, new in former.items()
        if (key := policy_key(prefix + new, prefix, languages))
    }
    found: list[list[tuple[tuple[str, str], str | None, str]]] = []
    for changes in reversed(records):
        here: list[tuple[tuple[str, str], str | None, str]] = []
        for _, parts, source, path in changes:
            key = policy_key(path, prefix, languages) or known.get(path)
            if len(parts) < 5:
                continue
            moved = source != path and parts[4][0] in "RC"
            if moved and key is not None and policy_key(source, prefix, languages) is None:
                known.setdefault(source, key)
            elif moved and (gone := policy_key(source, prefix, languages) or known.get(source)) is not None:
                here.append((gone, None, source[len(prefix) :]))  # renamed inside: deleted there
            if key is not None:
                # A symbolic link (mode 120000) or a submodule is no text: as if deleted, never read.
                deleted = parts[4].startswith("D") or parts[1] not in _FILE_MODES
                here.append((key, None if deleted else parts[3], path[len(prefix) :]))
        found.append(here)
    found.reverse()
    return found


def read_log(
    repo: git_utils.Repository,
    languages: tuple[str, ...],
    parse_cache: MutableMapping,
    header_cache: MutableMapping | None = None,
    former: dict[str, str] | None = None,
) -> _Log:
    """Stream the first-parent history of HEAD once and read the blobs it names."""
    log = _Log()
    header_cache = {} if header_cache is None else header_cache
    head = repo.head()
    if head is None:
        return log  # a repository without commits
    log.head = head
    log.revisions, entries = _log_entries(repo, head, languages, former)
    contents = repo.read_blobs(blob for _, _, blob, _ in entries if blob is not None)
    state: dict[tuple[str, str], str] = {}
    for revision, key, blob, path in entries:
        if blob is None:
            state.pop(key, None)
            log.changes.setdefault(key, []).append(None)
            log.deletions.setdefault(key, []).append(revision)
            continue
        state[key] = blob
        data = contents[blob]
        header = header_cached(header_cache, blob, data, key)
        load = functools.partial(parse_cached, parse_cache, blob, data, key)
        moved = path if path != f"{key[1]}/{key[0]}.md" else ""  # (before a move into the layout)
        log.changes.setdefault(key, []).append(_Snapshot(revision, blob, header, data, load, moved))
    log.head_blobs = dict(state)
    return log


def header_cached(
    cache: MutableMapping, blob: str, data: bytes, key: tuple[str, str]
) -> sources.Header | None:
    policy, lang = key
    if blob not in cache:
        cache[blob] = sources.read_header(data, f"{lang}/{policy}.md")
    return cache[blob]


def parse_cached(
    cache: MutableMapping, blob: str, data: bytes, key: tuple[str, str]
) -> sources.Document | None:
    policy, lang = key
    if blob not in cache or cache[blob] is None or cache[blob].path != f"{lang}/{policy}.md":
        cache[blob] = sources.parse(data, f"{lang}/{policy}.md", policy, lang)[0]
    return cache[blob]


def is_editorial(values: Iterable[str]) -> bool:
    """Whether the ``Policy-Change`` trailer values git's parser found say "editorial".

    The value's first word counts, so ``Policy-Change: editorial (typo)`` is editorial too.
    """
    return any(value.split() and value.split()[0].lower().rstrip(":,;.") == "editorial" for value in values)


def policy_key(path: str, prefix: str, languages: tuple[str, ...]) -> tuple[str, str] | None:
    """``(policy, lang)`` of a repository path ``<prefix><lang>/<policy>.md``, else None."""
    if prefix:
        if not path.startswith(prefix):
            return None
        path = path[len(prefix) :]
    key = project.policy_key(path)
    if key is None or key[1] not in languages or project.name_problem(key[0], languages) is not None:
        return None
    return key


def working_files(root: Path, corpus: Corpus) -> dict[tuple[str, str], bytes]:
    """The bytes of every policy file in the working tree that parsed."""
    found = {}
    for (policy, lang), _document in corpus.documents.items():
        try:
            found[(policy, lang)] = (root / lang / f"{policy}.md").read_bytes()
        except OSError:
            continue
    return found


def read(
    root: Path,
    corpus: Corpus,
    today: _dt.date,
    parse_cache: MutableMapping | None = None,
    log_cache: dict | None = None,
    header_cache: MutableMapping | None = None,
    *,
    timezone: str = "UTC",
    notice_days: int = 0,
    former_paths: dict[str, str] | None = None,
    undated: str = "skip",
) -> History:
    """The dated versions of every policy under ``root``, as of the build date ``today``.

    Outside a git repository only the working tree is known: one version per
    policy, with a warning.  A shallow clone raises
    :class:`~policysite.git_utils.ShallowCloneError`.  ``log_cache`` (keyed by
    HEAD) lets ``mkdocs serve`` skip git entirely when no commit was made since
    the last build.
    """
    from . import record  # (the record is made of what this module reads)

    clock = record.Clock(today, timezone, notice_days, undated == "commit")
    parse_cache = {} if parse_cache is None else parse_cache
    repo = open_repository(root)
    working = working_files(root, corpus)
    if repo is None:
        history = record.assemble(_Log(), corpus, working, clock)
        history.diagnostics.append(
            Diagnostic.warning(
                "history.no-git",
                "mkdocs.yml",
                1,
                (
                    "not a git repository: only the current version of each policy is published (no "
                    "archive, no redlines)"
                ),
            )
        )
        return history
    repo.require_full_history()
    head = repo.head()
    key = (head, repo.prefix, corpus.languages, tuple(sorted((former_paths or {}).items())))
    if log_cache is not None and head is not None and log_cache.get("head") == key:
        log = log_cache["log"]
    else:
        log = read_log(repo, corpus.languages, parse_cache, header_cache, former_paths)
        if log_cache is not None:
            log_cache.clear()
            log_cache.update(head=key, log=log)
    return record.assemble(log, corpus, working, clock)


def head_of(root: Path) -> str | None:
    """HEAD's commit (read from the refs, no git process), or None outside git."""
    repo = open_repository(root)
    return repo.head() if repo is not None else None
