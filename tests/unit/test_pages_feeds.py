"""The Atom feeds (policysite.pages.feeds): one per language, an entry per event of the record (new
and upcoming versions, corrections, withdrawals), absolute links under site_url (relative to the
feed without it), always well-formed XML whatever a title holds."""

from __future__ import annotations

import uuid
from xml.etree import ElementTree as ET

import pytest
from unit import pagekit
from unit.pagekit import TODAY

from policysite.history import History
from policysite.pages import Redlines, Site, feeds
from policysite.project import Corpus

NS = {"a": feeds.ATOM}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def read(text: str) -> ET.Element:
    assert text.startswith(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"'
    )
    return ET.fromstring(text.encode("utf-8"))


def entries(root: ET.Element) -> list[tuple[str, str, str, str]]:
    """(title, updated, link, summary) of each entry, in order."""
    return [
        (
            e.findtext("a:title", namespaces=NS),
            e.findtext("a:updated", namespaces=NS),
            e.find("a:link", NS).get("href"),
            e.findtext("a:summary", namespaces=NS),
        )
        for e in root.findall("a:entry", NS)
    ]


def test_the_feed_its_title_and_links_under_site_url(kit):
    root = read(feeds.feed(kit.site, "en"))
    assert root.get(XML_LANG) == "en"
    assert root.findtext("a:title", namespaces=NS) == "Example <Site> & Co: policy changes"
    assert (
        root.findtext("a:id", namespaces=NS)
        == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'policysite:feed:en')}"
    )
    assert root.findtext("a:author/a:name", namespaces=NS) == "Example <Site> & Co"
    links = {link.get("rel"): link.get("href") for link in root.findall("a:link", NS)}
    assert links == {
        "self": "https://example.org/legal/feed.xml",
        "alternate": "https://example.org/legal/changelog/",
    }
    assert root.findtext("a:updated", namespaces=NS) == "2020-12-01T02:00:00+00:00"  # the newest entry's


def test_every_event_newest_first(kit):
    found = entries(read(feeds.feed(kit.site, "en")))
    assert len(found) == 17  # 14 versions, 2 corrections, 1 withdrawal
    assert found[:4] == [
        (
            "Privacy Policy: version of 1 March 2021 (upcoming: takes effect on 1 March 2021)",
            "2020-12-01T02:00:00+00:00",
            "https://example.org/legal/privacy/changes/2021.03.01/",
            "0 added, 0 removed, 1 changed",
        ),
        (
            "Future Policy: version of 1 June 2021 (upcoming: takes effect on 1 June 2021)",
            "2020-12-01T02:00:00+00:00",
            "https://example.org/legal/future/changes/2021.06.01/",
            "first published version",
        ),
        (
            "Data Policy: version of 1 September 2020 withdrawn on 15 August 2020",
            "2020-08-15T02:00:00+00:00",
            "https://example.org/legal/data/versions/2020.09.01/",
            "Data Policy: version of 1 September 2020 withdrawn on 15 August 2020",
        ),
        (
            "Data Policy: version of 1 September 2020",
            "2020-08-01T02:00:00+00:00",
            "https://example.org/legal/data/changes/2020.09.01/",
            "Broader purposes. (0 added, 0 removed, 2 changed)",
        ),
    ]
    assert (
        "Privacy Policy: version of 1 January 2020 corrected on 1 February 2020",
        "2020-02-01T02:00:00+00:00",
        "https://example.org/legal/privacy/changes/2020.01.01/correction-2/",
        "editorial (typo)",
    ) in found
    undeclared = "Security Policy: version of 1 July 2020 corrected on 15 July 2020"
    assert (undeclared, "2020-07-15T02:00:00+00:00") in [(t, u) for t, u, _, s in found if s == undeclared]
    assert [u for _, u, _, _ in found] == sorted((u for _, u, _, _ in found), reverse=True)


def test_entry_ids_are_stable_and_distinct(kit):
    ids = [e.findtext("a:id", namespaces=NS) for e in read(feeds.feed(kit.site, "en")).findall("a:entry", NS)]
    assert len(set(ids)) == len(ids)
    assert f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'policysite:privacy:2020.01.01:en')}" in ids
    zh = [
        e.findtext("a:id", namespaces=NS) for e in read(feeds.feed(kit.site, "zh-TW")).findall("a:entry", NS)
    ]
    assert not set(ids) & set(zh)  # each language's feed has its own entries


def test_in_chinese_without_site_url_links_are_relative_to_the_feed(kit):
    root = read(feeds.feed(kit.local, "zh-TW"))
    assert root.get(XML_LANG) == "zh-TW"
    assert root.findtext("a:title", namespaces=NS) == "Example <Site> & Co：政策變更"
    links = {link.get("rel"): link.get("href") for link in root.findall("a:link", NS)}
    assert links == {"self": "./feed.xml", "alternate": "changelog/"}
    found = entries(root)
    assert found[0] == (
        "隱私權政策：2021 年 3 月 1 日 版本（即將生效：2021 年 3 月 1 日 起生效）",
        "2020-12-01T02:00:00+00:00",
        "privacy/changes/2021.03.01/",
        "新增 0 節、刪除 0 節、修改 1 節",
    )
    assert ("Data Policy：2020 年 9 月 1 日 版本", "data/changes/2020.09.01/") in [
        (t, h) for t, _, h, _ in found
    ]


def test_hostile_titles_and_summaries_stay_text_without_the_characters_xml_forbids(kit):
    text = feeds.feed(kit.site, "en")
    assert "\x07" not in text and "\x1b" not in text and "<script>" not in text
    found = entries(read(text))
    [newest] = [e for e in found if e[2].endswith("/evil/changes/2020.06.01/")]
    assert newest[0] == '<script>alert("x")</script> & Terms: version of 1 June 2020'
    assert newest[3] == "<b>bold</b> & summary (0 added, 0 removed, 1 changed)"


def test_a_site_without_versions_is_updated_at_the_build_dates_midnight():
    empty = Site(Corpus(), History({}, TODAY, timezone="Asia/Taipei"), Redlines(), "Empty")
    root = read(feeds.feed(empty, "en"))
    assert root.findall("a:entry", NS) == []
    assert root.findtext("a:updated", namespaces=NS) == "2021-01-01T00:00:00+08:00"


def test_the_serializer_removes_forbidden_characters_from_texts_and_attributes():
    root = ET.Element("feed", {"href": "a\x01b\x0b"})
    ET.SubElement(root, "title").text = "x\x00y\x1f & <z> 中文"
    text = feeds.serialize(root)
    assert text == (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed href="ab">\n'
        "  <title>xy &amp; &lt;z&gt; 中文</title>\n</feed>\n"
    )
