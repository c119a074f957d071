"""The theme's words in each page's language (issue 27, item 6).

Material says most of its words in the language of the build (``theme.language``, which
static-i18n sets for each language's build): "Back to top", the search box, the skip link.  A
few it takes from mkdocs.yml, or writes in English whatever the language: the palette toggles'
names (``theme.palette[].toggle.name``), the headings' permalink title (the toc extension's
``permalink_title``) and the generator credit ("Made with Material for MkDocs").  The plugin
says those in the page's language, from the site's own words (``policysite/locales/<lang>.yml``,
keys ``theme_*``), so every site that uses the plugin gets them, whatever its mkdocs.yml says:

- the partials the plugin ships (``theme/partials/palette.html`` and ``copyright.html``) call
  :func:`palette_name` and :func:`made_with` (Jinja globals, :func:`install`);
- :func:`permalinks` retitles the permalinks of each page's content.

mkdocs.yml's words are the site's reference language's (the language static-i18n builds first,
at the root: English, or Japanese on a site written in Japanese first): on its pages a toggle
keeps the name mkdocs.yml gives it and a permalink its ``permalink_title``; every other language
gets the site's phrase (a toggle named for the scheme it switches to: light, dark or the system's).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from . import locale

MATERIAL = "https://squidfunk.github.io/mkdocs-material/"
# Material's palette: a toggle switches to the next option (the last one to the first).
_SCHEMES = {"slate": "theme_palette_dark", "default": "theme_palette_light"}
_SYSTEM_MEDIA = "(prefers-color-scheme)"  # the option that follows the system's setting
_TITLE = re.compile(r'\stitle="[^"]*"')


def spoken(lang: object, reference: str) -> str:
    """``lang`` when the site has words in it, else the site's ``reference`` language."""
    return lang if isinstance(lang, str) and lang in locale.languages() else reference


def palette_name(palette: Sequence[Mapping], index: int, lang: str, reference: str) -> str:
    """The name of the toggle of ``palette[index]``: what it switches to, in ``lang`` (mkdocs.yml's
    name in the site's ``reference`` language)."""
    lang = spoken(lang, reference)
    toggle = palette[index].get("toggle") or {}
    configured = str(toggle.get("name") or "") if isinstance(toggle, Mapping) else ""
    if lang == reference and configured:
        return configured
    target = palette[(index + 1) % len(palette)]
    if str(target.get("media") or "").replace(" ", "") == _SYSTEM_MEDIA:
        key: str | None = "theme_palette_system"
    else:
        key = _SCHEMES.get(str(target.get("scheme") or "default"))
    return locale.text(lang, key) if key is not None else configured


def made_with(lang: str, reference: str) -> Markup:
    """ "Made with Material for MkDocs" in ``lang`` (else in the ``reference`` language), the theme's
    name linked as Material links it."""
    link = Markup('<a href="{}" target="_blank" rel="noopener">Material for MkDocs</a>').format(MATERIAL)
    return locale.html(spoken(lang, reference), "theme_made_with", theme=link)


def permalinks(html: str, permalink: re.Pattern[str] | None, lang: str, reference: str) -> str:
    """``html`` with the title of every heading's permalink (``permalink``: the renderer's, see
    :attr:`policysite.render.Renderer.permalink`) in ``lang``; the ``reference`` language keeps
    mkdocs.yml's ``permalink_title``."""
    lang = spoken(lang, reference)
    if permalink is None or lang == reference:
        return html
    title = f' title="{escape(locale.text(lang, "theme_permalink"))}"'
    return permalink.sub(lambda found: _TITLE.sub(title, found.group(0), count=1), html)


def install(env, reference: str) -> None:
    """The partials' functions, as Jinja globals of the theme's environment (of a site whose
    reference language is ``reference``)."""
    env.globals["policy_palette_name"] = functools.partial(palette_name, reference=reference)
    env.globals["policy_made_with"] = functools.partial(made_with, reference=reference)
