"""``/<policy>/`` of a retired policy (policysite.pages.retired): since when it no longer applies,
and where its versions stay published, in each language."""

from __future__ import annotations

import pytest
from unit import pagekit
from unit.pagekit import unstamped

from policysite.pages import retired


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            'This policy was retired on 1 July 2020: it no longer applies. <a href="versions/">Its versions '
            "remain published</a>.",
        ),
        ("zh-TW", '本政策已於 2020 年 7 月 1 日 廢止，不再適用。<a href="versions/">其各版本仍予公開</a>。'),
    ],
)
def test_the_page_of_a_retired_policy(kit, lang, message):
    assert unstamped(retired.page(kit.site, kit.ph("terms"), lang)) == (
        '---\ntitle: "Terms of Use"\npolicy_status: "retired"\n---\n\n'
        "# Terms of Use\n\n"
        '<div class="policy-notice policy-notice--archived" role="note" data-search-exclude>\n'
        f"<p>{message}</p>\n</div>\n\n"
    )
