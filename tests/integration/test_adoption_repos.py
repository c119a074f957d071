"""Issue 25, what it must show: two repositories in the shapes of real ones adopt the site with
the steps of README's "Adopting an existing repository" and no edit of a source.

1. English-only, policies in category folders, no ``version:``, GitHub-style anchors and in-page
   links, site-absolute links under the old site's prefix, more than fifty commits with merged
   pull requests, and one commit that moves everything into ``en/``.  Steps: the settings
   (``undated: commit``, ``slug_style: github``, ``link_prefixes``), ``policy ids --write``,
   ``policy baseline``, ``mkdocs build --strict``.
2. Bilingual with dated versions, ``{: datetime=... }`` after the effective date, and a current
   translation that lacks two links.  Steps: ``policy ids --write``, ``policy baseline``,
   ``mkdocs build`` and ``mkdocs build --strict``; a new missing link afterwards fails.

Real git, the real ``policy`` command, real MkDocs builds (see tests/adoption_repos.py).
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from adoption_repos import BILINGUAL, HEADINGS, POLICIES, bilingual_dated, english_categories
from gitrepo import PolicyRepo

ENGLISH_SETTINGS = """\
extra:
  policies:
    pdf: false
    untranslated: info
    timezone: Asia/Taipei
    undated: commit
    slug_style: github
    link_prefixes:
      /site-policy/: /
"""


def _in_page_links_resolve(page: Path) -> list[str]:
    """The ``#fragment`` links of a built page whose target ID the page lacks."""
    html = page.read_text(encoding="utf-8")
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    return [f for f in re.findall(r'href="#([^"]+)"', html) if unescape(f) not in ids and f != "__skip"]


def test_an_english_repository_in_category_folders_adopts_with_the_documented_steps(tmp_path):
    repo = PolicyRepo.create(tmp_path, copy_policies=False)
    adopted = english_categories(repo)
    assert adopted.commits >= 50 and adopted.merges >= 5
    repo.set_extra(ENGLISH_SETTINGS)
    repo.commit("Adopt the policy site")
    written = repo.policy("ids", "--write")
    assert written.returncode == 0, written.output
    repo.commit("Section IDs")
    baseline = repo.policy("baseline")
    assert baseline.returncode == 0, baseline.output
    repo.commit("Baseline")
    result = repo.build(strict=True)
    assert result.ok, result.output
    index = json.loads(result.path("versions.json").read_text(encoding="utf-8"))
    versions = {policy["id"]: policy["versions"] for policy in index["policies"]}
    assert sorted(versions) == sorted(f"{c}/{p}" for c, ps in POLICIES.items() for p in ps)
    for policy, texts in adopted.texts.items():
        # Every text main published is a version, dated by its publication, in the archive.
        assert len(versions[policy]) == len(texts), policy
        assert all(v["dated_by"] == "publication" for v in versions[policy])
        for version, text in zip(reversed(versions[policy]), texts, strict=True):
            first = re.search(r"Revision \d+ of", text).group(0)
            page = result.page(f"{policy}/versions/{version['version']}")
            assert first in page, (policy, version["version"])
    for page in result.site.rglob("*.html"):
        assert not _in_page_links_resolve(page), page
    current = result.page("privacy/privacy-statement")
    for _, anchor in HEADINGS:  # the IDs are GitHub's anchors: outside links land
        assert f'id="{anchor}"' in current, anchor
    # A site-absolute link under the old prefix points at the page on this site.
    assert 'href="../../legal-terms/terms-of-service/#a-definitions"' in current or re.search(
        r'href="[./]*legal-terms/terms-of-service/#a-definitions"', current
    )


def test_a_bilingual_repository_adopts_with_ids_baseline_and_build_and_no_source_edit(tmp_path):
    repo = PolicyRepo.create(tmp_path, copy_policies=False)
    bilingual_dated(repo)
    sources = {p: (repo.read("en", p), repo.read("zh-TW", p)) for p in BILINGUAL}
    written = repo.policy("ids", "--write")
    assert written.returncode == 0, written.output
    repo.commit("Adopt: section IDs", allow_empty=True)
    baseline = repo.policy("baseline")
    assert baseline.returncode == 0, baseline.output
    repo.commit("Adopt: baseline")
    assert {p: (repo.read("en", p), repo.read("zh-TW", p)) for p in BILINGUAL} == sources
    lenient = repo.build(strict=False)
    assert lenient.ok, lenient.output
    strict = repo.build(strict=True)
    assert strict.ok, strict.output
    page = strict.page("privacy")
    assert 'datetime="2025-08-27"' in page
    check = repo.policy("check", "--strict")
    assert check.returncode == 0 and "acknowledged" in check.output, check.output
    # A new missing link fails.
    repo.write(
        "zh-TW",
        "terms",
        repo.read("zh-TW", "terms").replace("與[支援](https://support.example/)", "與支援"),
    )
    assert repo.policy("check", "--strict").returncode == 1
    assert not repo.build(strict=True).ok
