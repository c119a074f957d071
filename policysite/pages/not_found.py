"""The error page (``404.html``) in every language (issue 27, item 1).

MkDocs renders the theme's ``404.html`` once per build, and static-i18n builds the site once per
language into the same folder: without help the last language's page would be the site's only
one.  So each language's build keeps its own: the reference language's at the root
(``/404.html``), every other one's in its folder (``/zh-TW/404.html``: hosts that look for the
nearest ``404.html`` up the missing address serve it) -- :func:`place`.

A host serves the error page at whatever address was missing, at any depth, so its links cannot
be relative to where it lies: MkDocs builds them on the path of ``site_url`` (``/legal/`` for
``https://example.org/legal/``, ``/`` without it), and so do the ones here (``root``).

The page says, in its language, that the address has no page; offers the search and every
policy; and ``assets/javascripts/not-found.js`` (an external script: the Content-Security-Policy
allows no other) reads the missing address: on the root page it shows the words of the
address's language (``/zh-TW/...``), and for a version that does not exist
(``/<policy>/versions/<YYYY.MM.DD>/``) it lists the versions nearest to that date, read from the
policy's ``versions/index.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .. import locale
from ..history import History
from ..names import Names
from ..project import Corpus
from ..urls import site_path
from .common import ENV
from .home import listed

TEMPLATE = "404.html"  # the theme's template (policysite/theme/404.html)
SCRIPT = "assets/javascripts/not-found.js"
# The script's words (phrases with {placeholders} it fills; the version links it makes itself).
LABELS = ("not_found_version", "not_found_before", "not_found_after", "not_found_same", "not_found_all")


@dataclass(frozen=True)
class NotFound:
    """What the error pages list: the site's policies and their archives, in every language."""

    corpus: Corpus
    history: History
    languages: tuple[str, ...]  # the reference language first

    @property
    def reference(self) -> str:
        return self.languages[0]

    def path(self, lang: str, *parts: str) -> str:
        return site_path(lang, *parts, reference=self.reference)

    def content(self, lang: str, root: str) -> Markup:
        """The page's content in ``lang``, its links under ``root`` (the path the site is served
        under, ending with '/'); the reference language's page holds every language's (the
        others hidden until the script finds the missing address in their folder)."""
        lang = lang if lang in self.languages else self.languages[0]
        shown = self.languages if lang == self.languages[0] else (lang,)
        blocks = [self.block(code, root, hidden=code != lang) for code in shown]
        return Markup(ENV.get_template("not_found.html").render(blocks=blocks, root=root))

    def block(self, lang: str, root: str, hidden: bool) -> dict:
        def href(path: str) -> str:
            return root + path.lstrip("/")

        names = Names.of(self.corpus, self.history)
        archive = {}
        for policy, ph in sorted(self.history.policies.items()):
            if ph.versions:
                archive[policy] = {
                    "title": names.name(policy, lang, ph.title(lang)),
                    "versions": href(self.path(lang, policy, "versions")),
                }
        labels = {key: locale.raw(lang, key) for key in LABELS}
        return {
            "lang": lang,
            "hidden": hidden,
            "policies": self._policies(names, lang, href),
            "home": href(self.path(lang)),
            "changelog": href(self.path(lang, "changelog")),
            "archive": json.dumps(archive, ensure_ascii=False, sort_keys=True),
            "labels": json.dumps(labels, ensure_ascii=False, sort_keys=True),
        }

    def _policies(self, names: Names, lang: str, href) -> list[dict]:
        """The policies the home page lists (see home.listed), each titled in ``lang``."""
        return [
            {
                "title": item.title,
                "href": href(self.path(lang, item.policy)),
                "lang": item.lang if item.pending else None,
            }
            for item in listed(self.corpus, self.history, lang, names)
        ]


def title(lang: str, reference: str) -> str:
    """The page's title in ``lang`` (the theme adds the site's name), else in the site's ``reference``
    language."""
    return locale.text(lang if lang in locale.languages() else reference, "not_found_title")


def language_home(lang: str, root: str, reference: str) -> str:
    """The home page of ``lang`` under ``root`` (the error page's language menu links there;
    ``reference``: the site's reference language, whose home is the site's root)."""
    return root + site_path(str(lang), reference=reference).lstrip("/")


def building(config, languages: tuple[str, ...]) -> str:
    """The language static-i18n is building (the reference language without it)."""
    plugin = config.plugins.get("i18n")
    current = getattr(plugin, "current_language", None) if plugin is not None else None
    return current if isinstance(current, str) and current in languages else languages[0]


def place(output: str, template_name: str, site_dir: str, lang: str, reference: str) -> str:
    """Keep each language's error page: the reference language's stays where MkDocs writes it
    (``/404.html``, built first); another's goes to ``/<lang>/404.html``, and MkDocs writes the
    reference language's page at the root again (its bytes, as the first build left them)."""
    if template_name != TEMPLATE or lang == reference or not output.strip():
        return output
    target = Path(site_dir) / lang / TEMPLATE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    root = Path(site_dir) / TEMPLATE
    return root.read_text(encoding="utf-8") if root.is_file() else ""


__all__ = ["SCRIPT", "TEMPLATE", "NotFound", "building", "language_home", "place", "title"]
