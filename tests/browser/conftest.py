"""Browser tests: a real multi-version site, served locally, driven in Chromium.

One demo site per test session (per xdist worker): the project is copied into a
temporary git repository, given several dated versions of the privacy policy in
both languages (three past versions and one upcoming), built with
``mkdocs build --strict`` and a fixed ``SOURCE_DATE_EPOCH``, and served on
127.0.0.1 at a free port.  Tests drive Debian's Chromium through Playwright
(``executable_path``: Playwright's own browser download is never used).

No Chromium: in CI (``CI`` set) the tests fail, elsewhere they are skipped with
the reason.  Set ``CHROMIUM`` to use another binary.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from gitrepo import PolicyRepo

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"

POLICY = "privacy"
LANGUAGES = ("en", "zh-TW")

# 2022-01-01T00:00:00Z: the build date, after the three past versions and
# before the upcoming one.
SOURCE_DATE_EPOCH = "1640995200"
PAST_VERSIONS = ("2019.12.19", "2020.06.01", "2021.03.15")
UPCOMING_VERSION = "2030.01.01"
# The commit date of each version (the upcoming one is committed before the
# build date and takes effect after it).
COMMIT_DATES = {
    "2019.12.19": "2019-12-19T10:00:00Z",
    "2020.06.01": "2020-05-20T10:00:00Z",
    "2021.03.15": "2021-03-01T10:00:00Z",
    "2030.01.01": "2021-12-01T10:00:00Z",
}
ADDITIONS = {
    "en": " This sentence was added in the version of {version}.",
    "zh-TW": "本句於 {version} 版本新增。",
}

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# ---------------------------------------------------------------- the demo site


@dataclass
class Demo:
    """The built demo site and what the tests need to know about it."""

    root: Path  # the git repository
    site: Path  # its built site
    base_url: str = ""
    sections: list[str] = field(default_factory=list)  # section IDs of the policy, in order
    changed: dict[str, str] = field(default_factory=dict)  # version -> section ID edited in it
    current: str = PAST_VERSIONS[-1]
    archived: str = PAST_VERSIONS[0]
    upcoming: str = UPCOMING_VERSION

    def url(self, path: str) -> str:
        return self.base_url + path

    @staticmethod
    def path(lang: str, *parts: str) -> str:
        """Site path of a page: ``/privacy/`` or ``/zh-TW/privacy/versions/2019.12.19/``."""
        prefix = "/" if lang == "en" else f"/{lang}/"
        tail = "/".join(parts)
        return prefix + (tail + "/" if tail else "")

    def page_kinds(self, lang: str) -> dict[str, str]:
        """The page types a visitor meets, by name -> site path."""
        kinds = {
            "home": self.path(lang),
            "current": self.path(lang, POLICY),
            "versions": self.path(lang, POLICY, "versions"),
            "archived": self.path(lang, POLICY, "versions", self.archived),
            "redline": self.path(lang, POLICY, "changes", self.current),
            "changelog": self.path(lang, "changelog"),
        }
        if self.has(self.path(lang, POLICY, "bilingual")):
            kinds["bilingual"] = self.path(lang, POLICY, "bilingual")
        return kinds

    def has(self, path: str) -> bool:
        return (self.site / path.strip("/") / "index.html").is_file()


_HEADING_ID = re.compile(r"^#{2,6}[ \t].*?\{:?[ \t]*#([a-z0-9][a-z0-9-]*)[^{}]*\}[ \t]*$")


def _section_ids(text: str) -> list[str]:
    return [m.group(1) for line in text.split("\n") if (m := _HEADING_ID.match(line))]


def _new_version(path: Path, version: str, section: str, addition: str) -> None:
    """Set the front matter ``version`` and append ``addition`` to the first
    line of text in ``section``: the text changes, its structure does not."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        if line.startswith("version:"):
            lines[index] = f"version: {version}"
            break
    else:
        raise AssertionError(f"{path}: no 'version:' line in the front matter")
    start = next(
        i
        for i, line in enumerate(lines)
        if _HEADING_ID.match(line) and _HEADING_ID.match(line).group(1) == section
    )
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if line.lstrip().startswith(("#", "|", "<", "{", ":")):
            raise AssertionError(f"{path}: section '{section}' has no plain text line to edit")
        lines[index] = line.rstrip() + addition
        break
    path.write_text("\n".join(lines), encoding="utf-8")


def make_demo(directory: Path) -> Demo:
    """A git repository holding the project with several dated versions."""
    repo = PolicyRepo.create(directory)
    sources = {lang: repo.file(lang, POLICY) for lang in LANGUAGES}
    sections = _section_ids(sources["en"].read_text(encoding="utf-8"))
    assert len(sections) >= 3, f"the {POLICY} policy needs at least 3 sections for the demo"
    # The seed version is whatever the project has; make it the first demo version.
    for path in sources.values():
        _new_version(path, PAST_VERSIONS[0], sections[0], "")
    repo.commit(f"{POLICY}: version {PAST_VERSIONS[0]}", COMMIT_DATES[PAST_VERSIONS[0]])
    demo = Demo(root=repo.root, site=repo.root / "site", sections=sections)
    # Each later version edits one section: the second, the last, then (upcoming) the middle one.
    edits = zip(
        PAST_VERSIONS[1:] + (UPCOMING_VERSION,), (sections[1], sections[-1], sections[len(sections) // 2])
    )
    for version, section in edits:
        for lang, path in sources.items():
            _new_version(path, version, section, ADDITIONS[lang].format(version=version))
        repo.commit(f"{POLICY}: version {version}", COMMIT_DATES[version])
        demo.changed[version] = section
    return demo


def build(root: Path):
    return PolicyRepo(root).build(strict=True, env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, browser) -> Demo:
    """The demo site, built once per session (per xdist worker) and served on 127.0.0.1.

    (It asks for the browser first: without one there is nothing to build for.)"""
    demo = make_demo(tmp_path_factory.mktemp("browser") / "repo")
    result = build(demo.root)
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict of the demo site failed:\n{result.stdout}\n{result.stderr}", pytrace=False
        )
    handler = functools.partial(_QuietHandler, directory=str(demo.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    demo.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield demo
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ---------------------------------------------------------------- the browser


def _chromium_path() -> str | None:
    candidates = [
        os.environ.get("CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
        shutil.which("chromium-browser"),
    ]
    return next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str):
    if _in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests need Debian's Chromium: {reason} (apt-get install chromium, or set CHROMIUM)")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        _unavailable("no chromium executable found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright is not installed ({exc})")
    manager = sync_playwright().start()
    try:
        try:
            instance = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:
            _unavailable(f"{executable} did not start: {exc}")
        yield instance
        instance.close()
    finally:
        manager.stop()


@pytest.fixture
def context(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US", color_scheme="light"
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


# ---------------------------------------------------------------- helpers as fixtures


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def run_axe(axe_source):
    """``run_axe(page, rules=None)`` -> the serious and critical axe-core
    violations on the page (all rules, or only the given ones)."""

    def run(page, rules: list[str] | None = None) -> list[dict]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol: the page's CSP allows no inline script.
            page.evaluate(axe_source + "\n;undefined")
        # Colours half-way through a transition (a button just clicked, still in its hover or
        # focus style) are no colours a reader is left with: let the transitions end first.
        # (Evaluated, not polled with wait_for_function: the CSP allows no eval.)
        page.evaluate(
            """() => Promise.all(document.getAnimations()
                .filter(a => a instanceof CSSTransition && a.playState === 'running')
                .map(a => a.finished.catch(() => null)))"""
        )
        violations = page.evaluate(
            """async rules => {
                const options = {resultTypes: ['violations']};
                if (rules) options.runOnly = {type: 'rule', values: rules};
                const results = await axe.run(document, options);
                return results.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n =>
                        n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
                }));
            }""",
            rules,
        )
        return [v for v in violations if v["impact"] in ("serious", "critical")]

    return run


def open_language_menu(page) -> None:
    """Hover the language button and wait until the menu has opened: clicking a
    link of a half-open menu makes Playwright scroll the page to reach it."""
    page.hover(".md-header .md-select")
    page.wait_for_function(
        """() => {
            const inner = document.querySelector('.md-header .md-select__inner');
            return getComputedStyle(inner).opacity === '1'
                && inner.getBoundingClientRect().height > 0
                && inner.getAnimations({subtree: true}).length === 0;
        }"""
    )


@pytest.fixture
def language_menu():
    """``language_menu(page)``: open the header's language menu."""
    return open_language_menu


@pytest.fixture
def switch_language():
    """``switch_language(page, lang)``: use the header's language menu like a reader."""

    def switch(page, lang: str) -> None:
        open_language_menu(page)
        with page.expect_navigation():
            page.locator(f'.md-header a.md-select__link[hreflang="{lang}"]').click()
        page.wait_for_load_state("load")

    return switch


@pytest.fixture
def search():
    """``search(page, query)`` -> hrefs of the search results, as a reader types."""

    def run(page, query: str) -> list[str]:
        box = page.locator("input.md-search__input")
        if not box.is_visible():  # a narrow screen: the search opens from its icon
            page.click('label.md-header__button[for="__search"]')
        box.click()
        box.fill(query)
        # IME input ends with a key release; Material reads the query on keyup.
        box.press("End")
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        return page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")

    return run
