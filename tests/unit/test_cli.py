"""The ``policy`` command's arguments, messages and exit codes, in-process: ``policysite.cli.main``
called with the arguments (:mod:`inprocess`), in real git repositories where a site is needed.

The console script itself (the installed ``policy``) is run end to end by a few tests of
test_cli_check.py and test_cli_errors.py.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys

import pytest
from histories import DIAGNOSTIC
from inprocess import Policy
from seed import LOG_ITEMS

from policysite import cli
from policysite.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

COMMANDS = [
    "check",
    "versions",
    "diff",
    "new-version",
    "pr-summary",
    "init",
    "baseline",
    "ids",
    "translations",
    "verify",
]
# A run of each command that needs a site (every one but init).
ON_A_SITE = [
    ["check"],
    ["versions"],
    ["diff", "privacy", "2019.12.19", "current"],
    ["new-version", "privacy", "2030.01.01"],
    ["pr-summary", "--base", "main"],
    ["baseline"],
    ["ids"],
    ["translations"],
    ["verify"],
]


@pytest.fixture
def policy() -> Policy:
    return Policy()


@pytest.fixture(scope="module")
def site(tmp_path_factory, new_project_copy):
    """A committed copy of the project (read only)."""
    return new_project_copy(tmp_path_factory.mktemp("site") / "project")


def usage_error(run, command: str = "") -> str:
    """The one 'error:' line argparse printed, after the usage of ``policy [command]``."""
    assert (run.returncode, run.stdout) == (EXIT_USAGE, ""), run.output
    assert run.stderr.startswith(f"usage: policy {command}".rstrip() + " "), run.stderr
    errors = [line for line in run.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, run.stderr
    return errors[0]


# ---------------------------------------------------------------- the parser


def test_every_command_is_parsed_and_has_its_module():
    parser = cli.build_parser()
    (subparsers,) = [a for a in parser._actions if a.dest == "command"]
    assert list(subparsers.choices) == COMMANDS
    for name in COMMANDS:
        module = importlib.import_module("policysite.commands." + name.replace("-", "_"))
        assert callable(module.run), name


def test_help_lists_every_command(policy, tmp_path):
    run = policy("--help", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (EXIT_OK, "")
    assert run.stdout.startswith("usage: policy [-h] [-C DIR] [--debug] COMMAND ...")
    for name in COMMANDS:
        assert re.search(rf"^    {re.escape(name)}\s+\S", run.stdout, re.MULTILINE), name


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command(policy, tmp_path, command):
    """Outside any site: --help needs none."""
    run = policy(command, "--help", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (EXIT_OK, "")
    assert run.stdout.startswith(f"usage: policy {command} [-h]"), run.stdout
    assert "options:" in run.stdout and "--debug" not in run.stdout  # (accepted, not advertised)


def test_no_command_or_an_unknown_one(policy, tmp_path):
    assert usage_error(policy(cwd=tmp_path)).endswith("the following arguments are required: COMMAND")
    line = usage_error(policy("publish", cwd=tmp_path))
    assert line.startswith("policy: error: argument COMMAND: invalid choice: 'publish' (choose from ")
    assert all(f"'{name}'" in line for name in COMMANDS)


@pytest.mark.parametrize(
    "args,message",
    [
        (["--root"], "argument -C/--root: expected one argument"),
        (["--no-such-option", "check"], "unrecognized arguments: --no-such-option"),
        (["check", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["check", "--since"], "argument --since: expected one argument"),
        (["check", "extra"], "unrecognized arguments: extra"),
        (["check", "--no-such-option"], "unrecognized arguments: --no-such-option"),
        (["versions", "--format", "yaml"], "argument --format: invalid choice: 'yaml'"),
        (["versions", "privacy", "terms"], "unrecognized arguments: terms"),
        (["diff"], "the following arguments are required: POLICY, OLD, NEW"),
        (["diff", "privacy"], "the following arguments are required: OLD, NEW"),
        (["diff", "privacy", "2020.01.01"], "the following arguments are required: NEW"),
        (["diff", "privacy", "2020.01.01", "current", "--lang"], "argument --lang: expected one argument"),
        (["new-version"], "the following arguments are required: POLICY, YYYY.MM.DD"),
        (["new-version", "privacy"], "the following arguments are required: YYYY.MM.DD"),
        (["new-version", "privacy", "2030.01.01", "extra"], "unrecognized arguments: extra"),
        (["pr-summary"], "the following arguments are required: --base"),
        (["pr-summary", "--base"], "argument --base: expected one argument"),
        (["pr-summary", "main"], "the following arguments are required: --base"),
        (["pr-summary", "--base", "main", "extra"], "unrecognized arguments: extra"),
        (["init", "a", "b"], "unrecognized arguments: b"),
        (["baseline", "privacy"], "unrecognized arguments: privacy"),
        (["ids", "--style", "camel"], "argument --style: invalid choice: 'camel'"),
        (["ids", "--keep-anchors", "gitlab"], "argument --keep-anchors: invalid choice: 'gitlab'"),
        (["translations", "--format", "html"], "argument --format: invalid choice: 'html'"),
        (["verify", "site", "other"], "unrecognized arguments: other"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_usage_errors_exit_2_before_looking_for_a_site(policy, tmp_path, args, message):
    command = args[0] if args[0] in COMMANDS else ""
    if message.startswith("unrecognized"):
        command = ""  # (argparse reports these in the main parser's name)
    line = usage_error(policy(*args, cwd=tmp_path), command)
    assert line.startswith(f"policy {command}".rstrip() + ": error: "), line
    assert message in line, line


@pytest.mark.parametrize("args", ON_A_SITE, ids=lambda args: args[0])
def test_outside_a_site_is_a_usage_error(policy, tmp_path, args):
    run = policy(*args, cwd=tmp_path)
    assert (run.returncode, run.stdout) == (EXIT_USAGE, "")
    assert run.stderr == (
        f"policy {args[0]}: error: no mkdocs.yml found in {tmp_path.resolve()} or above; run this "
        "inside the policy site's repository\n"
    )
    elsewhere = policy("-C", str(tmp_path / "nowhere"), *args, cwd=tmp_path)
    assert elsewhere.returncode == EXIT_USAGE
    assert elsewhere.stderr.startswith(f"policy {args[0]}: error: no mkdocs.yml found in {tmp_path}")


def test_the_site_is_found_from_a_subfolder_or_named_with_root(policy, site):
    assert policy("check", cwd=site.root / "zh-TW").returncode == EXIT_OK
    run = policy("-C", str(site.root), "check", cwd=site.root.parent)
    assert (run.returncode, run.stderr) == (EXIT_OK, ""), run.output
    assert policy("--root", str(site.root / "en"), "check", cwd=site.root.parent).returncode == EXIT_OK


def test_debug_is_accepted_before_and_after_the_command(policy, site):
    for args in (["--debug", "check"], ["check", "--debug"]):
        assert policy(*args, cwd=site.root).returncode == EXIT_OK


# ---------------------------------------------------------------- bad input: a message, never a traceback


@pytest.mark.parametrize(
    "args,message",
    [
        (["-C", "a\x00b", "check"], "policy check: error: cannot look for mkdocs.yml in 'a\\x00b': "),
        (["versions", "\udcff\x1b[2J"], "policy versions: error: unknown policy '\\udcff\\x1b[2J' "),
        (["versions", "../../etc/passwd"], "policy versions: error: unknown policy '../../etc/passwd' "),
        (["diff", "privacy", "2019.12.19", "::error::x"], "has no version '::error::x' (versions: "),
        (["diff", "privacy", "2019.12.19", "current", "--lang", "ja"], "unknown language 'ja' (languages: "),
        (["new-version", "privacy", "9999.99.99"], "'9999.99.99' is not a real date written YYYY.MM.DD"),
        (["new-version", "privacy", "2019.12.19"], "every language of 'privacy' already carries version"),
        (["new-version", "../privacy", "2030.01.01"], "unknown policy '../privacy' (policies: privacy)"),
        (["check", "--since", ""], "policy check: error: "),
        (["check", "--since", "no-such-revision"], "policy check: error: "),
        (["pr-summary", "--base", "no-such-revision"], "policy pr-summary: error: "),
        (["ids", "cookies"], "policy ids: error: unknown policy 'cookies' (policies: privacy)"),
        (["translations", "--lang", "en"], "unknown translation language 'en' (languages: zh-TW)"),
        (["translations", "cookies"], "unknown policy 'cookies' (policies: privacy)"),
        (["verify", "no-such-site"], "policy verify: error: cannot verify no-such-site: "),
        (["init", "--languages", "fr,en"], "the site's own words have no translation into fr: "),
        (
            ["init", "--languages", ","],
            "--languages names the site's languages, the reference language first",
        ),
    ],
    ids=lambda value: " ".join(value).encode("unicode_escape").decode() if isinstance(value, list) else "",
)
def test_bad_input_is_one_line_exit_2(policy, site, tmp_path, args, message):
    run = policy(*args, cwd=tmp_path if args[0] == "init" else site.root)
    assert (run.returncode, run.stdout) == (EXIT_USAGE, ""), run.output
    assert run.stderr.count("\n") == 1 and message in run.stderr, run.stderr
    assert "\x1b" not in run.stderr and not run.stderr.startswith("::")
    assert "internal error" not in run.stderr
    assert site.git("status", "--porcelain", "--untracked-files=no") == ""  # nothing written


def test_a_file_for_the_site_is_a_usage_error(policy, tmp_path):
    (tmp_path / "mkdocs.yml").mkdir()  # a folder, not mkdocs.yml
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    for where in (tmp_path, afile):
        run = policy("-C", str(where), "versions", cwd=tmp_path)
        assert run.returncode == EXIT_USAGE and "no mkdocs.yml found in" in run.stderr


def test_a_broken_configuration_is_a_usage_error(policy, project_copy):
    (project_copy.root / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    for args in (["check"], ["versions"], ["translations"]):
        run = policy(*args, cwd=project_copy.root)
        assert run.returncode == EXIT_USAGE, run.output
        assert run.stderr.startswith(f"policy {args[0]}: error: mkdocs.yml: "), run.stderr


# ---------------------------------------------------------------- policy check: format and exit codes


def test_check_of_a_clean_site(policy, site):
    run = policy("check", cwd=site.root)
    assert (run.returncode, run.stdout, run.stderr) == (
        EXIT_OK,
        "ok: 1 policy in 2 languages, no findings\n",
        "",
    )
    strict = policy("check", "--strict", "--format", "json", cwd=site.root)
    assert strict.returncode == EXIT_OK
    assert json.loads(strict.stdout) == {
        "diagnostics": [],
        "summary": {"errors": 0, "warnings": 0, "info": 0, "acknowledged": 0},
    }


def test_check_shows_file_line_severity_code_and_message(policy, project_copy):
    project_copy.edit("zh-TW", LOG_ITEMS, "")
    run = policy("check", cwd=project_copy.root)
    assert (run.returncode, run.stderr) == (EXIT_FINDINGS, "")
    assert run.stdout.splitlines() == [
        "zh-TW/privacy.md:57: error: [parity.structure] section 'collection-channels': "
        "en has 3 list items under item 2.2 ('Log information:'), zh-TW has 0",
        "1 error, 0 warnings",
    ]
    finding = DIAGNOSTIC.match(run.stdout)
    assert finding is not None and finding["code"] == "parity.structure"
    data = json.loads(policy("check", "--format", "json", cwd=project_copy.root).stdout)
    (item,) = data["diagnostics"]
    assert (item["file"], item["line"], item["section"], item["code"], item["severity"]) == (
        "zh-TW/privacy.md",
        57,
        "collection-channels",
        "parity.structure",
        "error",
    )


def test_warnings_fail_only_with_strict(policy, project_copy):
    project_copy.edit(
        "zh-TW", "本政策構成本平台服務條款之一部分。", "本政策構成本平台服務條款之一部分。\n\n多出來的段落。"
    )
    data = project_copy.path("zh-TW").read_bytes()
    project_copy.write("zh-TW", "privacy", b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    run = policy("check", cwd=project_copy.root)
    assert run.returncode == EXIT_OK, run.output
    assert [m["code"] for m in DIAGNOSTIC.finditer(run.stdout)] == [
        "source.bom",  # (line 1: the findings in the order of their lines)
        "source.crlf",
        "parity.paragraphs",
    ]
    assert {m["severity"] for m in DIAGNOSTIC.finditer(run.stdout)} == {"warning"}
    assert run.stdout.splitlines()[-1] == "0 errors, 3 warnings"
    strict = policy("check", "--strict", cwd=project_copy.root)
    assert (strict.returncode, strict.stdout) == (EXIT_FINDINGS, run.stdout)
    summary = json.loads(policy("check", "--strict", "--format", "json", cwd=project_copy.root).stdout)[
        "summary"
    ]
    assert summary == {"errors": 0, "warnings": 3, "info": 0, "acknowledged": 0}


def test_github_annotations_follow_their_finding_in_actions(policy, project_copy):
    project_copy.edit("zh-TW", LOG_ITEMS, "")
    run = policy("check", cwd=project_copy.root, env={"GITHUB_ACTIONS": "true"})
    assert run.returncode == EXIT_FINDINGS
    finding, annotation, summary = run.stdout.splitlines()
    assert finding.startswith("zh-TW/privacy.md:57: error: [parity.structure] ")
    assert annotation.startswith(
        "::error file=zh-TW/privacy.md,line=57,title=parity.structure::[parity.structure] section "
    )
    assert summary == "1 error, 0 warnings"
    assert "::" not in policy("check", cwd=project_copy.root).stdout


# ---------------------------------------------------------------- the console script's imports


def test_help_and_usage_errors_load_neither_mkdocs_nor_git(tmp_path):
    """``policy --help`` is instant: only the command that runs imports what it needs."""
    script = (
        "import sys\nfrom policysite import cli\n"
        "codes = [cli.main(['--help']), cli.main(['check', '--format', 'xml']), cli.main(['nope'])]\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'git', 'weasyprint', 'pypdf'})\n"
        "print(codes, heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert done.stderr.splitlines()[-1] == "[0, 2, 2] []", done.stderr
