"""The allow-list sanitizer: what the browser may receive from a policy or a generated page.

Every page's content goes through :func:`clean` after Markdown rendering (the
build hook's ``on_page_content``), so no spelling in a source can escape it:
the sanitizer (nh3, the Python binding of Rust's ammonia, with an html5ever
parser that reads HTML as browsers do) keeps only the elements and attributes
policies need, links to ``http``, ``https``, ``mailto`` and relative URLs,
images from the site itself, no ``style``, no event handlers, no scripts.

:func:`removals` tells what :func:`clean` would remove from a piece of HTML, so
``policy check`` can name it (the ``html.unsafe`` rule, :mod:`policysite.safety`)
instead of letting the published text silently differ from the source.  What
no browser can abuse (``datetime``, ``lang``, ``dir``, ``title``, ``id`` and the
policy's own classes on any element; ``<time>``, ``<abbr>``, ``<sup>``, ``<sub>``,
``<br>``) is kept; a class nothing styles, or a harmless attribute with a value
the site does not keep, is dropped and named as a warning (:attr:`Removal.code`).
"""

from __future__ import annotations

import difflib
import html
import re
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from .decoding import CONTROLS
from .idsyntax import id_problem, valid_anchor

# Every page carries this policy (a <meta http-equiv> tag; hosts that can set
# headers may send it as the Content-Security-Policy response header too).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "media-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)

# Under `mkdocs serve` only: MkDocs injects an inline live-reload script into
# every page it serves, so the preview allows inline scripts (content is still
# sanitized); published builds never carry this policy.
PREVIEW_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
)

TAGS = frozenset(
    {
        # text blocks
        "p",
        "div",
        "section",
        "blockquote",
        "pre",
        "hr",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "details",
        "summary",
        "figure",
        "figcaption",
        "address",
        # tables
        "table",
        "caption",
        "colgroup",
        "col",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        # inline
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
        "img",
    }
)
# The one data-* attribute: Material's search leaves an element carrying it out
# of the index (the site's own notes and badges are not policy text).  Its
# value is always emptied, so it carries nothing.
SEARCH_EXCLUDE = "data-search-exclude"
# The site's own markup (its templates' output) carries this attribute to the sanitizer,
# with a value drawn afresh by each process that no source can know: an element with one
# of the site's classes and without it is a policy's, and loses those classes.  It never
# reaches a page (see :func:`page`).
CHROME = "data-policysite-chrome"
_CHROME_TOKEN = secrets.token_hex(16)
ATTRIBUTES = {
    # datetime: a machine-readable date real policies put on their "effective" lines
    # ({: datetime="2025-08-27" }); harmless anywhere, its value only digits and date punctuation.
    "*": {"class", "id", "lang", "dir", "title", "role", "datetime", SEARCH_EXCLUDE, CHROME},
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "td": {"colspan", "rowspan", "align"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
}
GENERIC_PREFIXES = frozenset({"aria-"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
CLEAN_CONTENT = frozenset({"script", "style"})

# Elements that run code, load content or take input: named as such in messages.
ACTIVE = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "link",
        "meta",
        "base",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "option",
        "svg",
        "math",
        "template",
        "noscript",
        "audio",
        "video",
        "source",
        "track",
        "picture",
        "canvas",
        "portal",
        "image",
        "use",
        "xmp",
        "noembed",
    }
)
# Classes: a policy may carry those its Markdown extensions write (admonitions, code
# languages, footnotes) and those it asks for that nothing styles; the site's own
# (its notices and headers, its redlines, the theme's `md-` classes and the headings'
# permalinks) come from the site alone, so a source cannot dress text as a notice.
ADMONITION_TYPES = frozenset(
    {
        *("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important"),
        *("success", "check", "done", "question", "help", "faq", "warning", "caution", "attention"),
        *("failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"),
    }
)
SOURCE_CLASS = re.compile(
    r"(?:admonition|admonition-title|footnote|footnotes|footnote-ref|footnote-backref|"
    r"language-[A-Za-z0-9_+#.-]{1,40}|" + "|".join(sorted(ADMONITION_TYPES)) + r")\Z"
)
SITE_CLASS = re.compile(
    r"(?:(?:policy|redline|bilingual|compare|md)(?:-[A-Za-z0-9_-]*)?|headerlink|sr-only)\Z"
)
_DIGITS = re.compile(r"\d{1,4}\Z")
_DATETIME = re.compile(r"[0-9TZPHMSWYD:.+\- ]{1,40}\Z")  # ISO 8601 dates, times, durations
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# Where a scheme can start: not inside a run of scheme characters, so a long run is read once
# (searched from every letter of it, a paragraph of words without spaces was quadratic).
_SCHEME_START = re.compile(r"(?<![a-zA-Z0-9+.-])[0-9+.-]*+([a-zA-Z][a-zA-Z0-9+.-]*+):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_ENUMS = {
    "dir": {"ltr", "rtl", "auto"},
    "align": {"left", "right", "center", "justify"},
    "scope": {"row", "col", "rowgroup", "colgroup"},
    "type": {"1", "a", "A", "i", "I"},
}


def _one_of(values: list[str]) -> str:
    quoted = [f"'{value}'" for value in values]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


_NUMBERS = ("width", "height", "colspan", "rowspan", "start", "value", "span")
_CASE_SENSITIVE = frozenset({"type"})  # (HTML reads the other keywords in any case)
# Attributes whose value no browser runs or loads (a language, a direction, a date, a tooltip,
# a number, a layout keyword): one the sanitizer drops for its value costs the page nothing, and
# is named as a warning (``html.attribute``), not an error.
HARMLESS = frozenset(
    {
        *("lang", "hreflang", "dir", "title", "role", "datetime"),
        *_NUMBERS,
        *("align", "scope", "type", "reversed", "open"),
    }
)
_EXPECTED = {
    "lang": "a language tag such as 'en' or 'zh-TW'",
    "hreflang": "a language tag such as 'en' or 'zh-TW'",
    "datetime": "an ISO 8601 date or time such as '2025-08-27'",
    **dict.fromkeys(_NUMBERS, "a whole number"),
    **{name: _one_of(sorted(values)) for name, values in _ENUMS.items()},
}


def local_url(value: str) -> bool:
    """Whether a URL stays on this site: no scheme, not scheme-relative (however spelled)."""
    compact = _CONTROL.sub("", value).replace("\\", "/")
    if compact.startswith("//"):
        return False
    first = re.split(r"[/?#]", compact, maxsplit=1)[0]
    return ":" not in first


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == SEARCH_EXCLUDE:
        return ""
    if attribute == CHROME:
        return value if value == _CHROME_TOKEN else None
    if attribute in ("id", "name"):
        return value if valid_anchor(value) else None
    if attribute == "class":
        kept = [token for token in value.split() if SITE_CLASS.match(token) or SOURCE_CLASS.match(token)]
        return " ".join(kept) or None
    if attribute == "src":
        return value if local_url(value) else None
    if attribute in _NUMBERS:
        return value if _DIGITS.match(value.strip()) else None
    if attribute == "datetime":
        return value if _DATETIME.match(value) else None
    if attribute == "lang" and value == "":
        return value  # the language is unknown
    if attribute in ("lang", "hreflang"):
        return value if _LANG.match(value) else None
    if attribute in _ENUMS:
        keyword = value if attribute in _CASE_SENSITIVE else value.lower()
        return value if keyword in _ENUMS[attribute] else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(CLEAN_CONTENT),
    attributes={k: set(v) for k, v in ATTRIBUTES.items()},
    attribute_filter=_filter,
    strip_comments=True,
    link_rel=None,
    generic_attribute_prefixes=set(GENERIC_PREFIXES),
    url_schemes=set(URL_SCHEMES),
)


def clean(fragment: str) -> str:
    """``fragment`` with everything outside the allow-list removed (the site's classes kept), and
    the control characters a source can carry (invisible, an error in HTML and XML; a terminal
    obeys an escape sequence): removing a character of text or of a value makes no markup, as
    the cleaner escapes both."""
    return CONTROLS.sub("", _CLEANER.clean(fragment))


# A tag of nh3's output: text never holds a raw "<" (it is written "&lt;"), and an attribute
# value never a raw '"', so a class attribute is found in tags alone, by one linear pass.
_OUTPUT_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_CLASS_ATTRIBUTE = re.compile(r' class="([^"]*)"')


def _source_class(match: re.Match[str]) -> str:
    kept = [token for token in match.group(1).split() if SOURCE_CLASS.match(token)]
    return f' class="{" ".join(kept)}"' if kept else ""


def _source_tag(match: re.Match[str]) -> str:
    tag = match.group(0)
    return _CLASS_ATTRIBUTE.sub(_source_class, tag) if ' class="' in tag else tag


def source_classes(cleaned: str) -> str:
    """:func:`clean`'s output of a policy's own HTML with only the classes a policy may carry:
    none of the site's (notices, headers, redlines, the theme's, permalinks)."""
    return _OUTPUT_TAG.sub(_source_tag, cleaned) if ' class="' in cleaned else cleaned


_CHROME_ATTRIBUTE = f' {CHROME}="{_CHROME_TOKEN}"'
_ANY_CHROME_ATTRIBUTE = re.compile(f' {CHROME}="[^"]*"')


def _stamp(match: re.Match[str]) -> str:
    tag = match.group(0)
    if " class=" not in tag or CHROME in tag:
        return tag
    end = -2 if tag.endswith("/>") else -1
    return tag[:end] + _CHROME_ATTRIBUTE + tag[end:]


def chrome_token() -> str:
    """This process's secret value of :data:`CHROME` (a cache of converted pages trades one process's
    value for the next's: see policysite.pages)."""
    return _CHROME_TOKEN


def chrome(markup: str) -> str:
    """The site's own HTML (its templates' output, never a policy's), each element with a class
    stamped as the site's, so that :func:`page` keeps its classes."""
    return _OUTPUT_TAG.sub(_stamp, markup) if "class=" in markup else markup


def _page_tag(match: re.Match[str]) -> str:
    tag = match.group(0)
    if _CHROME_ATTRIBUTE in tag:  # (the secret value: a source's title="data-policysite-chrome" is not)
        return tag.replace(_CHROME_ATTRIBUTE, "")
    return _CLASS_ATTRIBUTE.sub(_source_class, tag) if ' class="' in tag else tag


def page(fragment: str, permalink: re.Pattern[str] | None = None) -> str:
    """A page's content that mixes the site's markup (stamped by :func:`chrome`) with a policy's:
    sanitized, the site's classes kept on the site's elements (and the headings' ``permalink``)
    only, and no stamp left."""
    cleaned = clean(fragment)
    if permalink is not None:
        cleaned = permalink.sub(lambda found: chrome(found.group(0)), cleaned)
    return _OUTPUT_TAG.sub(_page_tag, cleaned) if "class=" in cleaned else cleaned


def unstamped(cleaned: str) -> str:
    """:func:`clean`'s output of a page made by the site alone, without the site's stamps."""
    return _ANY_CHROME_ATTRIBUTE.sub("", cleaned) if CHROME in cleaned else cleaned


# ---------------------------------------------------------------- what clean() removes


@dataclass(frozen=True)
class Removal:
    """One thing :func:`clean` removes: an element, or an attribute of an element."""

    tag: str
    attribute: str | None = None
    value: str | None = None
    raw: str = ""  # how it reads in the rendered HTML, to find it in the source

    @property
    def site_classes(self) -> list[str]:
        """The site's own classes this removal takes from a policy (none: not a class)."""
        if self.attribute != "class":
            return []
        return [token for token in (self.value or "").split() if SITE_CLASS.match(token)]

    @property
    def harmless(self) -> bool:
        """Whether this is an attribute no browser can abuse, which the sanitizer drops for its
        value alone (allowed on the element; not a parser's differing reading of it)."""
        name = self.attribute
        if name not in HARMLESS or self.tag not in TAGS:
            return False
        if name not in ATTRIBUTES["*"] and name not in ATTRIBUTES.get(self.tag, ()):
            return False
        return _filter(self.tag, name, self.value or "") is None

    @property
    def code(self) -> str:
        """``html.class`` (a class nothing styles), ``html.attribute`` (a harmless attribute's
        value) or ``html.unsafe`` (the rest: what could run, load, hide or dress as the site)."""
        if self.attribute == "class" and not self.site_classes:
            return "html.class"
        return "html.attribute" if self.harmless else "html.unsafe"

    @property
    def severity(self) -> str:
        """What is dropped harmlessly is a warning (a class, a harmless attribute); the rest an error."""
        return "error" if self.code == "html.unsafe" else "warning"

    @property
    def reason(self) -> str:
        tag, name, value = self.tag, self.attribute, self.value
        if name == "class":
            return _class_reason(tag, value or "", self.site_classes)
        if self.harmless:
            return _harmless_reason(tag, name or "", value or "")
        if name is None:
            if tag in ACTIVE:
                return (
                    f"raw HTML <{tag}> is not allowed in a policy: it can run code, load content or take "
                    "input"
                )
            return (
                f"raw HTML element <{tag}> is not allowed in a policy and would not show; "
                f"to show the text write '\\<{tag}>' or '&lt;{tag}&gt;'"
            )
        if name.startswith("on"):
            return f"HTML event attribute '{name}=' is not allowed in a policy: it runs script"
        if name == "style":
            return (
                "HTML attribute 'style=' is not allowed in a policy: it can load content from another "
                "origin; the site's stylesheet styles policies"
            )
        if name in (
            "href",
            "src",
            "srcset",
            "poster",
            "background",
            "action",
            "formaction",
            "data",
            "xlink:href",
            "cite",
        ):
            scheme = _scheme(value or "")
            if scheme and scheme not in URL_SCHEMES:
                return f"'{scheme}:' URLs are not allowed in a policy (attribute '{name}=' on <{tag}>)"
            if name == "src" and tag == "img":
                return (
                    f"image loaded from another origin ('{_short(value or '')}'); put the file under "
                    "docs/assets/ instead (the site makes no third-party request)"
                )
            return (
                f"HTML attribute '{name}=' on <{tag}> loads content from another origin or is not "
                "allowed in a policy; the site makes no third-party request"
            )
        if name in ("id", "name"):
            problem = id_problem(value or "", section=False)
            return (
                f"'{name}=\"{_short(value or '')}\"' is not a valid anchor ({problem}): use letters, "
                "digits, '-' and '_' of any script, starting with a letter, a digit or '_'"
            )
        return f"HTML attribute '{name}=' on <{tag}> is not allowed in a policy"


def _class_reason(tag: str, value: str, site: list[str]) -> str:
    if site:
        return (
            f"class '{_short(' '.join(site))}' on <{tag}> is the site's own (its notices, headers, "
            "redlines and permalinks): a policy may not dress its text as the site's; remove it"
        )
    dropped = [token for token in value.split() if not SOURCE_CLASS.match(token)]
    return (
        f"class '{_short(' '.join(dropped))}' on <{tag}> is not one the site styles: it is dropped "
        "from the page (admonitions, code languages and footnotes keep theirs)"
    )


def _harmless_reason(tag: str, name: str, value: str) -> str:
    expected = _EXPECTED.get(name, "a value the site keeps")
    return (
        f"HTML attribute '{name}=\"{_short(value)}\"' on <{tag}> is dropped from the page: "
        f"its value should be {expected}"
    )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scheme(value: str) -> str | None:
    match = _SCHEME.match(_CONTROL.sub("", value))
    return match.group(1).lower() if match else None


class _Events(HTMLParser):
    """The tags of an nh3 serialization: ('start', tag, attrs, raw) / ('end', tag).

    Text is left out: removing a tag merges the text around it, and nh3 only
    drops text with the elements of ``CLEAN_CONTENT``, which are reported.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(
            ("start", tag, tuple(sorted((k, v or "") for k, v in attrs)), self.get_starttag_text())
        )

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.events.append(("end", tag))


def _events(markup: str) -> list[tuple]:
    parser = _Events()
    parser.feed(markup)
    parser.close()
    return parser.events


_TAG_NAME = re.compile(r"<\s*(?:/\s*)?([a-zA-Z][a-zA-Z0-9:-]*)")  # (one way to read the spaces: linear)
_ATTR_NAME = re.compile(r"[\s\"'/]([a-zA-Z_:@][-a-zA-Z0-9_:.@]*)")
_ALWAYS = {"javascript", "vbscript", "data", "file", "blob", "filesystem", "about", "ftp", "ws", "wss", "tel"}


def normalize(fragment: str) -> str:
    """``fragment`` as a browser parses it, with nothing removed (nh3's parser and writer, permissive)."""
    decoded = html.unescape(fragment)
    tags = {m.group(1).lower() for m in _TAG_NAME.finditer(decoded)} | set(TAGS) | set(ACTIVE)
    names = {m.group(1).lower() for m in _ATTR_NAME.finditer(decoded)}
    for values in ATTRIBUTES.values():
        names |= values
    schemes = (
        {m.group(1).lower() for m in _SCHEME_START.finditer(_CONTROL.sub("", decoded))}
        | _ALWAYS
        | set(URL_SCHEMES)
    )
    cleaner = nh3.Cleaner(
        tags=tags,
        clean_content_tags=set(),
        attributes={"*": names},
        strip_comments=True,
        link_rel=None,
        generic_attribute_prefixes={"on", "data-", "aria-"},
        url_schemes=schemes,
    )
    return CONTROLS.sub("", cleaner.clean(fragment))  # (control characters: decoding reports them)


def removals(fragment: str, permalink: re.Pattern[str] | None = None) -> list[tuple[int, Removal]]:
    """What :func:`clean` removes from a policy's ``fragment``: ``[(event index, Removal)]`` in
    document order.  The headings' ``permalink`` (the renderer's) is the site's, not the policy's.

    Both the permissive and the strict reading come from the same parser and
    serializer, so the comparison sees exactly what the sanitizer dropped.  The
    event index lets a caller tell which heading the removal falls under
    (:func:`heading_ids`).
    """
    if permalink is not None:
        fragment = permalink.sub("", fragment)
    # The search marker is the site's own: in a policy it counts as removed (it
    # would hide text from search).
    after = [
        (e[0], e[1], tuple(a for a in e[2] if a[0] != SEARCH_EXCLUDE), e[3]) if e[0] == "start" else e
        for e in _events(source_classes(clean(fragment)))
    ]
    before = _events(normalize(fragment))
    if before == after:
        return []

    found = _aligned(before, after)
    if found is None:  # the two readings parse differently (an injection playing on the parser)
        found = _aligned_closely(before, after)
    return found


def _attribute_removals(index: int, event: tuple, survived: dict) -> list[tuple[int, Removal]]:
    tag, attrs, raw = event[1], dict(event[2]), event[3]
    return [
        (index, Removal(tag, name, value, raw))
        for name, value in attrs.items()
        if survived.get(name) != value
    ]


def _aligned(before: list[tuple], after: list[tuple]) -> list[tuple[int, Removal]] | None:
    """The removals, in one pass: the sanitizer removes tags (every element of a tag it does not
    allow) and attributes, never adds or reorders them, so each event pairs with the next kept one
    of the same kind and tag.  None when ``after`` holds what ``before`` does not (a parser
    differential): then :func:`_aligned_closely` aligns them."""
    found: list[tuple[int, Removal]] = []
    kept = 0
    for index, event in enumerate(before):
        if kept < len(after) and after[kept][:2] == event[:2]:
            if event[0] == "start":
                found += _attribute_removals(index, event, dict(after[kept][2]))
            kept += 1
        elif event[0] == "start":
            found.append((index, Removal(event[1], raw=event[3])))
    return found if kept == len(after) else None


# Above this many pairs of events the close alignment (quadratic) is not tried: what the parser
# reads differently is named as one removal.
_CLOSE_LIMIT = 1_000_000


def _aligned_closely(before: list[tuple], after: list[tuple]) -> list[tuple[int, Removal]]:
    """The removals when the readings differ in structure: difflib's alignment of the tag sequences
    (bounded: a huge input gets one finding at the first difference)."""
    if len(before) * max(len(after), 1) > _CLOSE_LIMIT:
        first = next(
            (i for i, (b, a) in enumerate(zip(before, after)) if b[:2] != a[:2]), min(len(before), len(after))
        )
        event = before[min(first, len(before) - 1)] if before else ("start", "html", (), "")
        return [(first, Removal(event[1], raw=event[3] if len(event) > 3 else ""))]
    matcher = difflib.SequenceMatcher(a=[e[:2] for e in before], b=[e[:2] for e in after], autojunk=False)
    found: list[tuple[int, Removal]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for offset in range(a2 - a1):
                if before[a1 + offset][0] == "start":
                    found += _attribute_removals(
                        a1 + offset, before[a1 + offset], dict(after[b1 + offset][2])
                    )
            continue
        strict = [e for e in after[b1:b2] if e[0] == "start"]
        for index in range(a1, a2):
            event = before[index]
            if event[0] != "start":
                continue
            twin = next((s for s in strict if s[1] == event[1]), None)
            if twin is None:
                found.append((index, Removal(event[1], raw=event[3])))
            else:
                strict.remove(twin)
                found += _attribute_removals(index, event, dict(twin[2]))
    return found


def heading_ids(fragment: str) -> list[tuple[int, str | None]]:
    """``[(event index, id)]`` of the h1–h6 start tags of ``fragment`` as :func:`removals` indexes them."""
    return [
        (index, dict(event[2]).get("id"))
        for index, event in enumerate(_events(normalize(fragment)))
        if event[0] == "start" and event[1] in ("h1", "h2", "h3", "h4", "h5", "h6")
    ]
