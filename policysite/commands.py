"""The ``policy`` subcommands other than ``check``: versions, diff, new-version, pr-summary.

Each takes the parsed arguments and an :class:`~policysite.console.Output` and
returns the exit code; :mod:`policysite.cli` only parses arguments.  Everything is
printed through the ``Output``, which escapes it for the terminal or the CI log; a text
from a source that a line shows whole (a title, a subject) is made one line first
(:func:`~policysite.escaping.log_line`), and the Markdown output escapes every text from
sources and git (:func:`~policysite.escaping.markdown`).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from . import (
    baseline,
    cache,
    console,
    diagnostics,
    diff,
    escaping,
    git_utils,
    history,
    ids,
    languages,
    model,
    pages,
    project,
    render,
    review,
    sources,
    translations,
)
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
    """mkdocs.yml read as the build reads it (MkDocs' own loader), the plugin's settings validated."""
    try:
        return _config.load(root)
    except _config.ConfigError as exc:
        raise UsageError(str(exc)) from None


def analyse(root: Path, caches: cache.Caches | None = None, full: bool = True) -> model.Analysis:
    """The same analysis the build makes: every rule, over the working tree and its history.

    ``full=False`` (commands that only read history) reads only the plugin's settings
    and renders with the site's default extensions: no theme or plugin is loaded.
    """
    try:
        if full:
            mkdocs_config, settings = _config.load(root)
            renderer = render.Renderer.for_config(mkdocs_config)
            site_languages = languages.of_config(mkdocs_config)
        else:
            settings, data = _config.load_light(root)
            renderer = None  # no rule renders anything when only history is read
            site_languages = languages.of_data(data)
    except _config.ConfigError as exc:
        raise UsageError(str(exc)) from None
    try:
        today = _config.build_date(settings.timezone)
        return model.analyse(
            root, settings, today, caches, renderer, checks=full, languages=site_languages.codes
        )
    except (_config.ConfigError, git_utils.GitError) as exc:
        raise UsageError(str(exc)) from None


def site_languages(root: Path) -> tuple[str, ...]:
    """The site's languages (the reference first), as mkdocs.yml configures them."""
    try:
        return languages.of_data(_config.load_light(root)[1]).codes
    except _config.ConfigError as exc:
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
    analysis = analyse(root, caches, full=False)
    corpus, found = analysis.corpus, analysis.history
    if args.policy:
        _policy(found, args.policy)
    index = pages.versions_index(
        found,
        pages.Redlines(caches.redlines, caches.outlines),
        corpus.languages,
        analysis.diagnostics,
        corpus,
    )
    # A listing keeps its cheap results (front matter, outlines) for next time, not
    # whole parsed documents: writing those costs more than a listing saves.
    cache.save(caches.headers, caches.outlines)
    if args.policy:
        index["policies"] = [p for p in index["policies"] if p["id"] == args.policy]
    if args.format == "json":
        # Indented for a reader at a terminal; compact (and written by json's C encoder, ten
        # times faster on a long history) for a pipe or a file.
        out.print(escaping.json_text(index, indent=2 if out.stream.isatty() else None))
        return EXIT_OK
    for item in found.diagnostics:
        out.print(out.paint(item.text(), "yellow"))
    for policy in index["policies"]:
        title = escaping.log_line(policy["title"].get("en") or policy["id"])
        out.print(out.paint(f"{policy['id']}: {title}", "bold"))
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
            out.print(f"  {version['version']}  ", out.paint(f"{status:<9}", colour), f"  {text}  [{langs}]")
            record = _record_line(version)
            if record:
                out.print(out.paint(f"      {record}", "yellow" if version["withdrawn"] else "dim"))
            # The editors' own 'summary:' of the version (the reference language's).
            dated = found.get(policy["id"]).get(version["version"])
            reference = dated.reference if dated is not None else None
            if reference is not None and reference.header.summary:
                out.print(f"      {' '.join(reference.header.summary.split())}")
            for revision in version["revisions"]:
                commit = (revision["commit"] or "working tree")[:12]
                mark = " (editorial)" if revision["editorial"] else ""
                subject = escaping.log_line(revision["subject"])
                out.print(out.paint(f"      {commit:<12} {revision['date']} {subject}{mark}", "dim"))
    if not index["policies"]:
        out.print("no policies found")
    return EXIT_OK


# ---------------------------------------------------------------- diff


def _record_line(version: dict) -> str:
    """ "published D; withdrawn on D (V restored); corrected on D (zh-TW)" from versions.json."""
    parts = [f"published {version['published']}"] if version.get("published") else []
    withdrawn = version.get("withdrawn")
    if withdrawn:
        parts.append(f"withdrawn on {withdrawn['date']} ({withdrawn['restored']} restored)")
    if version.get("restored"):
        parts.append("restored on " + ", ".join(version["restored"]))
    for lang, entry in sorted(version["languages"].items()):
        for state in entry.get("states", [])[1:]:
            if state["kind"] in ("corrected", "restored"):
                parts.append(f"corrected on {state['published']} ({lang})")
    return "; ".join(parts)


def cmd_diff(args, out) -> int:
    root = root_of(args)
    analysis = analyse(root, cache.Caches.on_disk(root), full=False)
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
        title = [(op, escaping.log_line(text)) for op, text in section.title_ops]
        heading = console.redline(title, out.color) if section.id else "(intro)"
        out.print(
            out.paint("#" * section.level + " ", "bold"),
            heading,
            "  ",
            out.paint(label, "cyan"),
            out.paint(f"  #{section.id}", "dim") if section.id else "",
        )
        for line in console.section_lines(section, out.color):
            out.print(line)
        out.print()
    if unchanged:
        out.print(
            out.paint(f"({unchanged} unchanged section{'s' if unchanged != 1 else ''} not shown)", "dim")
        )
    return EXIT_OK


# ---------------------------------------------------------------- new-version

_VERSION_LINE = re.compile(r"^version:[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def with_version(data: bytes, version: str, display: str) -> bytes:
    """A source's bytes with ``version:`` set in its front matter: the line replaced, or added
    after the last line of a front matter that has none (an adopted file without a date)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3 if bom else 0 :].decode("utf-8")
    if not text.startswith("---"):
        raise UsageError(f"{display} has no front matter: start it with '---', 'title: ...', '---'")
    closing = text.find("\n---", 3)
    head = text[: closing if closing != -1 else len(text)]
    if _VERSION_LINE.search(head):
        head = _VERSION_LINE.sub(
            lambda m: f"version: {version}" + ("\r" if m.group(0).endswith("\r") else ""), head, count=1
        )
    elif closing != -1:
        head += f"\nversion: {version}" + ("\r" if head.endswith("\r") else "")
    else:
        raise UsageError(f"{display}: its front matter is not closed with a '---' line")
    rest = text[len(head) :] if closing == -1 else text[closing:]
    return (b"\xef\xbb\xbf" if bom else b"") + (head + rest).encode("utf-8")


def cmd_new_version(args, out) -> int:
    root = root_of(args)
    date = sources.parse_version(args.date)
    if date is None:
        raise UsageError(f"'{args.date}' is not a real date written {sources.VERSION_FORMAT}")
    corpus = project.load_tree(root, site_languages(root))
    files = project.policy_files(root, corpus.languages)
    targets = {lang: path for (policy, lang), path in files.items() if policy == args.policy}
    if not targets:
        raise UsageError(f"unknown policy '{args.policy}' (policies: {', '.join(corpus.policies) or 'none'})")
    current = [
        d
        for lang in corpus.languages
        if (d := corpus.get(args.policy, lang)) is not None and d.date is not None
    ]
    already = [d for d in current if d.date == date]
    behind = [d for d in current if d.date != date]
    later = [d for d in behind if d.date > date]
    if later:
        newest = max(later, key=lambda d: d.date)
        raise UsageError(
            f"{args.date} is not after the current version {newest.version} ({newest.path}); a new "
            "version needs a later date"
        )
    if already and not behind and len(already) == len(targets):
        raise UsageError(
            f"every language of '{args.policy}' already carries version {args.date} "
            f"({', '.join(d.path for d in already)}): nothing to do; run 'policy check'"
        )
    for document in already:
        out.print(f"{document.path} already carries version {args.date}")
    skip = {d.lang for d in already}
    updated = []
    for lang in corpus.languages:
        if lang in skip:
            continue
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
        path.write_bytes(with_version(path.read_bytes(), args.date, f"{lang}/{args.policy}.md"))
        updated.append(f"{lang}/{args.policy}.md")
    if already:
        out.print(
            out.paint(f"version {args.date} now set in the language behind: " + ", ".join(updated), "green")
        )
    else:
        out.print(
            out.paint(f"version {args.date} started for '{args.policy}': " + ", ".join(updated), "green")
        )
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
    previous = max(behind, key=lambda d: d.date).version if behind else "OLD"
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
        text = review.pr_summary(
            root,
            args.base,
            analysis.corpus,
            analysis.diagnostics,
            args.site_url or "",
            analysis.history,
            args.artifact_url or "",
        )
    except git_utils.GitError as exc:
        raise UsageError(str(exc)) from None
    out.print(text.rstrip("\n"))
    return EXIT_OK


def since_findings(
    root: Path, corpus: project.Corpus, base: str, found: list[diagnostics.Diagnostic]
) -> list[diagnostics.Diagnostic]:
    """``found`` with the version rules for what changed since ``base``, which judge the branch's
    commits: an undeclared change they make is ``version.immutable``, not also
    ``history.unmarked-change`` (the rule for what reached main without a pull request)."""
    try:
        branch = review.collect(root, base, corpus)
    except git_utils.GitError as exc:
        raise UsageError(str(exc)) from None
    commits = {commit.sha for commit in branch.commits}  # (each that touched a policy file)
    kept = [d for d in found if not (d.code == "history.unmarked-change" and d.commit in commits)]
    return kept + review.version_rules(branch, corpus)


# ---------------------------------------------------------------- baseline


def cmd_baseline(args, out) -> int:
    """Write the findings about existing history to the baseline file (reviewed, then committed)."""
    root = root_of(args)
    analysis = analyse(root, cache.Caches.on_disk(root))
    name = analysis.settings.baseline
    path = root / name
    refused = project.check_file(root, name)  # never written through a link (or into a pipe)
    if refused is not None:
        raise UsageError(refused.text())
    previous = baseline.load(root, name)
    findings = baseline.acknowledgeable(analysis.diagnostics)
    text = baseline.render(findings)
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old != text:
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {name}: {exc.strerror or exc}") from None
    keys = {baseline.key(f) for f in findings}
    before = {
        (e.code, e.file, e.commit, "", "") if e.commit else (e.code, e.file, "", e.section or "", e.message)
        for e in previous.entries
    }
    added, removed = len(keys - before), len(before - keys)
    for finding in sorted(findings, key=lambda f: (f.file, f.code, f.commit or "")):
        shown = escaping.log_line(f"{finding.file}: [{finding.code}] {finding.message}")
        out.print(out.paint(shown, "dim"))
    out.print(
        f"{name}: {len(keys)} finding{'s' if len(keys) != 1 else ''} about existing history and files "
        "acknowledged "
        f"({added} new, {removed} removed){'' if old != text else ', unchanged'}. Review the file and "
        "commit it."
    )
    return EXIT_OK


# ---------------------------------------------------------------- ids


def cmd_ids(args, out) -> int:
    """List headings without a section ID; with --write, add the same ID in every language (in the
    style of --style or the ``slug_style`` setting), keeping former anchors as aliases (ids.py)."""
    root = root_of(args)
    corpus = project.load_tree(root, site_languages(root))
    names = [args.policy] if args.policy else corpus.policies
    if args.policy and args.policy not in corpus.policies:
        raise UsageError(f"unknown policy '{args.policy}' (policies: {', '.join(corpus.policies) or 'none'})")
    style = _slug_style(args, root) if args.write else "default"
    everything = [d for name in corpus.policies for lang in corpus.languages if (d := corpus.get(name, lang))]
    missing_count, written, aliased, problems = 0, [], [], []
    for name in names:
        documents = {lang: d for lang in corpus.languages if (d := corpus.get(name, lang)) is not None}
        for document, section in ids.missing(list(documents.values())):
            missing_count += 1
            title = escaping.log_line(section.title)
            out.print(f"{document.path}:{section.line}: heading '{title}' has no section ID")
        if not args.write or project.REFERENCE not in documents:
            continue
        try:
            planned = ids.plan(
                documents,
                project.REFERENCE,
                style,
                getattr(args, "keep_anchors", None) or (),
                ids.linked(everything, name),
            )
        except ids.OutlineMismatch as exc:
            problems.append(str(exc))
            continue
        problems += planned.refused
        for note in planned.notes:
            out.print(out.paint(escaping.log_line(note), "yellow"))
        ids_written, aliases_written = _write_ids(root, documents[project.REFERENCE].path, planned)
        written, aliased = written + ids_written, aliased + aliases_written
    for line in written + aliased:
        out.print(out.paint(line, "green"))
    for problem in problems:
        out.print(out.paint(escaping.log_line(problem), "red"))
    if problems:
        raise UsageError(
            f"{len(problems)} problem{'' if len(problems) == 1 else 's'}: the policies named above are "
            "left unchanged"
        )
    if args.write:
        kept = f", {len(aliased)} former anchor(s) kept as aliases" if aliased else ""
        out.print(f"{len(written)} ID{'s' if len(written) != 1 else ''} added{kept}; run 'policy check'.")
        return EXIT_OK
    if missing_count:
        out.print(
            f"{missing_count} heading{'s' if missing_count != 1 else ''} without an ID; "
            "run 'policy ids --write' to add them in every language."
        )
        return EXIT_FINDINGS
    out.print("every heading has a section ID")
    return EXIT_OK


def _slug_style(args, root: Path) -> str:
    """``--style``, else the ``slug_style`` setting."""
    if getattr(args, "style", None):
        return args.style
    try:
        return _config.load_policy_settings(root).slug_style
    except _config.ConfigError as exc:
        raise UsageError(str(exc)) from None


def _write_ids(root: Path, reference_path: str, planned: ids.Plan) -> tuple[list[str], list[str]]:
    """Writes one policy's planned IDs and aliases; the lines that say what was written (IDs, aliases)."""
    written, aliased = [], []
    paths = {c.path for c in planned.changes} | ({reference_path} if planned.aliases else set())
    for path in sorted(paths):
        target = root / path
        mine = [c for c in planned.changes if c.path == path]
        data = ids.apply(target.read_bytes(), mine)
        if path == reference_path:
            data = ids.add_aliases(data, planned.aliases)
        target.write_bytes(data)
        for change in mine:
            written.append(f"{path}:{change.line}: {{#{change.id}}} ('{escaping.log_line(change.title)}')")
        if path == reference_path:
            aliased += [f"{path}: alias '{old}' -> '{new}'" for old, new in planned.aliases.items()]
    return written, aliased


# ---------------------------------------------------------------- translations


def cmd_translations(args, out) -> int:
    """The translator's to-do: every translation's state, and the English redline of each outdated section."""
    root = root_of(args)
    analysis = analyse(root, cache.Caches.on_disk(root))
    corpus, found = analysis.corpus, analysis.history
    if args.policy:
        _policy(found, args.policy)
    if args.lang and (args.lang not in corpus.languages or args.lang == project.REFERENCE):
        others = ", ".join(lang for lang in corpus.languages if lang != project.REFERENCE)
        raise UsageError(f"unknown translation language '{args.lang}' (languages: {others})")
    states = [
        s
        for s in translations.states(found, corpus)
        if (not args.policy or s.policy == args.policy)
        and (not args.lang or s.lang == args.lang)
        and s.state != "removed"
    ]
    report = [(s, translations.tasks(found.get(s.policy), s, corpus)) for s in states]
    if args.format == "json":
        out.print(
            escaping.json_text({"translations": [_translation_json(s, t) for s, t in report]}, indent=2)
        )
    elif args.format == "markdown":
        out.print(_translations_markdown(report))
    else:
        _translations_text(report, out)
    return EXIT_OK if all(s.state == "current" for s in states) else EXIT_FINDINGS


def _translation_json(state, tasks) -> dict:
    return {
        "policy": state.policy,
        "lang": state.lang,
        "state": state.state,
        "translated": state.translated.version if state.translated else None,
        "reference": state.reference.version if state.reference else None,
        "outdated": [
            {
                "id": task.section.id,
                "status": task.section.status,
                "title": task.section.title,
                "changed_in": task.section.changed_in.version,
                "file": task.path,
                "line": task.line,
                "redline": diff.to_terminal(task.ops, color=False),
                "inserted": [text for op, text in task.ops if op == diff.INSERT],
                "deleted": [text for op, text in task.ops if op == diff.DELETE],
                "translation": task.translation,
            }
            for task in tasks
        ],
    }


def _headline(state) -> str:
    if state.state == "lagging":
        count = len(state.outdated)
        return (
            f"{state.policy} ({state.lang}): lagging, translation of {state.translated.version}, "
            f"English at {state.reference.version}: {count} section{'s' if count != 1 else ''} to update"
        )
    if state.state == "pending":
        return f"{state.policy} ({state.lang}): pending, no {state.lang} file yet (English only)"
    return f"{state.policy} ({state.lang}): current"


def _translations_text(report, out) -> None:
    for state, tasks in report:
        colour = {"current": "green", "lagging": "yellow", "pending": "red"}.get(state.state, "dim")
        out.print(out.paint(_headline(state), "bold", colour))
        for task in tasks:
            section = task.section
            label = section.id or "(intro)"
            title = escaping.log_line(section.title or "introduction")
            out.print(
                f"  {task.path}:{task.line}: section '{label}' ({title}): "
                f"{section.status} in English in {section.changed_in.version}"
            )
            ops = [(op, text.replace("\n", "\n             ")) for op, text in task.ops]
            out.print("    English: ", console.redline(ops, out.color))
            if task.translation:
                out.print(
                    out.paint("    Now:     " + task.translation.replace("\n", "\n             "), "dim")
                )
        out.print()


def _code(text: str) -> str:
    """``text`` as a Markdown code span (shown literally: no link, mention or image inside one),
    or escaped as text when it holds a backtick, which would close the span."""
    text = escaping.log_line(text)
    return f"`{text}`" if "`" not in text else escaping.markdown(text)


def _translations_markdown(report) -> str:
    """The to-do as Markdown for an issue: every text from sources and git escaped
    (:func:`.escaping.markdown`), so no image, mention, link or HTML comes from a source."""
    md = escaping.markdown
    lines = ["## Translations to update", ""]
    for state, tasks in report:
        lines += [f"### {md(escaping.log_line(_headline(state)))}", ""]
        for task in tasks:
            section = task.section
            label = section.id or "(intro)"
            lines.append(
                f"- [ ] {_code(f'{task.path}:{task.line}')} section {_code(label)} ({md(section.status)} "
                f"in English in {md(section.changed_in.version)})"
            )
            lines += ["", "  English changes: " + review.redline_markdown(task.ops).replace("\n", "\n  "), ""]
            if task.translation:
                quoted = "\n  > ".join(md(line) for line in task.translation.split("\n"))
                lines += ["  Current translation:", "", "  > " + quoted, ""]
        if not tasks and state.state == "current":
            lines += ["Nothing to do.", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- verify


def cmd_verify(args, out) -> int:
    """Rebuild the commit the site records and compare it byte for byte; check its hashes against git."""
    root = root_of(args)
    if args.site is not None:
        site = Path(args.site).resolve()
    else:
        mkdocs_config, _ = configuration(root)
        site = Path(mkdocs_config.site_dir).resolve()
    shown = args.site or os.path.relpath(site)
    from . import verify

    try:
        report = verify.verify(root, site, progress=_progress)
    except verify.CannotVerify as exc:
        raise UsageError(f"cannot verify {shown}: {exc}") from None
    for finding in report.findings:
        out.print(out.paint(finding.text(), "red"))
    for note in report.notes:
        out.print(out.paint(f"note: {note}", "yellow"))
    if report.findings:
        count = len(report.findings)
        problems = f"{count} problem{'s' if count != 1 else ''}"
        out.print(f"{shown} is not what commit {report.commit[:12]} builds: {problems}")
        return EXIT_FINDINGS
    out.print(
        out.paint(
            f"ok: {shown} is identical to a rebuild of commit {report.commit[:12]} with SOURCE_DATE_EPOCH="
            f"{report.epoch} ({report.files} files); {report.sources} source hashes match git; "
            f"{report.pdfs} PDFs carry their source",
            "green",
        )
    )
    return EXIT_OK


def _progress(text: str) -> None:
    console.Output(sys.stderr).print(f"policy verify: {text}", flush=True)


def pdf_prerequisites(settings: _config.PolicySettings) -> None:
    """With PDFs on, what the build needs to make them (the fonts), checked as the build checks it."""
    if settings.pdf:
        from .pages import pdf

        try:
            pdf.toolchain()
        except pdf.PdfError as exc:
            raise UsageError(str(exc)) from None


# ---------------------------------------------------------------- a new site


def cmd_init(args, out) -> int:
    """Scaffold a new policy site in ``args.directory`` (never overwriting a file)."""
    from . import scaffold

    root = Path(args.directory or ".").resolve()
    codes = tuple(dict.fromkeys(code.strip() for code in args.languages.split(",") if code.strip()))
    if not codes or codes[0] != project.REFERENCE:
        raise UsageError(
            f"--languages must start with '{project.REFERENCE}' (the reference language), e.g. en,zh-TW"
        )
    problem = languages.unspoken(codes)
    if problem is not None:
        raise UsageError(problem)
    found = scaffold.files(codes, args.site_name, _config.build_date())
    try:
        written = scaffold.write(root, found)
    except scaffold.Exists as exc:
        raise UsageError(
            f"{exc} already exist in {root}: nothing was written (policy init never overwrites)"
        ) from None
    for path in written:
        out.print(out.paint(f"wrote {path}", "green"))
    out.print("Next: commit, then 'policy check --strict' and 'mkdocs serve' (see CONTRIBUTING.md).")
    return 0
