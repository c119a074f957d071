"""Rendered redlines in Chromium (issues 14 and 11): what a visitor sees on the redline page, in the
in-browser compare and in print, on a five-version history written with real Markdown
(``tests/redline_history.py``: emphasis, links, attribute lists, lists, a table, dates, numbers).
"""

from __future__ import annotations

import pytest
from gitrepo import static_site
from redline_history import POLICY, VERSIONS, around_marks, build, make_redline_history, marks

PREFIX = {"en": "/", "zh-TW": "/zh-TW/"}
PAIRS = list(zip(VERSIONS, VERSIONS[1:]))

# The redline as a visitor's browser holds it: elements, their attributes (links
# resolved, as followed) and text; whitespace between elements left out, and
# Material's scrolling wrapper around tables seen through.
SERIALIZE = """el => {
  function walk(n) {
    if (n.nodeType === 3) { const t = n.textContent.replace(/\\s+/g, ' '); return t.trim() ? t : ''; }
    if (n.nodeType !== 1) return '';
    const children = [...n.childNodes].map(walk).join('');
    const tag = n.tagName.toLowerCase();
    const attrs = [...n.attributes].map(a => a.name + '=' +
      (a.name === 'href' && !a.value.startsWith('#') ? n.href : a.value)).sort().join(' ');
    return '<' + tag + (attrs ? ' ' + attrs : '') + '>' + children + '</' + tag + '>';
  }
  return walk(el);
}"""
VISIBLE_TEXT = """el => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.sr-only').forEach(s => s.remove());
  return copy.textContent;
}"""


@pytest.fixture(scope="module")
def redline_site(tmp_path_factory, browser):
    repo = make_redline_history(tmp_path_factory.mktemp("browser-redlines") / "repo")
    result = build(repo)
    if not result.ok:
        pytest.fail(f"mkdocs build --strict failed:\n{result.output}", pytrace=False)
    with static_site(result.site) as url:
        yield url


def changes(base: str, lang: str, version: str) -> str:
    return f"{base}{PREFIX[lang]}{POLICY}/changes/{version}/"


def compare(page, base: str, page_lang: str, old: str, new: str, lang: str) -> None:
    page.goto(f"{base}{PREFIX[page_lang]}{POLICY}/versions/")
    page.select_option("form.policy-compare select[name=old]", old)
    page.select_option("form.policy-compare select[name=new]", new)
    page.select_option("form.policy-compare select[name=lang]", lang)
    page.click("form.policy-compare button[type=submit]")
    page.wait_for_selector("#policy-compare-output .redline")


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_redline_page_shows_the_policy_as_rendered(redline_site, page, lang):
    for _, version in PAIRS:
        page.goto(changes(redline_site, lang, version))
        text = page.eval_on_selector(".md-content .redline", VISIBLE_TEXT)
        for syntax in ("*", "{:", "](", "](#"):
            assert syntax not in text, (version, syntax)
        markup = page.inner_html(".md-content .redline")
        if lang == "en":
            for before, marked, after in around_marks(markup):  # whole words and numbers
                assert not (before.isalnum() and marked[:1].isalnum()), (version, before, marked)
                assert not (after.isalnum() and marked[-1:].isalnum()), (version, marked, after)
        else:
            for before, marked, after in around_marks(markup):  # never inside a number
                assert not (before.isdigit() and marked[:1].isdigit()), (version, before, marked)
                assert not (after.isdigit() and marked[-1:].isdigit()), (version, marked, after)
    page.goto(changes(redline_site, lang, VERSIONS[1]))
    # Emphasis, a table and a list, as on the policy page; marks inside them.
    assert page.locator(".md-content .redline em del").first.is_visible()
    assert page.locator(".md-content .redline table td ins").first.is_visible()
    style = page.eval_on_selector(".md-content .redline del", "d => getComputedStyle(d).textDecorationLine")
    assert "line-through" in style
    dates = {"en": ("7 March 2024", "3 April 2024"), "zh-TW": ("2024 年 3 月 7 日", "2024 年 4 月 3 日")}[
        lang
    ]
    assert marks(page.inner_html(".md-content .redline"))[:2] == [("del", dates[0]), ("ins", dates[1])]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_browser_compare_agrees_with_every_built_redline(redline_site, page, lang):
    for old, new in PAIRS:
        compare(page, redline_site, lang, old, new, lang)
        in_browser = page.eval_on_selector("#policy-compare-output .redline", SERIALIZE)
        page.goto(changes(redline_site, lang, new))
        built = page.eval_on_selector(".md-content .redline", SERIALIZE)
        assert in_browser == built, (old, new)


def test_compare_across_several_versions_in_the_other_language(redline_site, page):
    compare(page, redline_site, "en", VERSIONS[0], VERSIONS[-1], "zh-TW")
    assert page.get_attribute("#policy-compare-output", "lang") == "zh-TW"
    found = marks(page.inner_html("#policy-compare-output .redline"))
    assert ("del", "政策") in found and ("ins", "聲明") in found  # the title
    assert ("del", "2024 年 3 月 7 日") in found and ("ins", "2024 年 4 月 3 日") in found
    assert ("del", "30") in found and ("ins", "60") in found
    note = page.locator("#policy-compare-output .redline-note").first
    assert note.is_visible() and "terms-of-use" in note.inner_text()
    # The screen-reader labels of the marks are in the compared text's language.
    assert page.text_content("#policy-compare-output del .sr-only >> nth=0") == "［刪除："


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_rendered_redlines_are_accessible(redline_site, browser, run_axe, lang, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        for version in (VERSIONS[1], VERSIONS[2], VERSIONS[3]):
            page.goto(changes(redline_site, lang, version))
            violations = run_axe(
                page, None if scheme == "light" else ["color-contrast", "link-in-text-block"]
            )
            assert not violations, (version, violations)
        compare(page, redline_site, lang, VERSIONS[0], VERSIONS[-1], lang)
        assert not run_axe(page, None if scheme == "light" else ["color-contrast", "link-in-text-block"])
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_printed_redline_shows_the_rendered_text_and_its_marks(redline_site, page, lang):
    page.goto(changes(redline_site, lang, VERSIONS[3]))
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".md-content .redline table").first.is_visible()
    assert page.locator(".md-content .redline ol li del").first.is_visible()
    text = page.inner_text(".md-content .redline")
    assert "*" not in text and "{:" not in text and "](" not in text


# Markdown a policy may use, to edit at random: the browser's port of the redline
# engine must write exactly what the build writes for any pair of texts.
MARKDOWN = {
    "en": """Intro with <abbr title="Personal data">PD</abbr> and a line<br>
break, `code`, *Effective 7 March 2024.* and **bold** [terms](https://example.com/terms).

!!! note "Note title"
    Admonition text with **bold**.

> A quote
> continues.

## A {#a}

1. One item, kept for 30 days.
2. Two items.

    Loose paragraph in two.

3. Three
    1. Nested a
        - Deeper x
        - Deeper y
    2. Nested b

## B {#b}

| A | B | C |
|:--|:-:|--:|
| *x* | [l](#a) | `c` |
| 1,000 | 2024-03-07 | 7 March 2024 |

We share data with partners. The cat sat on the mat. Write to privacy@example.com.

### C {: #c .cls }

&copy; 2024 &amp; co. Visit [terms](terms.md#use) or <https://example.com>.
""",
    "zh-TW": """前言,含 <abbr title="個人資料">個資</abbr> 與換行<br>
以及 `代碼`、*自 2024 年 3 月 7 日起生效。*與**粗體**[條款](https://example.com/terms)。

> 引文
> 繼續。

## A {#a}

1. 第一項,保存 30 日。
2. 第二項。
3. 第三項
    - 子項目甲
    - 子項目乙

## B {#b}

| 甲 | 乙 |
|:--|--:|
| *x* | [連結](#a) |
| 三十日 | 2024-03-07 |

我們絕不與合作夥伴分享您的資料。請寫信至 privacy@example.com。

### C {: #c .cls }

&copy; 2024 請參閱[條款](terms.md#use)。
""",
}
EDITS = ["new", "30", "60", "**b**", "[x](#b)", "\n\n- item\n\n", "2025-01-01", "新增", "三十", "\n\n", "*e*"]


def _variants(lang: str, count: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    base = MARKDOWN[lang]
    out = [base]
    for _ in range(count):
        pieces = base.split(" ") if lang == "en" else list(base)
        for _ in range(rng.randint(1, 5)):
            k = rng.randrange(len(pieces))
            roll = rng.random()
            if roll < 0.3:
                del pieces[k]
            elif roll < 0.5:
                pieces[k] = pieces[k][::-1]
            else:
                pieces.insert(k, rng.choice(EDITS))
        out.append((" " if lang == "en" else "").join(pieces))
    return out


def _block_data(body: str, lang: str) -> dict:
    from policysite import blocks, sources

    text = f"---\ntitle: T\nversion: 2020.01.01\n---\n\n# T\n\n{body}\n"
    document, found = sources.parse(text, f"{lang}/p.md", "p", lang)
    assert document is not None, found
    return blocks.text_data(document, lang)


def _port_differences(page, base: str, lang: str, pairs: list[tuple[dict, dict]]) -> list:
    """The pairs of block data the browser's port redlines otherwise than the build (none, we hope)."""
    from policysite import diff
    from policysite.pages import compare as compare_data
    from policysite.pages import redlines

    expected = [
        redlines.redline_html(diff.compare_data(old, new, lang), lang, redlines.VERSIONS_ROOT)
        for old, new in pairs
    ]
    page.goto(f"{base}{PREFIX[lang]}{POLICY}/versions/")
    page.wait_for_function("window.policyCompare !== undefined")
    return page.evaluate(
        """([pairs, expected, labels, root, serialize]) => {
            const walk = eval(serialize);
            return pairs.map(([a, b], i) => {
                const mine = document.createElement('div'), theirs = document.createElement('div');
                const sections = window.policyCompare.compare(a, b);
                mine.innerHTML = window.policyCompare.render(sections, labels, root);
                theirs.innerHTML = expected[i];
                const x = walk(mine), y = walk(theirs);
                return x === y ? null : [i, x, y];
            }).filter(r => r !== null);
        }""",
        [pairs, expected, compare_data.redline_labels(lang), redlines.VERSIONS_ROOT, SERIALIZE],
    )


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_browser_port_writes_what_the_build_writes_for_any_edit(redline_site, page, lang):
    texts = [_block_data(body, lang) for body in _variants(lang, 30, seed=7 if lang == "en" else 11)]
    pairs = list(zip(texts, texts[1:])) + [(texts[0], t) for t in texts[2:8]]
    same = _port_differences(page, redline_site, lang, pairs)
    assert not same, same[:1]


def _vocabulary_pairs(lang: str) -> list[tuple[dict, dict]]:
    """Issue 29: block data of texts from a small shared vocabulary (``tests/shared_vocabulary.py``):
    a history rewritten, amended, reordered; and long single sentences (up to ~200 tokens)
    rewritten, amended, with a clause inserted and reordered beyond the edit cap."""
    import random

    import shared_vocabulary as vocabulary

    texts = [vocabulary.block_data(text, lang) for text in vocabulary.amended_history(29, lang, sections=3)]
    pairs = list(zip(texts, texts[1:])) + [(texts[0], texts[-1]), (texts[1], texts[-1])]
    rng = random.Random(f"browser/{lang}")
    for _ in range(6):
        old = vocabulary.sentence(rng, lang, 100 if lang == "en" else 200)
        for new in (
            vocabulary.sentence(rng, lang, 100 if lang == "en" else 200),
            vocabulary.amend_words(rng, lang, old, 3),
            vocabulary.insert_clause(rng, lang, old, 20),
            vocabulary.reordered(lang, old),
        ):
            pairs.append(
                (_block_data(f"## A {{#a}}\n\n{old}", lang), _block_data(f"## A {{#a}}\n\n{new}", lang))
            )
    return pairs


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_browser_port_bounds_shared_vocabulary_rewrites_as_the_build_does(redline_site, page, lang):
    """The port applies the same similarity test (words and word pairs) and the same edit cap:
    sentences rewritten from a shared vocabulary replaced whole, amendments diffed word by word,
    sentences reordered beyond the cap replaced between their common start and end."""
    from policysite import align, diff

    pairs = _vocabulary_pairs(lang)
    align.WORK.reset()
    redlines = [diff.compare_data(old, new, lang) for old, new in pairs]
    assert align.WORK.diffs >= 20 and align.WORK.replaced >= 6  # both sides of the cap are exercised
    ops = [block.op for redline in redlines for section in redline.sections for block in section.blocks]
    assert ops.count(diff.DELETE) >= 20  # rewritten blocks, replaced whole
    same = _port_differences(page, redline_site, lang, pairs)
    assert not same, same[:1]


# Numbered headings and lists, edited so that what follows is renumbered (issue 27, item 5).
NUMBERED = {
    "en": [
        "Intro.\n\n## 1. Scope {#scope}\n\n1. One.\n2. Two.\n3. Three.\n\n## 2. Duties {#duties}\n\n"
        "1. Pay.\n\n2. Keep.\n\n    Records.\n\n3. Report.\n\n## 3. Contact {#contact}\n\nWrite.",
        "Intro.\n\n## 1. Scope {#scope}\n\n1. One.\n2. New.\n3. Two.\n4. Three.\n\n"
        "## 2. Fees {#fees}\n\nNone.\n\n## 3. Duties {#duties}\n\n1. Keep.\n\n    Records.\n\n2. Report.\n\n"
        "## 4. Contact {#contact}\n\nWrite.",
        "Intro.\n\n## § 1 Scope {#scope}\n\n1. One.\n2. Three.\n\n## § 2 Duties {#duties}\n\n1. Report.\n\n"
        "## 4.1 Contact {#contact}\n\nWrite.",
    ],
    "zh-TW": [
        "前言。\n\n## 第一條 範圍 {#scope}\n\n1. 一。\n2. 二。\n3. 三。\n\n"
        "## 第二條 義務 {#duties}\n\n1. 付款。\n2. 保存。",
        "前言。\n\n## 第一條 範圍 {#scope}\n\n1. 一。\n2. 三。\n\n## 第二條 費用 {#fees}\n\n免費。\n\n"
        "## 第三條 義務 {#duties}\n\n1. 新增。\n2. 付款。\n3. 保存。",
        "前言。\n\n## 一、範圍 {#scope}\n\n1. 三。\n\n## 二、義務 {#duties}\n\n1. 保存。",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_browser_port_marks_renumbering_as_the_build_does(redline_site, page, lang):
    from policysite import diff

    texts = [_block_data(body, lang) for body in NUMBERED[lang]]
    pairs = [(a, b) for a in texts for b in texts if a is not b]

    def renumbers(section: diff.SectionDiff) -> bool:
        return bool(section.number or section.renumbered or any(b.renumbered for b in section.blocks))

    renumbered = [any(map(renumbers, diff.compare_data(a, b, lang).sections)) for a, b in pairs]
    assert all(renumbered)  # every pair renumbers something
    same = _port_differences(page, redline_site, lang, pairs)
    assert not same, same[:1]


def _in_view(page, selector: str) -> bool:
    """Whether the element's top is on screen, below Material's sticky header."""
    return page.eval_on_selector(
        selector,
        """el => {
            const top = el.getBoundingClientRect().top;
            const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
            return top >= header - 1 && top < window.innerHeight / 2;
        }""",
    )


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_next_and_previous_change_move_from_change_to_change(redline_site, page, lang):
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(changes(redline_site, lang, VERSIONS[1]))
    listed = page.eval_on_selector_all(".md-content .redline-changes a", "links => links.map(a => a.hash)")
    assert listed == ["#redline-intro", "#accounts", "#sharing"]
    # From the list at the top to a change, then from change to change.
    page.click(".md-content .redline-changes a[href='#sharing']")
    assert page.evaluate("location.hash") == "#sharing" and _in_view(page, "#sharing")
    page.click("#sharing .redline-nav-previous")
    assert page.evaluate("location.hash") == "#accounts" and _in_view(page, "#accounts")
    page.click("#accounts .redline-nav-next")
    assert page.evaluate("location.hash") == "#sharing" and _in_view(page, "#sharing")
    assert page.locator("#sharing .redline-nav-next").count() == 0  # the last change
    page.click("#sharing .redline-nav-list")
    assert page.evaluate("location.hash") == "#redline-changes" and _in_view(page, "#redline-changes")
    # By keyboard: the links are in the tab order and follow with Enter.
    page.focus("#redline-intro .redline-nav-next")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#accounts" and _in_view(page, "#accounts")
    assert (
        page.inner_text("#accounts .redline-nav-next") == {"en": "Next change", "zh-TW": "下一處變更"}[lang]
    )
    # The same links in a comparison made on the versions page.
    compare(page, redline_site, lang, VERSIONS[0], VERSIONS[3], lang)
    output = "#policy-compare-output"
    first = page.eval_on_selector(f"{output} .redline-changes a", "a => a.hash")
    page.click(f"{output} {first} .redline-nav-next")
    second = page.evaluate("location.hash")
    assert second != first and _in_view(page, f"{output} {second}")
    page.click(f"{output} {second} .redline-nav-previous")
    assert page.evaluate("location.hash") == first


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_j_and_k_keys_go_to_the_next_and_previous_change(redline_site, page, lang):
    """Keys for a long redline: j the next changed section, k the previous one (Material keeps n/p
    for pages); a key typed into a field is the field's."""
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(changes(redline_site, lang, VERSIONS[1]))
    listed = page.eval_on_selector_all(".md-content .redline-changes a", "links => links.map(a => a.hash)")
    page.keyboard.press("j")
    assert page.evaluate("location.hash") == listed[0] and _in_view(page, listed[0])
    for expected in listed[1:]:
        page.keyboard.press("j")
        assert page.evaluate("location.hash") == expected and _in_view(page, expected)
    page.keyboard.press("j")  # the last change: nowhere further
    assert page.evaluate("location.hash") == listed[-1]
    page.keyboard.press("k")
    assert page.evaluate("location.hash") == listed[-2] and _in_view(page, listed[-2])
    field = page.locator("input.md-search__input")  # (in the header at this width)
    field.focus()
    page.keyboard.press("j")
    assert page.evaluate("location.hash") == listed[-2] and field.input_value() == "j"


def test_a_renumbered_list_item_shows_its_old_and_new_number(redline_site, page):
    page.goto(changes(redline_site, "en", VERSIONS[3]))
    mark = page.locator("#accounts li .redline-renumbered")
    assert mark.count() == 1 and mark.is_visible()
    assert mark.locator("[aria-hidden=true]").inner_text() == "renumbered 3 → 2"
    assert mark.locator(".sr-only").text_content() == "[renumbered from 3 to 2] "
    assert page.eval_on_selector("#accounts li:nth-child(3)", "li => li.value") == 2
