"""What every part of the benchmark shares: where the project is, the environment of the processes
it runs, and the error that stops a scenario."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_PAGER": "cat", "PAGER": "cat", "NO_COLOR": "1"}
ENV.pop("SOURCE_DATE_EPOCH", None)


class Failed(Exception):
    """A build, a server or a repository failed: the message says which and how."""


def log(text: str) -> None:
    """Progress, on standard error (the figures go to standard output)."""
    print(text, file=sys.stderr, flush=True)
