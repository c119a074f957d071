"""Compare in the browser: each version's rendered text as data (``/privacy/versions/<v>.json``).

The versions page lets a reader redline any two versions in either language
and find the version that applied on a date.  The data is each version's block
data (:mod:`policysite.blocks`: the rendered, sanitized text in blocks of
tokens), the very data the built redline pages are computed from; the browser
(``policysite/assets/compare/compare.js``, with the diff-match-patch port shipped in
``policysite/assets/vendor/``) aligns and diffs it with the same steps as
:mod:`policysite.diff` and writes the same markup as :mod:`.marks`.  The forms
and the version list come from :mod:`.versions` (``versions/index.json``).
"""

from __future__ import annotations

from .. import locale
from ..history import PolicyHistory, Text
from ..spool import Spooled
from .common import Site
from .marks import labels
from .redlines import VERSIONS_ROOT

__all__ = ["VERSIONS_ROOT", "data_json", "redline_labels"]


def data_json(site: Site, ph: PolicyHistory, text: Text) -> bytes | Spooled:
    """One version's text in one language, as compare.js reads it (in the build's spool, if any)."""
    return site.redlines.text_json(ph.policy, text)


def redline_labels(lang: str) -> dict[str, str]:
    """The words of a redline in ``lang`` (the compare output is in the compared text's language)."""
    out = labels(lang)
    out.update(
        {
            "intro": locale.text(lang, "intro"),
            "unchanged": locale.raw(lang, "unchanged_sections"),
            "source_only": locale.text(lang, "changed_source_only"),
            **{
                f"status_{s}": locale.text(lang, f"status_{s}")
                for s in ("added", "removed", "changed", "moved", "unchanged")
            },
        }
    )
    return out
