"""Section IDs are permanent: an ID that was ever published never disappears (issue 24).

Links from anywhere (e-mails, other sites, court filings) point at ``/privacy/#security``.  When a
section is renamed or merged into another, its old ID stays as an *alias* of its successor,
declared in the reference-language file's front matter::

    aliases:
      security: data-security     # old ID: the section that took its place

The current page then carries the old ID on a note under the successor's heading ("the section
'security' is now this one"), so an old deep link lands there.  Removing a published ID without an
alias is ``history.id-removed``, naming the versions that published it and the exact fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from .blockscan import read_heading
from .diagnostics import Diagnostic
from .history import History, PolicyHistory
from .idsyntax import valid_id
from .project import Corpus
from .sources import Document

_FENCE = ("```", "~~~")


@dataclass(frozen=True)
class Heading:
    id: str
    title: str
    index: int


def heading_ids(data: bytes) -> list[Heading]:
    """The explicit section IDs of a source's headings (``## Title {#id}``), in order: a line scan,
    linear in the text (no parse: every version of every policy is read this way)."""
    found: list[Heading] = []
    fence = None
    for line in data.decode("utf-8", errors="replace").split("\n"):
        stripped = line.strip()
        if fence is not None:
            fence = None if stripped.startswith(fence) else fence
            continue
        if stripped.startswith(_FENCE):
            fence = stripped[:3]
            continue
        if not line.startswith("##") or "{" not in line:
            continue
        # The ID as the source model reads it (the last ID the attribute list at the end sets),
        # when it is a valid section ID (idsyntax.id_problem): ``{#第一條-目的}`` as ``{#general}``.
        heading = read_heading(line)
        if heading is not None and heading[2] is not None and valid_id(heading[2]):
            found.append(Heading(heading[2], heading[1], len(found)))
    return found


def aliases(document: Document) -> tuple[dict[str, str], list[Diagnostic]]:
    """``{old ID: successor ID}`` from the front matter's ``aliases:``, and what is wrong with it."""
    raw = document.meta.get("aliases")
    if raw is None:
        return {}, []
    line = document.meta_line("aliases")
    if not isinstance(raw, dict):
        return {}, [_bad(document, line, "'aliases' must map old section IDs to their successors' IDs")]
    found, problems = {}, []
    current = {s.id for s in document.sections if s.id}
    for old, new in raw.items():
        if not (isinstance(old, str) and valid_id(old) and isinstance(new, str) and valid_id(new)):
            problems.append(_bad(document, line, f"alias '{old}: {new}' is not two section IDs"))
        elif new not in current:
            problems.append(_bad(document, line, f"alias '{old}' points at '{new}', which is no section"))
        elif old in current:
            problems.append(_bad(document, line, f"'{old}' is a section of its own and cannot be an alias"))
        else:
            found[old] = new
    return found, problems


def _bad(document: Document, line: int, message: str) -> Diagnostic:
    return Diagnostic.error("front-matter.aliases", document.path, line, message)


def published(ph: PolicyHistory, reference: str) -> dict[str, list[str]]:
    """``{section ID: [versions that published it]}``: every committed wording in the ``reference``
    language."""
    found: dict[str, list[str]] = {}
    for version in ph.versions:
        for text in version.states.get(reference, []):
            if text.commit is None:
                continue  # not published yet: the working tree
            for heading in heading_ids(text.data):
                versions = found.setdefault(heading.id, [])
                if version.version not in versions:
                    versions.append(version.version)
    return found


def check(corpus: Corpus, history: History) -> tuple[list[Diagnostic], dict[str, set[str]]]:
    """The findings, and per policy the published IDs its reference text lost without an alias."""
    findings: list[Diagnostic] = []
    lost: dict[str, set[str]] = {}
    for policy in corpus.policies:
        document, ph = corpus.get(policy, corpus.reference), history.get(policy)
        if document is None or ph is None:
            continue
        mapping, problems = aliases(document)
        findings += problems
        current = {s.id for s in document.sections if s.id}
        for section_id, versions in published(ph, corpus.reference).items():
            if section_id in current or section_id in mapping:
                continue
            lost.setdefault(policy, set()).add(section_id)
            findings.append(_removed(document, ph, section_id, versions))
    return findings, lost


def _removed(document: Document, ph: PolicyHistory, section_id: str, versions: list[str]) -> Diagnostic:
    successor = _successor(document, ph, section_id, versions[-1])
    named = ", ".join(versions[:3]) + (f" and {len(versions) - 3} more" if len(versions) > 3 else "")
    return Diagnostic.error(
        "history.id-removed",
        document.path,
        document.meta_line("title"),
        f"section ID '{section_id}' was published (versions {named}) and is gone: links to it would "
        "land nowhere. Keep it as an alias of the section that took its place: add "
        f"'aliases: {{{section_id}: {successor}}}' to the front matter (or restore the section)",
        section_id,
    )


def _successor(document: Document, ph: PolicyHistory, section_id: str, version: str) -> str:
    """The likeliest successor of a lost section (``document``: the reference language's text): the one
    with its title, else the one at its place."""
    published = ph.get(version)
    states = published.states.get(document.lang) if published else None
    text = states[-1] if states else None
    old = next((h for h in heading_ids(text.data) if h.id == section_id), None) if text else None
    sections = [(s.id, s.title) for s in document.sections if s.id]  # (ID, title)
    if old is not None:
        title = " ".join(old.title.split())
        same = next((id_ for id_, other in sections if " ".join(other.split()) == title), None)
        if same is not None:
            return same
        if sections:
            return sections[min(old.index, len(sections) - 1)][0]
    return sections[0][0] if sections else "<section-id>"


def explain(findings: list[Diagnostic], lost: dict[str, set[str]], reference: str) -> list[Diagnostic]:
    """A translation asked to follow an ID of the ``reference`` language that replaced a published
    one is told that the reference's rename is the problem (parity.section-id)."""
    explained = []
    for finding in findings:
        policy = finding.file.partition("/")[2].removesuffix(".md")
        if finding.code == "parity.section-id" and finding.section in lost.get(policy, set()):
            english = f"{reference}/{policy}.md"
            finding = Diagnostic.of(
                finding.severity.value,
                finding.code,
                finding.file,
                finding.line,
                f"{finding.message}; but '{finding.section}' is a published ID that {english} removed: "
                f"fix {english} first (history.id-removed): keep '{finding.section}' there as an alias",
                finding.section,
                finding.commit,
            )
        explained.append(finding)
    return explained
