"""The ``policy`` command: editors' and CI's entry point to the core.

Exit codes: 0 clean, 1 findings that fail, 2 usage error.  No input produces a
traceback: expected problems are diagnostics, anything else is reported as an
internal error with exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import diagnostics, parity, project

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or a project the command cannot work on (exit 2)."""


class Output:
    """Colors on a terminal, plain text otherwise (and when NO_COLOR is set)."""

    CODES = {"red": "31", "yellow": "33", "green": "32", "bold": "1", "dim": "2", "cyan": "36"}

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.color = self.stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    def paint(self, text: str, *styles: str) -> str:
        if not self.color or not styles:
            return text
        return "".join(f"\033[{self.CODES[s]}m" for s in styles) + text + "\033[0m"

    def print(self, text: str = "") -> None:
        print(text, file=self.stream)


def _root(args) -> Path:
    root = project.find_root(Path(args.root) if args.root else None)
    if root is None:
        raise UsageError(f"no mkdocs.yml found in {Path(args.root or '.').resolve()} or above; run this inside the policy site's repository")
    return root


def cmd_check(args, out: Output) -> int:
    root = _root(args)
    corpus = project.load_tree(root)
    found = diagnostics.sort(parity.check(corpus))
    if args.format == "json":
        out.print(diagnostics.render_json(found))
    else:
        for item in found:
            colour = "red" if item.is_error else "yellow"
            out.print(out.paint(item.text(), colour) if out.color else item.text())
            if diagnostics.in_github_actions():
                out.print(item.github())
        if found:
            out.print(diagnostics.summary_line(found))
        else:
            out.print(out.paint(f"ok: {len(corpus.policies)} polic{'y' if len(corpus.policies) == 1 else 'ies'} in {len(corpus.languages)} languages, no findings", "green"))
    return EXIT_FINDINGS if diagnostics.fails(found, strict=args.strict) else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy", description="Check, version and compare the bilingual policies of this site.")
    parser.add_argument("-C", "--root", metavar="DIR", help="the site's repository (default: the nearest folder with mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser("check", help="parity and lint of the policies in the working tree", description="Check every policy in every language: front matter, section IDs, parity with English, links, unsafe HTML. Exit 0 clean, 1 findings, 2 usage error.")
    check.add_argument("--strict", action="store_true", help="warnings fail too (as in CI)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Output()
    try:
        return args.func(args, out)
    except UsageError as exc:
        print(f"policy {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
