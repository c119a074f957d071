"""Every parity and lint rule: its stable code, file, line and section, and no traceback.

The rules run on the real privacy policy with one defect introduced at a time, so
each test shows the finding an editor would get for that mistake.
"""

from __future__ import annotations

import random
import time

import pytest
from seed import (
    EN,
    EN_PATH,
    EN_SECTION_LINE,
    LOG_ITEMS,
    PROJECT,
    SECTION_LINE,
    ZH,
    ZH_PATH,
    line_of,
    policy_source,
    replace,
)

from policysite import parity, project, sources
from policysite.diagnostics import Severity


def corpus_of(files: dict[tuple[str, str], str | bytes]) -> project.Corpus:
    corpus = project.Corpus()
    for (policy, lang), data in files.items():
        corpus.add(data if isinstance(data, bytes) else data.encode("utf-8"), policy, lang)
    return corpus


def check(en: str | bytes | None = EN, zh: str | bytes | None = ZH, **more) -> list:
    """parity.check on the privacy policy (plus ``more``: {"terms_en": text}); every
    finding must render in every form."""
    files = {}
    if en is not None:
        files[("privacy", "en")] = en
    if zh is not None:
        files[("privacy", "zh-TW")] = zh
    for key, text in more.items():
        policy, lang = key.rsplit("_", 1)
        files[(policy, {"en": "en", "zh": "zh-TW"}[lang])] = text
    found = parity.check(corpus_of(files))
    for finding in found:
        assert finding.text() and finding.github() and finding.as_dict()
    return found


def only(found, code: str):
    """The one finding with ``code``."""
    matching = [d for d in found if d.code == code]
    assert len(matching) == 1, f"expected one {code}, got: " + "\n".join(d.text() for d in found)
    return matching[0]


def where(finding) -> tuple:
    return finding.code, finding.file, finding.line, finding.section, finding.severity.value


# ---------------------------------------------------------------- the real policy is clean


def test_the_real_policy_has_no_findings():
    assert check() == []


def test_the_real_tree_has_no_findings():
    assert parity.check(project.load_tree(PROJECT)) == []


# ---------------------------------------------------------------- files and versions


def test_missing_translation_file_is_a_pending_translation():
    finding = only(check(zh=None), "translation.pending")
    assert where(finding) == ("translation.pending", ZH_PATH, 1, None, "error")  # check()'s default severity
    assert "en/privacy.md" in finding.message
    corpus = corpus_of({("privacy", "en"): EN})
    (finding,) = [d for d in parity.check(corpus, untranslated="warning") if d.code == "translation.pending"]
    assert finding.severity is Severity.WARNING


def test_missing_reference_file():
    finding = only(check(en=None), "parity.missing-file")
    assert where(finding) == ("parity.missing-file", EN_PATH, 1, None, "error")


def test_missing_file_found_on_disk(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "zh-TW").mkdir()
    (tmp_path / "en" / "privacy.md").write_text(EN, encoding="utf-8")
    (tmp_path / "zh-TW" / "privacy.md").write_text(ZH, encoding="utf-8")
    (tmp_path / "zh-TW" / "terms.md").write_text(policy_source("服務條款", "內容。"), encoding="utf-8")
    found = parity.check(project.load_tree(tmp_path))
    assert [where(d) for d in found] == [("parity.missing-file", "en/terms.md", 1, None, "error")]


def test_a_broken_file_is_not_reported_missing_as_well():
    found = check(zh="no front matter\n")
    assert [where(d) for d in found] == [("front-matter.missing", ZH_PATH, 1, None, "error")]


def test_version_differs():
    zh = replace(ZH, "version: 2019.12.19", "version: 2020.01.01")
    finding = only(check(zh=zh), "parity.version")
    assert where(finding) == ("parity.version", ZH_PATH, 3, None, "error")
    assert "2020.01.01" in finding.message and "2019.12.19" in finding.message


def test_an_older_translation_is_lagging_with_the_configured_severity():
    en = replace(EN, "version: 2019.12.19", "version: 2020.01.01")
    corpus = corpus_of({("privacy", "en"): en, ("privacy", "zh-TW"): ZH})
    found = parity.check(corpus)
    assert [where(d) for d in found if d.code.endswith(("version", "lagging"))] == [
        ("history.lagging", ZH_PATH, 3, None, "error")
    ]
    found = parity.check(corpus, lagging="warning")
    assert [where(d) for d in found if d.code.endswith(("version", "lagging"))] == [
        ("history.lagging", ZH_PATH, 3, None, "warning")
    ]


def test_version_not_a_real_date():
    zh = replace(ZH, "version: 2019.12.19", "version: 2019.02.30")
    finding = only(check(zh=zh), "version.invalid")
    assert where(finding) == ("version.invalid", ZH_PATH, 3, None, "error")


# ---------------------------------------------------------------- the outline


def test_section_missing():
    zh = replace(ZH, "## 6. 資料安全 {#data-security}\n\n", "")
    finding = only(check(zh=zh), "parity.section-missing")
    assert where(finding) == (
        "parity.section-missing",
        ZH_PATH,
        line_of(zh, "## 5. 資料保護"),
        "data-security",
        "error",
    )
    assert "en/privacy.md:81" in finding.message


def test_section_extra():
    zh = ZH + "\n## 10. 附則 {#appendix}\n\n附則內容。\n"
    finding = only(check(zh=zh), "parity.section-extra")
    assert where(finding) == (
        "parity.section-extra",
        ZH_PATH,
        line_of(zh, "## 10. 附則"),
        "appendix",
        "error",
    )


def test_section_out_of_order():
    autonomy = ZH[ZH.index("## 7. 資料自主權") : ZH.index("## 8. 免責聲明")]
    disclaimer = ZH[ZH.index("## 8. 免責聲明") : ZH.index("## 9. 隱私權政策")]
    zh = replace(ZH, autonomy + disclaimer, disclaimer + autonomy)
    found = check(zh=zh)
    finding = only(found, "parity.section-order")
    assert finding.section in ("data-autonomy", "disclaimer")
    heading = {"data-autonomy": "## 7. 資料自主權", "disclaimer": "## 8. 免責聲明"}[finding.section]
    assert where(finding) == ("parity.section-order", ZH_PATH, line_of(zh, heading), finding.section, "error")
    assert [d.code for d in found] == ["parity.section-order"]  # the sections themselves still match


def test_section_at_another_level():
    zh = replace(ZH, "## 6. 資料安全 {#data-security}", "### 6. 資料安全 {#data-security}")
    finding = only(check(zh=zh), "parity.section-level")
    assert where(finding) == ("parity.section-level", ZH_PATH, 81, "data-security", "error")
    assert "level-3" in finding.message and "level 2" in finding.message


# ---------------------------------------------------------------- structure within a section


def test_nested_list_items_missing_the_example_of_the_readme():
    zh = replace(ZH, LOG_ITEMS, "")
    found = check(zh=zh)
    finding = only(found, "parity.structure")
    line = line_of(zh, "    - **記錄資訊:**")
    assert where(finding) == ("parity.structure", ZH_PATH, line, "collection-channels", "error")
    assert finding.text() == (
        f"zh-TW/privacy.md:{line}: error: [parity.structure] section 'collection-channels': "
        "en has 3 list items under item 2.2 ('Log information:'), zh-TW has 0"
    )
    assert [d.code for d in found] == ["parity.structure"]


def test_nested_list_item_extra():
    zh = replace(
        ZH, "        - 網際網路通訊協定位址\n", "        - 網際網路通訊協定位址\n        - 多出來的項目\n"
    )
    finding = only(check(zh=zh), "parity.structure")
    assert where(finding) == (
        "parity.structure",
        ZH_PATH,
        line_of(zh, "    - **記錄資訊:**"),
        "collection-channels",
        "error",
    )
    assert "en has 3 list items under item 2.2" in finding.message and "zh-TW has 4" in finding.message


def test_top_level_list_item_missing():
    zh = replace(ZH, "3. 基於法律原因\n", "")
    finding = only(check(zh=zh), "parity.structure")
    assert where(finding) == (
        "parity.structure",
        ZH_PATH,
        line_of(zh, "1. 使用者主動透過機器人管理功能"),
        "data-protection",
        "error",
    )
    assert "en has 7 list items, zh-TW has 6" in finding.message


def test_list_split_in_two():
    zh = replace(ZH, "3. 基於法律原因\n", "3. 基於法律原因\n\n插入的段落。\n\n")
    found = check(zh=zh)
    structure = only(found, "parity.structure")
    assert where(structure)[:4] == (
        "parity.structure",
        ZH_PATH,
        line_of(zh, "1. 使用者主動透過機器人管理功能"),
        "data-protection",
    )
    assert "en has 1 list, zh-TW has 2" in structure.message
    assert only(found, "parity.paragraphs").severity is Severity.WARNING


def test_a_list_that_is_not_a_list_in_one_language():
    # no blank line before the list: Python-Markdown renders it as paragraph text
    zh = replace(
        ZH,
        "本平台及本服務所蒐集之個人資料,將用於下列目的:\n\n",
        "本平台及本服務所蒐集之個人資料,將用於下列目的:\n",
    )
    finding = only(check(zh=zh), "parity.structure")
    assert where(finding) == (
        "parity.structure",
        ZH_PATH,
        line_of(zh, "## 3. 資料利用"),
        "purpose-and-use",
        "error",
    )
    assert "en has 11 list items, zh-TW has 0" in finding.message


TABLE = "| 類別 | 例子 |\n| --- | --- |\n| C001 | 姓名 |\n| C002 | 帳號 |\n\n"


def test_table_missing():
    en = replace(
        EN,
        "1. C001 Personal identification",
        TABLE.replace("類別", "Kind") + "1. C001 Personal identification",
    )
    finding = only(check(en=en), "parity.structure")
    assert where(finding) == (
        "parity.structure",
        ZH_PATH,
        line_of(ZH, "## 2. 蒐集之個人資料類別"),
        "personal-data-categories",
        "error",
    )
    assert "en has 1 table, zh-TW has 0" in finding.message


def test_table_rows_differ():
    en = replace(
        EN,
        "1. C001 Personal identification",
        TABLE.replace("類別", "Kind") + "1. C001 Personal identification",
    )
    zh = replace(ZH, "1. C001 個人辨識", TABLE.replace("| C002 | 帳號 |\n", "") + "1. C001 個人辨識")
    finding = only(check(en=en, zh=zh), "parity.structure")
    assert where(finding) == (
        "parity.structure",
        ZH_PATH,
        line_of(zh, "| 類別 | 例子 |"),
        "personal-data-categories",
        "error",
    )
    assert "table 1 has 2 rows in en, 1 in zh-TW" in finding.message


def test_paragraph_count_is_a_warning():
    zh = replace(
        ZH, "本政策構成本平台服務條款之一部分。", "本政策構成本平台服務條款之一部分。\n\n多出來的段落。"
    )
    found = check(zh=zh)
    finding = only(found, "parity.paragraphs")
    line = line_of(zh, "本公司保留在不通知使用者的情況下")
    assert where(finding) == ("parity.paragraphs", ZH_PATH, line, "revision-and-effectiveness", "warning")
    assert "en has 3 paragraphs, zh-TW has 4" in finding.message
    assert [d.code for d in found] == ["parity.paragraphs"]


def test_intro_structure_is_compared_too():
    zh = replace(ZH, "# 隱私權政策\n\n", "# 隱私權政策\n\n多一段引言。\n\n")
    finding = only(check(zh=zh), "parity.paragraphs")
    assert where(finding) == ("parity.paragraphs", ZH_PATH, line_of(zh, "多一段引言"), None, "warning")
    assert "(intro)" in finding.message


# ---------------------------------------------------------------- headings


def test_heading_without_id():
    zh = replace(ZH, "## 6. 資料安全 {#data-security}", "## 6. 資料安全")
    finding = only(check(zh=zh), "heading.no-id")
    assert where(finding) == ("heading.no-id", ZH_PATH, 81, None, "error")


def test_heading_with_attribute_list_but_no_id():
    en = replace(EN, "## 6. data security {#data-security}", "## 6. data security {: .important }")
    finding = only(check(en=en), "heading.no-id")
    assert where(finding) == ("heading.no-id", EN_PATH, 81, None, "error")
    assert "no '#id'" in finding.message


def test_setext_heading_without_id():
    zh = replace(ZH, "## 6. 資料安全 {#data-security}", "6. 資料安全\n-----------")
    assert where(only(check(zh=zh), "heading.no-id")) == ("heading.no-id", ZH_PATH, 81, None, "error")


def test_duplicate_id():
    zh = replace(ZH, "## 6. 資料安全 {#data-security}", "## 6. 資料安全 {#data-protection}")
    finding = only(check(zh=zh), "heading.duplicate-id")
    assert where(finding) == ("heading.duplicate-id", ZH_PATH, 81, "data-protection", "error")
    assert "line 69" in finding.message


@pytest.mark.parametrize("bad", ["Data_Security", "-data", "資料。安全", "data.security", "DATA"])
def test_bad_id(bad):
    zh = replace(ZH, "## 6. 資料安全 {#data-security}", f"## 6. 資料安全 {{: #{bad} }}")
    finding = only(check(zh=zh), "heading.bad-id")
    assert where(finding) == ("heading.bad-id", ZH_PATH, 81, bad, "error")


def test_second_title():
    zh = replace(ZH, "## 6. 資料安全 {#data-security}", "# 6. 資料安全 {#data-security}")
    finding = only(check(zh=zh), "heading.title")
    assert where(finding)[:3] == ("heading.title", ZH_PATH, 81)


# ---------------------------------------------------------------- front matter and encoding


@pytest.mark.parametrize(
    "text, code, line",
    [
        (ZH.replace("---\n", "", 1), "front-matter.missing", 1),
        (ZH.replace("---\n\n# 隱私權政策", "\n# 隱私權政策", 1), "front-matter.unclosed", 1),
        (ZH.replace("title: 隱私權政策", "title: [隱私權政策", 1), "front-matter.invalid", 3),
        (ZH.replace("title: 隱私權政策\n", "", 1), "front-matter.title", 3),
        (ZH.replace("version: 2019.12.19\n", "", 1), "front-matter.version", 3),
        (ZH.replace("version: 2019.12.19", "version: 2019.12.32", 1), "version.invalid", 3),
        (ZH.encode("big5", "replace"), "source.encoding", 2),
        (b"\xef\xbb\xbf" + ZH.encode(), "source.bom", 1),
        (ZH.replace("\n", "\r\n").encode(), "source.crlf", 1),
    ],
)
def test_front_matter_and_encoding_rules(text, code, line):
    found = check(zh=text)
    finding = only(found, code)
    severity = "warning" if code in ("source.bom", "source.crlf") else "error"
    assert where(finding) == (code, ZH_PATH, line, None, severity)
    if code in ("source.bom", "source.crlf"):
        assert [d.code for d in found] == [code]  # tolerated: nothing else is wrong


# ---------------------------------------------------------------- links


def test_in_page_link_to_a_missing_id():
    zh = replace(
        ZH, SECTION_LINE, SECTION_LINE + "見[第五條](#data-protection)與[不存在](#no-such-section)。"
    )
    finding = only(check(zh=zh), "link.anchor")
    assert where(finding) == ("link.anchor", ZH_PATH, line_of(zh, SECTION_LINE), "data-security", "error")
    assert "#no-such-section" in finding.message


def test_link_to_a_section_of_another_policy():
    terms_en = policy_source("Terms", "## Fees {#fees}\n\nText.")
    terms_zh = policy_source("條款", "## 費用 {#fees}\n\n內容。")
    en = replace(EN, EN_SECTION_LINE, EN_SECTION_LINE + " See [fees](terms.md#fees) and [x](terms.md#nope).")
    finding = only(check(en=en, terms_en=terms_en, terms_zh=terms_zh), "link.anchor")
    assert where(finding) == ("link.anchor", EN_PATH, line_of(en, EN_SECTION_LINE), "data-security", "error")
    assert "terms.md#nope" in finding.message


def test_link_to_a_policy_that_does_not_exist():
    en = replace(EN, EN_SECTION_LINE, EN_SECTION_LINE + " See our [terms](terms.md).")
    finding = only(check(en=en), "link.policy")
    assert where(finding) == ("link.policy", EN_PATH, line_of(en, EN_SECTION_LINE), "data-security", "error")
    assert "'terms'" in finding.message


def test_link_to_an_existing_policy_passes():
    en = replace(
        EN,
        EN_SECTION_LINE,
        EN_SECTION_LINE + " See our [terms](terms.md) and [中文](../zh-TW/privacy.md#general).",
    )
    terms_en = policy_source("Terms", "Text.")
    terms_zh = policy_source("條款", "內容。")
    assert check(en=en, terms_en=terms_en, terms_zh=terms_zh) == []


def test_link_to_the_home_page_passes(tmp_path):
    for lang, text in (("en", EN), ("zh-TW", ZH)):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "privacy.md").write_text(text, encoding="utf-8")
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "index.md").write_text("# Home\n", encoding="utf-8")
    en = replace(EN, EN_SECTION_LINE, EN_SECTION_LINE + " Back [home](index.md); [about](about.md).")
    (tmp_path / "en" / "privacy.md").write_text(en, encoding="utf-8")
    found = parity.check(project.load_tree(tmp_path))
    assert [where(d) for d in found] == [
        ("link.policy", EN_PATH, line_of(en, EN_SECTION_LINE), "data-security", "error")
    ]
    assert "about" in found[0].message


# ---------------------------------------------------------------- severities


def test_only_paragraph_counts_and_encoding_normalization_are_warnings():
    zh = replace(
        ZH, "本政策構成本平台服務條款之一部分。", "本政策構成本平台服務條款之一部分。\n\n多出來的段落。"
    )
    found = check(zh=("\ufeff" + zh).replace("\n", "\r\n").encode())
    assert sorted((d.code, d.severity.value) for d in found) == [
        ("parity.paragraphs", "warning"),
        ("source.bom", "warning"),
        ("source.crlf", "warning"),
    ]


# ---------------------------------------------------------------- no input produces a traceback

GARBAGE = [
    b"",
    b"\x00",
    b"\xff\xfe\x00\x00",
    b"---",
    b"---\n",
    b"---\n---",
    b"---\n---\n",
    b"---\n...\n",
    b"---\ntitle:\n---\n",
    b"---\n- 1\n- 2\n---\n",
    b"---\nnull\n---\n",
    b"---\n3.14\n---\n",
    b"---\n!!binary aGVsbG8=\n---\n",
    b"---\ntitle: !!binary aGVsbG8=\nversion: !!float 2019.12\n---\n",
    b"---\ntitle: &a [*a]\n---\n",
    b"---\n? [a, b]\n: c\n---\n",
    b"---\n{{{{\n---\n",
    b"---\ntitle: T\nversion: 2019.12.19\n---\n" + bytes(range(256)),
    b"---\ntitle: T\nversion: 2019.12.19\n---\n"
    + b"#" * 10
    + b" {#}\n## {#-}\n## {: #}\n###### {#a}\n####### x\n",
    b"---\ntitle: T\nversion: 2019.12.19\n---\n" + b"[" * 5000 + b"](" * 5000,
    b"---\ntitle: T\nversion: 2019.12.19\n---\n" + b"<a " * 5000 + b'<a title="' * 2000,
    b"---\ntitle: T\nversion: 2019.12.19\n---\n" + b"`" * 5000 + b"\n" + b"``x`" * 3000,
    b"---\ntitle: T\nversion: 2019.12.19\n---\n" + b"".join(b" " * (4 * i) + b"1. x\n" for i in range(400)),
    b"---\ntitle: T\nversion: 2019.12.19\n---\n" + b"|" * 3000 + b"\n" + b"|-" * 3000 + b"\n",
    b"---\ntitle: T\nversion: 2019.12.19\n---\n"
    + b"x\n"
    + b"=" * 3000
    + b"\n## "
    + b" \t" * 3000
    + b"x {#a}\n",
    b"---\ntitle: T\nversion: 2019.12.19\n---\n```\n" + b"\n" * 100,
    b"---\ntitle: T\nversion: 2019.12.19\n---\n\xe4\xb8",
    b"\xef\xbb\xbf\xef\xbb\xbf---\n",
    b"\r\r\r---\r\n\r",
    ZH.encode()[: len(ZH.encode()) // 2],
    ZH.encode()[:-1],
    EN.encode()[:1000],
]


def test_no_traceback_on_garbage():
    for data in GARBAGE:
        started = time.monotonic()
        document, found = sources.parse(data, ZH_PATH)
        assert document is not None or any(d.is_error for d in found), data[:80]
        check(zh=data)
        check(en=data)
        assert time.monotonic() - started < 10, f"too slow on {data[:60]!r}"


def test_no_traceback_on_random_mutations_of_the_real_files():
    """A seeded fuzz: cut, duplicate and splice Markdown and YAML fragments."""
    rng = random.Random(20191219)
    pieces = [
        b"---\n",
        b"\n",
        b"    ",
        b"- ",
        b"1. ",
        b"## ",
        b"# ",
        b"{#x}",
        b"{: #y }",
        b"{#",
        b"}",
        b"|",
        b"|---|",
        b"```",
        b"~~~",
        b"<script>",
        b"<a onclick=",
        b"[a](#b)",
        b"[a](x.md#c)",
        b"\r\n",
        b"\xef\xbb\xbf",
        b"\xff",
        b"title: ",
        b"version: ",
        b"2019.12.19",
        b"[",
        b"]",
        b"(",
        b")",
        b"`",
        b"*",
        b":",
        b"&a",
        b"*a",
        b"\t",
        b"\x00",
        b"\xe4\xb8",
        b"...\n",
        b"%YAML 1.1\n",
        b"===\n",
        b"---",
        b"[r]: javascript:x\n",
        b'"',
        b"'",
    ]
    base = [EN.encode(), ZH.encode()]
    deadline = time.monotonic() + 2.5
    count = 0
    while time.monotonic() < deadline or count < 200:
        data = bytearray(rng.choice(base))
        for _ in range(rng.randint(1, 25)):
            position = rng.randint(0, len(data))
            action = rng.random()
            if action < 0.3:
                del data[position : position + rng.randint(1, 80)]
            elif action < 0.8:
                data[position:position] = rng.choice(pieces)
            else:
                data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))
        check(en=EN, zh=bytes(data))
        count += 1
