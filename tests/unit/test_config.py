"""The plugin's settings (policysite.config), in process: MkDocs' own validation of
``plugins: - policies:``, the same words from the CLI's light reading, and every wrong value a
:class:`ConfigError` naming the option (tests/integration/test_config.py runs ``policy`` and the build)."""

from pathlib import Path

import pytest

from policysite import config
from policysite.config import ConfigError, load_settings, plugin_entry, plugin_settings

PREFIX = "mkdocs.yml: Config value 'plugins': Plugin 'policies' option "
NAMES = (
    "baseline, former_paths, lagging, link_prefixes, notice_days, pdf, slug_style, staging_dir, "
    "timezone, undated, untranslated"
)


def test_the_defaults():
    settings = load_settings({})
    assert dict(settings) == {
        "lagging": "warning",
        "untranslated": "warning",
        "staging_dir": ".staging",
        "timezone": "UTC",
        "notice_days": 0,
        "baseline": "policy-baseline.yml",
        "pdf": True,
        "undated": "skip",
        "former_paths": {},
        "slug_style": "default",
        "link_prefixes": {},
    }
    assert dict(load_settings(None)) == dict(settings)


def test_valid_values_are_kept():
    settings = load_settings(
        {
            "lagging": "info",
            "timezone": "Asia/Taipei",
            "notice_days": 30,
            "pdf": False,
            "undated": "commit",
            "slug_style": "github",
            "former_paths": {"Policies/a.md": "en/a.md"},
            "link_prefixes": {"/site-policy/": "/"},
        }
    )
    assert (settings["lagging"], settings["timezone"], settings["notice_days"]) == ("info", "Asia/Taipei", 30)
    assert (settings["pdf"], settings["undated"], settings["slug_style"]) == (False, "commit", "github")
    assert settings["former_paths"] == {"Policies/a.md": "en/a.md"}
    assert settings["link_prefixes"] == {"/site-policy/": "/"}


@pytest.mark.parametrize(
    "raw, error",
    [
        (
            {"lagging": "fatal"},
            "'lagging': Expected one of: ('error', 'warning', 'info') but received: 'fatal'",
        ),
        ({"undated": "never"}, "'undated': Expected one of: ('skip', 'commit') but received: 'never'"),
        (
            {"slug_style": "gitlab"},
            "'slug_style': Expected one of: ('default', 'github') but received: 'gitlab'",
        ),
        ({"notice_days": -1}, "'notice_days': expected a number of days, 0 or more, not -1"),
        ({"notice_days": True}, "'notice_days': expected a number of days, 0 or more, not True"),
        ({"notice_days": "30"}, "'notice_days': Expected type: <class 'int'> but received: <class 'str'>"),
        (
            {"timezone": "Mars/Base"},
            "'timezone': unknown time zone 'Mars/Base': use an IANA name such as 'Asia/Taipei' or 'UTC'",
        ),
        (
            {"timezone": "../etc/passwd"},
            "'timezone': unknown time zone '../etc/passwd': use an IANA name such as 'Asia/Taipei' or 'UTC'",
        ),
        ({"former_paths": {"a": 1}}, "'former_paths': expected 'old: new' pairs of text, not 'a': 1"),
        ({"link_prefixes": {"": "/"}}, "'link_prefixes': expected 'old: new' pairs of text, not '': '/'"),
        (
            {"link_prefixes": ["/a/"]},
            "'link_prefixes': Expected type: <class 'dict'> but received: <class 'list'>",
        ),
        ({"pdf": "yes"}, "'pdf': Expected type: <class 'bool'> but received: <class 'str'>"),
        ({"colour": "red"}, f"'colour': Unrecognised configuration name: colour (settings: {NAMES})"),
    ],
)
def test_a_wrong_value_names_the_option_as_mkdocs_does(raw, error):
    with pytest.raises(ConfigError) as caught:
        load_settings(raw)
    assert str(caught.value) == PREFIX + error


def test_an_empty_value_is_the_default_as_in_mkdocs():
    settings = load_settings({"untranslated": None, "notice_days": None, "former_paths": None})
    assert (settings["untranslated"], settings["notice_days"], settings["former_paths"]) == ("warning", 0, {})


def test_every_wrong_option_is_named_at_once():
    with pytest.raises(ConfigError) as caught:
        load_settings({"lagging": "x", "nope": 1})
    message = str(caught.value)
    assert message.startswith(PREFIX + "'lagging': ")
    assert "; Config value 'plugins': Plugin 'policies' option 'nope': Unrecognised" in message


@pytest.mark.parametrize("raw", [[1], "lagging: info", 3])
def test_settings_that_are_no_mapping(raw):
    with pytest.raises(ConfigError) as caught:
        load_settings(raw)
    assert (
        str(caught.value)
        == "mkdocs.yml: Config value 'plugins': Invalid config options for the 'policies' plugin."
    )


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"plugins": ["search", {"policies": {"pdf": False}}]}, (True, {"pdf": False})),
        ({"plugins": ["search", "policies"]}, (True, None)),
        ({"plugins": [{"policies": None}]}, (True, None)),
        ({"plugins": {"search": {}, "policies": {"lagging": "info"}}}, (True, {"lagging": "info"})),
        ({"plugins": {"policies": None}}, (True, None)),
        ({"plugins": ["search", {"policies": {}, "other": {}}]}, (False, None)),
        ({"plugins": ["search"]}, (False, None)),
        ({"plugins": "policies"}, (False, None)),
        ({"plugins": None}, (False, None)),
        ({}, (False, None)),
        (["policies"], (False, None)),
        (None, (False, None)),
    ],
)
def test_plugin_entry_reads_a_list_or_a_mapping(data, expected):
    assert plugin_entry(data, "policies") == expected


def test_plugin_settings_requires_the_plugin():
    assert plugin_settings({"plugins": [{"policies": {"pdf": False}}]}) == {"pdf": False}
    with pytest.raises(ConfigError) as caught:
        plugin_settings({"plugins": ["search"]})
    assert str(caught.value) == config.NOT_CONFIGURED
    assert config.NOT_CONFIGURED == (
        "mkdocs.yml: the 'policies' plugin is not configured: add '- policies' under 'plugins:'"
    )


# ---------------------------------------------------------------- mkdocs.yml on disk


MKDOCS = """\
site_name: T
plugins:
  - policies:
      lagging: !ENV [POLICY_LAGGING, info]
      timezone: Asia/Taipei
"""


def project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_load_light_reads_env_tags_as_mkdocs_does(tmp_path, monkeypatch):
    root = project(tmp_path, MKDOCS)
    monkeypatch.delenv("POLICY_LAGGING", raising=False)
    settings, data = config.load_light(root)
    assert (settings["lagging"], settings["timezone"]) == ("info", "Asia/Taipei")
    assert data["site_name"] == "T" and data["plugins"][0]["policies"]["timezone"] == "Asia/Taipei"
    monkeypatch.setenv("POLICY_LAGGING", "error")
    assert config.load_policy_settings(root)["lagging"] == "error"


def test_load_reads_mkdocs_configuration_with_the_same_settings(tmp_path, monkeypatch):
    root = project(tmp_path, MKDOCS)
    monkeypatch.setenv("POLICY_LAGGING", "error")
    loaded, settings = config.load(root)
    assert loaded["site_name"] == "T"
    assert dict(settings) == dict(config.load_policy_settings(root))
    assert (settings["lagging"], settings["timezone"]) == ("error", "Asia/Taipei")
    assert config.settings_of(loaded) is settings


@pytest.mark.parametrize("loader", [config.load, config.load_light])
def test_both_readings_give_the_same_error_for_a_wrong_setting(tmp_path, loader):
    root = project(tmp_path, "site_name: T\nplugins:\n  - policies:\n      lagging: bad\n")
    with pytest.raises(ConfigError) as caught:
        loader(root)
    assert (
        str(caught.value)
        == PREFIX + "'lagging': Expected one of: ('error', 'warning', 'info') but received: 'bad'"
    )


@pytest.mark.parametrize("loader", [config.load, config.load_light])
def test_both_readings_require_the_plugin(tmp_path, loader):
    root = project(tmp_path, "site_name: T\nplugins:\n  - search\n")
    with pytest.raises(ConfigError) as caught:
        loader(root)
    assert str(caught.value) == config.NOT_CONFIGURED


@pytest.mark.parametrize("loader", [config.load, config.load_light])
def test_broken_yaml_is_a_config_error_naming_the_line(tmp_path, loader):
    root = project(tmp_path, "site_name: [T\n")
    with pytest.raises(ConfigError) as caught:
        loader(root)
    message = str(caught.value)
    assert message.startswith("mkdocs.yml: MkDocs encountered an error parsing the configuration file: ")
    assert "line 2, column 1" in message


def test_a_missing_mkdocs_yml_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as caught:
        config.load_light(tmp_path)
    assert str(caught.value) == "mkdocs.yml: cannot read it: No such file or directory"
    with pytest.raises(ConfigError) as caught:
        config.load(tmp_path)
    assert str(caught.value) == f"mkdocs.yml: Config file '{tmp_path / 'mkdocs.yml'}' does not exist."


def test_an_error_mkdocs_logs_before_it_aborts_is_the_message(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - policies\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        config.load(tmp_path)  # (no docs/ folder)
    assert str(caught.value) == (
        f"mkdocs.yml: Config value 'docs_dir': The path '{tmp_path / 'docs'}' isn't an existing directory."
    )
