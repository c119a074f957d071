"""Compare in the browser: each version's sections as data (``/privacy/versions/<v>.json``).

The versions page lets a reader redline any two versions in either language
and find the version that applied on a date; the diff runs in
``docs/assets/compare/compare.js`` with the diff-match-patch port shipped in
``docs/assets/vendor/``, using the same alignment and markup as :mod:`policysite.diff`.
The forms and the version list come from :mod:`.versions` (``versions/index.json``).
"""

from __future__ import annotations

import json

from .. import diff
from ..history import PolicyHistory, Text, Version


def section_data(ph: PolicyHistory, version: Version, text: Text) -> dict:
    """What the browser diffs: each section's ID, level, title and readable text."""
    document = text.document
    sections = [
        {"id": None, "level": 1, "title": document.title or "", "text": diff.readable(document.root.text)}
    ]
    sections += [
        {"id": s.id, "level": s.level, "title": s.title, "text": diff.readable(s.text)}
        for s in document.sections
        if s.id
    ]
    return {
        "policy": ph.policy,
        "version": version.version,
        "lang": text.lang,
        "title": document.title,
        "sections": sections,
    }


def data_json(ph: PolicyHistory, version: Version, text: Text) -> str:
    return json.dumps(section_data(ph, version, text), ensure_ascii=False, separators=(",", ":")) + "\n"
