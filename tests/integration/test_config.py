"""Issue 17 and issue 26: one settings path.  The settings are the ``policies`` plugin's
(``plugins: - policies: {...}``), validated by MkDocs with the plugin's ``config_options``;
``policy`` reads mkdocs.yml through MkDocs' own loader, so both agree on every configuration,
and an unknown key is MkDocs' own configuration error in both."""

from __future__ import annotations

import re

import pytest
from gitrepo import PolicyRepo

LAGGING_EN = "\n\n## 10. Children {#children}\n\nWe do not knowingly collect data from children.\n"


def _message(output: str) -> str:
    """The configuration error as either tool words it (the 'mkdocs.yml: ...' part)."""
    match = re.search(r"mkdocs\.yml: [^\n]*", output)
    assert match, output
    return match.group(0).rstrip(" .")


@pytest.mark.parametrize(
    "extra,fragment",
    [
        ("extra:\n  policies:\n    lagging: bogus\n", "Plugin 'policies' option 'lagging': Expected one of"),
        ("extra:\n  policies:\n    untranslated: sometimes\n", "Plugin 'policies' option 'untranslated'"),
        (
            "extra:\n  policies:\n    lagg: warning\n",
            "Plugin 'policies' option 'lagg': Unrecognised configuration name: lagg (settings: ",
        ),
        ("extra:\n  policies: 5\n", "Invalid config options for the 'policies' plugin"),
        ("extra:\n  policies:\n    timezone: Mars/Olympus_Mons\n", "unknown time zone 'Mars/Olympus_Mons'"),
        ("extra:\n  policies:\n    staging_dir: 7\n", "Plugin 'policies' option 'staging_dir'"),
    ],
)
def test_an_invalid_setting_is_the_same_error_in_check_and_build(project_copy, extra, fragment):
    project_copy.set_extra(extra)
    check = project_copy.policy("check")
    build = project_copy.build(strict=False)
    assert check.returncode == 2 and build.returncode != 0
    assert "Traceback" not in check.output + build.output
    assert fragment in check.stderr, check.output
    said = _message(check.stderr).removeprefix("mkdocs.yml: ")
    assert said in build.output, (check.stderr, build.output)
    # The commands that read history only validate the plugin's settings alike.
    versions = project_copy.policy("versions")
    assert versions.returncode == 2 and fragment in versions.stderr, versions.output


def test_a_broken_mkdocs_yml_is_a_usage_error_not_a_traceback(project_copy):
    config = project_copy.root / "mkdocs.yml"
    config.write_text(config.read_text() + "\nnav: [unclosed\n")
    check = project_copy.policy("check")
    assert check.returncode == 2 and "Traceback" not in check.output
    assert check.stderr.startswith("policy check: error: mkdocs.yml:"), check.stderr


def test_a_configuration_error_mkdocs_aborts_on_is_the_users_not_a_bug(project_copy):
    """Issue 25, item 8: MkDocs logs a wrong value and aborts; policy says what MkDocs said, exit 2."""
    config = project_copy.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("watch:\n", "watch:\n  - a-folder-that-is-not-there\n", 1))
    check = project_copy.policy("check")
    assert check.returncode == 2 and "internal error" not in check.output, check.output
    assert check.stderr.startswith("policy check: error: mkdocs.yml: Config value 'watch'"), check.stderr
    assert "a-folder-that-is-not-there" in check.stderr


@pytest.fixture
def lagging(tmp_path) -> PolicyRepo:
    """English at a newer version than Chinese, with ``lagging`` read from $POLICY_LAGGING."""
    repo = PolicyRepo.create(tmp_path / "project", commit="The project as it stands")
    repo.set_extra("extra:\n  policies:\n    lagging: !ENV [POLICY_LAGGING, warning]\n")
    repo.commit("lagging from the environment")
    repo.set_version("privacy", "2020.01.01", langs=("en",))
    repo.write("en", "privacy", repo.read("en") + LAGGING_EN)
    repo.commit("English 2020.01.01", "2020-01-01T10:00:00Z")
    return repo


@pytest.mark.parametrize(
    "value,strict,passes",
    [("error", False, False), ("warning", False, True), ("warning", True, False), ("info", True, True)],
)
def test_env_values_are_read_the_same_way(lagging, value, strict, passes):
    env = {"POLICY_LAGGING": value, "SOURCE_DATE_EPOCH": "1700000000"}
    check = lagging.policy("check", *(["--strict"] if strict else []), env=env)
    build = lagging.build(strict=strict, env=env)
    assert (check.returncode == 0, build.returncode == 0) == (passes, passes), (check.output, build.output)
    assert "history.lagging" in check.stdout
    assert "history.lagging" in build.output


def test_the_readme_settings_table_is_the_plugins_schema():
    """README's settings table lists exactly the plugin's config_options, with their defaults."""
    from gitrepo import PROJECT

    from policysite.config import PolicySettings

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Settings (the `policies` plugin in `mkdocs.yml`)", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| `([^`]*)`", table, re.MULTILINE)
    schema = dict(PolicySettings._schema)
    assert [name for name, _ in rows] == list(schema), "README rows must follow the schema's order"
    for name, default in rows:
        expected = schema[name].default
        shown = str(expected).lower() if isinstance(expected, bool) else str(expected)
        assert default == shown, (name, default, expected)
