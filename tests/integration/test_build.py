"""Integration: real ``mkdocs build`` runs (subprocesses) on temporary git copies
of the project: the real content builds, parity breaks fail the build with the
file and line, and the site asks nothing of another origin."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from seed import EN_SECTION_LINE, LOG_ITEMS, SECTION_IDS, SECTION_LINE

from policysite import locale

VERSION = dt.date(2019, 12, 19)


def h2_ids(html: str) -> list[str]:
    return re.findall(r'<h2 id="([^"]+)"', html)


def no_traceback(build) -> None:
    assert "Traceback" not in build.output, build.output


# ---------------------------------------------------------------- the real content


def test_the_real_content_builds_strictly(real_build):
    assert real_build.returncode == 0, real_build.output
    no_traceback(real_build)
    assert "WARNING" not in real_build.output and "ERROR" not in real_build.output
    for url in ("", "privacy/", "zh-TW/", "zh-TW/privacy/"):
        assert (real_build.site / url / "index.html").is_file(), url


def test_both_languages_have_the_same_section_anchors(real_build):
    en = h2_ids(real_build.page("privacy/"))
    zh = h2_ids(real_build.page("zh-TW/privacy/"))
    assert en == zh == SECTION_IDS


def test_each_language_shows_the_version_date_its_own_way(real_build):
    en_date, zh_date = locale.format_date(VERSION, "en"), locale.format_date(VERSION, "zh-TW")
    assert en_date != zh_date
    en, zh = real_build.page("privacy/"), real_build.page("zh-TW/privacy/")
    assert en_date in en and zh_date not in en
    assert zh_date in zh and en_date not in zh
    assert re.search(r'<html lang="en"', en) and re.search(r'<html lang="zh-(TW|Hant)"', zh)


def test_home_pages_list_the_policy_with_its_version_date(real_build):
    home = real_build.page("")
    assert re.search(
        r'<a href="privacy/">Privacy Policy</a>[^<]*' + re.escape(locale.format_date(VERSION, "en")), home
    ), home
    home_zh = real_build.page("zh-TW/")
    assert re.search(
        r'<a href="privacy/">隱私權政策</a>[^<]*' + re.escape(locale.format_date(VERSION, "zh-TW")), home_zh
    )


# ---------------------------------------------------------------- no request to another origin

LOADING = re.compile(
    r"<(script|link|img|iframe|source|audio|video|embed|object|track)\b[^>]*?\s(src|href|data|srcset|poster)\s*=\s*[\"']?\s*((?:https?:)?//[^\"'\s>]*)",
    re.IGNORECASE,
)
# <link rel="canonical"> and <link rel="alternate" hreflang>: the page's addresses under site_url.
ADDRESS = re.compile(r"^<link\b[^>]*\srel=\"(?:canonical|alternate)\"", re.IGNORECASE)
CSS_REMOTE = re.compile(r"(?:url\(\s*[\"']?\s*|@import\s+[\"'])((?:https?:)?//[^\"')\s]+)", re.IGNORECASE)


def test_no_reference_to_another_origin(real_build):
    files = [p for p in real_build.site.rglob("*") if p.suffix in (".html", ".css", ".js")]
    assert any(p.suffix == ".html" for p in files) and any(p.suffix == ".css" for p in files)
    problems = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(real_build.site)
        for host in ("fonts.googleapis.com", "fonts.gstatic.com", "googletagmanager", "google-analytics"):
            if host in text:
                problems.append(f"{where}: {host}")
        if path.suffix == ".html":
            problems += [
                f"{where}: <{m.group(1)} {m.group(2)}={m.group(3)}>"
                for m in LOADING.finditer(text)
                if not ADDRESS.search(m.group(0))  # (the page's own addresses: nothing is loaded)
            ]
            problems += [f"{where}: style {m.group(1)}" for m in CSS_REMOTE.finditer(text)]
        if path.suffix == ".css":
            problems += [f"{where}: {m.group(1)}" for m in CSS_REMOTE.finditer(text)]
    assert problems == []


# ---------------------------------------------------------------- parity breaks fail the build


def test_a_parity_break_fails_the_strict_build_with_file_and_line(project_copy):
    project_copy.edit("zh-TW", LOG_ITEMS, "")
    project_copy.commit("Lose the three Log-information items in Chinese")
    build = project_copy.build(strict=True)
    assert build.returncode != 0
    no_traceback(build)
    assert re.search(
        r"zh-TW/privacy\.md:57: error: \[parity\.structure\] section 'collection-channels': "
        r"en has 3 list items under item 2\.2",
        build.output,
    ), build.output
    assert not (build.site / "zh-TW" / "privacy" / "index.html").exists()


def test_an_error_fails_a_plain_build_too(project_copy):
    """Never a partial site presented as success: errors fail without --strict."""
    project_copy.edit("zh-TW", "## 6. 資料安全 {#data-security}", "## 6. 資料安全")
    build = project_copy.build(strict=False)
    assert build.returncode != 0
    no_traceback(build)
    assert "zh-TW/privacy.md:81: error: [heading.no-id]" in build.output
    assert "[parity.section-missing]" in build.output
    assert not (build.site / "zh-TW" / "privacy" / "index.html").exists()


@pytest.fixture(scope="module")
def warning_builds(tmp_path_factory, new_project_copy):
    """A copy whose Chinese text has one paragraph more: built plainly and strictly."""
    copy = new_project_copy(tmp_path_factory.mktemp("warning") / "project")
    copy.edit(
        "zh-TW", "本政策構成本平台服務條款之一部分。", "本政策構成本平台服務條款之一部分。\n\n多出來的段落。"
    )
    copy.commit("One paragraph more in Chinese")
    plain = copy.build(strict=False)
    pages = {url: (plain.site / url / "index.html").is_file() for url in ("privacy/", "zh-TW/privacy/")}
    return plain, pages, copy.build(strict=True)


def test_a_paragraph_warning_passes_a_plain_build(warning_builds):
    plain, pages, _ = warning_builds
    assert plain.returncode == 0, plain.output
    no_traceback(plain)
    assert re.search(
        (
            r"WARNING\s+-\s+zh-TW/privacy\.md:101: warning: \[parity\.paragraphs\] section "
            r"'revision-and-effectiveness'"
        ),
        plain.output,
    ), plain.output
    assert all(pages.values()), pages


def test_a_paragraph_warning_fails_the_strict_build(warning_builds):
    _, _, strict = warning_builds
    assert strict.returncode != 0
    no_traceback(strict)
    assert "zh-TW/privacy.md:101: warning: [parity.paragraphs]" in strict.output


def test_unsafe_html_fails_the_build_but_code_samples_are_rendered_as_code(project_copy):
    sample = '\n\n```html\n<script>alert("sample")</script>\n```\n\nUse `<iframe>` never.'
    project_copy.edit("en", EN_SECTION_LINE, EN_SECTION_LINE + sample)
    project_copy.edit("zh-TW", SECTION_LINE, SECTION_LINE + sample)
    build = project_copy.build(strict=True)
    assert build.returncode == 0, build.output
    for url in ("privacy/", "zh-TW/privacy/"):
        html = build.page(url)
        assert re.search(r"&lt;script&gt;alert\((&quot;|\")sample(&quot;|\")\)&lt;/script&gt;", html), html
        assert '<script>alert("sample")' not in html
    project_copy.edit("zh-TW", "Use `<iframe>` never.", "Use <iframe src=x></iframe> never.")
    build = project_copy.build(strict=True)
    assert build.returncode != 0
    assert re.search(r"zh-TW/privacy\.md:\d+: error: \[html\.unsafe\] raw HTML <iframe>", build.output)
    no_traceback(build)


def test_garbage_sources_fail_the_build_without_traceback(project_copy):
    project_copy.write("zh-TW", "privacy", bytes(range(256)))
    project_copy.write("en", "terms", b"---\n- a\n---\n" + b"[<a `" * 2000)
    build = project_copy.build(strict=False)
    assert build.returncode != 0
    no_traceback(build)
    assert re.search(r"zh-TW/privacy\.md:\d+: error: \[source\.encoding\]", build.output), build.output
    assert "en/terms.md:2: error: [front-matter.invalid]" in build.output
