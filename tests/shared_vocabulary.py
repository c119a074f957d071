"""Text rewritten from a small shared vocabulary, seeded (a helper module for the redline's cost tests).

Chinese legal text reuses a few hundred characters, and boilerplate-heavy English a few hundred
words: two unrelated sentences drawn from such a vocabulary (Zipf frequencies: a few function
words and characters everywhere) share about half their words, which a similarity test on words
alone takes for a revision of one by the other (issue 29, item 1).  Here: such sentences, real
amendments of them (a few words changed, a clause inserted, a number changed) and whole policies
rewritten version after version.

Run as a script, it times the redlines of the issue's scenario (CPU seconds, in-process): 30
versions of 10 sections, every sentence rewritten each version, in English and in Chinese::

    python tests/shared_vocabulary.py [--versions 30] [--sections 10]
"""

from __future__ import annotations

import copy
import itertools
import random
from dataclasses import dataclass

# ~250 words of privacy-policy boilerplate, the most frequent first.
EN_WORDS = list(
    dict.fromkeys(
        """the of and to or in any for by with such be may shall this that is are as on from which not
other under all its their we you your our it an a has have been will where when if than these those each
only within without upon including personal data user platform service company policy information account
law consent purpose processing collection retention security access request record period third party
provider contract disclosure transfer storage device cookie analysis report message customer protection
right obligation notice update deletion correction objection restriction legitimate interest regulation
authority complaint breach encryption backup server region country safeguard agreement audit review officer
contact address email telephone website application feature setting preference marketing communication
statistics performance improvement support maintenance operation necessary reasonable appropriate
applicable relevant lawful fair limited accurate secure confidential available specific explicit informed
withdraw provide use keep share protect inform notify collect process store delete correct restrict object
disclose ensure maintain require allow permit prevent detect investigate comply respond affiliate
subsidiary vendor partner jurisdiction court dispute liability damages warranty terminate suspend license
content property payment fee price tax invoice refund order delivery product subscription term condition
clause provision amendment effective date written electronic signature identity verification fraud misuse
prohibited activity conduct minor parent guardian child age employee contractor training incident log
location browser identifier advertising profile automated decision model voice image video biometric
health financial sensitive category basis legal statutory government public safety emergency merger sale
asset business successor governing interpretation language version translation question feedback""".split()  # noqa: SIM905
    )
)
# ~250 characters of Traditional Chinese legal text, the most frequent first.
ZH_CHARS = list(
    dict.fromkeys(
        "之的於及或與其本公司個人資料使用者服務平台應得不依法規定同意蒐集處理利用目的範圍期間地區對象方式安全措施"
        "權利義務提供保護當事人請求查詢閱覽複製補充更正停止刪除第三方委託合作夥伴網站帳號密碼電子郵件電話地址姓名"
        "身分證統一編號信用卡付款交易紀錄瀏覽器裝置位置資訊分析統計行銷廣告通知修正公告生效日期終止契約條款約定管轄"
        "法院爭議責任損害賠償免責限制為在是以上下中內外前後時間所有相關必要合理適當特定明確書面電腦程式系統網路連線"
        "傳輸儲存保存備份加密存取控制管理人員教育訓練稽核檢查評估風險事件發生處置回應調查主管機關命令政府公共利益"
        "緊急情況合併收購出售營業資產繼受轉讓放棄準據解釋語言版本文字翻譯問題意見回饋活動會員計畫兒童未成年"
    )
)


def _zipf(count: int) -> list[float]:
    """Cumulative weights for ``random.choices``: rank r drawn in proportion to 1 / r**1.1."""
    return list(itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(count)))


_WEIGHTS = {"en": _zipf(len(EN_WORDS)), "zh-TW": _zipf(len(ZH_CHARS))}
_SYMBOLS = {"en": EN_WORDS, "zh-TW": ZH_CHARS}


def words(rng: random.Random, lang: str, count: int) -> list[str]:
    """``count`` words (characters in Chinese) of the shared vocabulary."""
    return rng.choices(_SYMBOLS[lang], cum_weights=_WEIGHTS[lang], k=count)


def sentence(rng: random.Random, lang: str, length: int) -> str:
    """A sentence of ``length`` words (characters in Chinese, a comma every 6 to 14 of them)."""
    units = words(rng, lang, length)
    if lang == "en":
        text = " ".join(units)
        return text[:1].upper() + text[1:] + "."
    out, clause = [], rng.randint(6, 14)
    for index, unit in enumerate(units, 1):
        out.append(unit)
        if index % clause == 0 and index < len(units):
            out.append("，")
    return "".join(out) + "。"


def _join(lang: str, units: list[str]) -> str:
    return (" " if lang == "en" else "").join(units)


def _units(lang: str, text: str) -> tuple[list[str], str]:
    """A sentence's words (characters) and its final stop."""
    body, stop = text[:-1], text[-1]
    return (body.split(" ") if lang == "en" else list(body)), stop


def amend_words(rng: random.Random, lang: str, text: str, count: int) -> str:
    """``count`` words (characters) replaced by others of the vocabulary, at random places."""
    units, stop = _units(lang, text)
    places = rng.sample(range(1, len(units)), count)
    for place in places:
        units[place] = next(w for w in words(rng, lang, 50) if w != units[place] and w != "，")
    return _join(lang, units) + stop


def insert_clause(rng: random.Random, lang: str, text: str, length: int) -> str:
    """A clause of ``length`` words (characters) inserted in the middle."""
    units, stop = _units(lang, text)
    middle = len(units) // 2
    clause = words(rng, lang, length)
    if lang == "en":
        clause = ["unless", *clause, "applies,"]
    else:
        clause = ["，", "除", *clause, "外", "，"]
    return _join(lang, units[:middle] + clause + units[middle:]) + stop


def with_number(lang: str, text: str, number: int) -> str:
    """The sentence with a period in days at its end: "... within 30 days." / "...於 30 日內。"."""
    units, stop = _units(lang, text)
    tail = ["within", str(number), "days"] if lang == "en" else ["於", f" {number} ", "日", "內"]
    return _join(lang, units + tail) + stop


def reordered(lang: str, text: str) -> str:
    """The sentence's four quarters in reverse order: every word kept, the fewest edits far beyond a
    third of its tokens (a pair the redline finds similar but replaces for its cost)."""
    units, stop = _units(lang, text)
    size = len(units) // 4
    quarters = [units[:size], units[size : 2 * size], units[2 * size : 3 * size], units[3 * size :]]
    return _join(lang, [u for quarter in reversed(quarters) for u in quarter]) + stop


@dataclass
class Section:
    paragraph: list[str]  # sentences
    items: list[str]  # a numbered list's items, one sentence each


def rewritten(rng: random.Random, lang: str, sections: int, sentences: int = 4) -> list[Section]:
    """A policy's sections, each a paragraph of ``sentences`` sentences and a list of three items,
    every sentence new (a version that rewrites everything)."""
    low, high = (20, 50) if lang == "en" else (30, 120)  # words; characters (4 to 9 clauses)
    out = []
    for _ in range(sections):
        paragraph = [sentence(rng, lang, rng.randint(low, high)) for _ in range(sentences)]
        out.append(Section(paragraph, [sentence(rng, lang, rng.randint(low, high)) for _ in range(3)]))
    return out


def markdown(lang: str, version: str, sections: list[Section]) -> str:
    """The policy source of one version."""
    title = "Privacy Policy" if lang == "en" else "隱私權政策"
    out = ["---", f"title: {title}", f"version: {version}", "---", "", f"# {title}", ""]
    for number, section in enumerate(sections, 1):
        heading = f"Section {number}" if lang == "en" else f"第 {number} 條"
        out += [f"## {heading} {{#s{number}}}", "", _join(lang, section.paragraph), ""]
        out += [f"{item}. {text}" for item, text in enumerate(section.items, 1)] + [""]
    return "\n".join(out)


def history(seed: int, lang: str, versions: int, sections: int) -> list[str]:
    """``versions`` sources of one policy, each rewriting every sentence of the one before."""
    rng = random.Random(f"{seed}/{lang}")
    return [
        markdown(lang, f"{2000 + index}.01.01", rewritten(rng, lang, sections)) for index in range(versions)
    ]


def amended_history(seed: int, lang: str, sections: int) -> list[str]:
    """Four versions: a first one; every sentence rewritten; amended (in each section, two words of
    a sentence changed, a clause inserted in another, a period in days added to an item); the
    period changed (30 -> 60 days), a sentence's quarters reordered and another one rewritten."""
    rng = random.Random(f"{seed}/{lang}/amended")
    texts = [rewritten(rng, lang, sections), rewritten(rng, lang, sections)]
    amended = [copy.deepcopy(section) for section in texts[-1]]
    for section in amended:
        section.paragraph[0] = amend_words(rng, lang, section.paragraph[0], 2)
        section.paragraph[1] = insert_clause(rng, lang, section.paragraph[1], 8)
        section.items[0] = with_number(lang, section.items[0], 30)
    last = copy.deepcopy(amended)
    for section, before in zip(last, texts[-1]):
        section.items[0] = with_number(lang, before.items[0], 60)
        section.paragraph[2] = reordered(lang, section.paragraph[2])
        section.paragraph[3] = sentence(rng, lang, 40)
    texts += [amended, last]
    return [markdown(lang, f"{2000 + index}.01.01", text) for index, text in enumerate(texts)]


def block_data(text: str, lang: str) -> dict:
    """The block data of a policy source: what the redline compares (:mod:`policysite.blocks`)."""
    from policysite import blocks, sources

    document, found = sources.parse(text, f"{lang}/p.md", "p", lang)
    assert document is not None, found
    return blocks.text_data(document, lang)


def main() -> None:
    """CPU seconds of the redlines of the issue's scenario: every version against the one before."""
    import argparse
    import time

    from policysite import diff

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--versions", type=int, default=30)
    parser.add_argument("--sections", type=int, default=10)
    options = parser.parse_args()
    total = 0.0
    for lang in ("en", "zh-TW"):
        texts = history(29, lang, options.versions, options.sections)
        data = [block_data(text, lang) for text in texts]
        start = time.process_time()
        for old, new in zip(data, data[1:]):
            diff.compare_data(old, new, lang)
        spent = time.process_time() - start
        total += spent
        print(f"{lang}: {len(data) - 1} redlines in {spent:.2f} CPU seconds")
    print(f"total: {total:.2f} CPU seconds")


if __name__ == "__main__":
    main()
