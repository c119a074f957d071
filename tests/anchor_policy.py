"""A policy that links to anchors of every kind, in both languages (a helper module).

Raw HTML ``<a id>`` inside a table cell (as real legal teams write it), a legacy
``<a name>``, an attribute list on a paragraph, and a link to another policy's
section; used by tests/integration/test_anchors.py and tests/browser/test_browser_anchors.py.
"""

from __future__ import annotations

from gitrepo import PolicyRepo, policy_text

EN = """\
We describe how we use data: see [certain data](#bookmark-how-we-use-data) and [the summary](#summary).

## 1. Uses {#uses}

| Purpose | Data |
| --- | --- |
| <a id="bookmark-how-we-use-data"></a>To provide you with the browser | Technical data |
| <a name="legacy-anchor"></a>To improve it | Interaction data |

In short, we use little data.
{: #summary }

## 2. Terms {#terms}

See <a href="#legacy-anchor">the second row</a> and [the terms](terms.md#use).
"""
ZH = """\
我們說明如何使用資料:請見[特定資料](#bookmark-how-we-use-data)及[摘要](#summary)。

## 1. 用途 {#uses}

| 目的 | 資料 |
| --- | --- |
| <a id="bookmark-how-we-use-data"></a>為您提供瀏覽器 | 技術資料 |
| <a name="legacy-anchor"></a>為了改進 | 互動資料 |

簡而言之,我們使用很少的資料。
{: #summary }

## 2. 條款 {#terms}

請見<a href="#legacy-anchor">第二列</a>及[條款](terms.md#use)。
"""
TERMS_EN = "These terms govern the platform.\n\n## 1. Use {#use}\n\nUse it lawfully."
TERMS_ZH = "本條款規範本平台。\n\n## 1. 使用 {#use}\n\n請合法使用。"


def anchor_repo(directory, en: str = EN, zh: str = ZH) -> PolicyRepo:
    repo = PolicyRepo.create(directory, copy_policies=False)
    repo.write("en", "privacy", policy_text("Privacy Notice", "2024.04.03", en))
    repo.write("zh-TW", "privacy", policy_text("隱私權聲明", "2024.04.03", zh))
    repo.write("en", "terms", policy_text("Terms", "2024.04.03", TERMS_EN))
    repo.write("zh-TW", "terms", policy_text("條款", "2024.04.03", TERMS_ZH))
    repo.commit("Privacy notice 2024.04.03", "2024-04-03T10:00:00Z")
    return repo
