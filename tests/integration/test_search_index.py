"""The search index of a real build: a policy shown in English on the Chinese side (no Chinese file
yet) is indexed once, as static-i18n's ``reconfigure_search`` asks, the build doing that step in
one pass (policysite.search.without_duplicates) instead of static-i18n's loop over every pair."""

from __future__ import annotations

import json

from gitrepo import PolicyRepo


def _english_only(tmp_path, name: str) -> PolicyRepo:
    repo = PolicyRepo.create(tmp_path / name, commit="Seed")
    text = repo.read("en").replace("title: Privacy Policy", "title: Cookie Policy", 1)
    repo.write("en", "cookies", text)
    repo.commit("An English-only policy")
    return repo


def _locations(site, index: str = "search/search_index.json") -> list[str]:
    return [entry["location"] for entry in json.loads((site / index).read_text("utf-8"))["docs"]]


def test_a_page_shown_in_english_on_the_chinese_side_is_indexed_once(tmp_path):
    repo = _english_only(tmp_path, "repo")
    result = repo.build(strict=False)
    assert result.ok, result.output
    english_sections = [loc for loc in _locations(result.site) if loc.startswith("cookies/#")]
    assert len(english_sections) >= 5, english_sections
    for index in ("search/search_index.json", "zh-TW/search/search_index.json"):
        locations = _locations(result.site, index)
        assert [loc for loc in locations if loc.startswith("cookies/#")] == english_sections
        repeated = [loc for loc in locations if loc.startswith("zh-TW/cookies/#")]
        assert set(repeated).isdisjoint(f"zh-TW/{loc}" for loc in english_sections), (index, repeated)

    # A team that turned static-i18n's option off keeps every entry.
    config = repo.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("reconfigure_search: true", "reconfigure_search: false"))
    kept = repo.build(strict=False, site="site-kept")
    assert kept.ok, kept.output
    locations = _locations(kept.site)
    assert {f"zh-TW/{loc}" for loc in english_sections} <= set(locations)


def test_static_i18n_has_its_option_back_after_the_build(tmp_path, monkeypatch):
    """In one process (MkDocs' own tests, a tool building twice): the setting the build turned off
    while it ran is as the team wrote it once the build is done."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    repo = _english_only(tmp_path, "repo")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(repo.root)
    config = load_config(str(repo.root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    assert config.plugins["i18n"].config["reconfigure_search"] is True
    locations = _locations(tmp_path / "site")
    english_sections = {loc for loc in locations if loc.startswith("cookies/#")}
    assert english_sections and not {f"zh-TW/{loc}" for loc in english_sections} & set(locations)
