"""Old addresses of a renamed policy (policysite.pages.redirects): a static page at each, sending
the reader to the new address with a refresh and a canonical link (no script)."""

from __future__ import annotations

import pytest
from unit import pagekit

from policysite.pages import redirects


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def test_every_address_of_the_former_name_has_a_page(kit):
    found = redirects.pages(kit.ph("cookie-policy"), "zh-TW", "en")
    assert sorted(found) == [
        "zh-TW/cookies/bilingual/index.html",
        "zh-TW/cookies/changes/2020.01.01/index.html",
        "zh-TW/cookies/index.html",
        "zh-TW/cookies/versions/2020.01.01/index.html",
        "zh-TW/cookies/versions/index.html",
    ]
    assert (
        'url=../../../cookie-policy/versions/2020.01.01/">'
        in found["zh-TW/cookies/versions/2020.01.01/index.html"]
    )
    assert redirects.pages(kit.ph("privacy"), "en", "en") == {}  # never renamed
    # On a site written in Chinese first, the Chinese pages are at the root (and say so).
    chinese_first = redirects.pages(kit.ph("cookie-policy"), "zh-TW", "zh-TW")
    assert "/cookie-policy/" in chinese_first["zh-TW/cookies/index.html"]
    assert "/zh-TW/cookie-policy/" not in chinese_first["zh-TW/cookies/index.html"]


def test_the_page_in_its_language():
    assert redirects.page("/zh-TW/cookies/", "/zh-TW/cookie-policy/", "zh-TW") == (
        "<!doctype html>\n"
        '<html lang="zh-TW">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        "<title>此頁面已移至 /zh-TW/cookie-policy/</title>\n"
        '<link rel="canonical" href="../cookie-policy/">\n'
        '<meta http-equiv="refresh" content="0; url=../cookie-policy/">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n"
        "<body>\n"
        '<p><a href="../cookie-policy/">此頁面已移至 /zh-TW/cookie-policy/</a></p>\n'
        "</body>\n"
        "</html>\n"
    )


def test_addresses_are_escaped():
    out = redirects.page("/a/", '/b"><script>x</script>/', "en")
    assert "<script>" not in out and '"><' not in out
    assert 'href="../b&#34;&gt;&lt;script&gt;x&lt;/script&gt;/"' in out
    assert "<title>This page has moved to /b&#34;&gt;&lt;script&gt;x&lt;/script&gt;/</title>" in out
