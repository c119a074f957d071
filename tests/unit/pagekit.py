"""The one small site every page-renderer unit test reads (``tests/unit/test_pages*.py``).

A real git repository in a temporary folder (real ``git``, no mocks) holds, as of 1 January 2021
(UTC), nine policies that between them show every case a page renders:

- ``privacy`` (en, zh-TW): 2020.01.01, corrected (declared editorial), 2020.06.01 (a section
  changed, one added), and 2021.03.01 upcoming;
- ``terms`` (English only): retired (its file deleted on 2020.07.01);
- ``cookie-policy`` (en, zh-TW): moved there from ``cookies`` on 2020.07.01 (one version);
- ``data`` (English only: pending in Chinese): 2020.09.01 published by mistake and withdrawn by a
  ``git revert``, 2020.01.01 restored;
- ``security`` (en, zh-TW): English at 2020.07.01 (a section changed, one added; then changed
  again without a declaration: a finding), Chinese lagging at 2020.01.01;
- ``legal/imprint`` (en, zh-TW): one version, in a category with a title in each language;
- ``accessibility`` (en, zh-TW): one version; its Chinese file, changed in the working tree
  (uncommitted), lost its front matter: it cannot be read;
- ``future`` (en, zh-TW): its only version, 2021.06.01, is upcoming;
- ``evil``: hostile titles and summaries (``<script>``, quotes, ``&``, control characters).

:func:`kit` builds it once per process (so once per xdist worker) through the same analysis the
build runs (:func:`policysite.model.analyse`), and the tests call each renderer directly.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gitrepo import PolicyRepo

from policysite import model
from policysite.config import load_settings
from policysite.history import PolicyHistory, Version
from policysite.pages import Redlines, Site

TODAY = dt.date(2021, 1, 1)
SITE_NAME = "Example <Site> & Co"
SITE_URL = "https://example.org/legal/"
REPO_URL = "https://github.com/example/policies.git"
# The hostile titles: markup, quotes, an ampersand and C0 control characters (a bell, an escape).
EVIL_EN = '<script>alert("x")</script> & \x07Terms\x1b'
EVIL_ZH = "<script>alert(1)</script>「條款」\x07"
EVIL_SUMMARY = "<b>bold</b> & \x07summary"

_EN = (
    "We respect privacy.\n\n## 1. General {{#general}}\n\nWe collect {collect}.\n\n"
    "## 2. Cookies {{#cookies}}\n\nWe use {cookies}.{retention}"
)
_ZH = (
    "我們尊重隱私。\n\n## 一、總則 {{#general}}\n\n我們蒐集{collect}。\n\n"
    "## 二、Cookie {{#cookies}}\n\n我們{cookies} Cookie。{retention}"
)
_LINKED_EN = "names and e-mail addresses ([access](security.md#access))"
_LINKED_ZH = "姓名及電子郵件地址（[存取](security.md#access)）"
_RETENTION_EN = "\n\n## 3. Retention {#retention}\n\nWe keep data for a year."
_RETENTION_ZH = "\n\n## 三、保存 {#retention}\n\n我們保存資料一年。"
PRIVACY = {
    ("en", 1): _EN.format(collect="names", cookies="cookies", retention=""),
    ("zh-TW", 1): _ZH.format(collect="姓名", cookies="使用", retention=""),
    ("en", 2): _EN.format(collect=_LINKED_EN, cookies="cookies", retention=_RETENTION_EN),
    ("zh-TW", 2): _ZH.format(collect=_LINKED_ZH, cookies="使用", retention=_RETENTION_ZH),
    ("en", 3): _EN.format(collect=_LINKED_EN, cookies="no cookies", retention=_RETENTION_EN),
    ("zh-TW", 3): _ZH.format(collect=_LINKED_ZH, cookies="不使用", retention=_RETENTION_ZH),
}
SECURITY_EN1 = "We protect data.\n\n## Access {#access}\n\nStaff only."
SECURITY_ZH1 = "我們保護資料。\n\n## 存取 {#access}\n\n僅限員工。"
SECURITY_EN2 = (
    "We protect data.\n\n## Access {#access}\n\nNamed staff only.\n\n## Audits {#audits}\n\nYearly."
)


def _write(root: Path, lang: str, policy: str, version: str, body: str, title: str, **extra: str) -> None:
    path = root / lang / f"{policy}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = "".join(f"{key}: {value}\n" for key, value in extra.items())
    heading = title if "<" not in title else "Heading"
    path.write_text(
        f"---\ntitle: {json.dumps(title)}\nversion: {version}\n{meta}---\n\n# {heading}\n\n{body}\n",
        encoding="utf-8",
    )


# Every policy the history ends with, sorted (cookies renamed cookie-policy; terms retired).
POLICIES = (
    "accessibility",
    "cookie-policy",
    "data",
    "evil",
    "future",
    "legal/imprint",
    "privacy",
    "security",
    "terms",
)

# The first commit: (lang, policy, body, title), all dated 2020.01.01.
FIRST = [
    ("en", "privacy", PRIVACY[("en", 1)], "Privacy Policy"),
    ("zh-TW", "privacy", PRIVACY[("zh-TW", 1)], "隱私權政策"),
    ("en", "terms", "Use the service lawfully.", "Terms of Use"),
    ("en", "cookies", "We use cookies.\n\n## Kinds {#kinds}\n\nTwo.", "Cookie Policy"),
    ("zh-TW", "cookies", "我們使用 Cookie。\n\n## 種類 {#kinds}\n\n兩種。", "Cookie 政策"),
    ("en", "data", "We process data.\n\n## Purposes {#purposes}\n\nService.", "Data Policy"),
    ("en", "security", SECURITY_EN1, "Security Policy"),
    ("zh-TW", "security", SECURITY_ZH1, "資訊安全政策"),
    ("en", "legal/imprint", "Example Ltd.\n\n## Contact {#contact}\n\nBy post.", "Imprint"),
    ("zh-TW", "legal/imprint", "範例公司。\n\n## 聯絡 {#contact}\n\n郵寄。", "公司資訊"),
    ("en", "accessibility", "We aim for WCAG.", "Accessibility Statement"),
    ("zh-TW", "accessibility", "我們以 WCAG 為目標。", "無障礙聲明"),
    ("en", "evil", "Plain text.\n\n## One {#one}\n\nOne.", EVIL_EN),
    ("zh-TW", "evil", "純文字。\n\n## 一 {#one}\n\n一。", EVIL_ZH),
]


def make_repo(root: Path) -> dict[str, str]:
    """The repository described above; returns the commits by name."""
    repo = PolicyRepo.init(root)
    commits = {}
    for lang, policy, text, title in FIRST:
        _write(root, lang, policy, "2020.01.01", text, title)
    (root / "en" / "legal" / "_category.yml").write_text("title: Legal <Notices>\n", encoding="utf-8")
    (root / "zh-TW" / "legal" / "_category.yml").write_text("title: 法律聲明\n", encoding="utf-8")
    commits["first"] = repo.commit("First versions", "2020-01-01T02:00:00Z")
    typo = PRIVACY[("en", 1)].replace("names.", "your names.")
    _write(root, "en", "privacy", "2020.01.01", typo, "Privacy Policy")
    commits["typo"] = repo.commit("Fix a typo\n\nPolicy-Change: editorial (typo)", "2020-02-01T02:00:00Z")
    for lang, title in (("en", "Privacy Policy"), ("zh-TW", "隱私權政策")):
        _write(root, lang, "privacy", "2020.06.01", PRIVACY[(lang, 2)], title)
    summary = json.dumps(EVIL_SUMMARY)
    _write(
        root,
        "en",
        "evil",
        "2020.06.01",
        "Plain text.\n\n## One {#one}\n\nOne, two.",
        EVIL_EN,
        summary=summary,
    )
    _write(
        root, "zh-TW", "evil", "2020.06.01", "純文字。\n\n## 一 {#one}\n\n一、二。", EVIL_ZH, summary=summary
    )
    commits["privacy2"] = repo.commit("Privacy 2020.06.01 <b>&</b>", "2020-05-01T02:00:00Z")
    _write(root, "en", "security", "2020.07.01", SECURITY_EN2, "Security Policy")
    commits["security2"] = repo.commit("Security 2020.07.01", "2020-06-20T02:00:00Z")
    (root / "en" / "terms.md").unlink()
    for lang in ("en", "zh-TW"):
        repo.git("mv", f"{lang}/cookies.md", f"{lang}/cookie-policy.md")
    commits["moves"] = repo.commit("Retire the terms, rename the cookie policy", "2020-07-01T02:00:00Z")
    reworded = SECURITY_EN2.replace("staff", "staff members")
    _write(root, "en", "security", "2020.07.01", reworded, "Security Policy")
    commits["reword"] = repo.commit("Reword access", "2020-07-15T02:00:00Z")  # undeclared: a finding
    data2 = "We process all data.\n\n## Purposes {#purposes}\n\nAny."
    _write(root, "en", "data", "2020.09.01", data2, "Data Policy", summary="Broader purposes.")
    commits["mistake"] = repo.commit("Data 2020.09.01", "2020-08-01T02:00:00Z")
    repo.git("revert", "--no-edit", "HEAD", date="2020-08-15T02:00:00Z")
    commits["revert"] = repo.head()
    for lang, title in (("en", "Privacy Policy"), ("zh-TW", "隱私權政策")):
        _write(root, lang, "privacy", "2021.03.01", PRIVACY[(lang, 3)], title)
    _write(root, "en", "future", "2021.06.01", "Coming.\n\n## Scope {#scope}\n\nAll.", "Future Policy")
    _write(root, "zh-TW", "future", "2021.06.01", "即將發布。\n\n## 範圍 {#scope}\n\n全部。", "未來政策")
    commits["upcoming"] = repo.commit("Privacy 2021.03.01, Future 2021.06.01", "2020-12-01T02:00:00Z")
    # Uncommitted: the Chinese accessibility statement loses its front matter (it cannot be read).
    (root / "zh-TW" / "accessibility.md").write_text("無障礙聲明，沒有前言。\n", encoding="utf-8")
    return commits


@dataclass
class Kit:
    """The analysed repository and a site over it (with and without ``site_url``)."""

    root: Path
    commits: dict[str, str]
    analysis: model.Analysis
    site: Site  # site_url and repo_url set
    local: Site  # no site_url (a preview), no repo_url

    def ph(self, policy: str) -> PolicyHistory:
        return self.analysis.history.policies[policy]

    def version(self, policy: str, version: str) -> Version:
        found = self.ph(policy).get(version)
        assert found is not None, f"{policy} has no version {version}"
        return found


@functools.cache
def kit() -> Kit:
    """The site, built once per process (its folder removed at exit)."""
    folder = Path(tempfile.mkdtemp(prefix="pagekit-"))
    atexit.register(shutil.rmtree, folder, True)
    root = folder / "repo"
    commits = make_repo(root)
    analysis = model.analyse(root, load_settings({}), TODAY)
    redlines = Redlines()
    site = Site(
        analysis.corpus,
        analysis.history,
        redlines,
        SITE_NAME,
        SITE_URL,
        analysis.diagnostics,
        repo_url=REPO_URL,
    )
    local = Site(analysis.corpus, analysis.history, redlines, SITE_NAME, "", analysis.diagnostics)
    return Kit(root, commits, analysis, site, local)


# ---------------------------------------------------------------- reading what a renderer returns

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_HREF = re.compile(r'\shref="([^"]*)"')


def front(page: str) -> dict:
    """A page's front matter (written as JSON values: see ``pages.common.front_matter``)."""
    match = _FRONT.match(page)
    assert match is not None, page[:200]
    values = {}
    for line in match.group(1).split("\n"):
        key, _, value = line.partition(": ")
        values[key] = json.loads(value)
    return values


def body(page: str) -> str:
    """A page after its front matter (and the blank lines after it)."""
    return _FRONT.sub("", page, count=1).lstrip("\n")


def hrefs(markup: str) -> list[str]:
    """Every ``href`` of ``markup``, in order (entities as written)."""
    return _HREF.findall(markup)


def unstamped(markup: str) -> str:
    """``markup`` without the site's chrome stamps (``data-policysite-chrome="..."``)."""
    return re.sub(r' data-policysite-chrome="[^"]*"', "", markup)
