"""The ``policy`` command: editors' and CI's entry point to the core.

This module only parses the arguments (one function per subcommand below, in the order
``policy --help`` lists them) and runs ``policysite.commands.<name>.run``, importing only that
command's module: ``policy --help`` and a usage error load neither MkDocs nor git.

Exit codes: 0 clean, 1 findings that fail, 2 usage or configuration error, 3 an
internal error (a bug): one line, and the traceback with ``--debug``.  No input
produces a traceback: expected problems are diagnostics or usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import sys
import traceback
from collections.abc import Callable
from typing import Protocol

from . import escaping
from .commands import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError

__all__ = ["build_parser", "main"]

# Adds a subcommand's parser: add(name, help (one line for 'policy --help'), description).
Add = Callable[[str, str, str], argparse.ArgumentParser]


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


class _Parser(argparse.ArgumentParser):
    """argparse, its messages (which quote the arguments) escaped like every other output."""

    def _print_message(self, message: str, file: _Writable | None = None) -> None:
        if message:
            with contextlib.suppress(AttributeError, OSError):
                (file or sys.stderr).write(escaping.no_commands(escaping.terminal(message)))


def _format(
    parser: argparse.ArgumentParser,
    choices: tuple[str, ...] = ("text", "json"),
    explained: str = "output format (default: text)",
) -> None:
    parser.add_argument("--format", choices=choices, default="text", help=explained)


def _only_policy(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("policy", nargs="?", metavar="POLICY", help="only this policy (e.g. privacy)")


def _check(add: Add) -> None:
    check = add(
        "check",
        "parity and lint of the policies in the working tree",
        "Check every policy in every language: front matter, section IDs, parity with the reference "
        "language (the first of the site's), links, "
        "unsafe HTML. Exit 0 clean, 1 findings, 2 usage error.",
    )
    check.add_argument("--strict", action="store_true", help="warnings fail too (as in CI)")
    _format(check)
    check.add_argument(
        "--since",
        metavar="REV",
        help="also apply the version rules to every commit since REV (e.g. origin/main)",
    )


def _versions(add: Add) -> None:
    versions = add(
        "versions",
        "the dated versions found in git history",
        "List every dated version of each policy (or of POLICY), newest first, with status, summary "
        "and revisions.",
    )
    _only_policy(versions)
    _format(versions)


def _diff(add: Add) -> None:
    redline = add(
        "diff",
        "a redline between two versions in the terminal",
        "Show what changed between two dated versions of a policy, section by section. Versions are "
        "YYYY.MM.DD values from 'policy versions', or 'current'.",
    )
    redline.add_argument("policy", metavar="POLICY")
    redline.add_argument("old", metavar="OLD", help="the earlier version (YYYY.MM.DD or 'current')")
    redline.add_argument("new", metavar="NEW", help="the later version (YYYY.MM.DD or 'current')")
    redline.add_argument(
        "--lang", metavar="LANG", help="a language of the site (default: its reference language)"
    )


def _new_version(add: Add) -> None:
    new_version = add(
        "new-version",
        "start a new version: set its date in every language",
        "Set 'version: DATE' in the front matter of every language's file of POLICY, and nothing else. "
        "DATE must be a real date after the current version.",
    )
    new_version.add_argument("policy", metavar="POLICY")
    new_version.add_argument("date", metavar="YYYY.MM.DD")


def _pr_summary(add: Add) -> None:
    summary = add(
        "pr-summary",
        "Markdown summary of a pull request's policy changes",
        "Print Markdown for a pull request: the policies and versions that change since --base, a "
        "section-level summary per language, the parity status and links to the redline pages.",
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


def _init(add: Add) -> None:
    init = add(
        "init",
        "scaffold a new policy site (mkdocs.yml, a first policy, CONTRIBUTING, CI); never overwrites",
        "Write a new policy site into DIRECTORY (default: the current folder): mkdocs.yml with the "
        "policies plugin (and static-i18n for several languages), a home page and a first policy with "
        "section IDs in every language, CONTRIBUTING.md for editors, a CI workflow, requirements.txt and "
        ".gitignore. When any of these files exists, nothing is written. Exit 0, or 2 on a usage error.",
    )
    init.add_argument("directory", nargs="?", metavar="DIRECTORY", help="where (default: the current folder)")
    init.add_argument(
        "--languages",
        default="en",
        metavar="CODES",
        help="the site's languages, the reference language first (every translation is compared with "
        "it), e.g. en,zh-TW,ja or ja,en (default: en)",
    )
    init.add_argument(
        "--site-name", default="Policies", metavar="NAME", help="the site's name (default: Policies)"
    )
    init.add_argument(
        "--site-url",
        default="",
        metavar="URL",
        help="the address the site is published at (https://...), which strict builds need; without it, "
        "mkdocs.yml reads it from the SITE_URL environment variable",
    )


def _baseline(add: Add) -> None:
    add(
        "baseline",
        "record the findings about existing history in the reviewed baseline file",
        "Write every finding about commits already in history (dates that went backwards...) to the "
        "baseline file (the plugin's baseline setting, default policy-baseline.yml). Listed findings are "
        "still shown, marked acknowledged, but no longer fail. Review the file and commit it.",
    )


def _ids(add: Add) -> None:
    section_ids = add(
        "ids",
        "headings without a section ID; --write adds them in every language",
        "List the headings that have no section ID. With --write, add one to each: a slug of the "
        "reference language's heading, the same ID at the same position in every language. Existing IDs "
        "never change; a policy whose languages have different heading outlines is left alone, naming "
        "the first difference. A heading's former anchor (GitHub's, or MkDocs' toc extension's) that a "
        "link of the repository names becomes its ID under the default style, or else an alias "
        "('aliases:' in the reference language's front matter), so no such link breaks. "
        "Exit 0 when every heading has an ID (or with --write), 1 when some lack one, 2 on a usage error.",
    )
    _only_policy(section_ids)
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


def _translations(add: Add) -> None:
    translation = add(
        "translations",
        "the translator's to-do: outdated sections with the reference language's redline",
        "The state of every translation (current, lagging since a version, pending) and, for each "
        "outdated section, the reference language's redline since the translated version, the current "
        "translation and the file:line to edit. Exit 0 when every translation is current, 1 otherwise, "
        "2 on a usage error.",
    )
    _only_policy(translation)
    translation.add_argument("--lang", metavar="LANG", help="only this translation language (e.g. zh-TW)")
    _format(
        translation, ("text", "json", "markdown"), "text (default), json, or markdown to paste into an issue"
    )


def _verify(add: Add) -> None:
    audit = add(
        "verify",
        "prove a published site is what git holds: rebuild its commit and compare",
        "Rebuild the commit and SOURCE_DATE_EPOCH recorded in SITE_DIR/versions.json in a temporary git "
        "worktree and compare every file byte for byte; check every SHA-256 of versions.json against "
        "git and the source attached to every PDF. Exit 0 all match, 1 differences (each listed), "
        "2 cannot verify (not a git repository, shallow clone, unknown commit).",
    )
    audit.add_argument(
        "site", nargs="?", metavar="SITE_DIR", help="the published site (default: site_dir of mkdocs.yml)"
    )


SUBCOMMANDS = (
    _check,
    _versions,
    _diff,
    _new_version,
    _pr_summary,
    _init,
    _baseline,
    _ids,
    _translations,
    _verify,
)


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
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _Parser(add_help=False)  # --debug after the command's name too
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    def add(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return subparsers.add_parser(name, parents=[common], help=summary, description=description)

    for define in SUBCOMMANDS:
        define(add)
    return parser


def _tolerant_streams() -> None:
    """Never die on a terminal that cannot show a character (LANG=C, cp1252...)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Runs ``policy ARGV`` (default: the command line); the exit code (the console script exits with it)."""
    _tolerant_streams()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help (0), or a usage error argparse has explained (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    """The subcommand's ``run``, each kind of failure turned into its exit code and one clear line."""
    from .console import Output

    out, errors = Output(), Output(sys.stderr)
    try:
        command = importlib.import_module("policysite.commands." + args.command.replace("-", "_"))
        return int(command.run(args, out))
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
