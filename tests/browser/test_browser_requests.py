"""No third parties: every request the browser makes goes to the site itself."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

LOCAL_SCHEMES = ("data", "blob", "about")


@pytest.mark.slow
def test_no_request_leaves_the_site(demo_site, page, search):
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page.on(
        "response",
        lambda response: response.status >= 400 and failed.append(f"{response.url} (HTTP {response.status})"),
    )

    for lang in ("en", "zh-TW"):
        for _kind, path in demo_site.page_kinds(lang).items():
            page.goto(demo_site.url(path))
            page.wait_for_load_state("networkidle")
    results = search(page, "個人資料")
    assert results, "the search gave no result"
    page.wait_for_load_state("networkidle")

    origin = urlsplit(demo_site.base_url)
    elsewhere = [
        url
        for url in requests
        if urlsplit(url).scheme not in LOCAL_SCHEMES
        and (urlsplit(url).scheme, urlsplit(url).netloc) != (origin.scheme, origin.netloc)
    ]
    assert requests, "no request was recorded"
    assert not elsewhere, "requests to another origin:\n" + "\n".join(sorted(set(elsewhere)))
    assert not failed, "failed requests:\n" + "\n".join(sorted(set(failed)))


@pytest.mark.slow
def test_the_content_security_policy_holds_and_blocks_nothing_of_the_site(demo_site, context, search):
    """Every page carries the published CSP, and nothing the site itself does violates it."""
    violations: list[str] = []
    page = context.new_page()
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    for lang in ("en", "zh-TW"):
        for _kind, path in demo_site.page_kinds(lang).items():
            page.goto(demo_site.url(path))
            page.wait_for_load_state("networkidle")
            csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
            assert "script-src 'self';" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp, (
                path
            )
            assert "unsafe-inline" not in csp, path
    # The interactive parts work under it: search, compare.
    assert search(page, "cookies")
    page.goto(demo_site.url(demo_site.path("en", "privacy", "versions")))
    page.wait_for_selector("form.policy-compare")
    assert violations == []
