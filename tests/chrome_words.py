"""What a Chinese page must not say in English, and where Taiwanese typography wants full-width
punctuation (issue 27, item 6): a helper module shared by ``test_chinese_chrome`` and the browser
test of the Chinese chrome (tests never import each other).

``THEME_STRINGS`` are Material's own English words: the values of its English translation
(``partials/languages/en.html`` of the installed theme, read here, so an upgrade brings its new
words), and the English it writes outside that table (the generator credit, the 404 heading)
or takes from mkdocs.yml (the palette toggles' names, the headings' permalink title).
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import material

_MATERIAL = Path(material.__file__).resolve().parent / "templates"
_ENTRY = re.compile(r'^\s*"([\w.]+)":\s*"((?:[^"\\]|\\.)*)",?\s*$', re.MULTILINE)
# Not words a reader sees: the language code, the text direction, the search settings.
_NOT_WORDS = ("language", "direction", "search.config.")
# Words of one short lowercase token ("in") would match English anywhere: not theme strings alone.
_TOO_SHORT = re.compile(r"^[a-z]{1,3}$")
EXTRA = (
    "Made with",  # partials/copyright.html
    "404 - Not found",  # 404.html
    "Switch to dark mode",  # the palette toggles (mkdocs.yml's names in Material's documentation)
    "Switch to light mode",
    "Switch to system preference",
    "Permanent link",  # the toc extension's permalink_title
)


def theme_strings() -> tuple[str, ...]:
    """Material's English words: its translation table's values and :data:`EXTRA`."""
    table = (_MATERIAL / "partials" / "languages" / "en.html").read_text(encoding="utf-8")
    found = [
        value.replace("#", "").strip()
        for key, value in _ENTRY.findall(table)
        if not key.startswith(_NOT_WORDS) and key not in _NOT_WORDS
    ]
    words = [w for w in found if w and not _TOO_SHORT.match(w)]
    assert len(words) > 30, f"Material's English table was not read ({len(words)} words)"
    return tuple(dict.fromkeys((*words, *EXTRA)))


THEME_STRINGS = theme_strings()
_THEME = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(re.escape(s) for s in sorted(THEME_STRINGS, key=len, reverse=True)) + r")"
    r"(?![A-Za-z])"
)


def english_theme_strings(text: str) -> list[str]:
    """The theme's English words in ``text`` (whole words, case as Material writes them)."""
    return _THEME.findall(text)


# CJK ideographs, kana, bopomofo, and the CJK and full-width punctuation around them.
CJK = "\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_HALF_WIDTH = re.compile(f"[{CJK}][:,;?]")


def half_width_after_cjk(text: str) -> list[str]:
    """Every ``:`` ``,`` ``;`` ``?`` right after a CJK character, as the two characters."""
    return _HALF_WIDTH.findall(text)


def english_phrases() -> tuple[str, ...]:
    """The site's own English words (``policysite/locales/en.yml``): each run of two words or more
    between a phrase's placeholders and tags ("first published version", "all versions")."""
    from policysite import locale

    found = set()
    for phrase in locale.catalog("en").phrases.values():
        for run in re.split(r"\{\w+\}|<[^>]+>", phrase):
            run = run.strip(" .,:;()")
            if len(re.findall(r"[A-Za-z]+", run)) >= 2:
                found.add(run)
    return tuple(sorted(found))


def english_site_words(text: str, sources: str) -> list[str]:
    """The site's English phrases in ``text`` that no policy text (``sources``) has."""
    return [run for run in english_phrases() if run in text and run not in sources]


def site_words(found: list[str], sources: str) -> list[str]:
    """``found`` less what the policy texts themselves (``sources``) write: published as written."""
    return [snippet for snippet in found if snippet not in sources]


def sources_of(repo: Path, languages: tuple[str, ...] = ("en", "zh-TW", "ja")) -> str:
    """Every policy text the repository ever gave the site: each version of each policy file in
    every language folder (``git log -p``: the lines added and removed) and every commit message
    (the site's own pages, ``docs/``, are the site's words: not in it)."""
    patches = subprocess.run(
        ["git", "log", "-p", "--format=%B", "--no-color", "--", *languages],
        cwd=repo,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    return patches


_VISIBLE_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class _Chrome(HTMLParser):
    """A page's words: text (no script or style) and the attributes a reader meets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        names = dict(attrs)
        if tag != "link":  # (a feed's autodiscovery title names that feed, in its language)
            self.parts += [str(names[a]) for a in _VISIBLE_ATTRIBUTES if names.get(a)]
        if tag == "meta" and names.get("name") == "description" and names.get("content"):
            self.parts.append(str(names["content"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(self._skip - 1, 0)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_words(html: str) -> str:
    """The words of a page as a reader meets them (text and visible attributes), one per line."""
    parser = _Chrome()
    parser.feed(html)
    parser.close()
    return "\n".join(" ".join(part.split()) for part in parser.parts if part.strip())
