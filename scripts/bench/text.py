"""Synthetic policy text, deterministic (a seeded ``random.Random``), parallel in English and Chinese.

Three styles of sentence:

- ``plain``: 10-18 words drawn evenly from ~130 privacy-policy words (English) and 2-3
  clauses from ~400 common Traditional Chinese characters: two random sentences share
  few words, so a rewritten sentence is rarely "similar" to the one it replaces;
- ``vocab``: long sentences (20-50 words; 4-9 clauses, up to ~130 characters) drawn from a
  SMALL shared vocabulary (~290 English words, ~310 Chinese characters) with Zipf
  frequencies (a few function words and characters everywhere, as in boilerplate-heavy
  English and in Chinese legal text): about half the pairs of unrelated sentences share half
  their words, pass the redline's similarity test and are diffed token by token (the worst
  case of Myers' algorithm: an edit distance close to the length);
- ``long``: ``plain`` sentences, 8 paragraphs of 18 per section (about 2,000 English words).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass

_PLAIN_EN = """personal data user platform service company policy information account law consent purpose
processing collection retention security access request record period third party provider contract
disclosure transfer storage device cookie analysis report message customer interaction protection right
obligation notice update request deletion correction objection restriction portability legitimate interest
regulation authority complaint breach encryption backup server region country safeguard agreement
subprocessor audit review officer contact address email telephone website application feature setting
preference marketing communication newsletter statistics performance improvement development support
maintenance operation necessary reasonable appropriate applicable relevant lawful fair transparent limited
accurate secure confidential available specific explicit informed freely given withdraw provide use keep
share protect inform notify collect process store delete correct restrict object transfer disclose review
update ensure maintain require allow permit prevent detect investigate comply respond""".split()  # noqa: SIM905

# Numerals are left out of the Chinese text: the build would find numbers the English lacks (parity).
_NUMERALS = str.maketrans("", "", "〇零一二三四五六七八九十百千萬万億兩两幾")
# Common Traditional Chinese characters (real CJK, synthetic sentences).
_PLAIN_ZH = (
    "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說產種面而方後"
    "多定行學法所民得經十三之進著等部度家電力裏如水化高自二理起小物現實加量都兩體制機當使點從業本去把性好應開它合還"
    "因由其些然前外天政四日那社義事平形相全表間樣與關各重新線內數正心反你明看原又麼利比或但質氣第向道命此變條只沒結"
    "解問意建月公無系軍很情者最立代想已通並提直題黨程展五果料象員革位入常文總次品式活設及管特件長求老頭基資邊流路級"
    "少圖山統接知較將組見計別她手角期根論運農指幾九區強放決西被幹做必戰先回則任取據處理府研質質保護隱私權蒐集個人"
    "資訊服務平台使用者帳號網站公告修正契約規範依照同意利用處理目的範圍期間地區對象方式安全措施"
).translate(_NUMERALS)

# The small vocabularies, most frequent first (Zipf weights follow this order).
_VOCAB_EN = list(
    dict.fromkeys(
        """the of and to or in any for by with such be may shall this that is are as on from which not
other under all its their we you your our it an a has have been will where when if than these those each
only within without upon including""".split()  # noqa: SIM905
        + _PLAIN_EN
        + """reserve affiliate subsidiary vendor partner jurisdiction court dispute liability damages warranty
indemnify terminate suspend license content intellectual property trademark copyright payment fee price tax
invoice refund order delivery product subscription term condition clause provision amendment effective date
written electronic signature identity verification fraud abuse misuse prohibited activity conduct minor
parent guardian child age employee staff contractor training confidentiality incident log monitoring
location browser identifier advertising profile recommendation algorithm automated decision model
artificial intelligence robot sensor camera voice image video recording biometric health financial
sensitive category basis legal statutory regulatory government public safety emergency merger acquisition
sale asset business successor assign waive governing interpretation language version prevail translation
question comment feedback survey event promotion reward loyalty program""".split()  # noqa: SIM905
    )
)
_VOCAB_ZH = list(
    dict.fromkeys(
        (
            "之的於及或與其本公司個人資料使用者服務平台應得不依法規定同意蒐集處理利用目的範圍期間地區對象方式安全措施"
            "權利義務提供保護當事人請求查詢閱覽複製補充更正停止刪除第三方委託合作夥伴網站帳號密碼電子郵件電話地址姓名"
            "身分證統一編號信用卡付款交易紀錄瀏覽器裝置位置資訊分析統計行銷廣告通知修正公告生效日期終止契約條款約定管轄"
            "法院爭議責任損害賠償免責限制為在是以上下中內外前後時間所有相關必要合理適當特定明確書面電腦程式系統網路連線"
            "傳輸儲存保存備份加密存取控制管理人員教育訓練稽核檢查評估風險事件發生處置回應調查主管機關命令政府公共利益"
            "緊急情況合併收購出售營業資產繼受轉讓放棄準據解釋語言版本文字翻譯問題意見回饋活動促銷獎勵會員計畫兒童未成年"
            "代理年齡員工承包商健康財務敏感類別基礎法律規範銷售產品訂閱價格費用稅退款訂單交付內容智慧財產商標著作授權"
            "暫停違反禁止行為詐欺濫用識別驗證簽章聲音影像錄音錄影生物特徵定位偏好設功能應更新改善開發支援維護營運"
        ).translate(_NUMERALS)
    )
)
# Steep enough that two unrelated sentences pass the redline's similarity test about half the
# time in either language (half their words in common: Dice's coefficient 0.5).
ZIPF_EXPONENTS = {"en": 1.3, "zh-TW": 1.1}


def _zipf(count: int, exponent: float) -> list[float]:
    """Cumulative Zipf weights for ``random.choices``: rank r is drawn in proportion to 1 / r**s."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


_VOCAB_EN_WEIGHTS = _zipf(len(_VOCAB_EN), ZIPF_EXPONENTS["en"])
_VOCAB_ZH_WEIGHTS = _zipf(len(_VOCAB_ZH), ZIPF_EXPONENTS["zh-TW"])


def _capitalized(words: list[str]) -> str:
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def plain_en(rng: random.Random) -> str:
    words = [rng.choice(_PLAIN_EN) for _ in range(rng.randint(10, 18))]
    if rng.random() < 0.4:
        words.insert(rng.randint(3, len(words) - 2), "and")
    return _capitalized(words)


def plain_zh(rng: random.Random) -> str:
    parts = [
        "".join(rng.choice(_PLAIN_ZH) for _ in range(rng.randint(6, 12))) for _ in range(rng.randint(2, 3))
    ]
    return "，".join(parts) + "。"


def vocab_en(rng: random.Random) -> str:
    return _capitalized(rng.choices(_VOCAB_EN, cum_weights=_VOCAB_EN_WEIGHTS, k=rng.randint(20, 50)))


def vocab_zh(rng: random.Random) -> str:
    def clause() -> str:
        return "".join(rng.choices(_VOCAB_ZH, cum_weights=_VOCAB_ZH_WEIGHTS, k=rng.randint(6, 14)))

    return "，".join(clause() for _ in range(rng.randint(4, 9))) + "。"


Sentence = Callable[[random.Random], str]


@dataclass(frozen=True)
class Style:
    """How a policy's text is made: its sentences and the shape of each section."""

    en: Sentence
    zh: Sentence
    sections: int  # how many of SECTIONS
    paragraphs: int  # per section
    sentences: int  # per paragraph
    items: int  # numbered list items per section (one list, after the paragraphs)


STYLES = {
    "plain": Style(plain_en, plain_zh, sections=10, paragraphs=1, sentences=4, items=3),
    "vocab": Style(vocab_en, vocab_zh, sections=10, paragraphs=1, sentences=4, items=3),
    "long": Style(plain_en, plain_zh, sections=5, paragraphs=8, sentences=18, items=0),
}

SECTIONS = [
    ("general", "General", "總則"),
    ("data-categories", "Categories of Personal Data", "個人資料類別"),
    ("purpose", "Purpose of Use", "利用目的"),
    ("period", "Retention Period", "保存期間"),
    ("region", "Region of Use", "利用地區"),
    ("recipients", "Recipients", "利用對象"),
    ("rights", "Your Rights", "當事人權利"),
    ("security", "Security Measures", "安全措施"),
    ("cookies", "Cookies", "Cookie 之使用"),
    ("contact", "Contact", "聯絡方式"),
]
LANGS = ("en", "zh-TW")


@dataclass
class Block:
    """A paragraph (``p``) or a numbered list (``ol``): parallel sentences in both languages."""

    kind: str
    en: list[str]
    zh: list[str]


class Policy:
    """A policy's text, changed version after version (amended, or rewritten whole)."""

    def __init__(self, rng: random.Random, style: Style, titles: tuple[str, str]):
        self.rng = rng
        self.style = style
        self.titles = dict(zip(LANGS, titles))
        self.intro = self._block("p", 2)
        self.sections: list[list[Block]] = []
        for _ in range(style.sections):
            blocks = [self._block("p", style.sentences) for _ in range(style.paragraphs)]
            if style.items:
                blocks.append(self._block("ol", style.items))
            self.sections.append(blocks)

    def _block(self, kind: str, count: int) -> Block:
        return Block(
            kind, [self.style.en(self.rng) for _ in range(count)], [self._zh() for _ in range(count)]
        )

    def _zh(self) -> str:
        return self.style.zh(self.rng)

    def _pick(self) -> tuple[Block, int]:
        block = self.rng.choice(self.rng.choice(self.sections))
        return block, self.rng.randrange(len(block.en))

    def replace(self, sentences: int) -> None:
        """Amendments: ``sentences`` sentences rewritten, in both languages."""
        for _ in range(sentences):
            block, index = self._pick()
            block.en[index] = self.style.en(self.rng)
            block.zh[index] = self._zh()

    def amend(self, changes: int) -> None:
        """Amendments of every kind: a few words of a sentence, a sentence rewritten, one added, one
        removed (both languages alike)."""
        for _ in range(changes):
            block, index = self._pick()
            kind = self.rng.choice(("words", "words", "sentence", "insert", "delete"))
            if kind == "words":
                block.en[index] = self._edit_words(block.en[index], _PLAIN_EN, " ")
                block.zh[index] = self._edit_words(block.zh[index], list(_PLAIN_ZH), "")
            elif kind == "sentence" or (kind == "delete" and len(block.en) < 2):
                block.en[index] = self.style.en(self.rng)
                block.zh[index] = self._zh()
            elif kind == "insert":
                block.en.insert(index, self.style.en(self.rng))
                block.zh.insert(index, self._zh())
            else:
                del block.en[index], block.zh[index]

    def _edit_words(self, sentence: str, vocabulary: list[str], join: str) -> str:
        """1-3 words (characters, in Chinese) of ``sentence`` replaced, its final stop kept."""
        units = sentence[:-1].split(" ") if join else list(sentence[:-1])
        for _ in range(self.rng.randint(1, 3)):
            where = self.rng.randrange(len(units))
            if units[where] != "，":
                units[where] = self.rng.choice(vocabulary)
        return join.join(units) + sentence[-1]

    def rewrite(self) -> None:
        """A new version that rewrites every sentence of every section and of the introduction."""
        for block in [self.intro, *(block for blocks in self.sections for block in blocks)]:
            block.en = [self.style.en(self.rng) for _ in block.en]
            block.zh = [self._zh() for _ in block.zh]

    def words(self) -> int:
        """English words per section, on average."""
        return sum(len(s.split()) for b in itertools.chain(*self.sections) for s in b.en) // len(
            self.sections
        )

    def render(self, lang: str, version: str) -> bytes:
        title = self.titles[lang]
        join = " " if lang == "en" else ""
        out = ["---", f"title: {title}", f"version: {version}", "---", "", f"# {title}", ""]
        out += [join.join(self.intro.en if lang == "en" else self.intro.zh), ""]
        for number, ((sid, en_title, zh_title), blocks) in enumerate(zip(SECTIONS, self.sections), 1):
            out += [f"## {number}. {en_title if lang == 'en' else zh_title} {{#{sid}}}", ""]
            for block in blocks:
                sentences = block.en if lang == "en" else block.zh
                if block.kind == "p":
                    out += [join.join(sentences), ""]
                else:
                    out += [f"{i}. {item}" for i, item in enumerate(sentences, 1)] + [""]
        return "\n".join(out).encode("utf-8")
