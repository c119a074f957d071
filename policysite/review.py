"""Review: the rules for what changed since a base revision, and the pull-request summary.

A published version never changes silently.  Between a base revision (the
pull request's target) and HEAD plus the working tree, a commit that changes the
text of a policy (ignoring whitespace, line endings and a BOM) while keeping a
``version`` that was already published fails, unless its message carries the
trailer ``Policy-Change: editorial``.  A new version must be dated after every
published one.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import diff, git_utils, history, locale, project, sources
from .diagnostics import Diagnostic
from .pages import site_path
from .project import REFERENCE, Corpus

_SPACE = re.compile(r"\s+")


def normalized(data: bytes) -> str:
    """The text of a file with BOM, line endings and whitespace differences removed."""
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    return _SPACE.sub(" ", text).strip()


@dataclass
class Change:
    """One commit's change to one language file of a policy."""

    revision: history.Revision
    policy: str
    lang: str
    old_version: str | None
    new_version: str | None
    text_changed: bool
    old_text: bytes | None = None
    new_text: bytes | None = None


@dataclass
class Review:
    base: str  # the base commit (40-hex)
    changes: list[Change] = field(default_factory=list)
    published: dict[str, dict[str, _dt.date]] = field(default_factory=dict)  # policy -> version -> date
    base_corpus: Corpus = field(default_factory=Corpus)


def _base_corpus(repo: git_utils.Repository, base: str, languages: tuple[str, ...]) -> Corpus:
    corpus = Corpus(languages=languages)
    files = repo.tree_blobs(base, languages)
    contents = repo.read_blobs(files.values())
    for path, blob in sorted(files.items()):
        lang, _, name = path.partition("/")
        if name.endswith(".md") and project.POLICY_NAME.match(name[:-3]):
            corpus.add(contents[blob], name[:-3], lang)
    return corpus


def collect(root: Path, base_rev: str, corpus: Corpus) -> Review:
    """Every change to a policy file by the commits since ``base_rev``, plus the working tree.

    The commits are those reachable from HEAD but not from the base, on both
    sides of merges: a pull request checked out as GitHub's merge commit
    (base + the pull request's head) is judged by its own commits, with their
    own trailers.  A merge that only combines its parents (what ``git
    merge-tree`` produces) changes nothing by itself; the commits it brings in
    from the base were reviewed there.
    """
    repo = git_utils.Repository.find(root)
    if repo is None:
        raise git_utils.GitError(f"{root} is not in a git repository: --since needs history")
    repo.require_full_history()
    base = repo.resolve(base_rev)
    head = repo.head()
    introduced = repo.commits(f"{base}..HEAD") if head else set()
    log = history.read_log(repo, corpus.languages, {})
    review = Review(base, base_corpus=_base_corpus(repo, base, corpus.languages))
    if introduced:
        review.changes += _committed_changes(repo, corpus.languages, base)

    # Published: every version the base (or HEAD's history before the changes) carries.
    for (policy, _lang), document in review.base_corpus.documents.items():
        if document.version and document.date:
            review.published.setdefault(policy, {})[document.version] = document.date
    uncommitted = history.Revision(None, 0, "uncommitted changes in the working tree")
    for (policy, lang), snapshots in sorted(log.changes.items()):
        for snapshot in snapshots:
            if (
                snapshot is not None
                and snapshot.commit.commit not in introduced
                and snapshot.header
                and snapshot.header.date
            ):
                review.published.setdefault(policy, {})[snapshot.header.version] = snapshot.header.date
        # The working tree, when it differs from HEAD.
        previous = snapshots[-1] if snapshots else None
        path = root / lang / f"{policy}.md"
        current = path.read_bytes() if path.is_file() else None
        if current is not None and git_utils.blob_sha(current) != log.head_blobs.get((policy, lang)):
            document = corpus.get(policy, lang)
            review.changes.append(_change(uncommitted, policy, lang, previous, current, document))
    for (policy, lang), document in corpus.documents.items():
        if (policy, lang) not in log.changes:  # new, never committed
            path = root / lang / f"{policy}.md"
            review.changes.append(
                Change(uncommitted, policy, lang, None, document.version, True, None, path.read_bytes())
            )
    return review


def _committed_changes(repo: git_utils.Repository, languages: tuple[str, ...], base: str) -> list[Change]:
    """One :class:`Change` per policy file changed by each commit in ``base..HEAD``.

    ``git log -c --raw`` lists, for a merge, only the files that differ from
    every parent; of those, a file the clean merge of the parents produces
    (``git merge-tree``) is not a change of the merge itself.
    """
    pathspecs = [f":(glob){repo.prefix}{lang}/*.md" for lang in languages]
    fields = (
        "%H",
        "%P",
        "%ct",
        "%s",
        f"%(trailers:key={history.EDITORIAL_TRAILER},valueonly,separator=%x2c)",
    )
    stream = repo.log(
        "--reverse",
        "--topo-order",
        "--full-history",
        "-c",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-renames",
        f"{base}..HEAD",
        "--",
        *pathspecs,
        fields=fields,
    )
    entries, merges = [], {}
    for (commit, parents, timestamp, subject, trailers), raw in stream:
        editorial = history.is_editorial(trailers)
        changed = []
        for count, parts, path in git_utils.raw_changes(raw):
            if len(parts) < 2 * count + 3:
                continue
            key = history.policy_key(path, repo.prefix, languages)
            if key is None:
                continue
            old, new = parts[count + 1], parts[2 * count + 1]
            if (
                count > 1
                and new != git_utils.NO_BLOB
                and _merged_blob(repo, parents.split(), path, merges) == new
            ):
                continue  # the merge only combines its parents' changes
            changed.append(
                (key, None if old == git_utils.NO_BLOB else old, None if new == git_utils.NO_BLOB else new)
            )
        if not changed:
            continue
        revision = history.Revision(
            commit, int(timestamp), subject, editorial, tuple(sorted({lang for (_, lang), _, _ in changed}))
        )
        entries += [(revision, key, old, new) for key, old, new in changed]
    changes = []
    blobs = repo.read_blobs(sha for _, _, old, new in entries if new is not None for sha in (old, new) if sha)
    for revision, (policy, lang), old, new in entries:
        if new is None:
            continue  # a file removed: nothing of a version's text changes
        old_data = blobs[old] if old else None
        new_data = blobs[new]
        display = f"{lang}/{policy}.md"
        old_doc = sources.read_header(old_data, display) if old_data is not None else None
        new_doc = sources.read_header(new_data, display)
        changes.append(
            Change(
                revision,
                policy,
                lang,
                old_doc.version if old_doc else None,
                new_doc.version if new_doc else None,
                old_data is None or normalized(old_data) != normalized(new_data),
                old_data,
                new_data,
            )
        )
    return changes


def _merged_blob(repo: git_utils.Repository, parents: list[str], path: str, trees: dict) -> str | None:
    """The blob at ``path`` in the clean merge of two ``parents`` (None: conflicts, or not two)."""
    if len(parents) != 2:
        return None
    key = tuple(parents)
    if key not in trees:
        trees[key] = repo.merge_tree(*parents)
    if trees[key] is None:
        return None
    site_path_ = path[len(repo.prefix) :] if repo.prefix and path.startswith(repo.prefix) else path
    return repo.blob_at(trees[key], site_path_)


def _change(revision, policy, lang, previous, data, document) -> Change:
    old_data = previous.data if previous is not None else None
    old_version = previous.header.version if previous is not None and previous.header else None
    new_version = document.version if document else None
    changed = old_data is None or normalized(old_data) != normalized(data)
    return Change(revision, policy, lang, old_version, new_version, changed, old_data, data)


def version_rules(review: Review, corpus: Corpus) -> list[Diagnostic]:
    """Published versions are immutable; new versions come after every published one."""
    found = []
    for change in review.changes:
        path = f"{change.lang}/{change.policy}.md"
        published = review.published.get(change.policy, {})
        where = change.revision.describe()
        document = corpus.get(change.policy, change.lang)
        line = document.meta_line("version") if document else 1
        if (
            change.text_changed
            and change.old_version is not None
            and change.new_version == change.old_version
            and change.new_version in published
            and not change.revision.editorial
        ):
            found.append(
                Diagnostic.error(
                    "version.immutable",
                    path,
                    line,
                    f"{where} changes the text of published version {change.new_version} without a "
                    f"new version. Start one with 'policy new-version {change.policy} YYYY.MM.DD', or, "
                    "for an editorial fix that changes no meaning, add the trailer "
                    "'Policy-Change: editorial' to the commit message",
                )
            )
        if change.new_version and change.new_version not in published and published:
            date = sources.parse_version(change.new_version)
            latest = max(published.items(), key=lambda item: item[1])
            if date is not None and date <= latest[1]:
                found.append(
                    Diagnostic.error(
                        "version.not-after",
                        path,
                        line,
                        f"{where} starts version {change.new_version}, which is not after the published "
                        f"version {latest[0]}",
                    )
                )
    return found


def check_since(root: Path, base_rev: str, corpus: Corpus) -> list[Diagnostic]:
    """The version rules for every change since ``base_rev``."""
    return version_rules(collect(root, base_rev, corpus), corpus)


# ---------------------------------------------------------------- pull-request summary


def pr_summary(
    root: Path, base_rev: str, corpus: Corpus, findings: list[Diagnostic], site_url: str = ""
) -> str:
    """Markdown for a pull request: what changes, section by section, and whether it passes."""
    review = collect(root, base_rev, corpus)
    findings = findings + version_rules(review, corpus)
    base = review.base_corpus
    out = [f"## Policy changes (base {review.base[:7]})", ""]
    touched = sorted(
        {c.policy for c in review.changes if c.text_changed}
        | {p for p in corpus.policies if not base.has(p, REFERENCE)}
    )
    if not touched:
        out += ["No policy text changes.", ""]
    else:
        out += ["| Policy | Language | Version | Sections |", "| --- | --- | --- | --- |"]
        details = []
        for policy in touched:
            for lang in corpus.languages:
                old, new = base.get(policy, lang), corpus.get(policy, lang)
                if old is None and new is None:
                    continue
                redline = diff.compare(old, new, lang)
                old_v, new_v = (old.version if old else None), (new.version if new else None)
                version = (
                    f"{old_v} → **{new_v}** (new version)"
                    if old_v and new_v and old_v != new_v
                    else f"{new_v} (new policy)"
                    if not old_v
                    else f"{old_v} (removed)"
                    if not new_v
                    else f"{new_v} (unchanged version)"
                )
                counts = redline.summary
                summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n) or "no text change"
                out.append(f"| `{policy}` | {lang} | {version} | {summary} |")
                lines = [f"#### `{policy}` — {locale.text(lang, 'lang_name')} ({lang})", ""]
                if new is not None and new.summary:
                    lines += [f"> {new.summary}", ""]
                changed_sections = [s for s in redline.sections if s.status != "unchanged"]
                for section in changed_sections:
                    label = section.id or "(intro)"
                    lines.append(f"- **{section.status}** `{label}` {section.title}")
                if not changed_sections:
                    lines.append("No text change." if new is not None else "Removed.")
                if new_v and new_v != old_v:
                    # The redline page of a version compares it with the version
                    # before: it shows this change only for a new version.
                    url = site_url.rstrip("/") + site_path(lang, policy, "changes", new_v)
                    lines += ["", f"Redline once built: [{url}]({url})"]
                details += lines + [""]
        out += [""] + details
    errors = [d for d in findings if d.is_error]
    warnings = [d for d in findings if not d.is_error]
    out += ["### Checks", ""]
    if not findings:
        out.append("✅ Parity and version rules: no findings.")
    else:
        mark = "❌" if errors else "⚠️"
        out += [f"{mark} {len(errors)} error(s), {len(warnings)} warning(s):", "", "```"]
        out += [d.text() for d in findings]
        out.append("```")
    return "\n".join(out) + "\n"
