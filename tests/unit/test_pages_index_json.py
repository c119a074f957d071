"""``/versions.json`` (policysite.pages.index_json): every policy and version with its dates, record,
sources (commit, path, SHA-256), every wording ever published, translations and findings."""

from __future__ import annotations

import hashlib
import json

import pytest
from unit import pagekit
from unit.pagekit import EVIL_EN

from policysite.pages import index_json


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


@pytest.fixture(scope="module")
def index(kit) -> dict:
    site = kit.site
    return index_json.versions_index(
        site.history, site.redlines, site.languages, site.diagnostics, site.corpus, site_url=site.site_url
    )


def policy(index: dict, name: str) -> dict:
    [found] = [p for p in index["policies"] if p["id"] == name]
    return found


def version(entry: dict, name: str) -> dict:
    [found] = [v for v in entry["versions"] if v["version"] == name]
    return found


def test_the_index_names_its_build_and_every_policy(kit, index):
    assert (index["generated"], index["head"], index["site_url"]) == (
        "2021-01-01",
        kit.commits["upcoming"],
        "https://example.org/legal/",
    )
    assert [p["id"] for p in index["policies"]] == list(pagekit.POLICIES)
    json.dumps(index)  # (JSON all through)


def test_a_policy_its_titles_addresses_and_versions_newest_first(index):
    privacy = policy(index, "privacy")
    assert privacy["title"] == {"en": "Privacy Policy", "zh-TW": "隱私權政策"}
    assert privacy["url"] == {
        "en": "https://example.org/legal/privacy/",
        "zh-TW": "https://example.org/legal/zh-TW/privacy/",
    }
    assert (privacy["current"], privacy["retired"], privacy["former_names"]) == ("2020.06.01", None, [])
    assert [v["version"] for v in privacy["versions"]] == ["2021.03.01", "2020.06.01", "2020.01.01"]
    assert [v["status"] for v in privacy["versions"]] == ["upcoming", "current", "archived"]
    assert policy(index, "evil")["name"]["en"] == EVIL_EN


def test_a_version_its_record_sources_and_redlines(kit, index):
    entry = version(policy(index, "privacy"), "2020.06.01")
    assert {k: entry[k] for k in ("date", "dated_by", "published", "in_force", "withdrawn", "restored")} == {
        "date": "2020-06-01",
        "dated_by": "source",
        "published": "2020-05-01",
        "in_force": [{"from": "2020-06-01", "until": "2021-03-01"}],
        "withdrawn": None,
        "restored": [],
    }
    assert entry["summary"] == {"first": False, "added": 1, "removed": 0, "changed": 1, "moved": 0}
    zh = entry["languages"]["zh-TW"]
    text = kit.version("privacy", "2020.06.01").texts["zh-TW"]
    assert (zh["commit"], zh["path"], zh["sha256"]) == (
        kit.commits["privacy2"],
        "zh-TW/privacy.md",
        hashlib.sha256(text.data).hexdigest(),
    )
    assert zh["url"] == "https://example.org/legal/zh-TW/privacy/versions/2020.06.01/"
    assert "pdf" not in zh
    assert entry["redline"]["en"] == "https://example.org/legal/privacy/changes/2020.06.01/"
    assert entry["revisions"] == [
        {
            "commit": kit.commits["privacy2"],
            "date": "2020-05-01",
            "subject": "Privacy 2020.06.01 <b>&</b>",
            "editorial": False,
        }
    ]


def test_every_wording_ever_published_with_its_reason(kit, index):
    [first, corrected] = version(policy(index, "privacy"), "2020.01.01")["languages"]["en"]["states"]
    assert first == {
        "number": 1,
        "kind": "published",
        "commit": kit.commits["first"],
        "path": "en/privacy.md",
        "sha256": first["sha256"],
        "published": "2020-01-01",
        "until": "2020-02-01",
        "reason": None,
        "url": "https://example.org/legal/privacy/versions/2020.01.01/wording-1/",
    }
    assert (corrected["number"], corrected["kind"], corrected["reason"], corrected["until"]) == (
        2,
        "corrected",
        "editorial (typo)",
        None,
    )
    assert corrected["url"] == "https://example.org/legal/privacy/versions/2020.01.01/"
    assert first["sha256"] != corrected["sha256"]


def test_a_withdrawal_a_retirement_and_a_rename(kit, index):
    data = policy(index, "data")
    assert version(data, "2020.09.01")["withdrawn"] == {
        "date": "2020-08-15",
        "commit": kit.commits["revert"],
        "restored": "2020.01.01",
    }
    assert version(data, "2020.09.01")["in_force"] == []
    assert version(data, "2020.01.01")["restored"] == ["2020-08-15"]
    assert set(version(data, "2020.01.01")["languages"]) == {"en"}
    terms = policy(index, "terms")
    assert (terms["retired"], terms["current"]) == ("2020-07-01", None)
    assert terms["url"] == {
        "en": "https://example.org/legal/terms/",
        "zh-TW": "https://example.org/legal/zh-TW/terms/",
    }
    moved = policy(index, "cookie-policy")
    assert moved["former_names"] == ["cookies"]
    assert version(moved, "2020.01.01")["languages"]["en"]["path"] == "en/cookies.md"  # as it was then named


def test_translations_and_findings(kit, index):
    security = policy(index, "security")
    lagging = security["translations"]["zh-TW"]
    assert (lagging["state"], lagging["version"], lagging["reference"]) == (
        "lagging",
        "2020.01.01",
        "2020.07.01",
    )
    assert policy(index, "data")["translations"]["zh-TW"]["state"] == "pending"
    [finding] = version(security, "2020.07.01")["findings"]
    assert (finding["code"], finding["file"], finding["commit"], finding["acknowledged"]) == (
        "history.unmarked-change",
        "en/security.md",
        kit.commits["reword"],
        False,
    )
    assert version(security, "2020.01.01")["findings"] == []


def test_pdfs_and_their_hashes_when_the_site_has_them_and_site_paths_without_site_url(kit):
    site = kit.site
    index = index_json.versions_index(
        site.history,
        site.redlines,
        site.languages,
        pdfs=True,
        pdf_hashes={("privacy", "2020.06.01", "zh-TW"): "ab" * 32},
    )
    zh = version(policy(index, "privacy"), "2020.06.01")["languages"]["zh-TW"]
    assert zh["pdf"] == "/zh-TW/privacy/versions/privacy-2020.06.01-zh-TW.pdf"
    assert zh["pdf_sha256"] == "ab" * 32 and zh["url"] == "/zh-TW/privacy/versions/2020.06.01/"
    en = version(policy(index, "privacy"), "2020.06.01")["languages"]["en"]
    assert en["pdf"] == "/privacy/versions/privacy-2020.06.01-en.pdf" and "pdf_sha256" not in en
    assert index["site_url"] == ""
    assert version(policy(index, "security"), "2020.07.01")["findings"] == []  # none given
