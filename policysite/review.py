"""Review: a branch judged as it will merge, and the pull-request summary.

``policy check --since BASE`` judges the *net* change of the branch, what a
squash merge lands: each policy file as it stands now (HEAD plus the working
tree) against the same file where the branch started (the merge base of BASE
and HEAD).  A later commit can therefore fix an earlier one, and the order in
which an editor commits (text first, the version date later) does not matter.

The rules: a change to the text of a published version (ignoring whitespace,
line endings and a BOM) needs a new version, unless the branch declares it
editorial with the trailer ``Policy-Change: editorial`` in any of its commits;
a new version must be dated after every published one.  Trailers are read with
git's own parser; an unknown ``Policy-Change`` value, or the trailer outside
the message's last paragraph (where git does not see it), is an error.  The
rules on main's own history (dates that go backwards...) run commit by commit
in every check and build (:mod:`policysite.history`).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import blocks, diff, escaping, frontmatter, git_utils, history, locale, project, sources, translations
from .diagnostics import Diagnostic
from .project import Corpus
from .record import normalized
from .urls import absolute, site_path

TRAILER = history.EDITORIAL_TRAILER
TRAILER_VALUES = ("editorial",)
_TRAILER_LINE = re.compile(rf"^{TRAILER}\s*:", re.IGNORECASE | re.MULTILINE)


@dataclass
class Commit:
    """A commit of the branch: its trailers as git parses them, and the policy files it touched."""

    sha: str
    subject: str
    trailers: list[str]  # the Policy-Change values git found in the message's trailer block
    misplaced: bool  # a Policy-Change line outside the trailer block (git ignores it)
    files: list[str] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass
class Change:
    """The net change of the branch to one language file of a policy."""

    policy: str
    lang: str
    old_version: str | None
    new_version: str | None
    text_changed: bool
    old_text: bytes | None = None
    new_text: bytes | None = None
    uncommitted: bool = False  # the file in the working tree differs from HEAD's

    @property
    def path(self) -> str:
        return f"{self.lang}/{self.policy}.md"


@dataclass
class Review:
    base: str  # the base commit (40 hex digits)
    fork: str  # where the branch started: the merge base of the base and HEAD
    changes: list[Change] = field(default_factory=list)
    commits: list[Commit] = field(default_factory=list)
    published: dict[str, dict[str, _dt.date]] = field(default_factory=dict)  # policy -> version -> date
    base_corpus: Corpus = field(default_factory=Corpus)

    @property
    def uncommitted(self) -> bool:
        """Whether any changed file in the working tree differs from HEAD's."""
        return any(change.uncommitted for change in self.changes)

    @property
    def editorial(self) -> bool:
        """A Policy-Change: editorial trailer anywhere in the branch declares the net change editorial."""
        return history.is_editorial(value for c in self.commits for value in c.trailers)

    def describe(self, path: str | None = None) -> str:
        """Which commits made the change to ``path`` (every file's without one): "the 2 commits
        since 1a2b3c4 (3f4e5d6 'Subject')", and the working tree when that file's is uncommitted."""
        return self._subject(path)[0]

    def says(self, path: str, singular: str, plural: str) -> str:
        """:meth:`describe` and the verb that agrees with it: "the 1 commit since 1a2b3c4 (...) changes"."""
        subject, one = self._subject(path)
        return f"{subject} {singular if one else plural}"

    def _subject(self, path: str | None) -> tuple[str, bool]:
        """What :meth:`describe` says, and whether it is one thing (a single commit)."""
        commits = [c for c in self.commits if path is None or path in c.files]
        named = ", ".join(f"{c.short} '{c.subject}'" for c in commits[:3]) + (
            ", ..." if len(commits) > 3 else ""
        )
        uncommitted = any(c.uncommitted for c in self.changes if path is None or c.path == path)
        tail = " and the working tree (uncommitted)" if uncommitted else ""
        if not commits:
            if uncommitted:
                return "the uncommitted changes in the working tree", False
            return f"the changes since {self.base[:7]}", False
        count = f"{len(commits)} commit{'s' if len(commits) != 1 else ''}"
        return f"the {count} since {self.base[:7]} ({named}){tail}", len(commits) == 1 and not tail


def _corpus_at(repo: git_utils.Repository, commit: str, languages: tuple[str, ...]) -> tuple[Corpus, dict]:
    """Every policy file at ``commit``, parsed, and their bytes."""
    corpus = Corpus(languages=languages)
    files = repo.tree_blobs(commit, languages)
    contents = repo.read_blobs(files.values())
    data = {}
    for path, blob in sorted(files.items()):
        key = project.policy_key(path)
        if key is not None and project.name_problem(key[0], languages) is None:
            corpus.add(contents[blob], *key)
            data[key] = contents[blob]
    return corpus, data


def _commits(repo: git_utils.Repository, revisions: str, languages: tuple[str, ...]) -> list[Commit]:
    """The commits of ``revisions`` (both sides of merges) with their trailers and policy files.

    One ``git log`` stream; the trailers are what git's own parser reads, and the files are
    the policy files of the ``--name-only -z`` list (a name that is no policy's is left out).
    """
    pathspecs = [f":(glob){repo.prefix}{lang}/**/*.md" for lang in languages]
    stream = repo.log(
        "--reverse",
        "--topo-order",
        "--name-only",
        "-z",
        revisions,
        "--",
        *pathspecs,
        fields=("%H", "%s", "%B"),
        trailer=TRAILER,
    )
    found = []
    for record in stream:
        sha, subject, body = record.fields
        values = [value.strip() for value in record.trailers if value.strip()]
        mentioned = len(_TRAILER_LINE.findall(body))
        files = []
        for path in git_utils.name_only(record.raw):
            key = history.policy_key(path, repo.prefix, languages)
            if key is not None:
                files.append(f"{key[1]}/{key[0]}.md")
        found.append(Commit(sha, subject, values, mentioned > len(values), files))
    return found


def collect(root: Path, base_rev: str, corpus: Corpus) -> Review:
    """The branch's net change to every policy file since ``base_rev``, and its commits."""
    repo = git_utils.Repository.find(root)
    if repo is None:
        raise git_utils.GitError(f"{root} is not in a git repository: --since needs history")
    repo.require_full_history()
    base = repo.resolve(base_rev)
    head = repo.head()
    fork = repo.merge_base(base, head) if head else base
    base_corpus, base_data = _corpus_at(repo, base, corpus.languages)
    fork_data = base_data if fork == base else _corpus_at(repo, fork, corpus.languages)[1]
    review = Review(base, fork, base_corpus=base_corpus)
    if head:
        review.commits = _commits(repo, f"{base}..HEAD", corpus.languages)
    # Published: every version of the base's history (HEAD's first-parent history minus the branch).
    introduced = repo.commits(f"{base}..HEAD") if head else set()
    log = history.read_log(repo, corpus.languages, {})
    for (policy, _lang), snapshots in log.changes.items():
        for snapshot in snapshots:
            if (
                snapshot
                and snapshot.commit.commit not in introduced
                and snapshot.header
                and snapshot.header.version
                and snapshot.header.date
            ):
                review.published.setdefault(policy, {})[snapshot.header.version] = snapshot.header.date
    for (policy, _lang), document in base_corpus.documents.items():
        if document.version and document.date:
            review.published.setdefault(policy, {})[document.version] = document.date
    # The net change: the working tree against where the branch started.
    working = project.policy_files(root, corpus.languages)
    for key in sorted(set(fork_data) | set(working)):
        policy, lang = key
        old = fork_data.get(key)
        try:
            new = working[key].read_bytes() if key in working else None
        except OSError:
            new = None
        if old == new:
            continue
        old_header = sources.read_header(old, f"{lang}/{policy}.md") if old is not None else None
        new_header = sources.read_header(new, f"{lang}/{policy}.md") if new is not None else None
        changed = old is None or new is None or normalized(old) != normalized(new)
        review.changes.append(
            Change(
                policy,
                lang,
                old_header.version if old_header else None,
                new_header.version if new_header else None,
                changed,
                old,
                new,
                uncommitted=new is not None and git_utils.blob_sha(new) != log.head_blobs.get(key),
            )
        )
    return review


def version_rules(review: Review, corpus: Corpus) -> list[Diagnostic]:
    """Published versions are immutable; new versions come after every published one; trailers are valid."""
    found = []
    for change in review.changes:
        if change.new_text is None:
            continue  # a file removed: no version's text changes
        published = review.published.get(change.policy, {})
        document = corpus.get(change.policy, change.lang)
        line = document.meta_line("version") if document else 1
        if (
            change.text_changed
            and change.old_version is not None
            and change.new_version == change.old_version
            and change.new_version in published
            and not review.editorial
        ):
            found.append(
                Diagnostic.error(
                    "version.immutable",
                    change.path,
                    line,
                    f"{review.says(change.path, 'changes', 'change')} the text of published version "
                    f"{change.new_version} of {change.path} without a new version. Start one with "
                    f"'policy new-version {change.policy} YYYY.MM.DD' (in any commit of the branch), or, "
                    f"for an editorial fix that changes no meaning, add the trailer '{TRAILER}: editorial' "
                    "to a commit message",
                )
            )
        if change.new_version and change.new_version not in published and published:
            date = frontmatter.parse_version(change.new_version)
            latest = max(published.items(), key=lambda item: item[1])
            if date is not None and date <= latest[1]:
                found.append(
                    Diagnostic.error(
                        "version.not-after",
                        change.path,
                        line,
                        f"{review.says(change.path, 'starts', 'start')} version {change.new_version} of "
                        f"{change.path}, which is not after the published version {latest[0]}; "
                        "choose a later date",
                    )
                )
    found += trailer_rules(review)
    return found


def findings_since(branch: Review, corpus: Corpus, found: list[Diagnostic]) -> list[Diagnostic]:
    """The findings of a branch since its base, for ``policy check --since`` and the pull-request
    summary alike: ``found`` (every rule over the working tree) and the version rules, which judge
    the branch's commits.  An undeclared change they make is ``version.immutable``, not also
    ``history.unmarked-change`` (the rule for what reached main without a pull request)."""
    commits = {commit.sha for commit in branch.commits}  # (each that touched a policy file)
    kept = [d for d in found if not (d.code == "history.unmarked-change" and d.commit in commits)]
    return kept + version_rules(branch, corpus)


def trailer_rules(review: Review) -> list[Diagnostic]:
    """An unknown Policy-Change value, or the trailer where git does not read it, is an error."""
    found = []
    for commit in review.commits:
        path = commit.files[0] if commit.files else None
        if path is None:
            continue  # the commit touches no policy: its trailers change nothing
        for value in commit.trailers:
            word = value.split()[0].lower().rstrip(":,;.") if value.split() else ""
            if word not in TRAILER_VALUES:
                found.append(
                    Diagnostic.error(
                        "version.trailer",
                        path,
                        1,
                        f"commit {commit.short} ('{commit.subject}') has '{TRAILER}: {value}'; the "
                        "accepted values "
                        f"are: {', '.join(TRAILER_VALUES)} (e.g. '{TRAILER}: editorial (typo)')",
                    )
                )
        if commit.misplaced:
            found.append(
                Diagnostic.error(
                    "version.trailer",
                    path,
                    1,
                    f"commit {commit.short} ('{commit.subject}') has a '{TRAILER}:' line that git does "
                    "not read as a "
                    "trailer: it must be in the last paragraph of the message, with no text after it "
                    "(amend the message, or add the trailer to a later commit of the branch)",
                )
            )
    return found


# ---------------------------------------------------------------- pull-request summary

LONG = 12  # lines of redline after which a section is folded away in <details>
_NAME = re.compile(r"[A-Za-z0-9()][A-Za-z0-9()._-]*\Z")  # policy names, section IDs, languages
# An element without text in the block reader's text: VOID and the tag as nh3 wrote it.
_VOID_TAG = re.compile(blocks.VOID + r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_PLAIN = re.compile(r"[0-9]{4}\.[0-9]{2}\.[0-9]{2}\Z|[a-z]{2,3}(?:-[A-Za-z]{2,4})?\Z")  # versions, languages


def _text(text: str) -> str:
    """Text from a source or git (a title, a subject, a summary, a version...) on one line of
    Markdown, shown literally: no image, link, mention, reference, HTML or control character."""
    return escaping.markdown(text).replace("\n", " ")


def _plain(text: str) -> str:
    """A version date or a language code as it is (nothing in either means anything in
    Markdown); anything else escaped as text."""
    return text if _PLAIN.match(text) else _text(text)


def _code(name: str) -> str:
    """A name as a code span when it is name-shaped; anything else as escaped text."""
    return f"`{name}`" if _NAME.match(name) else _text(name)


def _fenced(lines: list[str]) -> list[str]:
    """``lines`` in a fenced code block that no line can close (nothing in it renders)."""
    shown = [escaping.terminal(line).replace("\t", " ") for line in "\n".join(lines).split("\n")]
    longest = max((len(run) for line in shown for run in re.findall("`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *shown, fence]


def redline_markdown(ops: list[tuple[int, str]]) -> str:
    """Ops as GitHub Markdown: every text escaped, deletions in <del>, insertions in <ins>.

    An element without text (an image, a line break: the block reader's ``VOID`` + tag) is a
    space, as in the terminal's redline.
    """
    merged: list[tuple[int, str]] = []
    for op, text in ops:  # one run per kind, so no escape is split between two runs
        text = _VOID_TAG.sub(" ", text)
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        elif text:
            merged.append((op, text))
    out = []
    for op, text in merged:
        escaped = escaping.markdown(text).replace("\n", "<br>\n")  # after escaping: <br> stays a tag
        if op == diff.INSERT:
            out.append(f"<ins>{escaped}</ins>")
        elif op == diff.DELETE:
            out.append(f"<del>{escaped}</del>")
        else:
            out.append(escaped)
    return "".join(out)


def _document(data: bytes | None, path: str, policy: str, lang: str):
    """``(document, problem)``: a file that cannot be read is a problem, never a removal."""
    if data is None:
        return None, None
    document, found = sources.parse(data, path, policy, lang)
    problem = next((d for d in found if d.is_error and d.code.startswith(("source.", "front-matter."))), None)
    return document, problem


def _translation_effects(analysis_history, corpus: Corpus, review: Review, policy: str) -> list[str]:
    """What the change does to each translation of ``policy``."""
    ph = analysis_history.get(policy) if analysis_history else None
    if ph is None:
        return []
    lines, reference = [], corpus.reference
    name = locale.language_name("en", reference)  # (the summary is written in English)
    changes = next((c for c in review.changes if c.policy == policy and c.lang == reference), None)
    for lang in corpus.languages[1:]:
        state = translations.state(ph, lang, reference, corpus)
        before = review.base_corpus.get(policy, lang)
        base = review.base_corpus.get(policy, reference)
        was_lagging = (
            before is not None and base is not None and before.date and base.date and before.date < base.date
        )
        if state.state == "pending":
            lines.append(f"{_plain(lang)} {_code(policy)}: translation pending ({name} only).")
        elif state.state == "lagging":
            sections = ", ".join(_code(s.id or "(intro)") for s in state.stale)
            changed = ""
            if changes is not None and changes.text_changed:
                changed = f"{name} changes sections {sections} of {_code(policy)}: " if sections else ""
            count = len(state.stale)
            translated = _plain(state.translated.version or "?") if state.translated else "?"
            current = _plain(state.reference.version or "?") if state.reference else "?"
            lines.append(
                f"{changed}{_plain(lang)} will be outdated in {count} section{'s' if count != 1 else ''} "
                f"(translation of {translated}, {name} at {current})."
            )
        elif was_lagging or (before is None and review.base_corpus.has(policy, reference)):
            lines.append(f"{_plain(lang)} {_code(policy)} becomes current.")
    return lines


@dataclass
class _Side:
    """One language of a touched policy, before and after the branch."""

    policy: str
    lang: str
    change: Change | None
    old: sources.Document | None
    new: sources.Document | None
    problem: Diagnostic | None

    @property
    def old_version(self) -> str | None:
        return self.old.version if self.old else (self.change.old_version if self.change else None)

    @property
    def new_version(self) -> str | None:
        return self.new.version if self.new else (self.change.new_version if self.change else None)


def _side(review: Review, corpus: Corpus, policy: str, lang: str) -> _Side | None:
    change = next((c for c in review.changes if c.policy == policy and c.lang == lang), None)
    path = f"{lang}/{policy}.md"
    if change is None:
        old, new, problem = review.base_corpus.get(policy, lang), corpus.get(policy, lang), None
    else:
        old, _ = _document(change.old_text, path, policy, lang)
        new, problem = _document(change.new_text, path, policy, lang)
    if old is None and new is None and problem is None:
        return None
    return _Side(policy, lang, change, old, new, problem)


def _version_cell(side: _Side, editorial: bool) -> str:
    old_v, new_v = side.old_version, side.new_version
    if side.problem is not None:
        return _plain(new_v or old_v or "?")
    if old_v and new_v and old_v != new_v:
        return f"{_plain(old_v)} → **{_plain(new_v)}** (new version)"
    if not old_v:
        return f"{_plain(str(new_v))} (new policy)"
    if side.change is not None and side.change.new_text is None:
        return f"{_plain(old_v)} (file removed)"
    return f"{_plain(str(new_v))} (same version{', editorial' if editorial else ''})"


def _section_lines(redline) -> list[str]:
    """Every changed section of a redline: its status, ID, title and escaped wording."""
    lines: list[str] = []
    for section in (s for s in redline.sections if s.status != "unchanged"):
        text = redline_markdown(
            # A changed title shows, the policy's own (the intro's) included.
            section.title_ops + [(diff.EQUAL, "\n\n")] + section.body_ops
            if any(op != diff.EQUAL for op, _ in section.title_ops)
            else section.body_ops
        )
        head = f"**{section.status}** {_code(section.id or '(intro)')} {_text(section.title or '')}"
        if text.count("\n") > LONG:
            lines += [f"<details><summary>{head}</summary>", "", text, "", "</details>", ""]
        else:
            lines += [f"- {head}", "", f"  {text.replace(chr(10), chr(10) + '  ')}", ""]
    return lines


def _language_details(side: _Side, site_url: str, reference: str) -> tuple[str, list[str]]:
    """The table cell summing up one language's change, and its section-by-section details (on a site
    whose reference language is ``reference``)."""
    policy, lang = side.policy, side.lang
    lines = [f"#### {_code(policy)} — {locale.text(lang, 'lang_name')} ({_plain(lang)})", ""]
    if side.problem is not None:
        lines += [
            *_fenced([side.problem.text()]),
            "",
            "The file cannot be read, so its changes cannot be shown; nothing was removed.",
            "",
        ]
        return "cannot be read: see the checks", lines
    redline = diff.compare(side.old, side.new, lang)
    summary = ", ".join(f"{n} {k}" for k, n in redline.summary.items() if n) or "no text change"
    if side.new is not None and side.new.summary:
        lines += [f"> {_text(side.new.summary)}", ""]
    sections = _section_lines(redline)
    lines += sections or ["No text change." if side.new is not None else "Removed."]
    new_v = side.new_version
    if new_v and new_v != side.old_version and frontmatter.parse_version(new_v) and _NAME.match(policy):
        # The redline page of a version compares it with the version before:
        # it shows this change only for a new version.
        url = absolute(site_url, site_path(lang, policy, "changes", new_v.strip(), reference=reference))
        lines += ["", f"Redline once published: [{url}]({url})"]
    return summary, lines + [""]


def _checks(findings: list[Diagnostic]) -> list[str]:
    failing = [d for d in findings if d.fails()]
    strict = [d for d in findings if d.fails(strict=True) and not d.fails()]
    quiet = [d for d in findings if not d.fails(strict=True)]
    out = ["### Checks", ""]
    if not findings:
        return out + ["✅ Parity and version rules: no findings."]
    mark = "❌" if failing else "⚠️" if strict else "✅"
    counts = f"{len(failing)} error(s), {len(strict)} warning(s)"
    if quiet:
        counts += f", {len(quiet)} acknowledged or informational"
    return out + [f"{mark} {counts}:", "", *_fenced([d.text() for d in findings])]


def _changes(review: Review, corpus: Corpus, touched: list[str], site_url: str, history_) -> list[str]:
    """The table of every touched policy and language, their details and the translations."""
    out = []
    if review.editorial:
        declared = [c for c in review.commits if c.trailers]
        commits = ", ".join(f"{c.short} ('{_text(c.subject)}')" for c in declared)
        out += [f"Declared **editorial** (`{TRAILER}: editorial` in {commits}): no change of meaning.", ""]
    out += ["| Policy | Language | Version | Sections |", "| --- | --- | --- | --- |"]
    details = []
    for policy in touched:
        for lang in corpus.languages:
            side = _side(review, corpus, policy, lang)
            if side is None:
                continue
            summary, lines = _language_details(side, site_url, corpus.reference)
            out.append(
                f"| {_code(policy)} | {_plain(lang)} | {_version_cell(side, review.editorial)} | {summary} |"
            )
            details += lines
    effects = [line for policy in touched for line in _translation_effects(history_, corpus, review, policy)]
    out += [""] + details
    if effects:
        out += ["### Translations", ""] + [f"- {line}" for line in effects] + [""]
    return out


def pr_summary(
    root: Path,
    base_rev: str,
    corpus: Corpus,
    findings: list[Diagnostic],
    site_url: str = "",
    analysis_history=None,
    artifact_url: str = "",
) -> str:
    """Markdown for a pull request a reviewer can approve from: the wording of every change, per
    policy and language, whether it is a new version or declared editorial, what it does to the
    translations, and the check status.

    Every text from a source or from git is escaped (:func:`policysite.escaping.markdown`):
    no image renders, no mention notifies, no link or HTML passes; findings sit in a code fence
    no line of theirs can close.
    """
    review = collect(root, base_rev, corpus)
    findings = findings_since(review, corpus, findings)
    out = [f"## Policy changes (base {review.base[:7]})", ""]
    if artifact_url:
        out += [
            f"Built site of this pull request: [download the artifact]({artifact_url}) "
            "(unzip it and open `index.html`).",
            "",
        ]
    touched = sorted({c.policy for c in review.changes if c.text_changed})
    if not touched:
        out += ["No policy text changes.", ""]
    else:
        out += _changes(review, corpus, touched, site_url, analysis_history)
    out += _checks(findings)
    return "\n".join(out) + "\n"


__all__ = ["Change", "Commit", "Review", "collect", "findings_since", "pr_summary", "version_rules"]
