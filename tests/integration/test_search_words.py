"""A build's Chinese search words are the same whether jieba reads its whole dictionary or only
the groups of the characters the site has (policysite.segmenter): three real builds of the seed
site, with no groups yet, with them, and with no cache folder at all."""

from __future__ import annotations

import json

from gitrepo import PolicyRepo


def test_the_search_index_is_the_same_with_the_dictionary_read_whole_or_by_groups(tmp_path):
    repo = PolicyRepo.create(tmp_path / "repo", commit="Seed")
    cache = tmp_path / "cache"
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a file where the cache folder would be\n")
    indexes = []
    for number, home in enumerate((cache, cache, not_a_folder)):
        result = repo.build(env={"XDG_CACHE_HOME": str(home)}, site=f"site-{number}")
        assert result.ok, result.output
        indexes.append((result.site / "search" / "search_index.json").read_bytes())
        # jieba says when it builds its whole dictionary: the first build (no groups yet, written
        # then) and the one without a cache folder; never the one that reads the groups.
        assert ("Building prefix dict" in result.output) == (number != 1), (number, result.output)
        if number == 0:
            assert len(list((cache / "policysite").glob("jieba-*.groups"))) == 1
    assert indexes[0] == indexes[1] == indexes[2]
    entries = json.loads(indexes[0])["docs"]
    texts = [entry["text"] for entry in entries if entry["location"].startswith("zh-TW/")]
    assert any("\u200b個人資料\u200b" in text for text in texts)  # (cut into words, not characters)
