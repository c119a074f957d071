"""Earlier wordings of a corrected version (policysite.pages.wording): their addresses, which
wordings have pages and redlines, the notes on a version's page, and the wording page itself."""

from __future__ import annotations

import pytest
from unit import pagekit
from unit.pagekit import body, front, hrefs, unstamped

from policysite.pages import wording


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def test_addresses(kit):
    v1 = kit.version("privacy", "2020.01.01")
    assert wording.wording_path("zh-TW", "privacy", v1, 1, "en") == (
        "/zh-TW/privacy/versions/2020.01.01/wording-1/"
    )
    assert wording.correction_path("en", "legal/imprint", v1, 2, "en") == (
        "/legal/imprint/changes/2020.01.01/correction-2/"
    )
    assert wording.correction_path("en", "legal/imprint", v1, 2, "zh-TW") == (
        "/en/legal/imprint/changes/2020.01.01/correction-2/"
    )


def test_which_wordings_were_replaced_and_which_changed_the_text(kit):
    v1 = kit.version("privacy", "2020.01.01")
    assert [t.number for t in wording.earlier(v1, "en")] == [1]
    assert [(t.number, t.kind) for t in wording.corrections(v1, "en")] == [(2, "corrected")]
    assert wording.earlier(v1, "zh-TW") == [] and wording.corrections(v1, "zh-TW") == []
    assert wording.earlier(v1, "ja") == []  # a language the version never had
    assert wording.corrections(kit.version("privacy", "2020.06.01"), "en") == []


def test_the_note_on_a_corrected_version_in_each_language(kit):
    ph, v1 = kit.ph("privacy"), kit.version("privacy", "2020.01.01")
    here = "/privacy/versions/2020.01.01/"
    assert wording.record_note(ph, v1, "en", here, "en") == (
        "Corrected on 1 February 2020, declared 'editorial (typo)': "
        '<a href="../../changes/2020.01.01/correction-2/">'
        "what the correction changed</a>. Earlier wordings of this version: "
        '<a href="wording-1/">as published on 1 January 2020</a>.'
    )
    assert wording.record_note(ph, v1, "zh-TW", "/zh-TW" + here, "en") is None  # not corrected in Chinese
    assert wording.notes(ph, v1, "zh-TW", "/zh-TW" + here, "en") == ""
    assert 'class="policy-notice policy-notice--corrected"' in wording.notes(ph, v1, "en", here, "en")


def test_an_undeclared_correction_has_no_reason_and_a_restored_version_says_when(kit):
    ph, version = kit.ph("security"), kit.version("security", "2020.07.01")
    note = wording.record_note(ph, version, "en", "/security/versions/", "en")
    assert str(note).startswith(
        'Corrected on 15 July 2020: <a href="../changes/2020.07.01/correction-2/">'
        "what the correction changed</a>."
    )
    data = kit.ph("data")
    restored = wording.record_note(
        data, kit.version("data", "2020.01.01"), "zh-TW", "/zh-TW/data/versions/", "en"
    )
    assert restored == ("於 2020 年 8 月 15 日 恢復適用（其後的版本已撤回）。")


def test_the_page_of_an_earlier_wording(kit):
    ph, v1 = kit.ph("privacy"), kit.version("privacy", "2020.01.01")
    [first] = wording.earlier(v1, "en")
    out = unstamped(wording.page(kit.site, ph, v1, first, "en"))
    assert front(out) == {
        "title": "Privacy Policy (1 January 2020), as published on 1 January 2020",
        "search": {"exclude": True},
        "policy_status": "archived",
        "policy_version": "2020.01.01",
    }
    assert body(out).startswith("# Privacy Policy\n\n")
    assert (
        "This is the wording of the version of 1 January 2020 as published on 1 January 2020, until the "
        'correction of 1 February 2020. <a href="../">Read the corrected text of this version</a>.'
    ) in out
    assert hrefs(out) == ["../"]
    assert "We collect names." in out and "your names" not in out  # the text as first published
