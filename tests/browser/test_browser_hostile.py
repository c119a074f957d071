"""Issue 16 in a real browser: nothing from a pull request runs script or loads another origin.

Two sites, both languages, every page type:

- ``text_site``: hostile text where text belongs -- a YAML-escaped title with an
  ``<img onerror>``, a ``<script>`` summary and a commit subject with a Markdown
  ``javascript:`` link and an external image.  The check has nothing to refuse
  (it is text), ``mkdocs build --strict`` passes, and every page shows the text
  as text under the published Content-Security-Policy.
- ``injected_site``: every injection of ``injections.py`` in the body and
  headings of both languages.  The check refuses them, so the site is previewed
  the way an editor would see a hostile pull request: with ``mkdocs serve``,
  which keeps serving despite errors.  The sanitizer alone must disarm them.

In Chromium: no dialog, ``window.__xss`` never set, no request leaves 127.0.0.1,
and no element carries an ``on*`` attribute or a script URL.
"""

from __future__ import annotations

import json

import pytest
from gitrepo import PolicyRepo, static_site
from injections import HEADING, INJECTIONS
from seed import EN_SECTION_LINE, SECTION_LINE

HOSTILE_TITLE = {
    "en": "\"Privacy \\x3cimg src=x onerror='window.__xss=1'> Policy\"",
    "zh-TW": "\"隱私權政策 \\x3cimg src=x onerror='window.__xss=1'>\"",
}
HOSTILE_SUMMARY = '"\\x3cscript>window.__xss=1\\x3c/script> [x](javascript:window.__xss=1)"'
HOSTILE_SUBJECT = (
    "Privacy 2020.06.01 [click](javascript:window.__xss=1) ![t](https://evil.example/t.png) "
    "<img src=x onerror=window.__xss=1>"
)
V1, V2 = "2019.12.19", "2020.06.01"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _front_matter(repo: PolicyRepo, lang: str, title: str, version: str, summary: str) -> None:
    text = repo.read(lang)
    body = text.split("---\n", 2)[2]
    repo.write(lang, "privacy", f"---\ntitle: {title}\nversion: {version}\nsummary: {summary}\n---\n{body}")


def _pages(lang: str) -> list[str]:
    prefix = "" if lang == "en" else "zh-TW/"
    return [
        f"/{prefix}{path}"
        for path in (
            "",
            "privacy/",
            "privacy/versions/",
            f"privacy/versions/{V1}/",
            f"privacy/versions/{V2}/",
            f"privacy/changes/{V2}/",
            "privacy/bilingual/",
            "changelog/",
        )
    ]


@pytest.fixture(scope="module")
def text_site(tmp_path_factory):
    repo = PolicyRepo.create(tmp_path_factory.mktemp("hostile-text") / "repo")
    repo.commit("Publish the privacy policy", "2019-12-19T10:00:00Z")
    for lang in ("en", "zh-TW"):
        _front_matter(repo, lang, HOSTILE_TITLE[lang], V2, HOSTILE_SUMMARY)
    repo.edit("en", EN_SECTION_LINE, EN_SECTION_LINE + " We review these measures every year.")
    repo.edit("zh-TW", SECTION_LINE, SECTION_LINE + "我們每年檢討這些措施。")
    repo.commit(HOSTILE_SUBJECT, "2020-06-01T10:00:00Z")
    result = repo.build(strict=True, env=EPOCH)
    assert result.ok, result.output
    return repo, result


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-body")
    repo = PolicyRepo.create(folder / "repo")
    repo.commit("Publish the privacy policy", "2019-12-19T10:00:00Z")
    payload = "".join("\n\n" + snippet + "\n\n" for snippet in INJECTIONS)
    repo.set_version("privacy", V2)
    repo.edit("en", EN_SECTION_LINE, EN_SECTION_LINE + payload)
    repo.edit("zh-TW", SECTION_LINE, SECTION_LINE + payload)
    repo.edit(
        "en",
        "## 6. data security {#data-security}",
        '## 6. data security <img src=x onerror="window.__xss=1"> {#data-security onclick="window.__xss=1"}',
    )
    repo.edit("zh-TW", HEADING, "## 6. 資料安全<script>window.__xss=1</script> {#data-security}")
    repo.commit(HOSTILE_SUBJECT, "2020-06-01T10:00:00Z")
    check = repo.policy("check")
    assert check.returncode == 1 and "[html.unsafe]" in check.stdout and "Traceback" not in check.output
    with repo.serve(folder / "serve.log", env=EPOCH, wait_for_path=f"/zh-TW/privacy/changes/{V2}/") as server:
        yield repo, server


def _visit(context, url: str) -> dict:
    """Load ``url`` and report what ran, what was requested elsewhere, and what is active in the DOM."""
    page = context.new_page()
    dialogs, foreign = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def route(route):
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.goto(url)
    page.wait_for_load_state("load")
    # Give event handlers a chance: hover and focus everything in the article.
    page.evaluate("""() => {
        for (const el of document.querySelectorAll('article *')) {
            for (const type of ['mouseover', 'focus', 'click']) {
                if (type === 'click' && el.closest('a[href]')) continue;
                el.dispatchEvent(new Event(type, {bubbles: true}));
            }
        }
    }""")
    page.wait_for_timeout(300)
    state = page.evaluate("""() => {
        const active = [];
        for (const el of document.querySelectorAll('body *')) {
            for (const attr of el.attributes) {
                const name = attr.name.toLowerCase();
                const value = attr.value.replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase();
                if (name.startsWith('on')) active.push(`<${el.tagName} ${name}>`);
                if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name)
                        && /^(javascript|vbscript|data:text)/.test(value)) {
                    active.push(`<${el.tagName} ${name}=${value}>`);
                }
            }
        }
        return {xss: window.__xss === undefined ? null : window.__xss, active: active,
                scripts: [...document.querySelectorAll(
                    'article script, article iframe, article object, article embed')].map(e => e.outerHTML)};
    }""")
    page.close()
    return {"dialogs": dialogs, "foreign": foreign, **state}


CLEAN = {"dialogs": [], "foreign": [], "xss": None, "active": [], "scripts": []}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_hostile_text_is_shown_as_text_on_every_page(text_site, browser, lang):
    repo, result = text_site
    context = browser.new_context()
    with static_site(result.site) as base:
        try:
            for path in _pages(lang):
                assert _visit(context, base + path) == CLEAN, path
            page = context.new_page()
            page.goto(base + _pages(lang)[2])  # the versions page: title, summary and commit subject as text
            text = page.locator("body").text_content()  # the revisions are in a closed <details>
            assert "onerror='window.__xss=1'>" in text and "<script>window.__xss=1</script>" in text
            assert "[click](javascript:window.__xss=1)" in text
            assert (
                page.locator("meta[http-equiv=Content-Security-Policy]")
                .get_attribute("content")
                .startswith("default-src 'self'; script-src 'self';")
            )
        finally:
            context.close()
    # The same text, as data, where it belongs.
    index = json.loads(result.page("versions.json"))
    privacy = index["policies"][0]
    assert "<img src=x onerror='window.__xss=1'>" in privacy["title"][lang]
    assert privacy["versions"][0]["revisions"][-1]["subject"] == HOSTILE_SUBJECT
    search = result.page("search/search_index.json" if lang == "en" else "zh-TW/search/search_index.json")
    assert "<img src=x onerror" not in search and "<script>" not in search  # Material renders it as HTML
    assert "&lt;img src=x onerror=" in search
    feed = result.page("feed.xml" if lang == "en" else "zh-TW/feed.xml")
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in feed and "<script>" not in feed


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_injections_are_disarmed_on_every_page_of_a_preview(injected_site, browser, lang):
    repo, server = injected_site
    context = browser.new_context()
    try:
        for path in _pages(lang):
            assert _visit(context, server.url + path) == CLEAN, path
    finally:
        context.close()
    assert "Traceback" not in server.output()
