"""The MkDocs plugin (policysite.plugin): its settings as MkDocs' own ``load_config`` validates them
on a small mkdocs.yml in ``tmp_path`` (valid ones load into ``PolicySettings``; an unknown key and a
wrong type are MkDocs' configuration errors), its entry point and event priorities, every event
forwarded to the :class:`~policysite.site.Builder`, and the count of nested builds (static-i18n
builds the other languages inside the first build's ``on_post_build``).  No site is built."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from importlib.metadata import entry_points

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from policysite import config
from policysite.plugin import PoliciesPlugin
from policysite.site import Builder


def mkdocs_yml(tmp_path, settings: str = ""):
    (tmp_path / "docs").mkdir(exist_ok=True)
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        f"site_name: T\nplugins:\n  - policies{':' if settings else ''}\n{settings}", encoding="utf-8"
    )
    return str(path)


def test_the_entry_point_is_the_plugin():
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == config.PLUGIN]
    assert entry.value == "policysite.plugin:PoliciesPlugin"
    assert entry.load() is PoliciesPlugin
    assert PoliciesPlugin.supports_multiple_instances is False


def test_valid_settings_load_into_policy_settings(tmp_path):
    loaded = load_config(
        mkdocs_yml(
            tmp_path,
            "      pdf: false\n      timezone: Asia/Taipei\n      notice_days: 30\n      lagging: error\n"
            "      former_paths: {Policies/a.md: en/a.md}\n      slug_style: github\n",
        )
    )
    plugin = loaded.plugins[config.PLUGIN]
    assert isinstance(plugin, PoliciesPlugin)
    settings = plugin.config
    assert isinstance(settings, config.PolicySettings)
    assert dict(settings) == {
        "lagging": "error",
        "untranslated": "warning",
        "staging_dir": ".staging",
        "timezone": "Asia/Taipei",
        "notice_days": 30,
        "baseline": "policy-baseline.yml",
        "pdf": False,
        "undated": "skip",
        "former_paths": {"Policies/a.md": "en/a.md"},
        "slug_style": "github",
        "link_prefixes": {},
    }
    assert config.settings_of(loaded) is settings


def test_no_settings_are_the_defaults(tmp_path):
    settings = load_config(mkdocs_yml(tmp_path)).plugins[config.PLUGIN].config
    assert (settings.pdf, settings.timezone, settings.lagging, settings.notice_days) == (
        True,
        "UTC",
        "warning",
        0,
    )


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        (
            "      colour: red\n",
            "Config value 'plugins': Plugin 'policies' option 'colour': Unrecognised configuration name: "
            "colour (settings: baseline, former_paths, lagging, link_prefixes, notice_days, pdf, slug_style, "
            "staging_dir, timezone, undated, untranslated)",
        ),
        (
            "      pdf: maybe\n",
            "Config value 'plugins': Plugin 'policies' option 'pdf': Expected type: <class 'bool'> but "
            "received: <class 'str'>",
        ),
        (
            "      notice_days: -1\n",
            "Config value 'plugins': Plugin 'policies' option 'notice_days': expected a number of days, 0 or "
            "more, not -1",
        ),
        (
            "      timezone: Mars/Olympus\n",
            "Config value 'plugins': Plugin 'policies' option 'timezone': unknown time zone 'Mars/Olympus': "
            "use an IANA name such as 'Asia/Taipei' or 'UTC'",
        ),
    ],
    ids=["unknown-key", "wrong-type", "negative-days", "unknown-zone"],
)
def test_wrong_settings_are_mkdocs_own_configuration_errors(tmp_path, caplog, settings, error):
    with caplog.at_level(logging.ERROR, logger="mkdocs.config"), pytest.raises(Abort):
        load_config(mkdocs_yml(tmp_path, settings))
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [error]


# ---------------------------------------------------------------- events


def test_the_event_priorities():
    """Configure before static-i18n (-100) and search read the configuration; sanitize and keep pages
    after every other plugin; the navigation after static-i18n localized it; a page's search entries
    once the search plugin (0) made them."""
    priorities = {
        name: getattr(getattr(PoliciesPlugin, name), "mkdocs_priority", 0)
        for name in (
            "on_config",
            "on_page_markdown",
            "on_page_content",
            "on_nav",
            "on_post_build",
            "on_env",
            "on_page_context",
        )
    }
    assert priorities == {
        "on_config": 100,
        "on_page_markdown": -100,
        "on_page_content": -100,
        "on_nav": -110,
        "on_post_build": -120,
        "on_env": 0,
        "on_page_context": -100,
    }


class Recording(Builder):
    """The site's builder, recording what the plugin hands it (and handing back a marker)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple] = []

    def on_config(self, config, nested, settings):
        self.calls.append(("on_config", config, nested, settings))
        return "configured"

    def on_serve(self, server, config, settings):
        self.calls.append(("on_serve", server, config, settings))
        return "served"

    def on_env(self, env, config=None):
        self.calls.append(("on_env", env, config))

    def on_page_markdown(self, markdown, page):
        self.calls.append(("on_page_markdown", markdown, page))
        return "markdown"

    def on_page_content(self, html, page):
        self.calls.append(("on_page_content", html, page))
        return "content"

    def on_nav(self, nav, files=None, config=None):
        self.calls.append(("on_nav", nav, files, config))
        return "nav"

    def on_page_context(self, page, config):
        self.calls.append(("on_page_context", page, config))

    def on_pre_build(self, config, nested):
        self.calls.append(("on_pre_build", config, nested))

    def on_build_error(self):
        self.calls.append(("on_build_error",))

    def on_shutdown(self):
        self.calls.append(("on_shutdown",))

    def on_post_template(self, output, template_name, config):
        self.calls.append(("on_post_template", output, template_name, config))
        return "template"

    def on_post_build(self, config, nested):
        self.calls.append(("on_post_build", config, nested))


@pytest.fixture
def plugin(tmp_path) -> Iterator[PoliciesPlugin]:
    """The plugin as MkDocs loads it, with a recording builder.  MkDocs keeps a plugin that has
    ``on_startup`` for the next configuration the process loads: it gets a real builder back
    afterwards, or a later build in the same test worker would hand its events to this one."""
    plugin = load_config(mkdocs_yml(tmp_path, "      pdf: false\n")).plugins[config.PLUGIN]
    assert isinstance(plugin, PoliciesPlugin)
    plugin.builder = Recording()
    yield plugin
    plugin.builder = Builder()
    plugin._running = 0


def test_startup_names_the_command():
    plugin = PoliciesPlugin()
    assert plugin.builder.command == "build"
    plugin.on_startup(command="serve", dirty=False)
    assert plugin.builder.command == "serve"


def test_every_event_is_forwarded(plugin):
    builder, settings = plugin.builder, plugin.config
    env, page, nav, server, files, cfg = object(), object(), object(), object(), object(), object()
    assert plugin.on_env(env, config=cfg, files=files) is env
    assert plugin.on_page_markdown("# T", page=page, config=cfg, files=files) == "markdown"
    assert plugin.on_page_content("<p>", page=page, config=cfg, files=files) == "content"
    assert plugin.on_nav(nav, config=cfg, files=files) == "nav"
    assert plugin.on_post_template("<html>", template_name="404.html", config=cfg) == "template"
    assert plugin.on_serve(server, config=cfg, builder=None) == "served"
    context = {}
    assert plugin.on_page_context(context, page=page, config=cfg, nav=nav) is context
    plugin.on_pre_build(config=cfg)
    plugin.on_build_error(error=RuntimeError())
    plugin.on_shutdown()
    assert builder.calls == [
        ("on_env", env, cfg),
        ("on_page_markdown", "# T", page),
        ("on_page_content", "<p>", page),
        ("on_nav", nav, files, cfg),
        ("on_post_template", "<html>", "404.html", cfg),
        ("on_serve", server, cfg, settings),
        ("on_page_context", page, cfg),
        ("on_pre_build", cfg, False),
        ("on_build_error",),
        ("on_shutdown",),
    ]


def test_a_configuration_loaded_during_a_build_is_a_nested_build(plugin):
    first, second, third = object(), object(), object()
    assert plugin.on_config(first) == "configured"
    assert plugin.on_config(second) == "configured"  # static-i18n's zh-TW build, inside the first
    plugin.on_post_build(config=second)
    plugin.on_post_build(config=first)
    plugin.on_config(third)  # the next build (mkdocs serve): not nested
    plugin.on_post_build(config=third)
    assert [(c[0], c[1], c[2]) for c in plugin.builder.calls] == [
        ("on_config", first, False),
        ("on_config", second, True),
        ("on_post_build", second, True),
        ("on_post_build", first, False),
        ("on_config", third, False),
        ("on_post_build", third, False),
    ]
    assert all(c[3] is plugin.config for c in plugin.builder.calls if c[0] == "on_config")


def test_a_failed_build_resets_the_count(plugin):
    plugin.on_config(object())
    plugin.on_config(object())  # a nested build that fails: no post-build for either
    plugin.on_build_error(error=RuntimeError("boom"))
    plugin.on_config("next")
    assert plugin.builder.calls[-1][1:3] == ("next", False)


def test_more_post_builds_than_builds_never_make_a_build_nested(plugin):
    plugin.on_post_build(config="stray")
    plugin.on_config("next")
    assert [c[2] for c in plugin.builder.calls] == [False, False]
