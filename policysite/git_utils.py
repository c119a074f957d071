"""The one git layer: every git call of the project goes through this module.

Commands run as ``git -C <worktree> ...`` subprocesses (the executable GitPython
found); GitPython itself only finds the repository and reads refs without a
process.  Every failure is a :class:`GitError` whose message carries git's own
words (its last stderr line, without wrapping), so the build, the ``policy``
command and ``policy verify`` report git problems the same way.

Reading history is batched: one ``git log`` stream for the commits, one
``git cat-file --batch`` for every blob they name.
"""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import git

FIELD, RECORD = "\x1f", "\x1e"  # separators of the log formats below
NO_BLOB = "0" * 40


class GitError(Exception):
    """A git command failed, or the repository cannot be used as it is."""


class ShallowCloneError(GitError):
    """The clone's history is truncated: an archive built from it would be incomplete."""


def clean_stderr(text: str | bytes | None) -> str:
    """git's message as a person reads it: its last non-empty line, no ``fatal:`` prefix."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    lines = [line.strip() for line in (text or "").strip().splitlines() if line.strip()]
    if not lines:
        return "no message"
    last = lines[-1]
    for prefix in ("fatal: ", "error: "):
        if last.startswith(prefix):
            last = last[len(prefix) :]
    return last


def _executable() -> str:
    return git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git"


@dataclass
class Repository:
    """A work tree and the path of the site inside it (``prefix``, '' at the top)."""

    worktree: Path
    prefix: str = ""
    common_dir: Path | None = None  # where git keeps what all worktrees share (None: ask git)

    @classmethod
    def find(cls, root: Path) -> Repository | None:
        """The repository whose work tree holds ``root``; None outside git (or a bare repository)."""
        try:
            repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            return None
        try:
            if repo.bare or repo.working_tree_dir is None:
                return None
            worktree = Path(repo.working_tree_dir).resolve()
            common_dir = Path(repo.common_dir)
        finally:
            repo.close()
        prefix = Path(root).resolve().relative_to(worktree).as_posix()
        return cls(worktree, "" if prefix == "." else prefix + "/", common_dir)

    # ---------------------------------------------------------------- running git

    def run(
        self, *args: str, stdin: bytes | None = None, ok: Iterable[int] = (0,), large: bool = False
    ) -> bytes:
        """``git ARGS`` in the work tree; its stdout as bytes.  Raises :class:`GitError`.

        ``large``: the output is big (a whole history, every blob), so git writes it to a
        temporary file rather than a pipe: a quarter less CPU, git's and ours, for 15 MB.
        """
        command = [_executable(), "-C", str(self.worktree), *args]
        with contextlib.ExitStack() as files:
            out = None
            if large:
                with contextlib.suppress(OSError):  # no writable temporary folder: the pipe, then
                    out = files.enter_context(tempfile.TemporaryFile())
            try:
                done = subprocess.run(
                    command,
                    input=stdin,
                    stdout=out if out is not None else subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    check=False,
                )
            except OSError as exc:
                raise GitError(f"cannot run git: {exc.strerror or exc}") from None
            if out is not None:
                out.seek(0)
                done.stdout = out.read()
        if done.returncode not in tuple(ok):
            raise GitError(f"git {args[0]} failed: {clean_stderr(done.stderr)}")
        return done.stdout

    def text(self, *args: str, ok: Iterable[int] = (0,), large: bool = False) -> str:
        return self.run(*args, ok=ok, large=large).decode("utf-8", errors="replace")

    # ---------------------------------------------------------------- questions

    def head(self) -> str | None:
        """HEAD's commit, read from the refs without a process; None before the first commit."""
        try:
            repo = git.Repo(self.worktree)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            return None
        try:
            return repo.head.commit.hexsha
        except (ValueError, git.BadName):
            return None
        finally:
            repo.close()

    def is_shallow(self) -> bool:
        # A shallow clone is one with a 'shallow' file (git's own test), read without a process.
        if self.common_dir is not None:
            return (self.common_dir / "shallow").exists()
        return self.text("rev-parse", "--is-shallow-repository").strip() == "true"

    def require_full_history(self) -> None:
        if self.is_shallow():
            raise ShallowCloneError(
                "this is a shallow clone: its history is truncated, so the archive of dated versions "
                "would be incomplete. Fetch the full history with 'git fetch --unshallow' "
                "(in GitHub Actions: actions/checkout with 'fetch-depth: 0') and try again."
            )

    def resolve(self, rev: str) -> str:
        """The commit ``rev`` names (40 hex digits)."""
        try:
            return self.text("rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}").strip()
        except GitError as exc:
            raise GitError(
                f"unknown revision '{rev}' ({str(exc).split(': ', 1)[-1]}): give a commit, branch or tag, "
                "e.g. 'origin/main' (in a CI checkout, fetch the base branch first)"
            ) from None

    def commits(self, revisions: str) -> set[str]:
        """``git rev-list REVISIONS`` as a set."""
        return set(self.text("rev-list", revisions).split())

    def tracked(self, path: Path) -> list[str]:
        """Tracked files at or below ``path`` (repository-relative)."""
        return [line for line in self.text("ls-files", "-z", "--", str(path)).split("\0") if line]

    def tree_blobs(self, commit: str, folders: Iterable[str]) -> dict[str, str]:
        """``{path: blob}`` of the files directly in ``folders`` (site-relative) at ``commit``."""
        found = {}
        specs = [f"{self.prefix}{folder}/" for folder in folders]
        output = self.text("ls-tree", "-z", "--full-tree", commit, "--", *specs)
        for entry in output.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, blob = meta.split()
            if kind == "blob":
                found[path[len(self.prefix) :]] = blob
        return found

    def blob_at(self, tree_ish: str, path: str) -> str | None:
        """The blob at site-relative ``path`` in ``tree_ish``, or None."""
        out = self.text(
            "rev-parse", "--verify", "--quiet", f"{tree_ish}:{self.prefix}{path}", ok=(0, 1)
        ).strip()
        return out or None

    def merge_tree(self, first: str, second: str) -> str | None:
        """The tree of the clean merge of two commits; None on a conflict or a git older than 2.38."""
        try:
            out = self.text("merge-tree", "--write-tree", first, second).split()
        except GitError:
            return None
        return out[0] if out else None

    # ---------------------------------------------------------------- history, batched

    def log(self, *args: str, fields: Iterable[str]) -> Iterator[tuple[list[str], str]]:
        """One ``git log`` stream: for each commit, its format ``fields`` and the raw diff text after them."""
        names = list(fields)
        fmt = FIELD.join(["%x1e" + names[0], *names[1:], ""])
        output = self.text("log", f"--format={fmt}", *args, large=True)
        for record in output.split(RECORD)[1:]:
            parts = record.split(FIELD, len(names))
            yield parts[: len(names)], parts[len(names)] if len(parts) > len(names) else ""

    def read_blobs(self, blobs: Iterable[str]) -> dict[str, bytes]:
        """Every blob's bytes from one ``git cat-file --batch`` round trip."""
        unique = list(dict.fromkeys(blobs))
        if not unique:
            return {}
        out = self.run("cat-file", "--batch", stdin=("\n".join(unique) + "\n").encode(), large=True)
        found: dict[str, bytes] = {}
        position = 0
        for blob in unique:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            if len(header) != 3:
                raise GitError(f"git cat-file failed: blob {blob} is missing from the repository")
            size = int(header[2])
            found[blob] = out[end + 1 : end + 1 + size]
            position = end + 1 + size + 1
        return found

    def read_files(self, items: Iterable[tuple[str, str]]) -> dict[tuple[str, str], bytes | None]:
        """The bytes of each site-relative ``path`` at ``commit`` (None: no such file), from one
        ``git cat-file --batch`` round trip (``policy verify`` checks every version's hash this way)."""
        unique = list(dict.fromkeys(items))
        if not unique:
            return {}
        names = "".join(f"{commit}:{self.prefix}{path}\n" for commit, path in unique)
        out = self.run("cat-file", "--batch", stdin=names.encode(), large=True)
        found: dict[tuple[str, str], bytes | None] = {}
        position = 0
        for key in unique:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) != 3:  # "<name> missing" (no such commit or file)
                found[key] = None
                continue
            size = int(header[2])
            found[key] = out[position : position + size] if header[1] == b"blob" else None
            position += size + 1
        return found

    def worktree_add(self, path: Path, commit: str) -> None:
        self.run("worktree", "add", "--detach", "--force", str(path), commit)

    def worktree_remove(self, path: Path) -> None:
        self.run("worktree", "remove", "--force", str(path), ok=(0, 128))
        self.run("worktree", "prune", ok=(0, 128))


def raw_changes(raw: str) -> Iterator[tuple[int, list[str], str]]:
    """The entries of a ``--raw -z`` diff: ``(number of parents, fields, path)``.

    ``fields`` are the modes, blobs and status after the colons (for a merge shown
    with ``-c``, one old mode and blob per parent).
    """
    tokens = raw.lstrip("\0\n").split("\0")
    for meta, path in zip(tokens[0::2], tokens[1::2], strict=False):
        count = len(meta) - len(meta.lstrip(":"))
        if not count:
            continue
        yield count, meta[count:].split(), path


def blob_sha(data: bytes) -> str:
    """The hash git gives these bytes as a blob (no process needed)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
