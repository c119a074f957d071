"""``policy init``: a new policy site, in an empty or an existing repository (issue 26, item 3).

It writes ``mkdocs.yml`` (the ``policies`` plugin, Material, and static-i18n when there is more
than one language), a home page per language, a first policy with section IDs in every language,
``CONTRIBUTING.md`` for its editors, the CI workflow, ``requirements.txt`` and ``.gitignore``.
It never overwrites: when any of those files exists, nothing is written and the message names
them.  The first policy's words are the site's own (``locales/<lang>.yml``), a placeholder to
replace, never legal text.
"""

from __future__ import annotations

import datetime as _dt
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import locale, tokens

CJK_SEPARATOR = r"'[\s\u200b\u3000\-、。，．？！；]+'"


class Exists(Exception):
    """Files ``policy init`` would write exist already: nothing was written."""


def files(languages: tuple[str, ...], site_name: str, today: _dt.date, site_url: str = "") -> dict[str, str]:
    """``{path: text}`` of every file of a new site in ``languages`` (the reference first)."""
    found = {
        "mkdocs.yml": _mkdocs_yml(languages, site_name, site_url),
        "requirements.txt": _requirements(),
        ".gitignore": ".staging/\nsite/\n.cache/\n__pycache__/\n",
        "CONTRIBUTING.md": _contributing(languages),
        ".github/workflows/policies.yml": _workflow(),
    }
    for lang in languages:
        found[f"docs/{lang}/index.md"] = _home(lang, site_name)
        found[f"{lang}/example.md"] = _policy(lang, today)
    return found


def write(root: Path, found: dict[str, str]) -> list[str]:
    """Write ``found`` under ``root``; raises :class:`Exists` (writing nothing) when any exists."""
    taken = sorted(path for path in found if (root / path).exists() or (root / path).is_symlink())
    if taken:
        raise Exists(", ".join(taken))
    for path, text in found.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return sorted(found)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


# Light and dark, following the reader's system: the policies plugin names each toggle in the
# page's language (policysite/theme_words.py), so no toggle needs a name here.
_PALETTE = (
    "  palette:            # the plugin names the toggles in each page's language",
    '    - media: "(prefers-color-scheme: light)"',
    "      scheme: default",
    "      toggle:",
    "        icon: material/weather-night",
    '    - media: "(prefers-color-scheme: dark)"',
    "      scheme: slate",
    "      toggle:",
    "        icon: material/weather-sunny",
)


def _mkdocs_yml(languages: tuple[str, ...], site_name: str, site_url: str = "") -> str:
    cjk = any(tokens.is_cjk(lang) for lang in languages)
    lines = [
        "# A policy site (policysite): policies in <lang>/<policy>.md, see CONTRIBUTING.md.",
        f"site_name: {_quoted(site_name)}",
        (
            f"site_url: {_quoted(site_url)}  # the address the site is published at"
            if site_url
            else 'site_url: !ENV [SITE_URL, ""]  # where it is published (https://...): strict builds need it'
        ),
        "theme:",
        "  name: material",
        f"  language: {languages[0]}",
        "  font: false          # no Google Fonts: the site makes no third-party request",
        *_PALETTE,
        "markdown_extensions:",
        "  - attr_list",
        "  - tables:",
        "      use_align_attribute: true",
        "  - toc:",
        "      permalink: true",
        "  - admonition",
        "  - md_in_html",
        "plugins:",
        "  - policies:",
        "      pdf: true            # a PDF of every version (needs Debian's fonts-noto-cjk)",
        *(["  - search:", f"      separator: {CJK_SEPARATOR}"] if cjk else ["  - search"]),
    ]
    if len(languages) > 1:
        lines += ["  - i18n:", "      docs_structure: folder", "      reconfigure_material: true"]
        lines += ["      reconfigure_search: true", "      languages:"]
        for lang in languages:
            lines += [
                f"        - locale: {lang}",
                f"          name: {_quoted(locale.text(lang, 'lang_name'))}",
            ]
            lines += (
                ["          default: true"]
                if lang == languages[0]  # the reference language: the default, at the root
                else ["          theme:", f"            language: {lang}"]
            )
    lines += ["watch:", *(f"  - {lang}" for lang in languages)]
    return "\n".join(lines) + "\n"


def _home(lang: str, site_name: str) -> str:
    return (
        f"---\ntitle: {_quoted(site_name)}\nhide:\n  - navigation\n  - toc\n---\n\n# {site_name}\n\n"
        f"## {locale.text(lang, 'policies')}\n\n<!-- policies -->\n"
    )


def _policy(lang: str, today: _dt.date) -> str:
    words = {key: locale.text(lang, f"init_{key}") for key in ("title", "intro", "section", "section_text")}
    return (
        f"---\ntitle: {_quoted(words['title'])}\nversion: {today:%Y.%m.%d}\n---\n\n# {words['title']}\n\n"
        f"{words['intro']}\n\n## 1. {words['section']} {{#general}}\n\n{words['section_text']}\n"
    )


def _requirements() -> str:
    try:
        pinned = f"policysite=={version('policysite')}"
    except PackageNotFoundError:
        pinned = "policysite"
    return (
        "# What the site builds with: the policysite package (its wheel, or a URL pip can install it\n"
        f"# from, e.g. 'policysite @ https://example.com/policysite-X-py3-none-any.whl').\n{pinned}\n"
    )


def _contributing(languages: tuple[str, ...]) -> str:
    files = ", ".join(f"`{lang}/<policy>.md`" for lang in languages)
    return f"""# Changing a policy

Each policy is one file per language: {files}, with the same sections in the
same order, each heading ending with its ID (`## 1. General {{#general}}`).

1. Start a new version in every language: `policy new-version <policy> YYYY.MM.DD`
   (the date it takes effect).
2. Make the change in every language; keep section IDs and structure in step.
3. Check: `policy check --strict` names every problem at file:line. Preview with
   `mkdocs serve`.
4. Open a pull request. A typo fixed in a published version needs the commit trailer
   `Policy-Change: editorial`; anything else is a new version.

Published text is never rewritten: every version stays on the site with its redline.
"""


def _workflow() -> str:
    return """# Checks every pull request and builds the site as it will be published.
name: Policies
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0          # full history: every dated version is published
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: sudo apt-get update && sudo apt-get install -y fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
      - run: python -m pip install -r requirements.txt
      - run: policy check --strict
      - run: mkdocs build --strict
        env:
          # (used when mkdocs.yml reads site_url from SITE_URL: a repository variable, else the
          # address GitHub Pages gives a project site)
          SITE_URL: >-
            ${{ vars.SITE_URL || format('https://{0}.github.io/{1}/',
            github.repository_owner, github.event.repository.name) }}
"""
