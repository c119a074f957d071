"""Bytes a build made and will need once more, kept in one temporary file instead of memory.

A build makes every page of every version before it writes the first one (the staging folder
is synced at once, see :mod:`.staging`); on a long history those pages, the texts' block data and
the redlines were most of its peak memory.  A one-shot build keeps them here: each is written
once, appended to one unnamed temporary file, and read back when it is written out (or pickled
into the disk cache).  ``mkdocs serve`` keeps them in memory, for the next save.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass


class Spool:
    """One unnamed temporary file that bytes are appended to (gone when the last reference is)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="policysite-spool-")  # noqa: SIM115 (open as long as the spool)
        self._end = 0

    def keep(self, data: bytes) -> bytes | Spooled:
        """``data`` written to the spool: a reference that reads it back (``data`` itself when the
        temporary file cannot take it: a full disk costs memory, not the build)."""
        try:
            written = os.pwrite(self._file.fileno(), data, self._end)
        except OSError:
            return data
        if written != len(data):
            return data
        kept = Spooled(self, self._end, len(data))
        self._end += len(data)
        return kept

    @classmethod
    def made(cls) -> Spool | None:
        """A new spool, or None (memory, then) where no temporary file can be made."""
        try:
            return cls()
        except OSError:
            return None

    def read(self, offset: int, size: int) -> bytes:
        data = os.pread(self._file.fileno(), size, offset)
        if len(data) != size:
            raise OSError(f"the build's spool file returned {len(data)} bytes of {size}")
        return data


@dataclass(frozen=True, slots=True)
class Spooled:
    """Bytes in a :class:`Spool`; pickled (into a disk cache) as the bytes themselves."""

    spool: Spool
    offset: int
    size: int

    def read(self) -> bytes:
        return self.spool.read(self.offset, self.size)

    def __reduce__(self):
        return (bytes, (self.read(),))


def keep(spool: Spool | None, data: bytes) -> bytes | Spooled:
    """``data``, in ``spool`` when there is one."""
    return spool.keep(data) if spool is not None else data


def as_bytes(value: bytes | Spooled) -> bytes:
    """The bytes of a value that may be spooled."""
    return value.read() if isinstance(value, Spooled) else value


def as_text(value: str | bytes | Spooled) -> str:
    """The text of a value kept as text, UTF-8 bytes, or spooled UTF-8 bytes."""
    return value if isinstance(value, str) else as_bytes(value).decode("utf-8")
