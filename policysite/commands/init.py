"""``policy init``: scaffold a new policy site (mkdocs.yml, a home page and a first policy in every
language, CONTRIBUTING.md, a CI workflow...) in a folder; never overwrites a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import clock, languages, scaffold, urls
from .. import config as _config
from ..console import Output
from . import EXIT_OK, UsageError


def run(args: argparse.Namespace, out: Output) -> int:
    root = Path(args.directory or ".").resolve()
    codes = tuple(dict.fromkeys(code.strip() for code in args.languages.split(",") if code.strip()))
    if not codes:
        raise UsageError(
            "--languages names the site's languages, the reference language first (every translation "
            "is compared with it), e.g. en,zh-TW or ja,en"
        )
    problem = languages.unspoken(codes)
    if problem is not None:
        raise UsageError(problem)
    try:
        today = clock.BuildClock.read().today()
    except _config.ConfigError as exc:
        raise UsageError(str(exc)) from None
    site_url = (args.site_url or "").strip()
    problem = urls.site_url_problem(site_url) if site_url else None
    if problem is not None:
        raise UsageError(f"--site-url: {problem}")
    found = scaffold.files(codes, args.site_name, today, site_url)
    try:
        written = scaffold.write(root, found)
    except scaffold.Exists as exc:  # (its text: the paths, comma-separated; no scaffold path has a comma)
        verb = "exists" if len(str(exc).split(", ")) == 1 else "exist"
        raise UsageError(
            f"{exc} already {verb} in {root}: nothing was written (policy init never overwrites)"
        ) from None
    for path in written:
        out.print(out.paint(f"wrote {path}", "green"))
    if not site_url:
        out.print(
            "mkdocs.yml reads site_url from the SITE_URL environment variable: set it (or write the "
            "address in mkdocs.yml) before 'mkdocs build --strict', which refuses a site without one."
        )
    out.print("Next: commit, then 'policy check --strict' and 'mkdocs serve' (see CONTRIBUTING.md).")
    return EXIT_OK
