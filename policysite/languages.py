"""The site's languages, from its MkDocs configuration (issue 26, item 2).

mkdocs-static-i18n's ``languages`` list names them: each ``locale`` that is built, the
``default: true`` one first (the reference language: every translation is compared with it),
then in the order the configuration lists them, with their display ``name``.  A site without
static-i18n publishes one language: the theme's ``language`` (default ``en``), at the root of
the site, with no language switcher, no side-by-side view and no translation notices.

The reference language is the site's: every translation is compared with it, and its pages are at
the root of the site (``/privacy/``), the others' under ``/<lang>/``.  It need not be English: a
site written in Japanese first (``ja`` the default, ``en`` a translation) or in Chinese alone
(theme language ``zh-TW``) works the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import locale
from .config import ConfigError
from .project import LANGUAGES

I18N = ("i18n",)  # the names static-i18n's plugin is configured under
THEME_LANGUAGE = "en"  # the theme's language when mkdocs.yml names none (MkDocs' and Material's default)


@dataclass(frozen=True)
class Languages:
    codes: tuple[str, ...] = LANGUAGES  # the reference language first
    names: dict[str, str] = field(default_factory=dict, compare=False)
    i18n: bool = True  # static-i18n builds one folder per language (else: one language, at the root)

    @property
    def reference(self) -> str:
        return self.codes[0]

    @property
    def several(self) -> bool:
        return len(self.codes) > 1


def _entries(locales: list) -> Languages:
    """``Languages`` from static-i18n's ``languages`` entries (mappings, or its loaded objects)."""

    def get(entry, key: str, default=None):
        return entry.get(key, default) if isinstance(entry, dict) else getattr(entry, key, default)

    built = [entry for entry in locales if get(entry, "build", True) is not False]
    codes = [str(get(entry, "locale")) for entry in built if get(entry, "locale")]
    default = next(
        (str(get(e, "locale")) for e in built if get(e, "default")), codes[0] if codes else THEME_LANGUAGE
    )
    ordered = tuple(dict.fromkeys((default, *(code for code in codes if code != default))))
    problem = unspoken(ordered)
    if problem is not None:
        raise ConfigError(f"mkdocs.yml: {problem}")
    names = {
        str(get(e, "locale")): str(get(e, "name") or get(e, "locale")) for e in built if get(e, "locale")
    }
    return Languages(ordered, names, True)


def unspoken(codes: tuple[str, ...]) -> str | None:
    """What is wrong when the site's own words have no data file for one of ``codes``, or None."""
    without = [code for code in codes if code not in locale.languages()]
    if not without:
        return None
    return (
        f"the site's own words have no translation into {', '.join(without)}: policysite speaks "
        f"{', '.join(locale.languages())} (one data file each: policysite/locales/<lang>.yml)"
    )


def _single(language: str | None) -> Languages:
    """A site without static-i18n: the theme's language alone, at the root of the site."""
    code = str(language or THEME_LANGUAGE)
    problem = unspoken((code,))
    if problem is not None:
        raise ConfigError(f"mkdocs.yml: theme.language '{code}': {problem}")
    return Languages((code,), {code: locale.text(code, "lang_name")}, False)


def of_config(config) -> Languages:
    """The languages of a configuration MkDocs loaded (the build, and ``policy check``)."""
    for name in I18N:
        plugin = config.plugins.get(name)
        if plugin is not None:
            return _entries(list(plugin.config.get("languages") or []))
    return _single(getattr(config.theme, "language", None) or config.theme.get("language"))


def of_data(data: object) -> Languages:
    """The languages of mkdocs.yml as YAML data (commands that only read history)."""
    from .config import plugin_entry

    for name in I18N:
        found, settings = plugin_entry(data, name)
        if found:
            locales = settings.get("languages") if isinstance(settings, dict) else None
            return _entries(locales if isinstance(locales, list) else [])
    theme = data.get("theme") if isinstance(data, dict) else None
    return _single(theme.get("language") if isinstance(theme, dict) else None)


def language_of(path: str, codes: Sequence[str]) -> str:
    """The language of a page from its path (a staged ``zh-TW/privacy.md``, a search index's
    ``zh-TW/privacy/#use``): its first folder when that is one of the site's ``codes``, else the
    reference language (``codes[0]``), whose pages are at the root."""
    first = path.split("/", 1)[0].split("#", 1)[0]
    return first if first in codes else codes[0]
