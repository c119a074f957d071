"""The plugin's work at each MkDocs event (policysite.site), in process and without a build: the
inputs' fingerprint, files named by settings, paths from mkdocs.yml, the auditors' links, strict
counting (``_strict``) and the report of findings (``_report``), search labels of shared titles,
the folders the build refuses (a site_dir overlapping the sources or holding tracked files, a theme
folder or search dictionary out of the sources), the theme shipped, the Jinja globals, front matter
keys dropped, and the navigation.  Configurations are MkDocs' own (``load_config``) on small
mkdocs.yml files in ``tmp_path``."""

from __future__ import annotations

import datetime as dt
import logging
import os

import jinja2
import pytest
from gitrepo import PolicyRepo, policy_text
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from policysite import config, locale, model, project, sanitize, site
from policysite.diagnostics import Diagnostic

BODY = "Intro.\n\n## 1. General {#general}\n\nText.\n"


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    """No inherited git settings (policysite runs git in this process)."""
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def mkdocs_config(root, extra: str = "", **overrides):
    """MkDocs' configuration of a small site in ``root`` (mkdocs' own theme: nothing to install)."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    path = root / "mkdocs.yml"
    path.write_text(f"site_name: T\nplugins:\n  - policies:\n      pdf: false\n{extra}", encoding="utf-8")
    return load_config(str(path), **overrides)


# ---------------------------------------------------------------- inputs


def test_the_fingerprint_changes_with_every_input(tmp_path):
    repo = PolicyRepo.create(tmp_path / "site", copy_policies=False, init=False)
    repo.write("en", "privacy", policy_text("Privacy Policy", "2020.01.01", BODY))
    langs = ("en", "zh-TW")
    first = site._fingerprint(repo.root, {"en/index.md": b"home"}, langs, "head")
    assert len(first) == 64 and first == site._fingerprint(repo.root, {"en/index.md": b"home"}, langs, "head")
    different = [
        site._fingerprint(repo.root, {"en/index.md": b"home!"}, langs, "head"),
        site._fingerprint(repo.root, {"en/index.md": b"home"}, ("en",), "head"),
        site._fingerprint(repo.root, {"en/index.md": b"home"}, langs, "other head"),
    ]
    repo.write("zh-TW", "privacy", policy_text("隱私權政策", "2020.01.01", BODY))
    different.append(site._fingerprint(repo.root, {"en/index.md": b"home"}, langs, "head"))
    repo.remove("zh-TW", "privacy")
    (repo.root / "zh-TW" / "privacy.md").symlink_to(tmp_path / "elsewhere.md")  # refused, by its error
    different.append(site._fingerprint(repo.root, {"en/index.md": b"home"}, langs, "head"))
    assert len({first, *different}) == 6


def test_a_file_named_by_a_setting_is_read_only_inside_the_sources(tmp_path):
    (tmp_path / "policy-baseline.yml").write_text("acknowledged: []\n", encoding="utf-8")
    assert site._read(tmp_path, "policy-baseline.yml") == "acknowledged: []\n"
    assert site._read(tmp_path, "missing.yml") == ""
    (tmp_path / "linked.yml").symlink_to("/etc/hostname")
    assert site._read(tmp_path, "linked.yml") == (
        "linked.yml:1: error: [file.symlink] linked.yml is a symbolic link to '/etc/hostname', outside the "
        "repository: the site reads only regular files of its sources, and nothing was read through the link"
    )


def test_paths_from_mkdocs_yml_are_relative_to_the_project(tmp_path):
    root = tmp_path / "project"
    cfg = mkdocs_config(root)
    assert site._in_project(cfg, root, "docs/search/words.txt") == "docs/search/words.txt"
    assert site._in_project(cfg, root, "./docs/../docs/a.txt") == "docs/a.txt"
    assert site._in_project(cfg, root, ".") == "."
    assert site._in_project(cfg, root, str(root / "en")) == "en"
    assert site._in_project(cfg, root, "../outside.txt") == str(tmp_path / "outside.txt")
    nested = tmp_path / "repo" / "site"  # mkdocs.yml in a folder of the repository
    assert site._in_project(mkdocs_config(nested), tmp_path / "repo", "docs/a.txt") == "site/docs/a.txt"


def test_the_auditors_links_in_each_language():
    assert site.auditor_links("en", "en") == [
        {"path": "versions.json", "label": locale.text("en", "auditor_index"), "type": "application/json"},
        {"path": "feed.xml", "label": locale.text("en", "auditor_feed"), "type": "application/atom+xml"},
        {"path": "changelog/", "label": locale.text("en", "auditor_changelog")},
    ]
    assert [link["path"] for link in site.auditor_links("zh-TW", "en")] == [
        "versions.json",
        "zh-TW/feed.xml",
        "zh-TW/changelog/",
    ]
    assert site.auditor_links("zh-TW", "en")[2]["label"] == "變更紀錄"
    # A site written in Japanese first: its pages at the root, the English translation's under /en/.
    assert [link["path"] for link in site.auditor_links("ja", "ja")][1:] == ["feed.xml", "changelog/"]
    assert [link["path"] for link in site.auditor_links("en", "ja")][1:] == ["en/feed.xml", "en/changelog/"]


# ---------------------------------------------------------------- strict counting and the report


def builder(command: str = "build", strict: bool = True) -> site.Builder:
    made = site.Builder()
    made.command, made.strict = command, strict
    return made


def test_strict_refuses_a_build_with_the_plugin_s_warnings():
    made = builder()
    made._strict()  # no warning: nothing to refuse
    made.warned = ["a.md:1: warning: [x] one", "b.md:2: warning: [y] two"]
    with pytest.raises(PluginError) as caught:
        made._strict()
    assert str(caught.value) == (
        "strict mode: the policies plugin reported 2 warning(s), so the build is refused:\n"
        "  a.md:1: warning: [x] one\n  b.md:2: warning: [y] two"
    )
    builder(strict=False)._strict()
    serving = builder("serve")
    serving.warned = ["a"]
    serving._strict()  # (mkdocs serve shows the page and its findings)


def test_strict_lists_twenty_warnings_and_counts_the_rest():
    made = builder()
    made.warned = [f"w{n}" for n in range(23)]
    with pytest.raises(PluginError) as caught:
        made._strict()
    lines = str(caught.value).split("\n")
    assert lines[0] == "strict mode: the policies plugin reported 23 warning(s), so the build is refused:"
    assert lines[1:21] == [f"  w{n}" for n in range(20)]
    assert lines[21:] == ["  ... and 3 more"]


ERROR = Diagnostic.error("parity.structure", "zh-TW/privacy.md", 57, "missing items", "general")
WARNING = Diagnostic.warning("source.crlf", "zh-TW/privacy.md", 1, "CRLF line ends")
INFO = Diagnostic.of("info", "history.lagging", "zh-TW/privacy.md", 3, "behind")


def test_the_report_logs_each_finding_at_its_level(caplog):
    made = builder(strict=False)
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.policies"):
        made._report([WARNING, INFO])
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", WARNING.text()),
        ("INFO", INFO.text()),
        ("INFO", "policies: policy check: 0 errors, 1 warning, 1 info"),
    ]
    assert made.warned == [WARNING.text()]


def test_an_error_fails_the_build_after_every_finding_is_shown(caplog):
    made = builder(strict=False)
    with (
        caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.policies"),
        pytest.raises(PluginError) as caught,
    ):
        made._report([ERROR, WARNING])
    assert str(caught.value) == (
        "policy check failed (1 error, 1 warning); fix the findings above, then build again"
    )
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ERROR", ERROR.text()),
        ("WARNING", WARNING.text()),
    ]
    builder("serve")._report([ERROR])  # (serve shows the pages, their findings at the top)


def test_the_report_of_a_strict_build_refuses_its_warnings():
    with pytest.raises(PluginError) as caught:
        builder()._report([WARNING])
    assert str(caught.value).startswith("strict mode: the policies plugin reported 1 warning(s)")
    builder()._report([INFO])  # info never fails
    builder()._report([])


# ---------------------------------------------------------------- search labels


def test_search_labels_tell_apart_the_policies_that_share_a_title(tmp_path):
    repo = PolicyRepo.create(tmp_path / "site", copy_policies=False)
    labelled = policy_text("Privacy Policy", "2020.01.01", BODY).replace("version:", "label: App\nversion:")
    repo.write("en", "app/privacy", labelled)
    repo.write("zh-TW", "app/privacy", policy_text("隱私權政策", "2020.01.01", BODY))
    repo.write("en", "web/privacy", policy_text("Privacy Policy", "2020.01.01", BODY))
    repo.write("en", "terms", policy_text("Terms", "2020.01.01", BODY))
    repo.commit("Policies", date="2020-01-01T12:00:00Z")
    analysis = model.analyse(
        repo.root, config.load_settings({"pdf": False}), dt.date(2024, 1, 1), checks=False
    )
    assert site.Builder._search_labels(site.Model("key", analysis, None)) == {
        "app/privacy/": "App",
        "web/privacy/": "web/privacy",  # (no label: its file name)
        "zh-TW/web/privacy/": "web/privacy",  # (English only: its English title)
    }


# ---------------------------------------------------------------- folders the build refuses


@pytest.fixture
def project_dir(tmp_path) -> PolicyRepo:
    repo = PolicyRepo.create(tmp_path / "site", copy_policies=False)
    repo.write("en", "privacy", policy_text("Privacy Policy", "2020.01.01", BODY))
    repo.commit("A policy")
    return repo


@pytest.mark.parametrize("site_dir", ["en", "zh-TW/out"])  # (MkDocs refuses one in docs_dir itself)
def test_a_site_dir_overlapping_the_sources_is_refused(project_dir, site_dir):
    root = project_dir.root
    cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(root / site_dir))
    settings = config.settings_of(cfg)
    made = site.Builder()
    with pytest.raises(config.ConfigError) as caught:
        made._check_folders(root, root / ".staging", settings, cfg)
    folder = site_dir.split("/")[0]
    assert str(caught.value) == (
        f"mkdocs.yml: site_dir '{root / site_dir}' overlaps '{root / folder}', which the build reads; "
        "MkDocs empties the site folder before every build (nothing was changed)"
    )


def test_a_site_dir_holding_tracked_files_is_refused(project_dir):
    root = project_dir.root
    project_dir.write_file("published/index.html", "<p>kept</p>\n")
    project_dir.commit("A published page")
    cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "published"))
    with pytest.raises(config.ConfigError) as caught:
        site.Builder()._check_folders(root, root / ".staging", config.settings_of(cfg), cfg)
    assert str(caught.value) == (
        f"mkdocs.yml: site_dir '{root / 'published'}' holds files tracked by git (published/index.html); "
        "MkDocs empties the site folder before every build (nothing was changed)"
    )
    fine = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    assert site.Builder()._check_folders(root, root / ".staging", config.settings_of(fine), fine) is None


def test_a_theme_folder_out_of_the_sources_is_refused(tmp_path):
    root = tmp_path / "project"
    (tmp_path / "overrides").mkdir()
    outside = mkdocs_config(root, "theme:\n  name: mkdocs\n  custom_dir: ../overrides\n")
    with pytest.raises(config.ConfigError) as caught:
        site.Builder._check_theme_folder(outside, root)
    assert str(caught.value) == (  # (as MkDocs made it absolute)
        f"mkdocs.yml: theme.custom_dir '{root}/../overrides' is outside the repository: the site reads no "
        "file outside it"
    )
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").symlink_to("/etc/hostname")
    inside = mkdocs_config(root, "theme:\n  name: mkdocs\n  custom_dir: overrides\n")
    with pytest.raises(config.ConfigError) as caught:
        site.Builder._check_theme_folder(inside, root)
    assert str(caught.value).startswith(
        "overrides/main.html:1: error: [file.symlink] overrides/main.html is a "
    )
    assert str(caught.value).endswith(
        " (mkdocs.yml: theme.custom_dir; MkDocs reads it, so the build stops before anything reads these "
        "files)"
    )
    (root / "overrides" / "main.html").unlink()
    assert site.Builder._check_theme_folder(inside, root) is None
    assert site.Builder._check_theme_folder(mkdocs_config(root), root) is None


def test_the_search_dictionary_is_made_absolute_or_refused(tmp_path):
    root = tmp_path / "project"
    (root / "docs" / "search").mkdir(parents=True)
    (root / "docs" / "search" / "words.txt").write_text("隱私權\n", encoding="utf-8")
    search = "  - search:\n      jieba_dict_user: docs/search/words.txt\n"
    cfg = mkdocs_config(root, search.replace("search:", "material/search:"), theme={"name": "material"})
    site.Builder._absolute_search_dictionary(cfg, root)
    assert cfg.plugins["material/search"].config["jieba_dict_user"] == str(root / "docs/search/words.txt")
    (root / "docs" / "search" / "words.txt").unlink()
    (root / "docs" / "search" / "words.txt").symlink_to("/etc/hostname")
    cfg = mkdocs_config(root, search.replace("search:", "material/search:"), theme={"name": "material"})
    with pytest.raises(config.ConfigError) as caught:
        site.Builder._absolute_search_dictionary(cfg, root)
    assert str(caught.value).endswith(
        "(mkdocs.yml: search.jieba_dict_user; Material reads it, so the build stops before anything reads it)"
    )
    assert str(caught.value).startswith("docs/search/words.txt:1: error: [file.symlink] ")
    site.Builder._absolute_search_dictionary(mkdocs_config(root), root)  # (no search plugin: nothing)


# ---------------------------------------------------------------- theme and Jinja globals


def test_the_theme_is_shipped_once(tmp_path):
    cfg = mkdocs_config(tmp_path)
    site._ship_theme(cfg)
    site._ship_theme(cfg)  # (static-i18n's other builds reuse the configuration)
    assert cfg.theme.dirs[0] == str(site.THEME) and cfg.theme.dirs.count(str(site.THEME)) == 1
    assert cfg.extra_css == ["assets/stylesheets/policy.css"]
    assert [script.path for script in cfg.extra_javascript] == ["assets/javascripts/language-switch.js"]
    (tmp_path / "overrides").mkdir()
    custom = mkdocs_config(tmp_path, "theme:\n  name: mkdocs\n  custom_dir: overrides\n")
    site._ship_theme(custom)
    assert custom.theme.dirs[:2] == [str(tmp_path / "overrides"), str(site.THEME)]  # the site's own first


def test_the_jinja_globals(tmp_path):
    env = jinja2.Environment()
    made = site.Builder()
    made.on_env(env)
    assert env.globals["policy_csp"] == sanitize.CONTENT_SECURITY_POLICY
    assert env.globals["policy_languages"] == ("zh-TW",)
    assert env.globals["policy_feeds"] == [
        {"lang": "en", "path": "feed.xml"},
        {"lang": "zh-TW", "path": "zh-TW/feed.xml"},
    ]
    assert env.globals["policy_auditor_links"]("zh-TW") == site.auditor_links("zh-TW", "en")
    assert env.globals["policy_language_home"]("zh-TW", "/") == "/zh-TW/"
    assert env.globals["policy_phrase"] is locale.text
    assert {"policy_alternates", "policy_palette_name", "policy_made_with", "policy_not_found"} <= set(
        env.globals
    )
    made.on_startup("serve")
    made.on_env(env)
    assert (
        env.globals["policy_csp"]
        == sanitize.PREVIEW_CONTENT_SECURITY_POLICY
        != sanitize.CONTENT_SECURITY_POLICY
    )


# ---------------------------------------------------------------- pages


def page(cfg, src_uri: str, meta: dict) -> Page:
    made = Page(None, File(src_uri, cfg.docs_dir, cfg.site_dir, cfg.use_directory_urls), cfg)
    made.meta = dict(meta)
    return made


def test_front_matter_keys_the_site_does_not_use_are_dropped_with_a_warning(tmp_path, caplog):
    cfg = mkdocs_config(tmp_path)
    made = site.Builder()
    shown = page(
        cfg, "en/privacy.md", {"title": "T", "hide": ["toc"], "template": "evil.html", "extra_css": 1}
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.policies"):
        assert made.on_page_markdown("# T\n", shown) == "# T\n"
    warnings = [
        "en/privacy.md: front matter key 'extra_css' is not used by this site and is ignored",
        "en/privacy.md: front matter key 'template' is not used by this site and is ignored",
    ]
    assert shown.meta == {"title": "T", "hide": ["toc"]}
    assert made.warned == warnings
    assert [r.getMessage() for r in caplog.records] == [f"policies: {w}" for w in warnings]


def test_page_content_is_sanitized_and_a_front_matter_title_escaped(tmp_path):
    cfg = mkdocs_config(tmp_path)
    shown = page(cfg, "en/privacy.md", {"title": "<b>T</b> & co"})
    html = site.Builder().on_page_content('<p onclick="x()">Hi<script>alert(1)</script></p>', shown)
    assert html == "<p>Hi</p>"
    assert shown.meta["title"] == "&lt;b&gt;T&lt;/b&gt; &amp; co"


# ---------------------------------------------------------------- navigation


def test_the_navigation_home_policies_by_category_then_the_site_s_pages(tmp_path):
    root = tmp_path / "project"
    cfg = mkdocs_config(root)
    corpus = project.Corpus(languages=("en", "zh-TW"))
    for name in ("privacy", "security/access", "security/keys/rotation"):
        corpus.add(policy_text(name.title(), "2020.01.01", BODY).encode(), name, "zh-TW")
    corpus.category_titles[("security", "zh-TW")] = "安全"
    pages = {
        name: page(cfg, f"zh-TW/{name}.md", {})
        for name in (
            "index",
            "privacy",
            "security/access",
            "security/keys/rotation",
            "changelog",
            "translations",
        )
    }
    items = site._nav_items(pages, corpus, "zh-TW")
    assert [getattr(i, "title", None) if isinstance(i, Section) else i.file.src_uri for i in items] == [
        "zh-TW/index.md",
        "zh-TW/privacy.md",
        "安全",
        "zh-TW/changelog.md",
        "zh-TW/translations.md",
    ]
    security = items[2]
    assert [c.title if isinstance(c, Section) else c.file.src_uri for c in security.children] == [
        "zh-TW/security/access.md",
        "keys",
    ]
    assert security.children[1].parent is security
    assert pages["security/keys/rotation"].parent is security.children[1]
    assert [p.file.src_uri for p in site._nav_pages(items)] == [
        "zh-TW/index.md",
        "zh-TW/privacy.md",
        "zh-TW/security/access.md",
        "zh-TW/security/keys/rotation.md",
        "zh-TW/changelog.md",
        "zh-TW/translations.md",
    ]


def test_on_nav_links_the_pages_in_order(tmp_path):
    cfg = mkdocs_config(tmp_path)
    pages = [page(cfg, f"en/{name}.md", {}) for name in ("index", "privacy", "changelog")]
    stray = Section("zh TW", [pages[1]])  # (static-i18n's section named after the locale)
    flat = site.Builder().on_nav(Navigation([pages[0], stray, pages[2]], pages))
    assert isinstance(flat, Navigation)
    assert flat.items == [pages[0], pages[2]]  # (no model: no policy is known, the site's pages stay)
    assert pages[0].next_page is pages[2] and pages[2].previous_page is pages[0]
    assert pages[0].previous_page is None and pages[2].next_page is None
