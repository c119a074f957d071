"""Old addresses of a renamed policy: a static page at each, sending the reader to the new address
(as mkdocs-redirects writes them: a ``refresh`` and a canonical link, no script)."""

from __future__ import annotations

from markupsafe import escape

from .. import locale
from ..history import PolicyHistory
from .common import relative, site_path

_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
<meta name="robots" content="noindex">
</head>
<body>
<p><a href="{target}">{message}</a></p>
</body>
</html>
"""


def pages(ph: PolicyHistory, lang: str, reference: str) -> dict[str, str]:
    """``{staged path: HTML}``: every page a former name of ``ph`` had, pointing at its new one
    (``reference``: the site's reference language, whose pages are at the root)."""
    found = {}
    for former in ph.former_names:
        for parts in _addresses(ph):
            old = site_path(lang, former, *parts, reference=reference)
            new = site_path(lang, ph.policy, *parts, reference=reference)
            found[f"{lang}/{'/'.join((former, *parts))}/index.html"] = page(old, new, lang)
    return found


def _addresses(ph: PolicyHistory) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = [(), ("versions",), ("bilingual",)]
    for version in ph.versions:
        found += [("versions", version.version), ("changes", version.version)]
    return found


def page(old: str, new: str, lang: str) -> str:
    target = escape(relative(old, new))
    message = escape(locale.text(lang, "moved_to", address=new))
    return _PAGE.format(lang=escape(lang), title=message, target=target, message=message)
