"""``/translations/`` (policysite.pages.translations): every policy in every translation language,
current, lagging (since when, which sections, the English redlines) or pending."""

from __future__ import annotations

import re

import pytest
from unit import pagekit
from unit.pagekit import front, hrefs, unstamped

from policysite import translations as core
from policysite.pages import translations


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def rows(out: str) -> dict[str, tuple[str, str]]:
    """policy link -> (state, row)."""
    found = re.findall(
        r'<tr class="policy-translation policy-translation--(\w+)">\n(.*?)</tr>', out, re.DOTALL
    )
    return {hrefs(row)[0]: (state, row) for state, row in found}


def test_every_policy_in_force_with_its_translations_state(kit):
    out = unstamped(translations.page(kit.site, "en"))
    assert front(out) == {"title": "Translations"}
    found = rows(out)
    assert {link: state for link, (state, _) in found.items()} == {
        "../zh-TW/accessibility/": "current",
        "../zh-TW/cookie-policy/": "current",
        "../zh-TW/data/": "pending",
        "../zh-TW/evil/": "current",
        "../zh-TW/future/": "current",  # (translated, not yet in force: see below)
        "../zh-TW/legal/imprint/": "current",
        "../zh-TW/privacy/": "current",
        "../zh-TW/security/": "lagging",
    }  # (the retired terms have no row)
    assert '<td lang="zh-TW">繁體中文</td>' in found["../zh-TW/privacy/"][1]
    assert "<td>pending (English only)</td>" in found["../zh-TW/data/"][1]


def test_a_lagging_translation_since_when_which_sections_and_the_english_redlines(kit):
    found = rows(unstamped(translations.page(kit.site, "zh-TW")))
    state, row = found["../security/"]
    assert row == (
        '<td><a href="../security/">資訊安全政策</a></td>\n'
        '<td lang="zh-TW">繁體中文</td>\n'
        "<td>落後（譯自 2020 年 1 月 1 日 版本）；自 2020 年 7 月 1 日 起落後</td>\n"
        "<td>2：<code>access</code>、<code>audits</code></td>\n"
        '<td><a href="../../security/changes/2020.07.01/" hreflang="en" lang="en">'
        "2020 年 7 月 1 日</a></td>\n"
    )
    assert state == "lagging"


def test_titles_are_escaped(kit):
    found = rows(unstamped(translations.page(kit.site, "en")))
    assert (
        '<a href="../zh-TW/evil/">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; '
        in found["../zh-TW/evil/"][1]
    )


def test_a_translated_policy_not_yet_in_force_is_not_pending(kit):
    state, _ = rows(unstamped(translations.page(kit.site, "en")))["../zh-TW/future/"]
    assert state == "current"
    # The same state as versions.json gives it: against the version that takes effect first.
    ph = kit.ph("future")
    found = core.to_json(ph, core.state(ph, "zh-TW", "en", kit.site.corpus))
    assert (found["state"], found["version"], found["reference"]) == ("current", "2021.06.01", "2021.06.01")
