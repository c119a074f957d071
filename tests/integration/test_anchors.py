"""Issue 13: every anchor the rendered page defines is a valid link target.

Section IDs, attribute lists on any block (``{: #x }``) and raw HTML ``id=`` (or
``<a name=>``) are targets for ``(#x)``, ``(other.md#x)`` and raw ``href``; the
same anchors must exist in every language; duplicated IDs are errors; a link to
an anchor that no longer exists says which version removed it.  The browser
half (clicking scrolls to the cell, in both languages) is in
tests/browser/test_browser_anchors.py.
"""

from __future__ import annotations

import re

from anchor_policy import EN, TERMS_EN, TERMS_ZH, ZH, anchor_repo
from gitrepo import policy_text
from histories import epoch

from policysite import project, sources


def test_every_anchor_the_page_defines_is_a_valid_target(tmp_path):
    repo = anchor_repo(tmp_path / "repo")
    check = repo.policy("check", "--strict")
    assert check.returncode == 0, check.output
    build = repo.build(strict=True, env={"SOURCE_DATE_EPOCH": epoch("2024-06-01")})
    assert build.ok, build.output
    for prefix in ("", "zh-TW/"):
        page = build.page(f"{prefix}privacy")
        for anchor in ("bookmark-how-we-use-data", "summary", "uses"):
            assert f'id="{anchor}"' in page, anchor
        assert 'name="legacy-anchor"' in page and 'href="#bookmark-how-we-use-data"' in page
    # The bilingual view: each ID once, in the English column; Chinese ones carry the language.
    bilingual = build.page("privacy/bilingual")
    assert (
        bilingual.count('id="bookmark-how-we-use-data"') == 1
        and 'id="zh-TW-bookmark-how-we-use-data"' in bilingual
    )
    assert len(re.findall(r'\bid="([^"]+)"', bilingual)) == len(set(re.findall(r'\bid="([^"]+)"', bilingual)))


def parse(text: str, lang: str = "en"):
    return sources.parse(policy_text("T", "2024.04.03", text).encode(), f"{lang}/privacy.md")


def test_the_model_knows_each_anchor_its_line_and_section():
    document, found = parse(EN)
    assert found == []
    anchors = {(a.id, a.kind, a.section) for a in document.anchors}
    assert anchors == {
        ("uses", "section", "uses"),
        ("terms", "section", "terms"),
        ("bookmark-how-we-use-data", "html", "uses"),
        ("legacy-anchor", "html", "uses"),
        ("summary", "attr_list", "uses"),
    }
    links = {link.target for link in document.links}
    assert {"#bookmark-how-we-use-data", "#summary", "#legacy-anchor", "terms.md#use"} <= links
    # Code is not an anchor; a brace in prose is not an attribute list.
    document, _ = parse('Text `<a id="code">` and {#not-a-list} here.\n\n## 1. A {#a}\n\nx')
    assert document.anchor_ids == {"a"}


def corpus(en: str, zh: str) -> project.Corpus:
    files = project.Corpus()
    files.add(policy_text("Privacy", "2024.04.03", en).encode(), "privacy", "en")
    files.add(policy_text("隱私", "2024.04.03", zh).encode(), "privacy", "zh-TW")
    files.add(policy_text("Terms", "2024.04.03", TERMS_EN).encode(), "terms", "en")
    files.add(policy_text("條款", "2024.04.03", TERMS_ZH).encode(), "terms", "zh-TW")
    return files


def test_a_translation_lacking_an_anchor_is_an_error_naming_it():
    from policysite import parity

    zh = ZH.replace('<a id="bookmark-how-we-use-data"></a>', "")
    found = [d for d in parity.check(corpus(EN, zh)) if d.code == "parity.anchor"]
    assert len(found) == 1, found
    (finding,) = found
    assert (finding.file, finding.section, finding.severity.value) == ("zh-TW/privacy.md", "uses", "error")
    assert finding.line == policy_text("隱私", "2024.04.03", zh).split("\n").index("## 1. 用途 {#uses}") + 1
    assert "'bookmark-how-we-use-data'" in finding.message and "en/privacy.md:" in finding.message
    # The Chinese link to it is broken too, and says so.
    broken = [d for d in parity.check(corpus(EN, zh)) if d.code == "link.anchor"]
    assert [(d.file, d.section) for d in broken] == [("zh-TW/privacy.md", None)]


def test_a_duplicated_id_is_an_error():
    document, found = parse(EN.replace('<a name="legacy-anchor"></a>', '<a id="summary"></a>'))
    (finding,) = [d for d in found if d.code == "anchor.duplicate"]
    assert finding.severity.value == "error" and "'summary'" in finding.message
    assert finding.section == "uses"
    document, found = parse(EN.replace("{: #summary }", "{: #uses }"))
    assert [d.code for d in found] == ["anchor.duplicate"]


def test_a_link_to_a_removed_anchor_names_the_version_that_removed_it(tmp_path):
    repo = anchor_repo(tmp_path / "repo")
    for lang, text in (("en", EN), ("zh-TW", ZH)):
        without = text.replace("{: #summary }\n", "").split("\n")
        title = "Privacy Notice" if lang == "en" else "隱私權聲明"
        repo.write(lang, "privacy", policy_text(title, "2024.09.01", "\n".join(without)))
    repo.commit("Privacy notice 2024.09.01: no summary anchor", "2024-09-01T10:00:00Z")
    run = repo.policy("check", env={"SOURCE_DATE_EPOCH": epoch("2024-10-01")})
    assert run.returncode == 1
    messages = [line for line in run.stdout.splitlines() if "[link.anchor]" in line]
    assert len(messages) == 2, run.stdout  # en and zh-TW
    assert all("#summary" in m and "it was removed in version 2024.09.01" in m for m in messages), messages
    assert messages[0].startswith("en/privacy.md:1") or messages[0].startswith("en/privacy.md:")
