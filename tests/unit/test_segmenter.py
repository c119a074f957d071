"""jieba's default dictionary read one first character at a time (policysite.segmenter) cuts
exactly the words jieba cuts with the whole dictionary: real jieba, both ways, on the seed's
Chinese text, on random text and on runs of dictionary words, with the site's user dictionary."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from policysite import segmenter

PROJECT = Path(__file__).resolve().parents[2]
SEED = PROJECT.parent / "shared" / "seed"
USER_WORDS = PROJECT / "docs" / "search" / "jieba-zh-TW.txt"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")

jieba.setLogLevel(60)  # (jieba's own "Building prefix dict" lines)


def _seed_runs() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEED.glob("*"))] if SEED.is_dir() else []
    texts.append("本政策說明我們如何蒐集、使用、揭露及保護您的個人資料,以及您的權利。")
    return HAN.findall("".join(texts))


@pytest.fixture(scope="module")
def full() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@pytest.fixture(scope="module")
def groups_folder(tmp_path_factory, full) -> Path:
    folder = tmp_path_factory.mktemp("groups")
    first = jieba.Tokenizer()
    segmenter.make_lazy(jieba, first, folder)
    first.initialize()  # (no groups yet: jieba's whole dictionary, then the groups written)
    assert first.groups is None and len(first.FREQ) == len(full.FREQ)
    assert len(list(folder.glob("jieba-*.groups"))) == 1
    return folder


def _lazy(folder: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    segmenter.make_lazy(jieba, tokenizer, folder)
    return tokenizer


def _texts(full: jieba.Tokenizer) -> list[str]:
    runs = _seed_runs()
    chance = random.Random(29)
    characters = sorted(set("".join(runs)) | {key[0] for key in list(full.FREQ)[::997]})
    words = [key for key, value in list(full.FREQ.items())[::13] if value]
    runs += ["".join(chance.choice(characters) for _ in range(chance.randint(1, 40))) for _ in range(1500)]
    runs += ["".join(chance.choice(words) for _ in range(chance.randint(1, 6))) for _ in range(1500)]
    return runs


def test_the_lazy_dictionary_cuts_the_words_jieba_cuts(full, groups_folder):
    reference = jieba.Tokenizer()
    reference.load_userdict(str(USER_WORDS))
    lazy = _lazy(groups_folder)
    lazy.load_userdict(str(USER_WORDS))
    assert lazy.groups is not None  # (read from the groups, not whole)
    texts = _texts(full)
    texts += ["ISO 27001 與 GDPR 第 6 條:個人資料 (personal data) 之處理", "abc 123", "", " \n"]
    for text in texts:
        assert list(lazy.cut(text)) == list(reference.cut(text)), text
        assert list(lazy.cut(text, HMM=False)) == list(reference.cut(text, HMM=False)), text
        assert list(lazy.cut(text, cut_all=True)) == list(reference.cut(text, cut_all=True)), text
        assert list(lazy.cut_for_search(text)) == list(reference.cut_for_search(text)), text
        assert list(lazy.tokenize(text, mode="search")) == list(reference.tokenize(text, mode="search"))
    assert lazy.total == reference.total


def test_the_lazy_dictionary_reads_only_the_groups_of_what_it_cuts(groups_folder, full):
    lazy = _lazy(groups_folder)
    assert list(lazy.cut("資料")) == list(full.cut("資料"))
    assert lazy.FREQ and {key[0] for key in lazy.FREQ} == {"資", "料"}
    assert lazy.total == full.total


def test_added_words_override_what_they_override_in_jieba(full, groups_folder):
    reference, lazy = jieba.Tokenizer(), _lazy(groups_folder)
    for tokenizer in (reference, lazy):
        tokenizer.add_word("個資保護法")  # (frequency suggested from the dictionary)
        tokenizer.add_word("蒐集", 5)  # (a dictionary word, its frequency changed)
        tokenizer.add_word("揭露及", 0)  # (a word never cut out)
        tokenizer.del_word("資料")
        tokenizer.suggest_freq(("使用", "者"), tune=True)
        tokenizer.suggest_freq(iter(("人民", "銀行")), tune=True)  # (any iterable, as jieba takes)
        tokenizer.add_word("台北捷運".encode("gbk"), 7)  # (bytes that are not UTF-8: jieba tries GBK)
    assert lazy.total == reference.total
    own = ("依個資保護法蒐集資料", "使用者揭露及保護", "資料當事人之權利", "人民銀行與台北捷運")
    for text in (*own, *_seed_runs()):
        assert list(lazy.cut(text)) == list(reference.cut(text)), text


def test_a_custom_main_dictionary_is_read_whole_as_jieba_reads_it(tmp_path, groups_folder):
    custom = tmp_path / "dict.txt"
    custom.write_text("資料 30 n\n保護 20 v\n個人 10 n\n", encoding="utf-8")
    reference = jieba.Tokenizer(str(custom))
    reference.tmp_dir = str(tmp_path)
    lazy = _lazy(groups_folder)
    lazy.tmp_dir = str(tmp_path)
    lazy.set_dictionary(str(custom))
    for text in ("個人資料保護", "資料之保護"):
        assert list(lazy.cut(text)) == list(reference.cut(text))
    assert lazy.groups is None and lazy.FREQ == reference.FREQ


@pytest.mark.parametrize(
    "damage", ["garbage", "foreign format", "truncated", "flipped byte", "flipped index byte", "link"]
)
def test_a_damaged_or_linked_groups_file_is_not_read(tmp_path, groups_folder, full, damage):
    [good] = groups_folder.glob("jieba-*.groups")
    path = tmp_path / good.name
    data = good.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00" * 64)
    elif damage == "foreign format":
        path.write_bytes(data.replace(b"policysite jieba groups", b"policysite jieba GROUPS", 1))
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 1000])
    elif damage == "flipped byte":
        path.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    elif damage == "flipped index byte":  # (in the index of the groups, or in the total)
        at = segmenter._HEADER + 1000
        path.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :])
    else:
        path.symlink_to(good)
    assert segmenter.Groups.read(path) is None
    lazy = _lazy(tmp_path)
    lazy.initialize()
    assert lazy.groups is None and lazy.FREQ == full.FREQ  # jieba's whole dictionary instead
    assert not path.is_symlink() and segmenter.Groups.read(path) is not None  # (written again, whole)


def test_groups_of_another_jieba_are_removed_when_new_ones_are_written(tmp_path, full):
    stale = tmp_path / "jieba-0000000000000000.groups"
    stale.write_bytes(b"groups of another jieba")
    lazy = _lazy(tmp_path)
    lazy.initialize()
    assert not stale.exists() and len(list(tmp_path.glob("jieba-*.groups"))) == 1


def test_only_a_fresh_default_tokenizer_is_made_lazy(tmp_path, groups_folder):
    started = jieba.Tokenizer()
    started.initialized = True
    segmenter.make_lazy(jieba, started, groups_folder)
    assert type(started) is jieba.Tokenizer
    untouched = jieba.Tokenizer()
    segmenter.make_lazy(jieba, untouched, None)  # (no cache folder of the user's own)
    assert type(untouched) is jieba.Tokenizer


def test_the_cache_folder_is_the_user_s_own(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert segmenter.cache_folder() == tmp_path / "cache" / "policysite"
    assert (tmp_path / "cache" / "policysite").is_dir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "policysite").symlink_to(elsewhere)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "linked"))
    assert segmenter.cache_folder() is None
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert segmenter.cache_folder() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # (the XDG rule: ignored)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert segmenter.cache_folder() == tmp_path / "home" / ".cache" / "policysite"
    assert os.path.isdir(tmp_path / "home" / ".cache" / "policysite")


INSTALLED = """
import json, sys
from pathlib import Path
import jieba
from policysite import segmenter
jieba.setLogLevel(60)
segmenter.install(Path(sys.argv[1]))
reference = jieba.Tokenizer()
found = {"lazy": type(jieba.dt).__name__}
for tokenizer, add, suggest, cut, dag in (
    (reference, reference.add_word, reference.suggest_freq, reference.lcut, reference.get_DAG),
    (jieba.dt, jieba.add_word, jieba.suggest_freq, jieba.lcut, jieba.get_DAG),
):
    add("中文", 5)
    found.setdefault("suggested", []).append(suggest(("人民", "銀行")))
    found.setdefault("dag", []).append(dag("個人資料"))
    found.setdefault("cut", []).append(cut("中文個人資料人民銀行"))
    found.setdefault("freq", []).append(tokenizer.FREQ["中文"])
custom = Path(sys.argv[1]) / "custom.txt"
custom.write_text("個人 10 n\\n資料 30 n\\n", encoding="utf-8")
jieba.set_dictionary(str(custom))
jieba.initialize()
found["custom"] = [jieba.dt.groups is None, sorted(jieba.dt.FREQ), jieba.lcut("個人資料")]
print(json.dumps(found, ensure_ascii=False))
"""


def test_installed_jieba_s_own_functions_read_the_groups_too(groups_folder):
    """``jieba.add_word`` and the rest are bound to the default tokenizer when jieba is imported:
    :func:`segmenter.install` binds them to the lazy one (in a process of its own)."""
    shutil.copytree(groups_folder, groups_folder.parent / "installed", dirs_exist_ok=True)
    folder = groups_folder.parent / "installed"
    done = subprocess.run(
        [sys.executable, "-c", INSTALLED, str(folder)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["lazy"] == "LazyTokenizer"
    for key in ("suggested", "dag", "cut", "freq"):
        assert found[key][0] == found[key][1], (key, found[key])
    assert found["freq"] == [5, 5]
    assert found["custom"] == [True, ["個", "個人", "資", "資料"], ["個人", "資料"]]
