"""The ``policy`` command: editors' and CI's entry point to the core.

Exit codes: 0 clean, 1 findings that fail, 2 usage or configuration error, 3 an
internal error (a bug): one line, and the traceback with ``--debug``.  No input
produces a traceback: expected problems are diagnostics or usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import traceback
from typing import IO

from . import cache, diagnostics, escaping
from . import commands as subcommands
from .commands import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError
from .console import Output

__all__ = ["Output", "build_parser", "main"]


def cmd_check(args, out: Output) -> int:
    root = subcommands.root_of(args)
    analysis = subcommands.analyse(root, cache.Caches.on_disk(root))
    subcommands.pdf_prerequisites(
        analysis.settings
    )  # a build with PDFs fails without their fonts: so does the check
    corpus = analysis.corpus
    found = list(analysis.diagnostics)
    if args.since is not None:  # an empty --since is a usage error, not "no --since"
        found = subcommands.since_findings(root, corpus, args.since, found)
    found = diagnostics.sort(found)
    if args.format == "json":
        out.print(diagnostics.render_json(found))
    else:
        for item in found:
            colour = "red" if item.fails() else "yellow" if item.fails(strict=True) else "dim"
            out.print(out.paint(item.text(), colour))
            if diagnostics.in_github_actions():
                out.annotation(item.github())
        if found:
            out.print(diagnostics.summary_line(found))
        else:
            out.print(
                out.paint(
                    (
                        f"ok: {len(corpus.policies)} polic{'y' if len(corpus.policies) == 1 else 'ies'} in "
                        f"{len(corpus.languages)} language{'s' * (len(corpus.languages) != 1)}, no findings"
                    ),
                    "green",
                )
            )
    return EXIT_FINDINGS if diagnostics.fails(found, strict=args.strict) else EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse, its messages (which quote the arguments) escaped like every other output."""

    def _print_message(self, message: str, file: IO[str] | None = None) -> None:
        if message:
            with contextlib.suppress(AttributeError, OSError):
                (file or sys.stderr).write(escaping.no_commands(escaping.terminal(message)))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="policy", description="Check, version and compare the bilingual policies of this site."
    )
    parser.add_argument(
        "-C",
        "--root",
        metavar="DIR",
        help="the site's repository (default: the nearest folder with mkdocs.yml)",
    )
    parser.add_argument("--debug", action="store_true", help="on an internal error, show the traceback")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _Parser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    check = commands.add_parser(
        "check",
        parents=[common],
        help="parity and lint of the policies in the working tree",
        description=(
            "Check every policy in every language: front matter, section IDs, parity with English, links, "
            "unsafe HTML. Exit 0 clean, 1 findings, 2 usage error."
        ),
    )
    check.add_argument("--strict", action="store_true", help="warnings fail too (as in CI)")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--since",
        metavar="REV",
        help="also apply the version rules to every commit since REV (e.g. origin/main)",
    )
    check.set_defaults(func=cmd_check)

    versions = commands.add_parser(
        "versions",
        parents=[common],
        help="the dated versions found in git history",
        description=(
            "List every dated version of each policy (or of POLICY), newest first, with status, summary "
            "and revisions."
        ),
    )
    versions.add_argument("policy", nargs="?", metavar="POLICY", help="only this policy (e.g. privacy)")
    versions.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    versions.set_defaults(func=subcommands.cmd_versions)

    redline = commands.add_parser(
        "diff",
        parents=[common],
        help="a redline between two versions in the terminal",
        description=(
            "Show what changed between two dated versions of a policy, section by section. Versions are "
            "YYYY.MM.DD values from 'policy versions', or 'current'."
        ),
    )
    redline.add_argument("policy", metavar="POLICY")
    redline.add_argument("old", metavar="OLD", help="the earlier version (YYYY.MM.DD or 'current')")
    redline.add_argument("new", metavar="NEW", help="the later version (YYYY.MM.DD or 'current')")
    redline.add_argument("--lang", default="en", metavar="LANG", help="en or zh-TW (default: en)")
    redline.set_defaults(func=subcommands.cmd_diff)

    new_version = commands.add_parser(
        "new-version",
        parents=[common],
        help="start a new version: set its date in every language",
        description=(
            "Set 'version: DATE' in the front matter of every language's file of POLICY, and nothing else. "
            "DATE must be a real date after the current version."
        ),
    )
    new_version.add_argument("policy", metavar="POLICY")
    new_version.add_argument("date", metavar="YYYY.MM.DD")
    new_version.set_defaults(func=subcommands.cmd_new_version)

    summary = commands.add_parser(
        "pr-summary",
        parents=[common],
        help="Markdown summary of a pull request's policy changes",
        description=(
            "Print Markdown for a pull request: the policies and versions that change since --base, a "
            "section-level summary per language, the parity status and links to the redline pages."
        ),
    )
    summary.add_argument(
        "--base", required=True, metavar="REV", help="the pull request's base (e.g. origin/main)"
    )
    summary.add_argument(
        "--site-url",
        default="",
        metavar="URL",
        help="the published site's address, for links to the redlines",
    )
    summary.add_argument(
        "--artifact-url",
        default="",
        metavar="URL",
        help="where the built site of the pull request can be downloaded",
    )
    summary.set_defaults(func=subcommands.cmd_pr_summary)

    init = commands.add_parser(
        "init",
        parents=[common],
        help="scaffold a new policy site (mkdocs.yml, a first policy, CONTRIBUTING, CI); never overwrites",
        description=(
            "Write a new policy site into DIRECTORY (default: the current folder): mkdocs.yml with the "
            "policies plugin (and static-i18n for several languages), a home page and a first policy with "
            "section IDs in every language, CONTRIBUTING.md for editors, a CI workflow, requirements.txt and "
            ".gitignore. When any of these files exists, nothing is written. Exit 0, or 2 on a usage error."
        ),
    )
    init.add_argument("directory", nargs="?", metavar="DIRECTORY", help="where (default: the current folder)")
    init.add_argument(
        "--languages",
        default="en",
        metavar="CODES",
        help="the site's languages, the reference (en) first, e.g. en,zh-TW,ja (default: en)",
    )
    init.add_argument(
        "--site-name", default="Policies", metavar="NAME", help="the site's name (default: Policies)"
    )
    init.set_defaults(func=subcommands.cmd_init)

    baseline = commands.add_parser(
        "baseline",
        parents=[common],
        help="record the findings about existing history in the reviewed baseline file",
        description=(
            "Write every finding about commits already in history (dates that went backwards...) to the "
            "baseline file (the plugin's baseline setting, default policy-baseline.yml). Listed findings are "
            "still shown, marked acknowledged, but no longer fail. Review the file and commit it."
        ),
    )
    baseline.set_defaults(func=subcommands.cmd_baseline)

    section_ids = commands.add_parser(
        "ids",
        parents=[common],
        help="headings without a section ID; --write adds them in every language",
        description=(
            "List the headings that have no section ID. With --write, add one to each: a slug of the English "
            "heading, the same ID at the same position in every language. Existing IDs never change; a "
            "policy whose languages have different heading outlines is left alone, naming the first "
            "difference. A heading's former anchor (GitHub's, or MkDocs' toc extension's) that a link of the "
            "repository names becomes its ID under the default style, or else an alias ('aliases:' in the "
            "English front matter), so no such link breaks. "
            "Exit 0 when every heading has an ID (or with --write), 1 when some lack one, 2 on a usage error."
        ),
    )
    section_ids.add_argument("policy", nargs="?", metavar="POLICY", help="only this policy (e.g. privacy)")
    section_ids.add_argument("--write", action="store_true", help="add the missing IDs to the files")
    section_ids.add_argument(
        "--style",
        choices=("default", "github"),
        default=None,
        help=(
            "how an ID is made of the heading (default: the slug_style setting, else 'default'): 'default' "
            "drops a leading number, letter or Roman numeral ('1.', 'A.', 'IV.', '(b)'), keeps ASCII letters "
            "and digits, hyphens between words, at most 60 characters; 'github' is exactly the anchor GitHub "
            "renders ('1. Account Controls' -> '1-account-controls', \"What's a fork?\" -> "
            "'whats-a-fork'); a heading whose GitHub anchor is no valid section ID (non-ASCII letters, "
            "'_') is refused: give it an ID by hand"
        ),
    )
    section_ids.add_argument(
        "--keep-anchors",
        choices=("github", "mkdocs"),
        action="append",
        metavar="RENDERER",
        help=(
            "keep the anchor RENDERER gave each heading without an ID ('github': GitHub's; 'mkdocs': MkDocs' "
            "toc extension's) as an alias of its new ID where the two differ, so links from outside still "
            "land on the section; repeat for both"
        ),
    )
    section_ids.set_defaults(func=subcommands.cmd_ids)

    translation = commands.add_parser(
        "translations",
        parents=[common],
        help="the translator's to-do: outdated sections with the English redline",
        description=(
            "The state of every translation (current, lagging since a version, pending) and, for each "
            "outdated section, the English redline since the translated version, the current translation "
            "and the file:line to edit. Exit 0 when every translation is current, 1 otherwise, 2 on a usage "
            "error."
        ),
    )
    translation.add_argument("policy", nargs="?", metavar="POLICY", help="only this policy (e.g. privacy)")
    translation.add_argument("--lang", metavar="LANG", help="only this translation language (e.g. zh-TW)")
    translation.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text (default), json, or markdown to paste into an issue",
    )
    translation.set_defaults(func=subcommands.cmd_translations)

    audit = commands.add_parser(
        "verify",
        parents=[common],
        help="prove a published site is what git holds: rebuild its commit and compare",
        description=(
            "Rebuild the commit and SOURCE_DATE_EPOCH recorded in SITE_DIR/versions.json in a temporary git "
            "worktree and compare every file byte for byte; check every SHA-256 of versions.json against "
            "git and the source attached to every PDF. Exit 0 all match, 1 differences (each listed), "
            "2 cannot verify (not a git repository, shallow clone, unknown commit)."
        ),
    )
    audit.add_argument(
        "site", nargs="?", metavar="SITE_DIR", help="the published site (default: site_dir of mkdocs.yml)"
    )
    audit.set_defaults(func=subcommands.cmd_verify)
    return parser


def _tolerant_streams() -> None:
    """Never die on a terminal that cannot show a character (LANG=C, cp1252...)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    out, errors = Output(), Output(sys.stderr)
    try:
        return args.func(args, out)
    except UsageError as exc:
        errors.print(f"policy {args.command}: error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug, not bad input: one clear line; the traceback with --debug
        if args.debug:
            errors.print(traceback.format_exc().rstrip("\n"))
        message = " ".join(str(exc).split()) or "no message"
        errors.print(
            f"policy {args.command}: internal error: {type(exc).__name__}: {message} "
            f"(a bug in policysite: rerun as 'policy --debug {args.command} ...' to see the traceback, "
            "and report it)"
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
