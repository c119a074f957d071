"""``policy verify``: prove that a published site is what git holds.

A build is byte-reproducible: the same commit and ``SOURCE_DATE_EPOCH`` give the
same files.  The site's ``versions.json`` records both (``head`` and
``source_date_epoch``), so an auditor can:

1. rebuild that commit with that epoch in a temporary git worktree (the
   repository's own checkout is never touched) and compare every file of the
   rebuilt site with the published one, byte for byte: a file that differs, is
   missing or should not be there is listed;
2. check every SHA-256 in the published ``versions.json`` against the blob git
   holds for that language's file at that version's commit;
3. check the Markdown source attached to every PDF against the same SHA-256.

:func:`verify` returns a :class:`Report` (findings: exit 1) or raises
:class:`CannotVerify` (exit 2) when no honest answer is possible: not a git
repository, a shallow clone, a commit the repository does not have, a site
without ``versions.json`` or built without ``SOURCE_DATE_EPOCH``.  Every git
call goes through :mod:`policysite.git_utils`.
"""

from __future__ import annotations

import filecmp
import hashlib
import io
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import git_utils, urls

INDEX = "versions.json"
_COMMIT = re.compile(r"[0-9a-f]{40}\Z")


class CannotVerify(Exception):
    """The site cannot be verified here: the message says why and what to do."""


@dataclass(frozen=True)
class Finding:
    """One way the published site is not what git holds."""

    kind: str  # differs | missing | extra | hash | pdf
    path: str  # the site file concerned
    detail: str = ""

    def text(self) -> str:
        labels = {
            "differs": "differs from the rebuild",
            "missing": "missing (the rebuild has it)",
            "extra": "not in the rebuild",
        }
        return f"{self.path}: {labels.get(self.kind, self.detail)}" + (
            f" ({self.detail})" if self.kind in labels and self.detail else ""
        )


@dataclass
class Report:
    commit: str
    epoch: int
    files: int = 0  # files compared
    sources: int = 0  # versions.json hashes checked against git
    pdfs: int = 0  # PDFs whose attached source was checked
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


# ---------------------------------------------------------------- what the site says


def read_index(site: Path) -> dict:
    """The published ``versions.json`` (raises :class:`CannotVerify` when it is absent or unreadable)."""
    path = site / INDEX
    if not site.is_dir():
        raise CannotVerify(f"{site} is not a folder: give the published site's folder (e.g. 'site')")
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CannotVerify(
            f"{path} does not exist: this is not a site built by this project (build it with 'mkdocs build')"
        ) from None
    except (OSError, ValueError) as exc:
        raise CannotVerify(f"{path} cannot be read as JSON ({exc}): it cannot say what to rebuild") from None
    if not isinstance(index, dict) or not isinstance(index.get("policies"), list):
        raise CannotVerify(f"{path} is not this project's index of versions (no 'policies' list)")
    return index


def recorded_build(index: dict, site: Path) -> tuple[str, int]:
    """The commit and ``SOURCE_DATE_EPOCH`` the site was built from, as ``versions.json`` records them."""
    commit, epoch = index.get("head"), index.get("source_date_epoch")
    where = site / INDEX
    if not isinstance(commit, str) or not _COMMIT.match(commit):
        raise CannotVerify(
            f"{where} records no commit ('head'): the site was built outside git, so nothing can rebuild it"
        )
    if "source_date_epoch" not in index:
        raise CannotVerify(
            f"{where} records no 'source_date_epoch': the site was built by a version of policysite "
            "that did not record it; rebuild and publish it again to make it verifiable"
        )
    if not isinstance(epoch, int) or isinstance(epoch, bool):
        raise CannotVerify(
            f"{where}: the site was built without SOURCE_DATE_EPOCH, so its build time is unknown and "
            "it cannot be reproduced; publish with SOURCE_DATE_EPOCH set (as .github/workflows/"
            "publish.yml does)"
        )
    return commit, epoch


def _entries(index: dict):
    """``(policy, version, lang, entry)`` for every text in ``versions.json``."""
    for policy in index.get("policies") or []:
        if not isinstance(policy, dict):
            continue
        for version in policy.get("versions") or []:
            if not isinstance(version, dict):
                continue
            for lang, entry in (version.get("languages") or {}).items():
                if isinstance(entry, dict):
                    yield str(policy.get("id")), str(version.get("version")), str(lang), entry


def _with_wordings(entries):
    """Each text, then each earlier wording of it (its ``states``), as ``(policy, version, lang, entry)``:
    the lang of a wording reads ``en wording 1``."""
    for policy, version, lang, entry in entries:
        yield policy, version, lang, entry
        states = entry.get("states")
        for state in states[:-1] if isinstance(states, list) else []:
            if isinstance(state, dict):
                yield policy, version, f"{lang} wording {state.get('number')}", state


# ---------------------------------------------------------------- checks


def check_hashes(repo: git_utils.Repository, index: dict) -> tuple[dict[tuple, str], list[Finding]]:
    """Every ``sha256`` of ``versions.json`` against the blob of its file at its commit (one git call).

    Returns the SHA-256 of what git holds for each (policy, version, lang) it could read, and the findings.
    """
    findings: list[Finding] = []
    wanted: list[tuple[tuple, str, str, object]] = []  # (key, commit, path, sha256)
    for policy, version, lang, entry in _with_wordings(_entries(index)):
        recorded = entry.get("path")  # where the file was at that commit (a renamed policy's former name)
        path = recorded if isinstance(recorded, str) and recorded else f"{lang.split()[0]}/{policy}.md"
        key, commit = (policy, version, lang), entry.get("commit")
        if not isinstance(commit, str) or not _COMMIT.match(commit):
            findings.append(
                Finding(
                    "hash", INDEX, f"{' '.join(key)}: no commit recorded (built from uncommitted changes)"
                )
            )
            continue
        wanted.append((key, commit, path, entry.get("sha256")))
    contents = repo.read_files((commit, path) for _, commit, path, _ in wanted)
    held: dict[tuple, str] = {}
    for key, commit, path, sha256 in wanted:
        data = contents[(commit, path)]
        if data is None:
            findings.append(
                Finding("hash", INDEX, f"{' '.join(key)}: git has no {path} at commit {commit[:12]}")
            )
            continue
        held[key] = hashlib.sha256(data).hexdigest()
        if held[key] != sha256:
            git = f"{path} at commit {commit[:12]} has {held[key]}"
            findings.append(Finding("hash", INDEX, f"{' '.join(key)}: SHA-256 {sha256} but {git}"))
    return held, findings


def attached_sources(data: bytes) -> dict[str, bytes]:
    """The files embedded in a PDF, by name (raises ValueError when it cannot be read)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF is a finding, not a log
    try:
        reader = PdfReader(io.BytesIO(data))
        return {name: contents[0] for name, contents in reader.attachments.items() if contents}
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ValueError(f"{type(exc).__name__}: {exc}") from None


def _inside(site: Path, path: Path) -> bool:
    """Whether ``path`` (links followed) is a file of the published ``site`` folder."""
    return site.resolve() in path.resolve().parents


def check_pdfs(site: Path, index: dict, held: dict[tuple, str]) -> tuple[int, list[Finding]]:
    """The source attached to every PDF that ``versions.json`` lists, against git's blob
    (``held``: SHA-256 by (policy, version, lang)), or the recorded hash when git has none."""
    findings: list[Finding] = []
    checked = 0
    for policy, version, lang, entry in _entries(index):
        url = entry.get("pdf")
        if not isinstance(url, str) or not url:
            continue
        site_url = index.get("site_url")  # the PDF's address is absolute under it (versions.json)
        relative = (urls.to_site_path(url, site_url if isinstance(site_url, str) else "") or url).lstrip("/")
        path = site / relative
        if not _inside(site, path):
            outside = f"listed in {INDEX} for {policy} {version} {lang} outside the published site: not read"
            findings.append(Finding("pdf", relative, outside))
            continue
        if not path.is_file():
            listed = f"listed in {INDEX} for {policy} {version} {lang} but absent"
            findings.append(Finding("pdf", relative, listed))
            continue
        checked += 1
        data = path.read_bytes()
        recorded = entry.get("pdf_sha256")
        if isinstance(recorded, str) and hashlib.sha256(data).hexdigest() != recorded:
            actual = hashlib.sha256(data).hexdigest()
            findings.append(
                Finding("pdf", relative, f"its bytes have SHA-256 {actual} but {INDEX} says {recorded}")
            )
        try:
            attached = attached_sources(data)
        except (OSError, ValueError) as exc:
            findings.append(Finding("pdf", relative, f"its attached source cannot be read ({exc})"))
            continue
        if len(attached) != 1:
            count = f"has {len(attached)} attached files instead of its Markdown source"
            findings.append(Finding("pdf", relative, count))
            continue
        actual = hashlib.sha256(next(iter(attached.values()))).hexdigest()
        key = (policy, version, lang)
        expected, whose = (held[key], "git holds") if key in held else (entry.get("sha256"), f"{INDEX} says")
        if actual != expected:
            findings.append(
                Finding("pdf", relative, f"its attached source has SHA-256 {actual} but {whose} {expected}")
            )
    return checked, findings


def _files(folder: Path) -> set[str]:
    found = set()
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            found.add(Path(dirpath, name).relative_to(folder).as_posix())
    return found


def compare(published: Path, rebuilt: Path) -> tuple[int, list[Finding]]:
    """Every file of both sites, byte for byte."""
    theirs, ours = _files(published), _files(rebuilt)
    findings = [Finding("missing", path) for path in sorted(ours - theirs)]
    findings += [Finding("extra", path) for path in sorted(theirs - ours)]
    for path in sorted(theirs & ours):
        if not filecmp.cmp(published / path, rebuilt / path, shallow=False):
            findings.append(Finding("differs", path))
    return len(theirs | ours), sorted(findings, key=lambda f: (f.path, f.kind))


# ---------------------------------------------------------------- the rebuild


def _build_environment(tree: Path, epoch: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"})
    # A repository that holds policysite itself (this project) is rebuilt with the
    # commit's own code, as its CI built it; otherwise the installed one is used.
    if (tree / "policysite" / "__init__.py").is_file():
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(tree), env.get("PYTHONPATH", "")) if p)
    return env


def rebuild(tree: Path, root: Path, target: Path, epoch: int) -> None:
    """``mkdocs build`` of the checkout ``tree`` (site at ``root`` inside it) into ``target``."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--quiet",
        "--config-file",
        str(root / "mkdocs.yml"),
        "--site-dir",
        str(target),
    ]
    try:
        done = subprocess.run(
            command,
            cwd=root,
            env=_build_environment(tree, epoch),
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise CannotVerify(f"cannot run mkdocs to rebuild the site: {exc.strerror or exc}") from None
    if done.returncode != 0:
        lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        tail = "\n  ".join(lines[-8:]) or "no output"
        raise CannotVerify(f"the rebuild failed (mkdocs build exited {done.returncode}):\n  {tail}")


def verify(root: Path, site: Path, progress: Callable[[str], None] = lambda _: None) -> Report:
    """Rebuild the commit ``site`` records and compare; check its hashes against git."""
    repo = git_utils.Repository.find(root)
    if repo is None:
        raise CannotVerify(
            f"{root} is not in a git repository: verifying needs the site's repository with its full history "
            "(git clone, not a download of the files)"
        )
    index = read_index(site)
    commit, epoch = recorded_build(index, site)
    try:
        repo.require_full_history()
    except git_utils.GitError as exc:
        raise CannotVerify(str(exc)) from None
    try:
        repo.resolve(commit)
    except git_utils.GitError:
        raise CannotVerify(
            f"commit {commit} (recorded in {site / INDEX}) is not in this repository: fetch it "
            "('git fetch origin'), or run verify in the repository the site was built from"
        ) from None
    report = Report(commit, epoch)
    with tempfile.TemporaryDirectory(prefix="policy-verify-") as scratch:
        tree, rebuilt = Path(scratch) / "tree", Path(scratch) / "site"
        progress(
            f"rebuilding commit {commit[:12]} with SOURCE_DATE_EPOCH={epoch} in a temporary worktree "
            "(every version and PDF is made again, without the build cache) ..."
        )
        try:
            repo.worktree_add(tree, commit)
        except git_utils.GitError as exc:
            raise CannotVerify(
                f"cannot check out commit {commit[:12]} in a temporary worktree: {exc}"
            ) from None
        try:
            rebuild(tree, tree / repo.prefix, rebuilt, epoch)
            report.files, report.findings = compare(site, rebuilt)
            report.notes += _renderer_notes(index, rebuilt, report.findings)
        finally:
            repo.worktree_remove(tree)
    held, hashes = check_hashes(repo, index)
    report.sources = len(held)
    report.pdfs, pdfs = check_pdfs(site, index, held)
    report.findings += hashes + pdfs
    return report


def _renderer_notes(index: dict, rebuilt: Path, findings: list[Finding]) -> list[str]:
    """When PDFs differ: whether the renderer or fonts here differ from those the site records."""
    if not any(f.path.endswith(".pdf") and f.kind == "differs" for f in findings):
        return []
    try:
        ours = json.loads((rebuilt / INDEX).read_text(encoding="utf-8")).get("pdf")
    except (OSError, ValueError):
        return []
    theirs = index.get("pdf")
    if not isinstance(ours, dict) or not isinstance(theirs, dict) or ours == theirs:
        return []
    return [
        "the published PDFs were made with "
        f"{theirs.get('renderer')} and fonts {', '.join(theirs.get('fonts') or [])}; this machine has "
        f"{ours.get('renderer')} and fonts {', '.join(ours.get('fonts') or [])}: PDF bytes match only with "
        "the same renderer and fonts (their attached sources are checked against git all the same)"
    ]
