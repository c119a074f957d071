"""Issue 26, item 2: the languages are the site's, from its MkDocs configuration.

mkdocs-static-i18n's ``languages`` list names them (the default one is the reference); a site
without static-i18n publishes English alone, at the root, with no language switcher, no
side-by-side view and no translation notice; a third language is a configuration change.
Real git repositories, the real ``policy`` command and real ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from gitrepo import PolicyRepo

from policysite import languages
from policysite.config import ConfigError

I18N_BLOCK = re.compile(r"  - i18n:\n(?:      .*\n|        .*\n|\n)*")


def english_only(tmp_path) -> PolicyRepo:
    """The project's site with its Chinese half and static-i18n removed."""
    repo = PolicyRepo.create(tmp_path)
    shutil.rmtree(repo.root / "zh-TW")
    shutil.rmtree(repo.root / "docs" / "zh-TW")
    config = repo.root / "mkdocs.yml"
    text = I18N_BLOCK.sub("", config.read_text(encoding="utf-8")).replace("  - zh-TW\n", "")
    config.write_text(text, encoding="utf-8")
    repo.commit("English only", date="2020-01-01T12:00:00Z")
    return repo


def test_a_site_without_static_i18n_publishes_english_at_the_root(tmp_path):
    repo = english_only(tmp_path)
    check = repo.policy("check", "--strict")
    assert check.returncode == 0, check.output
    assert "1 policy in 1 language" in check.stdout
    result = repo.build()
    assert result.ok, result.output
    assert not (result.site / "zh-TW").exists() and not (result.site / "en").exists()
    page = result.page("privacy")
    assert result.exists("privacy/versions") and result.exists("changelog")
    assert not result.exists("privacy/bilingual") and not result.exists("translations")
    for absent in ("zh-TW", "繁體中文", "side by side", "translation is pending", 'class="md-select"'):
        assert absent not in page, absent
    index = json.loads(result.path("versions.json").read_text(encoding="utf-8"))
    assert list(index["policies"][0]["versions"][0]["languages"]) == ["en"]
    versions = repo.policy("versions", "privacy")
    assert versions.returncode == 0, versions.output


def test_the_languages_and_their_order_come_from_static_i18n():
    found = languages.of_data(
        {
            "plugins": [
                "search",
                {
                    "i18n": {
                        "languages": [
                            {"locale": "ja", "name": "日本語"},
                            {"locale": "en", "name": "English", "default": True},
                            {"locale": "fr", "name": "Français", "build": False},
                            {"locale": "zh-TW", "name": "繁體中文"},
                        ]
                    }
                },
            ]
        }
    )
    assert found.codes == ("en", "ja", "zh-TW") and found.i18n
    assert found.names["ja"] == "日本語"
    alone = languages.of_data({"plugins": ["policies", "search"], "theme": {"name": "material"}})
    assert alone.codes == ("en",) and not alone.i18n


@pytest.mark.parametrize(
    "data",
    [
        {"plugins": [{"i18n": {"languages": [{"locale": "zh-TW", "default": True}, {"locale": "en"}]}}]},
        {"plugins": ["search"], "theme": {"language": "ja"}},
    ],
)
def test_a_reference_language_other_than_english_is_refused_plainly(data):
    with pytest.raises(ConfigError, match="must be 'en'|publishes 'en'"):
        languages.of_data(data)
