"""The error page in Chromium (issue 27, item 1), served the way hosts serve it.

A host answers a missing address with the site's ``404.html`` (status 404) at that address:
GitHub Pages with the root one, others (Cloudflare Pages, Netlify's rules) with the nearest
one up the address (``/zh-TW/404.html`` for ``/zh-TW/...``).  The server here does either, at
the root of the origin or under a sub-path (``/sub/``, for a site whose ``site_url`` says so).
The demo site (``conftest``) has the privacy policy's versions 2019.12.19, 2020.06.01,
2021.03.15 and the upcoming 2030.01.01.
"""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from gitrepo import SITE_URL, PolicyRepo

# As tests/browser/conftest.py builds the demo site (its build date, its past versions).
SOURCE_DATE_EPOCH = "1640995200"
PAST_VERSIONS = ("2019.12.19", "2020.06.01", "2021.03.15")


class _ErrorPageHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under ``mount``; a missing one answered with ``404.html`` (status 404): the
    root one, or with ``nearest`` the nearest one up the address."""

    mount = "/"
    nearest = False

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.mount):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(self.mount) :]
        target = Path(self.translate_path(self.path))
        if target.is_file() or (target.is_dir() and (target / "index.html").is_file()):
            return super().send_head()
        return self._error_page(Path(self.directory), self.path.split("?", 1)[0])

    def _error_page(self, root: Path, path: str):
        page = root / "404.html"
        if self.nearest:
            folder = (root / path.lstrip("/")).parent
            while root in folder.parents and not (folder / "404.html").is_file():
                folder = folder.parent
            page = folder / "404.html" if (folder / "404.html").is_file() else page
        data = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return None


@contextmanager
def serving(site: Path, mount: str = "/", nearest: bool = False):
    handler = type("Handler", (_ErrorPageHandler,), {"mount": mount, "nearest": nearest})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{mount}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def sub_path_site(demo_site, tmp_path_factory) -> Path:
    """The demo site again, published under a sub-path (``site_url``: ``.../sub/``)."""
    clone = PolicyRepo.clone(PolicyRepo(demo_site.root), tmp_path_factory.mktemp("sub-path") / "repo")
    clone.set_site_url(SITE_URL + "sub/")
    result = clone.build(strict=True, env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    assert result.ok, result.output
    return result.site


class Watch:
    """What went wrong on a page: failed requests (other than the missing page itself), console
    errors (the Content-Security-Policy's included)."""

    def __init__(self, page, missing: str):
        self.problems: list[str] = []
        page.on(
            "response",
            lambda r: r.status >= 400 and r.url.split("#")[0] != missing and self.problems.append(r.url),
        )
        page.on("requestfailed", lambda r: self.problems.append(f"{r.url} ({r.failure})"))
        page.on("console", lambda m: self._console(m, missing))

    def _console(self, message, missing: str) -> None:
        # (Chromium logs the missing page's own status 404 as an error: that one is expected)
        if message.type == "error" and (message.location or {}).get("url", "").split("#")[0] != missing:
            self.problems.append(message.text)


def visible_block(page):
    return page.locator("section.policy-not-found:visible")


def open_missing(page, url: str) -> Watch:
    watch = Watch(page, url)
    response = page.goto(url)
    assert response is not None and response.status == 404, url
    page.wait_for_load_state("networkidle")
    return watch


def test_the_root_error_page_speaks_english_and_offers_the_policies_and_the_search(demo_site, page):
    with serving(demo_site.site) as base:
        watch = open_missing(page, base + "privacy/no-such-page/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.title().startswith("Page not found")
        block = visible_block(page)
        assert block.count() == 1 and block.get_attribute("lang") == "en"
        assert block.locator("h1").inner_text() == "Page not found"
        assert page.locator(".md-search__input").get_attribute("placeholder") == "Search"
        block.locator("button[data-policy-search]").click()
        page.wait_for_function("document.activeElement === document.querySelector('.md-search__input')")
        page.keyboard.press("Escape")
        with page.expect_navigation():
            block.get_by_role("link", name="Privacy Policy").click()
        assert page.url == base + "privacy/" and page.locator("h1").first.inner_text()
        assert watch.problems == []


def test_a_miss_in_the_chinese_folder_shows_the_chinese_words_on_the_root_page(demo_site, page):
    """GitHub Pages serves the root 404.html for every missing address: it speaks the address's language."""
    with serving(demo_site.site) as base:
        watch = open_missing(page, base + "zh-TW/privacy/no-such-page/")
        block = visible_block(page)
        assert block.count() == 1 and block.get_attribute("lang") == "zh-TW"
        assert block.locator("h1").inner_text() == "找不到此頁面"
        assert block.get_by_role("button").inner_text() == "搜尋本網站"
        link = block.get_by_role("link", name="隱私權政策")
        assert link.get_attribute("href") == "/zh-TW/privacy/"
        assert watch.problems == []


def test_each_language_has_its_own_error_page_in_its_folder(demo_site, page, run_axe):
    """A host that serves the nearest 404.html: the Chinese page, Chinese chrome included."""
    with serving(demo_site.site, nearest=True) as base:
        watch = open_missing(page, base + "zh-TW/no-such-page/")
        assert page.locator("html").get_attribute("lang") == "zh-TW"
        assert page.title().startswith("找不到此頁面")
        assert page.locator(".md-search__input").get_attribute("placeholder") == "搜尋"
        assert visible_block(page).locator("h1").inner_text() == "找不到此頁面"
        assert page.locator("section.policy-not-found").count() == 1
        menu = page.locator(".md-header a.md-select__link")
        assert sorted(menu.evaluate_all("links => links.map(a => new URL(a.href).pathname)")) == [
            "/",
            "/zh-TW/",
        ]
        assert run_axe(page) == []  # (serious and critical accessibility violations)
        assert watch.problems == []


@pytest.mark.parametrize(
    "lang,asked,before,after",
    [
        ("en", "2020.03.07", "19 December 2019", "1 June 2020"),
        ("zh-TW", "2021.01.01", "2020 年 6 月 1 日", "2021 年 3 月 15 日"),
    ],
)
def test_a_version_that_does_not_exist_lists_the_nearest_versions(
    demo_site, page, lang, asked, before, after
):
    prefix = "" if lang == "en" else f"{lang}/"
    with serving(demo_site.site, nearest=True) as base:
        watch = open_missing(page, f"{base}{prefix}privacy/versions/{asked}/")
        block = visible_block(page)
        box = block.locator(".policy-not-found__versions")
        box.wait_for(state="visible")
        text = box.inner_text()
        assert asked in text, text
        assert block.locator("[data-policy-nearest=before] a").inner_text() == before
        assert block.locator("[data-policy-nearest=after] a").inner_text() == after
        assert block.locator("[data-policy-nearest=same]").count() == 0
        links = box.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert f"{base}{prefix}privacy/versions/{PAST_VERSIONS[0 if lang == 'en' else 1]}/" in links
        for href in links:
            assert page.request.get(href).status == 200, href
        assert watch.problems == []


def test_under_a_sub_path_every_link_stays_under_it(sub_path_site, page):
    with serving(sub_path_site, mount="/sub/") as base:
        watch = open_missing(page, base + "zh-TW/privacy/changes/2021.01.01/")
        block = visible_block(page)
        assert block.get_attribute("lang") == "zh-TW"
        block.locator(".policy-not-found__versions").wait_for(state="visible")
        assert (
            block.locator("[data-policy-nearest=before] a")
            .get_attribute("href")
            .endswith("/sub/zh-TW/privacy/versions/2020.06.01/")
        )
        hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
        own = [href for href in hrefs if href.startswith("http://127.0.0.1")]
        assert own and all(href.startswith(base) for href in own), own
        for href in {href.split("#")[0] for href in own}:
            assert page.request.get(href).status == 200, href
        # The stylesheets and scripts came from under the sub-path too (none failed).
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"
        assert watch.problems == []
