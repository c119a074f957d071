"""``policy init``'s files (policysite.scaffold): what it writes for one language and for several
(mkdocs.yml that MkDocs itself loads, with static-i18n and a CJK search separator only when they
are needed; a first policy per language that parses without a finding; home pages; CONTRIBUTING.md;
the CI workflow; requirements.txt pinned to this package), the site's name quoted whatever it
holds, and ``write``: everything or, when any file exists, nothing."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version

import pytest
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from policysite import config, languages, locale, scaffold, sources

TODAY = dt.date(2024, 2, 3)
COMMON = ["mkdocs.yml", "requirements.txt", ".gitignore", "CONTRIBUTING.md", ".github/workflows/policies.yml"]


def data(text: str) -> dict:
    """mkdocs.yml read as MkDocs reads it (its ``!ENV`` tag: SITE_URL unset here)."""
    loaded = yaml_load(text)
    assert isinstance(loaded, dict)
    return loaded


def test_the_files_of_a_site_in_one_language():
    found = scaffold.files(("en",), "Policies", TODAY)
    assert list(found) == [*COMMON, "docs/en/index.md", "en/example.md"]
    mkdocs = data(found["mkdocs.yml"])
    assert mkdocs["site_name"] == "Policies" and mkdocs["site_url"] == ""  # (from SITE_URL, unset)
    with_url = data(
        scaffold.files(("en",), "Policies", TODAY, "https://policies.example.test/")["mkdocs.yml"]
    )
    assert with_url["site_url"] == "https://policies.example.test/"
    assert mkdocs["plugins"] == [{"policies": {"pdf": True}}, "search"]  # no i18n, no CJK separator
    assert mkdocs["theme"]["language"] == "en" and mkdocs["theme"]["font"] is False
    assert mkdocs["watch"] == ["en"]
    assert languages.of_data(mkdocs).codes == ("en",)
    assert found[".gitignore"] == ".staging/\nsite/\n.cache/\n__pycache__/\n"


def test_the_files_of_a_site_in_several_languages():
    found = scaffold.files(("en", "zh-TW", "ja"), "Acme", TODAY)
    assert list(found) == [
        *COMMON,
        *(name for lang in ("en", "zh-TW", "ja") for name in (f"docs/{lang}/index.md", f"{lang}/example.md")),
    ]
    mkdocs = data(found["mkdocs.yml"])
    policies, search, i18n = mkdocs["plugins"]
    assert policies == {"policies": {"pdf": True}}
    assert search == {"search": {"separator": "[\\s\\u200b\\u3000\\-、。，．？！；]+"}}
    assert i18n["i18n"]["languages"] == [
        {"locale": "en", "name": locale.text("en", "lang_name"), "default": True},
        {"locale": "zh-TW", "name": "繁體中文", "theme": {"language": "zh-TW"}},
        {"locale": "ja", "name": locale.text("ja", "lang_name"), "theme": {"language": "ja"}},
    ]
    assert (i18n["i18n"]["docs_structure"], i18n["i18n"]["reconfigure_search"]) == ("folder", True)
    assert languages.of_data(mkdocs).codes == ("en", "zh-TW", "ja")
    assert mkdocs["watch"] == ["en", "zh-TW", "ja"]


@pytest.mark.parametrize("name", ['Acme: "政策"', "# not a comment", "yes", "a\\b {c} [d]"])
def test_the_site_name_is_quoted_whatever_it_holds(name):
    found = scaffold.files(("en", "zh-TW"), name, TODAY)
    assert data(found["mkdocs.yml"])["site_name"] == name
    home, _ = sources.parse(found["docs/zh-TW/index.md"], "docs/zh-TW/index.md")
    assert home is not None and home.meta["title"] == name


@pytest.mark.parametrize("lang", ["en", "zh-TW", "ja"])
def test_the_first_policy_parses_clean_in_every_language(lang):
    text = scaffold.files(("en", "zh-TW", "ja"), "Acme", TODAY)[f"{lang}/example.md"]
    document, found = sources.parse(text, f"{lang}/example.md")
    assert found == []
    assert document is not None
    assert (document.title, document.version, document.date) == (
        locale.text(lang, "init_title"),
        "2024.02.03",
        TODAY,
    )
    assert [(s.id, s.level, s.title) for s in document.sections] == [
        ("general", 2, f"1. {locale.text(lang, 'init_section')}")
    ]
    assert document.root.text == locale.text(lang, "init_intro")


def test_the_home_page_lists_the_policies_in_its_language():
    home = scaffold.files(("en", "zh-TW"), "Acme", TODAY)["docs/zh-TW/index.md"]
    assert home == (
        '---\ntitle: "Acme"\nhide:\n  - navigation\n  - toc\n---\n\n# Acme\n\n'
        f"## {locale.text('zh-TW', 'policies')}\n\n<!-- policies -->\n"
    )


def test_contributing_the_workflow_and_the_requirements():
    found = scaffold.files(("en", "zh-TW"), "Acme", TODAY)
    assert "`en/<policy>.md`, `zh-TW/<policy>.md`" in found["CONTRIBUTING.md"]
    assert "`Policy-Change: editorial`" in found["CONTRIBUTING.md"]
    workflow = data(found[".github/workflows/policies.yml"])
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["with"] == {"fetch-depth": 0, "persist-credentials": False}
    assert [s.get("run") for s in steps[-2:]] == ["policy check --strict", "mkdocs build --strict"]
    assert found["requirements.txt"].splitlines()[-1] == f"policysite=={version('policysite')}"


def test_mkdocs_loads_the_site_it_writes(tmp_path):
    scaffold.write(tmp_path, scaffold.files(("en", "zh-TW"), "Acme", TODAY))
    loaded = load_config(str(tmp_path / "mkdocs.yml"))
    assert loaded.site_name == "Acme"
    assert config.settings_of(loaded).pdf is True
    assert languages.of_config(loaded).codes == ("en", "zh-TW")


# ---------------------------------------------------------------- write


def test_write_writes_every_file_and_returns_them_sorted(tmp_path):
    found = {"b/c.md": "c\n", "a.txt": "a\n", ".x": "x\n"}
    assert scaffold.write(tmp_path / "new", found) == [".x", "a.txt", "b/c.md"]
    assert (tmp_path / "new" / "b" / "c.md").read_text(encoding="utf-8") == "c\n"


def test_write_never_overwrites_anything(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c.md").write_text("mine\n", encoding="utf-8")
    (tmp_path / "a.txt").symlink_to(tmp_path / "nowhere")  # (a dangling link is taken too)
    with pytest.raises(scaffold.Exists) as caught:
        scaffold.write(tmp_path, {"b/c.md": "c\n", "a.txt": "a\n", "new.md": "n\n"})
    assert str(caught.value) == "a.txt, b/c.md"
    assert not (tmp_path / "new.md").exists() and not (tmp_path / "nowhere").exists()
    assert (tmp_path / "b" / "c.md").read_text(encoding="utf-8") == "mine\n"
