"""The site's languages, from its MkDocs configuration (issue 26, item 2).

mkdocs-static-i18n's ``languages`` list names them: each ``locale`` that is built, the
``default: true`` one first (the reference language: every translation is compared with it),
then in the order the configuration lists them, with their display ``name``.  A site without
static-i18n publishes one language: the theme's ``language`` (default ``en``), at the root of
the site, with no language switcher, no side-by-side view and no translation notices.

policysite compares translations with English: the reference language must be ``en`` (a site
whose default language is another one is refused with a clear message, not half built).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import locale
from .config import ConfigError
from .project import LANGUAGES, REFERENCE

I18N = ("i18n",)  # the names static-i18n's plugin is configured under


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
        (str(get(e, "locale")) for e in built if get(e, "default")), codes[0] if codes else REFERENCE
    )
    if default != REFERENCE:
        raise ConfigError(
            f"mkdocs.yml: the i18n plugin's default language is '{default}': policysite compares every "
            f"translation with English, so the default language must be '{REFERENCE}'"
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
    code = language or REFERENCE
    if code != REFERENCE:
        raise ConfigError(
            f"mkdocs.yml: the site's language is '{code}': policysite compares translations with "
            f"English, so a site in one language publishes '{REFERENCE}' (add the i18n plugin for more)"
        )
    return Languages((REFERENCE,), {REFERENCE: "English"}, False)


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
