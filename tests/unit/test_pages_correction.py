"""``/<policy>/changes/<YYYY.MM.DD>/correction-<n>/`` (policysite.pages.correction): what a
correction changed in a published version, with its reason when it was declared."""

from __future__ import annotations

import re

import pytest
from unit import pagekit
from unit.pagekit import front, hrefs, unstamped

from policysite.pages import correction, wording


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def page(kit, policy: str, date: str, lang: str = "en") -> str:
    ph, version = kit.ph(policy), kit.version(policy, date)
    [text] = wording.corrections(version, lang)
    return unstamped(correction.page(kit.site, ph, version, text, lang))


def test_a_declared_correction_its_reason_and_its_redline(kit):
    out = page(kit, "privacy", "2020.01.01")
    assert front(out) == {
        "title": "Privacy Policy: correction of 1 February 2020 to the version of 1 January 2020",
        "search": {"exclude": True},
        "policy_version": "2020.01.01",
    }
    paragraphs = re.findall(r"^<p>(.*)</p>$", out, re.MULTILINE)
    assert paragraphs == [
        'What the correction of 1 February 2020 changed in the version of <a href="../../../versions/'
        '2020.01.01/">1 January 2020</a> (<a href="../../../versions/2020.01.01/wording-1/">the wording '
        "before it</a>). Insertions are underlined, deletions struck through.",
        "editorial (typo)",
    ]
    assert (
        '<p>We collect <ins><span class="sr-only">[inserted: </span>your <span class="sr-only">]</span></ins>'
        "names.</p>" in out
    )
    assert re.findall(r"redline-section--(\w+)", out) == ["unchanged", "changed", "unchanged"]
    assert hrefs(out)[:2] == ["../../../versions/2020.01.01/", "../../../versions/2020.01.01/wording-1/"]


def test_an_undeclared_correction_has_no_reason_paragraph(kit):
    out = page(kit, "security", "2020.07.01")
    assert front(out)["title"] == "Security Policy: correction of 15 July 2020 to the version of 1 July 2020"
    assert len(re.findall(r"^<p>(.*)</p>$", out, re.MULTILINE)) == 1
    assert "Named staff <ins>" in out and "members <span" in out


def test_the_root_of_a_correction_page_is_four_folders_up():
    assert correction.CORRECTION_ROOT == "../../../../"
