"""The ``policy`` subcommands other than ``check``: versions, diff, new-version, pr-summary.

Each takes the parsed arguments and an :class:`~policysite.cli.Output` and
returns the exit code; :mod:`policysite.cli` only parses arguments.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import cache, diagnostics, diff, git_utils, history, model, pages, project, render, review, sources
from . import config as _config

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """Bad arguments, configuration or a project the command cannot work on (exit 2)."""


def root_of(args) -> Path:
    root = project.find_root(Path(args.root) if getattr(args, "root", None) else None)
    if root is None:
        where = Path(getattr(args, "root", None) or ".").resolve()
        raise UsageError(
            f"no mkdocs.yml found in {where} or above; run this inside the policy site's repository"
        )
    return root


def configuration(root: Path):
    """mkdocs.yml read as the build reads it (MkDocs' own loader) and ``extra.policies`` validated alike."""
    try:
        return _config.load(root)
    except _config.ConfigError as exc:
        raise UsageError(str(exc)) from None


def analyse(root: Path, caches: cache.Caches | None = None) -> model.Analysis:
    """The same analysis the build makes: every rule, over the working tree and its history."""
    mkdocs_config, settings = configuration(root)
    try:
        today = _config.build_date(settings.timezone)
        return model.analyse(root, settings, today, caches, render.Renderer.for_config(mkdocs_config))
    except (_config.ConfigError, git_utils.GitError) as exc:
        raise UsageError(str(exc)) from None


def _policy(found: history.History, name: str) -> history.PolicyHistory:
    ph = found.get(name)
    if ph is None:
        known = ", ".join(sorted(found.policies)) or "none"
        raise UsageError(f"unknown policy '{name}' (policies: {known})")
    return ph


# ---------------------------------------------------------------- versions


def cmd_versions(args, out) -> int:
    root = root_of(args)
    caches = cache.Caches.on_disk(root)
    analysis = analyse(root, caches)
    corpus, found = analysis.corpus, analysis.history
    if args.policy:
        _policy(found, args.policy)
    index = pages.versions_index(found, pages.Redlines(caches.redlines, caches.outlines), corpus.languages)
    caches.save()
    if args.policy:
        index["policies"] = [p for p in index["policies"] if p["id"] == args.policy]
    if args.format == "json":
        out.print(json.dumps(index, ensure_ascii=False, indent=2))
        return EXIT_OK
    for item in found.diagnostics:
        out.print(out.paint(item.text(), "yellow"))
    for policy in index["policies"]:
        out.print(out.paint(f"{policy['id']}: {policy['title'].get('en') or policy['id']}", "bold"))
        for version in policy["versions"]:
            status = version["status"]
            colour = {"current": "green", "upcoming": "cyan"}.get(status, "dim")
            summary = version["summary"]
            if summary.get("first"):
                text = "first published version"
            else:
                text = (
                    ", ".join(
                        f"{summary[k]} {k}" for k in ("added", "removed", "changed", "moved") if summary[k]
                    )
                    or "no text change"
                )
            langs = " ".join(sorted(version["languages"]))
            out.print(f"  {version['version']}  {out.paint(f'{status:<8}', colour)}  {text}  [{langs}]")
            # The editors' own 'summary:' of the version (the reference language's).
            dated = found.get(policy["id"]).get(version["version"])
            reference = dated.reference if dated is not None else None
            if reference is not None and reference.header.summary:
                out.print(f"      {' '.join(reference.header.summary.split())}")
            for revision in version["revisions"]:
                commit = (revision["commit"] or "working tree")[:12]
                mark = " (editorial)" if revision["editorial"] else ""
                out.print(
                    out.paint(f"      {commit:<12} {revision['date']} {revision['subject']}{mark}", "dim")
                )
    if not index["policies"]:
        out.print("no policies found")
    return EXIT_OK


# ---------------------------------------------------------------- diff


def cmd_diff(args, out) -> int:
    root = root_of(args)
    analysis = analyse(root, cache.Caches.on_disk(root))
    corpus, found = analysis.corpus, analysis.history
    ph = _policy(found, args.policy)
    known = [v.version for v in ph.versions]

    def pick(value: str) -> history.Version:
        if value == "current" and ph.current is not None:
            return ph.current
        version = ph.get(value)
        if version is None:
            raise UsageError(
                f"policy '{args.policy}' has no version '{value}' (versions: {', '.join(known)})"
            )
        return version

    old, new = pick(args.old), pick(args.new)
    lang = args.lang
    if lang not in corpus.languages:
        raise UsageError(f"unknown language '{lang}' (languages: {', '.join(corpus.languages)})")
    old_text, new_text = old.texts.get(lang), new.texts.get(lang)
    for version, text in ((old, old_text), (new, new_text)):
        if text is None:
            raise UsageError(f"version {version.version} of '{args.policy}' has no {lang} text")
    mkdocs_config, _ = configuration(root)
    renderer = render.Renderer.for_config(mkdocs_config)
    redline = diff.compare(old_text.document, new_text.document, lang, renderer=renderer)
    out.print(out.paint(f"{args.policy} ({lang}): {old.version} → {new.version}", "bold"))
    counts = redline.summary
    out.print(", ".join(f"{n} {k}" for k, n in counts.items()) + "\n")
    unchanged = 0
    for section in redline.sections:
        if section.status == "unchanged":
            unchanged += 1
            continue
        label = f"[{section.status}]"
        heading = diff.to_terminal(section.title_ops, out.color) if section.id else "(intro)"
        marks = "#" * section.level
        out.print(
            out.paint(f"{marks} ", "bold")
            + heading
            + "  "
            + out.paint(label, "cyan")
            + (out.paint(f"  #{section.id}", "dim") if section.id else "")
        )
        for line in diff.terminal_lines(section, out.color):
            out.print(line)
        out.print()
    if unchanged:
        out.print(
            out.paint(f"({unchanged} unchanged section{'s' if unchanged != 1 else ''} not shown)", "dim")
        )
    return EXIT_OK


# ---------------------------------------------------------------- new-version

_VERSION_LINE = re.compile(r"^version:[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def cmd_new_version(args, out) -> int:
    root = root_of(args)
    date = sources.parse_version(args.date)
    if date is None:
        raise UsageError(f"'{args.date}' is not a real date written {sources.VERSION_FORMAT}")
    corpus = project.load_tree(root)
    files = project.policy_files(root, corpus.languages)
    targets = {lang: path for (policy, lang), path in files.items() if policy == args.policy}
    if not targets:
        raise UsageError(f"unknown policy '{args.policy}' (policies: {', '.join(corpus.policies) or 'none'})")
    current = [
        d
        for lang in corpus.languages
        if (d := corpus.get(args.policy, lang)) is not None and d.date is not None
    ]
    latest = max((d.date for d in current), default=None)
    if latest is not None and date <= latest:
        newest = max(current, key=lambda d: d.date)
        raise UsageError(
            f"{args.date} is not after the current version {newest.version} ({newest.path}); a new "
            "version needs a later date"
        )
    updated = []
    for lang in corpus.languages:
        path = targets.get(lang)
        if path is None:
            out.print(
                out.paint(
                    (
                        f"warning: {lang}/{args.policy}.md does not exist; create it as a translation of "
                        f"en/{args.policy}.md"
                    ),
                    "yellow",
                )
            )
            continue
        data = path.read_bytes()
        bom = data.startswith(b"\xef\xbb\xbf")
        text = data[3 if bom else 0 :].decode("utf-8")
        closing = text.find("\n---", 3)
        head = text[: closing if closing != -1 else len(text)]
        if not _VERSION_LINE.search(head):
            raise UsageError(f"{lang}/{args.policy}.md has no 'version:' line in its front matter")
        head = _VERSION_LINE.sub(
            lambda m: f"version: {args.date}" + ("\r" if m.group(0).endswith("\r") else ""), head, count=1
        )
        path.write_bytes(
            (b"\xef\xbb\xbf" if bom else b"")
            + (head + text[len(head) if closing == -1 else closing :]).encode("utf-8")
        )
        updated.append(f"{lang}/{args.policy}.md")
    out.print(out.paint(f"version {args.date} started for '{args.policy}': " + ", ".join(updated), "green"))
    out.print("Next:")
    out.print(
        f"  1. Make the changes in every language ({', '.join(updated)}); keep section IDs and "
        "structure in step."
    )
    out.print(
        "  2. Optionally add 'summary:' to each file's front matter: one or two sentences, in that "
        "file's language."
    )
    # The version being replaced, not 'current': once the new date is not in
    # the future, 'current' already is the new version.
    previous = max(current, key=lambda d: d.date).version if current else "OLD"
    out.print(
        f"  3. Run 'policy check' and 'policy diff {args.policy} {previous} {args.date}', then open a "
        "pull request."
    )
    return EXIT_OK


# ---------------------------------------------------------------- pr-summary


def cmd_pr_summary(args, out) -> int:
    root = root_of(args)
    analysis = analyse(root, cache.Caches.on_disk(root))
    try:
        text = review.pr_summary(root, args.base, analysis.corpus, analysis.diagnostics, args.site_url or "")
    except git_utils.GitError as exc:
        raise UsageError(str(exc)) from None
    out.print(text.rstrip("\n"))
    return EXIT_OK


def since_findings(root: Path, corpus: project.Corpus, base: str) -> list[diagnostics.Diagnostic]:
    """The version rules for what changed since ``base``."""
    try:
        return review.check_since(root, base, corpus)
    except git_utils.GitError as exc:
        raise UsageError(str(exc)) from None
