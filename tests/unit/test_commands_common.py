"""``policysite.commands.common``, in process: finding the site's folder, reading mkdocs.yml as
the build does, the analysis every command shares (full, or history only), the site's languages,
unknown policies and the PDF prerequisites, on a small real git repository (two commits)."""

from __future__ import annotations

import argparse
import subprocess

import pytest
from gitrepo import PolicyRepo, clean_env
from unit import commandkit
from unit.commandkit import ZH

from policysite import config, history
from policysite.commands import UsageError, common
from policysite.pages import pdf


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    commandkit.clean_environment(monkeypatch)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> PolicyRepo:
    """privacy in en and zh-TW at 2020.01.01, then English alone at 2021.01.01 (read only)."""
    repo, _ = commandkit.published(tmp_path_factory.mktemp("common") / "site")
    repo.set_version("privacy", "2021.01.01", ("en",))
    repo.edit("en", "We keep data.", "We keep less data.")
    repo.commit("Less data", date="2021-01-01T12:00:00Z")
    return repo


def message(caught: pytest.ExceptionInfo) -> str:
    return str(caught.value)


# ---------------------------------------------------------------- root_of


def test_the_site_is_the_nearest_folder_with_mkdocs_yml(site, monkeypatch):
    monkeypatch.chdir(site.root / "zh-TW")
    assert common.root_of(argparse.Namespace(root=None)) == site.root.resolve()
    assert common.root_of(argparse.Namespace()) == site.root.resolve()  # (a command without -C)
    assert common.root_of(argparse.Namespace(root=str(site.root / "en"))) == site.root.resolve()


def test_no_site_above_the_folder_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as caught:
        common.root_of(argparse.Namespace(root=None))
    assert message(caught) == (
        f"no mkdocs.yml found in {tmp_path.resolve()} or above; run this inside the policy site's repository"
    )
    with pytest.raises(UsageError) as caught:
        common.root_of(argparse.Namespace(root="a\x00b"))
    assert message(caught) == "cannot look for mkdocs.yml in 'a\x00b': embedded null byte"


# ---------------------------------------------------------------- configuration


def test_the_configuration_is_mkdocs_own_with_the_settings_validated(site):
    mkdocs_config, settings = common.configuration(site.root)
    assert mkdocs_config.site_name == "SmartRobot"
    assert mkdocs_config.site_url == "https://policies.example.test/"
    assert isinstance(settings, config.PolicySettings)
    assert (settings.pdf, settings.timezone, settings.lagging) == (False, "Asia/Taipei", "warning")


def test_a_wrong_setting_is_a_usage_error_naming_it(tmp_path):
    repo = PolicyRepo.create(tmp_path / "site", copy_policies=False, init=False)
    repo.set_extra("extra:\n  policies:\n    colour: red\n")
    with pytest.raises(UsageError) as caught:
        common.configuration(repo.root)
    assert message(caught).startswith(
        "mkdocs.yml: Config value 'plugins': Plugin 'policies' option 'colour': "
        "Unrecognised configuration name: colour (settings: baseline, former_paths, lagging, "
    )
    for full in (True, False):
        with pytest.raises(UsageError) as again:
            common.analyse(repo.root, full=full)
        assert "option 'colour': Unrecognised configuration name: colour" in message(again)
    with pytest.raises(UsageError) as caught:
        common.site_languages(repo.root)
    assert "option 'colour'" in message(caught)


# ---------------------------------------------------------------- analyse


def test_the_full_analysis_runs_every_rule_and_reads_history(site):
    analysis = common.analyse(site.root)
    assert analysis.corpus.languages == ("en", "zh-TW")
    assert analysis.corpus.policies == ["privacy"]
    ph = analysis.history.get("privacy")
    assert [v.version for v in ph.versions] == ["2020.01.01", "2021.01.01"]
    assert ph.current is not None and ph.current.version == "2021.01.01"
    assert [(d.code, d.file, d.severity) for d in analysis.diagnostics] == [
        ("history.lagging", "zh-TW/privacy.md", "warning")
    ]
    assert analysis.site_map is not None


def test_history_only_reads_no_theme_and_runs_no_rule_of_the_files(site):
    light = common.analyse(site.root, full=False)
    assert [v.version for v in light.history.get("privacy").versions] == ["2020.01.01", "2021.01.01"]
    assert light.diagnostics == []  # (history.lagging is a rule of the current files)
    assert light.site_map is None


def test_the_rules_of_the_sources_run_only_in_the_full_analysis(tmp_path):
    repo, _ = commandkit.published(tmp_path / "site", zh=ZH.replace("請來信。\n", ""))
    full = [(d.code, d.section) for d in common.analyse(repo.root).diagnostics]
    assert full == [("parity.paragraphs", "contact")]
    assert common.analyse(repo.root, full=False).diagnostics == []


def test_a_bad_build_clock_and_a_shallow_clone_are_usage_errors(site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UsageError) as caught:
        common.analyse(site.root, full=False)
    assert message(caught) == "SOURCE_DATE_EPOCH='yesterday' is not a Unix timestamp (seconds since 1970)"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{site.root}", str(shallow)],
        check=True,
        env=clean_env(),
    )
    with pytest.raises(UsageError) as caught:
        common.analyse(shallow, full=False)
    assert message(caught).startswith(
        "this is a shallow clone: its history is truncated, so the archive of dated versions would be "
        "incomplete. Fetch the full history with 'git fetch --unshallow' "
    )


def test_the_site_languages_are_static_i18n_s(site, tmp_path):
    assert common.site_languages(site.root) == ("en", "zh-TW")
    one = tmp_path / "one"
    one.mkdir()
    (one / "mkdocs.yml").write_text("site_name: One\nplugins:\n  - policies\n", encoding="utf-8")
    assert common.site_languages(one) == ("en",)
    (one / "mkdocs.yml").write_text("site_name: One\nplugins:\n  - search\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        common.site_languages(one)
    assert message(caught) == config.NOT_CONFIGURED


# ---------------------------------------------------------------- policies


def test_an_unknown_policy_names_the_known_ones_sorted():
    assert (
        str(common.unknown_policy("x", ["terms", "privacy"]))
        == "unknown policy 'x' (policies: privacy, terms)"
    )
    assert str(common.unknown_policy("x", [])) == "unknown policy 'x' (policies: none)"


def test_policy_history(site):
    found = common.analyse(site.root, full=False).history
    assert isinstance(common.policy_history(found, "privacy"), history.PolicyHistory)
    assert common.policy_history(found, "privacy").policy == "privacy"
    with pytest.raises(UsageError) as caught:
        common.policy_history(found, "terms")
    assert message(caught) == "unknown policy 'terms' (policies: privacy)"


def test_the_pdf_prerequisites_are_checked_only_with_pdfs_on():
    assert common.pdf_prerequisites(config.load_settings({"pdf": False})) is None
    try:
        pdf.toolchain()
    except pdf.PdfError as exc:  # a machine without the fonts: the command says what the build says
        with pytest.raises(UsageError) as caught:
            common.pdf_prerequisites(config.load_settings({"pdf": True}))
        assert message(caught) == str(exc)
    else:
        assert common.pdf_prerequisites(config.load_settings({"pdf": True})) is None
