"""``policy init`` (policysite.commands.init), in process in ``tmp_path``: the files it writes for
one and for several languages, the languages argument (the reference first, duplicates and spaces
dropped, a language without the site's words refused), the build clock's date in the first policy,
and never overwriting.  (What each file holds: tests/unit/test_scaffold.py.)"""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest

from policysite import cli, config, languages, scaffold
from policysite.commands import EXIT_OK, UsageError, init
from policysite.console import Output

NEXT = "Next: commit, then 'policy check --strict' and 'mkdocs serve' (see CONTRIBUTING.md)."
BY_VARIABLE = (
    "mkdocs.yml reads site_url from the SITE_URL environment variable: set it (or write the address in "
    "mkdocs.yml) before 'mkdocs build --strict', which refuses a site without one."
)


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 (UTC)


def call(*argv: str) -> tuple[int, str]:
    args = cli.build_parser().parse_args(["init", *argv])
    stream = io.StringIO()
    return init.run(args, Output(stream)), stream.getvalue()


def written(root) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_a_site_in_one_language(tmp_path):
    code, out = call(str(tmp_path / "site"))
    files = [
        ".github/workflows/policies.yml",
        ".gitignore",
        "CONTRIBUTING.md",
        "docs/en/index.md",
        "en/example.md",
        "mkdocs.yml",
        "requirements.txt",
    ]
    assert (code, out.splitlines()) == (EXIT_OK, [*(f"wrote {f}" for f in files), BY_VARIABLE, NEXT])
    assert written(tmp_path / "site") == files
    example = (tmp_path / "site" / "en" / "example.md").read_text(encoding="utf-8")
    assert example.startswith('---\ntitle: "') and "\nversion: 2023.11.14\n---\n" in example
    settings, data = config.load_light(tmp_path / "site")
    assert settings.pdf is True and data["site_name"] == "Policies"
    assert languages.of_data(data).codes == ("en",)


def test_several_languages_and_a_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = call("--languages", " en, zh-TW,,ja , zh-TW", "--site-name", "Acme 政策")
    assert code == EXIT_OK
    for lang in ("en", "zh-TW", "ja"):
        assert f"wrote docs/{lang}/index.md" in out.splitlines()
        assert f"wrote {lang}/example.md" in out.splitlines()
    settings, data = config.load_light(tmp_path)
    assert data["site_name"] == "Acme 政策"
    assert languages.of_data(data).codes == ("en", "zh-TW", "ja")
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == scaffold.files(
        ("en", "zh-TW", "ja"), "Acme 政策", dt.date(2023, 11, 14)
    )["mkdocs.yml"]


@pytest.mark.parametrize("value", [",", " "])
def test_at_least_one_language(tmp_path, value):
    with pytest.raises(UsageError) as caught:
        call(str(tmp_path), "--languages", value)
    assert str(caught.value) == (
        "--languages names the site's languages, the reference language first (every translation is "
        "compared with it), e.g. en,zh-TW or ja,en"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_reference_language_comes_first_whichever_it_is(tmp_path, monkeypatch):
    """A site written in Japanese first: Japanese is static-i18n's default (at the root), English a
    translation under /en/."""
    monkeypatch.chdir(tmp_path)
    code, out = call("--languages", "ja,en")
    assert code == EXIT_OK and "wrote ja/example.md" in out.splitlines()
    settings, data = config.load_light(tmp_path)
    found = languages.of_data(data)
    assert (found.codes, found.reference, found.i18n) == (("ja", "en"), "ja", True)
    assert data["theme"]["language"] == "ja"
    i18n = next(entry["i18n"] for entry in data["plugins"] if isinstance(entry, dict) and "i18n" in entry)
    assert i18n["languages"][0] == {"locale": "ja", "name": "日本語", "default": True}
    assert i18n["languages"][1]["theme"] == {"language": "en"}
    chinese = tmp_path / "zh"
    assert call(str(chinese), "--languages", "zh-TW")[0] == EXIT_OK  # one language, no static-i18n
    assert languages.of_data(config.load_light(chinese)[1]).codes == ("zh-TW",)


@pytest.mark.parametrize("value", ["EN", "zh-tw,en"])
def test_a_language_is_named_as_its_data_file_is(tmp_path, value):
    with pytest.raises(UsageError) as caught:
        call(str(tmp_path), "--languages", value)
    assert str(caught.value).startswith("the site's own words have no translation into ")
    assert list(tmp_path.iterdir()) == []


def test_a_language_without_the_site_s_words_is_refused(tmp_path):
    with pytest.raises(UsageError) as caught:
        call(str(tmp_path), "--languages", "en,fr,de")
    assert str(caught.value) == languages.unspoken(("en", "fr", "de"))
    assert str(caught.value).startswith(
        "the site's own words have no translation into fr, de: policysite speaks "
    )
    assert list(tmp_path.iterdir()) == []


def test_a_bad_build_clock_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "-")
    with pytest.raises(UsageError) as caught:
        call(str(tmp_path))
    assert str(caught.value) == "SOURCE_DATE_EPOCH='-' is not a Unix timestamp (seconds since 1970)"


def test_it_never_overwrites(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "example.md").write_text("mine\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("mine\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        call(str(tmp_path))
    assert str(caught.value) == (
        f".gitignore, en/example.md already exist in {tmp_path.resolve()}: nothing was written "
        "(policy init never overwrites)"
    )
    assert written(tmp_path) == [".gitignore", "en/example.md"]
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "mine\n"


def test_one_file_that_exists_is_named_in_the_singular(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("mine\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        call(str(tmp_path))
    assert str(caught.value) == (
        f"mkdocs.yml already exists in {tmp_path.resolve()}: nothing was written "
        "(policy init never overwrites)"
    )
    assert written(tmp_path) == ["mkdocs.yml"]


def test_the_default_folder_is_the_current_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert call()[0] == EXIT_OK
    assert (tmp_path / "mkdocs.yml").is_file()
    assert os.path.isfile(tmp_path / "en" / "example.md")


def test_the_site_url_is_written_and_checked(tmp_path):
    code, out = call(str(tmp_path / "site"), "--site-url", "https://policies.example.test/")
    assert code == EXIT_OK and BY_VARIABLE not in out
    _, data = config.load_light(tmp_path / "site")
    assert data["site_url"] == "https://policies.example.test/"
    with pytest.raises(UsageError, match=r"^--site-url: site_url 'policies' is not an http\(s\) address"):
        call(str(tmp_path / "other"), "--site-url", "policies")
    assert not (tmp_path / "other").exists()
