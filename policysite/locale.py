"""Words the site itself says, in each language, and dates written the local way.

The words are data: one YAML file per language in ``policysite/locales/``
(``en.yml``, ``zh-TW.yml``, ...), each a mapping of key to phrase plus the way
the language writes a date (``date_format`` and, if it names months,
``months``). ``en.yml`` is the reference: every other file has exactly its keys
(``tests/integration/test_locales.py``). A language is supported when it has a file; an
unknown language or a missing key raises :class:`LocaleError`, never a silent
fallback to English.

Phrases may hold HTML of the site's own (links, ``lang`` on foreign words):
:func:`html` fills their ``{placeholders}`` with escaped values, so a title or a
summary from a source is always text; :func:`text` is for places that are not
HTML (feeds, JSON, the terminal).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml
from markupsafe import Markup, escape

FOLDER = Path(__file__).parent / "locales"
REFERENCE = "en"  # the data file every other one is checked against (not a site's reference language)
DATE_FIELDS = frozenset({"year", "month", "day", "month_name"})
_DATE_KEYS = ("date_format", "months")


class LocaleError(LookupError):
    """A language without a data file, a phrase missing from one, or a data file that is malformed."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Catalog:
    """One language's data file: its phrases and how it writes a date."""

    lang: str
    path: Path
    phrases: Mapping[str, str]
    date_format: str
    months: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """The file as error messages name it."""
        return _where(self.path)

    def phrase(self, key: str) -> str:
        try:
            return self.phrases[key]
        except KeyError:
            raise LocaleError(f"no phrase {key!r} for language {self.lang!r} in {self.where}") from None


def _where(path: Path) -> str:
    """The file as a reader finds it: relative to the package when it is one of ours."""
    try:
        return str(path.relative_to(FOLDER.parent.parent))
    except ValueError:
        return str(path)


def placeholders(phrase: str) -> set[str]:
    """The names of a phrase's ``{placeholders}``."""
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name is not None}


def _date_style(data: dict, where: str) -> tuple[str, tuple[str, ...]]:
    """``date_format`` and ``months`` of a data file, checked."""
    fmt, months = data.get("date_format"), data.get("months", [])
    if not isinstance(fmt, str):
        raise LocaleError(f'{where}: date_format must be a string like "{{day}} {{month_name}} {{year}}"')
    unknown = placeholders(fmt) - DATE_FIELDS
    if unknown:
        raise LocaleError(f"{where}: date_format uses {sorted(unknown)}; it may use {sorted(DATE_FIELDS)}")
    if not isinstance(months, list) or not all(isinstance(m, str) for m in months):
        raise LocaleError(f"{where}: months must be a list of twelve names")
    if months and len(months) != 12:
        raise LocaleError(f"{where}: months must list twelve names, January first (it lists {len(months)})")
    if "month_name" in placeholders(fmt) and not months:
        raise LocaleError(f"{where}: date_format uses {{month_name}}: months must list twelve names")
    return fmt, tuple(months)


def load(path: Path) -> Catalog:
    """Read and check one data file (the language is its name: ``zh-TW.yml`` is ``zh-TW``)."""
    where = _where(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise LocaleError(f"{where} cannot be read: {error}") from error
    if not isinstance(data, dict):
        raise LocaleError(f"{where} must be a mapping of key to phrase")
    fmt, months = _date_style(data, where)
    phrases = {key: value for key, value in data.items() if key not in _DATE_KEYS}
    wrong = sorted(
        str(k) for k, value in phrases.items() if not isinstance(k, str) or not isinstance(value, str)
    )
    if wrong:
        raise LocaleError(f"{where}: not a phrase (a quoted string): {', '.join(wrong)}")
    return Catalog(path.stem, path, MappingProxyType(phrases), fmt, months)


@functools.cache
def languages() -> tuple[str, ...]:
    """Every language that has a data file, the reference first."""
    found = sorted(path.stem for path in FOLDER.glob("*.yml"))
    return tuple(sorted(found, key=lambda lang: lang != REFERENCE))


@functools.cache
def catalog(lang: str) -> Catalog:
    """The data file of ``lang``, read once."""
    if lang not in languages():
        raise LocaleError(
            f"no language {lang!r}: there is no {_where(FOLDER / f'{lang}.yml')} "
            f"(the languages are {', '.join(languages())})"
        )
    return load(FOLDER / f"{lang}.yml")


_TAG = re.compile(r"<[^>]+>")


def tags(phrase: str) -> list[str]:
    """A phrase's HTML tags, sorted (a translation may put them in another order)."""
    return sorted(_TAG.findall(phrase))


def problems(lang: Catalog, reference: Catalog) -> list[str]:
    """How a language's file differs from the reference's: keys, placeholders, HTML tags."""
    name = f"language {lang.lang!r} ({lang.where})"
    found = [f"{name}: missing key {key!r}" for key in reference.phrases if key not in lang.phrases]
    found += [f"{name}: extra key {key!r}" for key in lang.phrases if key not in reference.phrases]
    for key, phrase in lang.phrases.items():
        model = reference.phrases.get(key)
        if model is None:
            continue
        if placeholders(phrase) != placeholders(model):
            found.append(
                f"{name}: {key!r} has placeholders {sorted(placeholders(phrase))}, "
                f"{reference.where} has {sorted(placeholders(model))}"
            )
        if tags(phrase) != tags(model):
            found.append(f"{name}: {key!r} has HTML tags {tags(phrase)}, {reference.where} has {tags(model)}")
    return found


def raw(lang: str, key: str) -> str:
    """The phrase with its ``{placeholders}`` left in (for the browser to fill)."""
    return catalog(lang).phrase(key)


def html(lang: str, key: str, **values: object) -> Markup:
    """The phrase as HTML: its own markup kept, every value escaped (unless already :class:`Markup`)."""
    return Markup(raw(lang, key).format(**{name: escape(value) for name, value in values.items()}))


def text(lang: str, key: str, **values: object) -> str:
    """The phrase as plain text (its markup dropped), for feeds, JSON and the terminal."""
    return _TAG.sub("", raw(lang, key)).format(**values)


def language_name(lang: str, code: str) -> str:
    """The name of the language ``code`` in ``lang`` ("Japanese", "日文"): its ``language_<code>``
    phrase; the code itself for a language the site has no words in (no data file names it)."""
    return text(lang, f"language_{code}") if code in languages() else code


def reference_words(lang: str, reference: str) -> dict[str, str]:
    """The values of the ``{reference}`` (its name in ``lang``) and ``{reference_lang}`` (its code,
    for ``hreflang`` and ``lang``) placeholders of the phrases that name the reference language."""
    return {"reference": language_name(lang, reference), "reference_lang": reference}


def language_list(lang: str, codes: tuple[str, ...] | list[str]) -> str:
    """The names of the languages ``codes``, in ``lang``: "English and Traditional Chinese",
    "英文與繁體中文", "English, Japanese and Traditional Chinese"."""
    names = [text(lang, f"language_{code}") for code in codes]
    if len(names) < 2:
        return "".join(names)
    return text(lang, "language_separator_in_list").join(names[:-1]) + text(lang, "language_and") + names[-1]


def date_style(lang: str) -> dict[str, object]:
    """How ``lang`` writes a date, for a script to write dates as :func:`format_date` does."""
    found = catalog(lang)
    return {"format": found.date_format, "months": list(found.months)}


def format_date(date: _dt.date, lang: str) -> str:
    """19 December 2019 / 2019 年 12 月 19 日 / 2019年12月19日: the language's ``date_format``."""
    found = catalog(lang)
    month_name = found.months[date.month - 1] if found.months else ""
    return found.date_format.format(year=date.year, month=date.month, day=date.day, month_name=month_name)


class _Table(Mapping[str, Mapping[str, str]]):
    """Every language's phrases, read on demand: ``lang in TEXT`` is ``lang in languages()``."""

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        return catalog(lang).phrases

    def __contains__(self, lang: object) -> bool:
        return lang in languages()

    def __iter__(self) -> Iterator[str]:
        return iter(languages())

    def __len__(self) -> int:
        return len(languages())


# Kept for the modules that test ``lang in locale.TEXT`` (site.auditor_links); prefer languages().
TEXT: Mapping[str, Mapping[str, str]] = _Table()
