"""The one git layer: every git call of the project goes through this module.

Commands run as ``git -C <worktree> ...`` subprocesses (the executable GitPython
found); GitPython itself only finds the repository and reads refs without a
process.  Every failure is a :class:`GitError` whose message carries git's own
words (its last stderr line, without wrapping), so the build, the ``policy``
command and ``policy verify`` report git problems the same way.

Reading history is batched: one ``git log`` stream for the commits, one
``git cat-file --batch`` for every blob they name.

Git's output is parsed, never split on a character a commit message or a file
name may hold (README, "Security"): ``git log`` records and fields are delimited
by a random token drawn for each call (no commit written before the call can
hold it), diffs and file lists are read with ``-z``, trailers come from git's own
parser (``%(trailers)``), and fixed-format fields (hashes, timestamps, modes) are
validated.  Output that does not parse is a :class:`GitError`, never skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import git

OBJECT_ID = re.compile(r"(?:[0-9a-f]{40}|[0-9a-f]{64})\Z")  # SHA-1 or SHA-256
# Fields of a ``git log --format`` whose shape is fixed: checked on every record.
_FIXED_FIELDS = {
    "%H": OBJECT_ID,
    "%T": OBJECT_ID,
    "%P": re.compile(r"(?:(?:[0-9a-f]{40}|[0-9a-f]{64})(?: |\Z))*\Z"),
    "%ct": re.compile(r"[0-9]{1,20}\Z"),
    "%at": re.compile(r"[0-9]{1,20}\Z"),
}
_TRAILER_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*\Z")
_MODE = re.compile(r"[0-7]{6}\Z")
_RAW_STATUS = re.compile(r"[A-Z]+[0-9]*\Z")
_BATCH_HEADER = re.compile(rb"([0-9a-f]{40}|[0-9a-f]{64}) ([a-z]+) ([0-9]+)\Z")
_TREE_ENTRY = re.compile(r"([0-7]{6}) ([a-z]+) ([0-9a-f]{40}|[0-9a-f]{64})\Z")
# Options every ``git log`` stream gets, whatever the user's configuration says: no
# signature check output, no colours, UTF-8 (``i18n.logOutputEncoding`` aside).
_LOG_OPTIONS = ("--no-show-signature", "--no-color", "--encoding=UTF-8")


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
            out = self.text("rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}").strip()
        except GitError as exc:
            raise GitError(
                f"unknown revision '{rev}' ({str(exc).split(': ', 1)[-1]}): give a commit, branch or tag, "
                "e.g. 'origin/main' (in a CI checkout, fetch the base branch first)"
            ) from None
        return _object_id(out, "rev-parse")

    def merge_base(self, first: str, second: str) -> str:
        """The best common ancestor of two commits (``git merge-base``)."""
        return _object_id(self.text("merge-base", "--end-of-options", first, second).strip(), "merge-base")

    def commits(self, revisions: str) -> set[str]:
        """``git rev-list REVISIONS`` as a set."""
        return {_object_id(line, "rev-list") for line in self.text("rev-list", revisions).split()}

    def tracked(self, path: Path) -> list[str]:
        """Tracked files at or below ``path`` (repository-relative).

        The path is a literal pathspec: ``*``, ``[`` or ``:(exclude)`` in a folder's name mean nothing.
        """
        output = self.text("ls-files", "-z", "--", f":(literal){path}")
        return [line for line in output.split("\0") if line]

    def tree_blobs(self, commit: str, folders: Iterable[str]) -> dict[str, str]:
        """``{path: blob}`` of the files in ``folders`` (site-relative, at any depth) at ``commit``."""
        found = {}
        specs = [f"{self.prefix}{folder}/" for folder in folders]
        output = self.text("ls-tree", "-r", "-z", "--full-tree", "--end-of-options", commit, "--", *specs)
        for entry in output.split("\0")[:-1] if output else []:
            meta, tab, path = entry.partition("\t")
            match = _TREE_ENTRY.match(meta)
            if not tab or match is None or not path.startswith(self.prefix):
                raise GitError(f"git ls-tree printed an entry that does not parse: {entry[:120]!r}")
            if match.group(2) == "blob":
                found[path[len(self.prefix) :]] = match.group(3)
        if output and not output.endswith("\0"):
            raise GitError(f"git ls-tree printed an entry that does not parse: {output[-120:]!r}")
        return found

    # ---------------------------------------------------------------- history, batched

    def log(self, *args: str, fields: Iterable[str], trailer: str | None = None) -> Iterator[LogRecord]:
        """One ``git log`` stream: for each commit, its format ``fields``, the values git's own
        trailer parser finds for the key ``trailer``, and what git printed after them (the diff).

        Fields and records are delimited by a token drawn for this call, so no subject, body,
        trailer value, author name or file name can shift them; ``%H``, ``%ct``... are checked.
        """
        names = list(fields)
        token = secrets.token_hex(16)
        parts = list(names)
        if trailer is not None:
            if not _TRAILER_KEY.match(trailer):
                raise ValueError(f"not a trailer key: {trailer!r}")
            parts.append(f"%(trailers:key={trailer},valueonly,separator={token}+)")
        fmt = f"{token}<" + f"{token}|".join(parts) + f"{token}>"
        output = self.text("log", *_LOG_OPTIONS, f"--format={fmt}", *args, large=True)
        chunks = output.split(f"{token}<")
        if chunks[0]:
            raise GitError(f"git log printed {chunks[0][:120]!r} before its first commit")
        for chunk in chunks[1:]:
            yield _log_record(chunk, token, names, trailer is not None)

    def read_blobs(self, blobs: Iterable[str]) -> dict[str, bytes]:
        """Every blob's bytes from one ``git cat-file --batch`` round trip."""
        unique = list(dict.fromkeys(blobs))
        if not unique:
            return {}
        for blob in unique:
            if not OBJECT_ID.match(blob):
                raise GitError(f"git cat-file failed: {blob[:120]!r} is not an object name")
        out = self.run("cat-file", "--batch", stdin=("\n".join(unique) + "\n").encode(), large=True)
        found: dict[str, bytes] = {}
        for blob, response in zip(unique, _batch_responses(out, len(unique)), strict=True):
            if response is None or response[0] != blob or response[1] != "blob":
                raise GitError(f"git cat-file failed: blob {blob} is missing from the repository")
            found[blob] = response[2]
        return found

    def read_files(self, items: Iterable[tuple[str, str]]) -> dict[tuple[str, str], bytes | None]:
        """The bytes of each site-relative ``path`` at ``commit`` (None: no such file), from one
        ``git cat-file --batch`` round trip (``policy verify`` checks every version's hash this way).

        A name git cannot take on one line of its input (a line break, NUL, or a final carriage
        return, which git drops) is no such file: it is never sent.
        """
        unique = list(dict.fromkeys(items))
        names = {key: _batch_name(f"{key[0]}:{self.prefix}{key[1]}") for key in unique}
        sendable = {key: name for key, name in names.items() if name is not None}
        asked = list(sendable)
        found: dict[tuple[str, str], bytes | None] = dict.fromkeys(unique)
        if not asked:
            return found
        stdin = b"".join(sendable[key] + b"\n" for key in asked)
        out = self.run("cat-file", "--batch", stdin=stdin, large=True)
        for key, response in zip(asked, _batch_responses(out, len(asked)), strict=True):
            found[key] = response[2] if response is not None and response[1] == "blob" else None
        return found

    def worktree_add(self, path: Path, commit: str) -> None:
        self.run("worktree", "add", "--detach", "--force", str(path), commit)

    def worktree_remove(self, path: Path) -> None:
        self.run("worktree", "remove", "--force", str(path), ok=(0, 128))
        self.run("worktree", "prune", ok=(0, 128))


def _batch_name(name: str) -> bytes | None:
    """``name`` as one line of ``git cat-file --batch`` input; None when a line cannot carry it
    intact (a line break or NUL in it, a final carriage return, which git drops, or no UTF-8)."""
    if "\n" in name or "\0" in name or name.endswith("\r"):
        return None
    try:
        return name.encode("utf-8")
    except UnicodeEncodeError:
        return None


@dataclass(frozen=True)
class LogRecord:
    """One commit of a :meth:`Repository.log` stream."""

    fields: tuple[str, ...]  # the format fields, in the order asked
    trailers: tuple[str, ...]  # the values of the asked trailer key, as git's trailer parser read them
    raw: str  # what git printed after the fields: the diff (``--raw -z``, ``--name-only -z``), or ""


def _object_id(text: str, command: str) -> str:
    if not OBJECT_ID.match(text):
        raise GitError(f"git {command} printed {text[:120]!r}, which is not an object name")
    return text


def _log_record(chunk: str, token: str, names: list[str], trailers: bool) -> LogRecord:
    """One record of :meth:`Repository.log`'s output (after its start marker)."""
    head, closed, raw = chunk.partition(f"{token}>")
    values = head.split(f"{token}|")
    if not closed or token in raw or len(values) != len(names) + trailers:
        raise GitError(f"git log printed a record that does not parse: {chunk[:160]!r}")
    for name, value in zip(names, values, strict=False):
        pattern = _FIXED_FIELDS.get(name)
        if pattern is not None and not pattern.match(value):
            raise GitError(f"git log printed {value[:120]!r} for {name}, which cannot be one")
    found = values[len(names)].split(f"{token}+") if trailers and values[len(names)] else []
    return LogRecord(tuple(values[: len(names)]), tuple(found), raw)


def _batch_responses(out: bytes, count: int) -> list[tuple[str, str, bytes] | None]:
    """The ``count`` answers of ``git cat-file --batch``: ``(object, type, bytes)``, or None
    for a name git does not have ("<name> missing", "<name> ambiguous")."""
    answers: list[tuple[str, str, bytes] | None] = []
    position = 0
    for _ in range(count):
        end = out.find(b"\n", position)
        if end < 0:
            raise GitError("git cat-file --batch stopped before answering every name")
        line = out[position:end]
        match = _BATCH_HEADER.match(line)
        if match is None:
            if not line.endswith((b" missing", b" ambiguous")):
                raise GitError(f"git cat-file --batch printed {line[:120]!r}, which does not parse")
            answers.append(None)
            position = end + 1
            continue
        size = int(match.group(3))
        data = out[end + 1 : end + 1 + size]
        if len(data) != size or out[end + 1 + size : end + 2 + size] != b"\n":
            raise GitError(f"git cat-file --batch printed fewer bytes than {size} for {match.group(1)!r}")
        answers.append((match.group(1).decode(), match.group(2).decode(), data))
        position = end + 2 + size
    if position != len(out):
        raise GitError("git cat-file --batch printed more than it was asked for")
    return answers


def _diff_items(raw: str) -> list[str]:
    """The NUL-terminated items git printed after a commit's fields with ``-z``.

    git ends the fields with NUL, then, when a diff follows, a line feed and the diff's
    items, each ended by NUL: exactly that is accepted (a name may start with a line feed).
    """
    if raw.startswith("\0"):
        raw = raw[1:]
    if not raw:
        return []
    if not raw.startswith("\n") or not raw.endswith("\0") or len(raw) < 3:
        raise GitError(f"git log printed a diff that does not parse: {raw[:120]!r}")
    return raw[1:-1].split("\0")


def name_only(raw: str) -> list[str]:
    """The paths of a ``--name-only -z`` diff (:attr:`LogRecord.raw`), exactly as git wrote them."""
    return _diff_items(raw)


def raw_changes(raw: str) -> Iterator[tuple[int, list[str], str]]:
    """The entries of a ``--raw -z --no-abbrev`` diff: ``(number of parents, fields, path)``.

    ``fields`` are the modes, blobs and status after the colons (for a merge shown
    with ``-c``, one old mode and blob per parent); ``path`` is the entry's path (a
    rename's or copy's destination).  An entry that does not parse is a :class:`GitError`.
    """
    for count, fields, _, path in raw_entries(raw):
        yield count, fields, path


def raw_entries(raw: str) -> Iterator[tuple[int, list[str], str, str]]:
    """:func:`raw_changes` with each entry's source path: ``(parents, fields, source, path)``,
    where ``source`` is a rename's or copy's former path, else ``path`` itself."""
    items = _diff_items(raw)
    position = 0
    while position < len(items):
        meta = items[position]
        count = len(meta) - len(meta.lstrip(":"))
        fields = meta[count:].split(" ")
        if not count or not _raw_fields_valid(count, fields):
            raise GitError(f"git log printed a raw diff entry that does not parse: {meta[:160]!r}")
        end = position + 1 + (2 if count == 1 and fields[-1][0] in "RC" else 1)
        if end > len(items):
            raise GitError(f"git log printed a raw diff entry without its path: {meta[:160]!r}")
        yield count, fields, items[position + 1], items[end - 1]
        position = end


def _raw_fields_valid(count: int, fields: list[str]) -> bool:
    modes, blobs, status = fields[: count + 1], fields[count + 1 : -1], fields[-1]
    return (
        len(fields) == 2 * (count + 1) + 1
        and all(_MODE.match(mode) for mode in modes)
        and all(OBJECT_ID.match(blob) for blob in blobs)
        and _RAW_STATUS.match(status) is not None
    )


def blob_sha(data: bytes) -> str:
    """The hash git gives these bytes as a blob (no process needed)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
