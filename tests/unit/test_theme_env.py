"""The theme's Jinja environment: compiled templates from the project's cache, and a listing of the
theme's files that skips hidden folders and still finds every static file MkDocs copies."""

from __future__ import annotations

import os

import jinja2
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from policysite import cache, theme_env


def test_templates_are_compiled_once_and_again_when_their_source_changes(tmp_path):
    """The theme's templates, compiled, in the project's own cache (a warm build and each save under
    mkdocs serve compile none again); Jinja checks each against its source."""
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    (tmp_path / "project").mkdir()
    compiled = theme_env.compiled_templates(tmp_path / "project")
    folder = cache.folder_for(tmp_path / "project") / "templates"

    def render() -> str:
        loader = jinja2.FileSystemLoader(str(tmp_path / "theme"))
        return (
            jinja2.Environment(loader=loader, bytecode_cache=compiled)
            .get_template("page.html")
            .render(name="reader")
        )

    assert render() == "Hello reader" and list(folder.iterdir())
    assert render() == "Hello reader"
    (tmp_path / "theme" / "page.html").write_text("Goodbye {{ name }}", encoding="utf-8")
    assert render() == "Goodbye reader"


def _config(tmp_path):
    """Material with a custom_dir of the project's that has hidden files and folders of its own."""
    overrides = tmp_path / "overrides"
    for name in (
        "main.html",
        "extra.css",
        ".hidden.css",
        "assets/logo.svg",
        "assets/.cache/x.css",
        ".icons/mine/icon.svg",
        "deep/er/script.js",
        "deep/.er/script.js",
    ):
        (overrides / name).parent.mkdir(parents=True, exist_ok=True)
        (overrides / name).write_text("/* */" if not name.endswith(".html") else "{{ 1 }}", "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8"
    )
    return load_config(str(tmp_path / "mkdocs.yml"))


def _static_files(config, env) -> list[tuple[str, str]]:
    files = Files([])
    files.add_files_from_theme(env, config)
    return [(file.src_uri, file.abs_src_path) for file in files]


def test_the_theme_listing_copies_the_same_static_files(tmp_path):
    """MkDocs' own listing walks Material's 14,000 hidden icons and drops them, with every hidden
    name; the installed listing never walks them, and MkDocs finds the very same static files."""
    config = _config(tmp_path)
    plain = config.theme.get_env()
    theme_env.install(config.theme)
    theme_env.install(config.theme)  # (once: the environment MkDocs gets is wrapped once)
    env = config.theme.get_env()
    assert isinstance(env.loader, theme_env.VisibleTemplates)
    assert _static_files(config, env) == _static_files(config, plain)
    assert ("extra.css", str(tmp_path / "overrides" / "extra.css")) in _static_files(config, env)
    listed = env.list_templates()
    assert set(listed) == {name for name in plain.list_templates() if not _hidden(name)}
    assert "deep/er/script.js" in listed and not any(_hidden(name) for name in listed)
    assert env.get_template(".icons/mine/icon.svg").render() == "/* */"  # (loaded by name as ever)


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in name.split("/"))


def test_the_listing_follows_the_folders_the_theme_has_at_each_build(tmp_path):
    """static-i18n adds a folder to the theme's after it is made: each environment lists the theme's
    folders as they are when it is made."""
    config = _config(tmp_path)
    theme_env.install(config.theme)
    extra = tmp_path / "extra"
    (extra / "sub").mkdir(parents=True)
    (extra / "sub" / "added.js").write_text("//", encoding="utf-8")
    config.theme.dirs.insert(0, str(extra))
    env = config.theme.get_env()
    assert "sub/added.js" in env.list_templates()
    assert os.path.samefile(env.get_template("sub/added.js").filename, extra / "sub" / "added.js")
