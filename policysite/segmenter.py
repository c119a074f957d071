"""Chinese words for Material's search: jieba's default dictionary, read one first character at a time.

Material's search plugin cuts every run of Chinese characters into words with jieba, and jieba's
first cut reads its whole default dictionary: 349,000 words and their prefixes, half a million
keys, about a second of CPU in every build (jieba keeps them in one marshal file; building the
dictionary is the cost, not reading the file).  Yet a cut only ever looks up keys that start with
a character of the text it cuts (the word graph, the best route and the unknown-word check all take
slices of that text), and every prefix of a word starts where the word does.

So :func:`install` keeps the dictionary on disk once per user, grouped by first character
(``~/.cache/policysite/``, or ``$XDG_CACHE_HOME``), and jieba's default tokenizer reads only the
groups of the characters it is asked to cut: the same keys with the same frequencies and the same
total, so the same words (tests/unit/test_segmenter.py cuts with both).  A word added from a user
dictionary has its group read first, so it overrides exactly what it overrides in jieba.

Anything unexpected leaves jieba as it is: another jieba, a custom main dictionary
(``search.jieba_dict``), no cache folder that is the user's own, a damaged or foreign file.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import mmap
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import Any

from . import cache

FORMAT = 2
_MAGIC = b"policysite jieba groups\n"
_HEADER = len(_MAGIC) + 12  # the magic, the marshalled index's length, the CRC-32 of what follows
# jieba's module-level functions, bound to its default tokenizer when jieba was imported: bound
# again to the lazy one's methods (``jieba.add_word`` would otherwise skip reading the groups).
_BOUND = (
    "add_word", "calc", "cut", "lcut", "cut_for_search", "lcut_for_search", "del_word", "get_DAG",
    "get_dict_file", "initialize", "load_userdict", "set_dictionary", "suggest_freq", "tokenize",
)  # fmt: skip


class Groups:
    """The dictionary's keys grouped by first character, in one file: an index, then one marshalled
    ``{key: frequency}`` per character."""

    def __init__(self, data: mmap.mmap, total: int, index: dict[str, tuple[int, int]], start: int) -> None:
        self.total = total
        self._data = memoryview(data)
        self._index = index
        self._start = start
        self.loaded: set[str] = set()

    @classmethod
    def read(cls, path: Path) -> Groups | None:
        """The groups in ``path``, or None when it is missing, not a regular file of this user's,
        or not exactly what :func:`write` wrote (its CRC covers the index and the groups)."""
        try:
            handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            with os.fdopen(handle, "rb") as file:
                status = os.fstat(file.fileno())
                if not stat.S_ISREG(status.st_mode) or status.st_uid != _uid() or status.st_size < _HEADER:
                    return None
                data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            if data[: len(_MAGIC)] != _MAGIC:
                return None
            size = int.from_bytes(data[len(_MAGIC) : len(_MAGIC) + 8], "little")
            check = int.from_bytes(data[len(_MAGIC) + 8 : _HEADER], "little")
            if zlib.crc32(memoryview(data)[_HEADER:]) != check:  # (damaged: not read)
                return None
            form, total, index = marshal.loads(data[_HEADER : _HEADER + size])
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if form != FORMAT or type(total) is not int or type(index) is not dict:
            return None
        return cls(data, total, index, _HEADER + size)

    def load_into(self, freq: dict[str, int], text: str) -> None:
        """Add to ``freq`` the groups of the characters of ``text`` not added yet (a key already
        in ``freq``, a word added since, keeps its value)."""
        for character in set(text).difference(self.loaded):
            place = self._index.get(character)
            if place is not None:
                offset = self._start + place[0]
                group = marshal.loads(self._data[offset : offset + place[1]])
                group.update({key: freq[key] for key in group.keys() & freq.keys()})
                freq.update(group)
            self.loaded.add(character)


def write(path: Path, freq: dict[str, int], total: int) -> None:
    """Write ``freq`` grouped by first character to ``path`` (atomically; silently not at all
    when the folder cannot be written)."""
    groups: dict[str, dict[str, int]] = {}
    for key, value in freq.items():
        groups.setdefault(key[0], {})[key] = value
    chunks, index, offset = [], {}, 0
    for character, group in groups.items():
        chunk = marshal.dumps(group)
        index[character] = (offset, len(chunk))
        offset += len(chunk)
        chunks.append(chunk)
    header = marshal.dumps((FORMAT, total, index))
    content = header + b"".join(chunks)
    prefix = _MAGIC + len(header).to_bytes(8, "little") + zlib.crc32(content).to_bytes(4, "little")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob("jieba-*.groups"):  # (of another dictionary or format)
            if stale != path:
                stale.unlink(missing_ok=True)
        cache.write_atomically(path, prefix + content)


def install(folder: Path | None = None) -> None:
    """Make jieba's default tokenizer read its default dictionary a group at a time, when Material's
    search plugin has loaded jieba (once per process; nothing otherwise)."""
    jieba = sys.modules.get("jieba")
    tokenizer = getattr(jieba, "dt", None)
    if jieba is None or tokenizer is None or not _known(jieba) or not _fresh(jieba, tokenizer):
        return  # (and under mkdocs serve, every build after the first: installed already)
    if make_lazy(jieba, tokenizer, folder if folder is not None else cache_folder()):
        for name in _BOUND:
            bound = getattr(jieba, name, None)
            if bound is not None and getattr(bound, "__self__", None) is tokenizer:
                setattr(jieba, name, getattr(tokenizer, bound.__func__.__name__))


def make_lazy(jieba: Any, tokenizer: Any, folder: Path | None) -> bool:
    """Turn ``tokenizer`` (a ``jieba.Tokenizer`` not yet initialized) into a lazy one whose groups
    live in ``folder`` (None: jieba as it is); whether it did."""
    if folder is None or not _fresh(jieba, tokenizer):
        return False
    tokenizer.__class__ = _lazy_class(jieba)
    tokenizer.groups_path = folder / f"jieba-{_dictionary_tag(jieba)}.groups"
    tokenizer.groups = None
    return True


def cache_folder() -> Path | None:
    """``$XDG_CACHE_HOME/policysite`` (else ``~/.cache/policysite``), when it is a folder of this
    user's and not a link, or can be made so."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
        folder = root / "policysite"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        status = folder.lstat()
    except (OSError, RuntimeError):
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != _uid():
        return None
    return folder


def _fresh(jieba: Any, tokenizer: Any) -> bool:
    """``tokenizer`` is jieba's own class, not initialized yet."""
    return type(tokenizer) is jieba.Tokenizer and not tokenizer.initialized


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


def _known(jieba: Any) -> bool:
    """The jieba this module was written against (its methods named as in 0.42)."""
    names = ("initialize", "get_DAG", "add_word", "suggest_freq", "check_initialized", "FREQ", "lock")
    return (
        getattr(jieba, "DEFAULT_DICT", "") is None
        and callable(getattr(jieba, "strdecode", None))
        and all(hasattr(jieba.dt, name) for name in names)
    )


def _dictionary_tag(jieba: Any) -> str:
    """Which default dictionary the groups are of: jieba's version and its dictionary file's
    content (so that two installations of the same jieba share one file)."""
    shape: list[object] = [FORMAT, getattr(jieba, "__version__", "")]
    with contextlib.suppress(OSError, TypeError):
        data = (Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME).read_bytes()
        shape += [len(data), zlib.crc32(data)]
    return hashlib.sha256(repr(shape).encode()).hexdigest()[:16]


_CLASSES: dict[type, type] = {}


def _lazy_class(jieba: Any) -> type:
    base = jieba.Tokenizer
    if base not in _CLASSES:
        methods = dict(_LAZY_METHODS, decode=staticmethod(jieba.strdecode))
        _CLASSES[base] = type("LazyTokenizer", (base,), methods)
    return _CLASSES[base]


def _initialize(self: Any, dictionary: Any = None) -> None:
    """jieba's ``initialize``: for the default dictionary, its groups' total and no key yet."""
    if dictionary or self.dictionary is not None:
        self.groups = None  # a custom main dictionary: jieba's own way, whole
        return super(type(self), self).initialize(dictionary)
    with self.lock:
        if self.initialized:
            return None
        self.groups = Groups.read(self.groups_path)
        if self.groups is None:
            super(type(self), self).initialize()
            write(self.groups_path, self.FREQ, self.total)
            return None
        self.FREQ, self.total = {}, self.groups.total
        self.initialized = True
    return None


def _get_dag(self: Any, sentence: str) -> dict:
    _load(self, sentence)
    return super(type(self), self).get_DAG(sentence)


def _add_word(self: Any, word: Any, freq: Any = None, tag: Any = None) -> None:
    _load(self, word)
    return super(type(self), self).add_word(word, freq, tag)


def _suggest_freq(self: Any, segment: Any, tune: bool = False) -> int:
    if isinstance(segment, (str, bytes)):
        _load(self, segment)
    else:
        segment = tuple(segment)  # (read twice: here and by jieba)
        _load(self, *segment)
    return super(type(self), self).suggest_freq(segment, tune)


def _load(self: Any, *texts: Any) -> None:
    """Read the groups of every character of ``texts`` (decoded as jieba decodes them)."""
    self.check_initialized()
    if self.groups is not None:
        with self.lock:
            for text in texts:
                self.groups.load_into(self.FREQ, self.decode(text))


# What reads the dictionary with keys that are not slices of a text being cut (jieba's module-level
# ``get_FREQ`` reads it directly and sees only the groups read so far; Material never calls it).
_LAZY_METHODS = {
    "initialize": _initialize,
    "get_DAG": _get_dag,
    "add_word": _add_word,
    "suggest_freq": _suggest_freq,
}
