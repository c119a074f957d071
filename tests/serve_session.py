"""A ``mkdocs serve`` session without the server, for tests: the builds a save makes, on demand.

Run as ``python serve_session.py <repo> <url>``; each line read from stdin names a site folder,
and the session builds the site into it exactly as ``mkdocs serve`` rebuilds after a save (the
same plugin instances kept from build to build, ``serve`` as the command, the served address as
``site_url``), then prints one line of JSON: how many pages the build reused from the last one
(``policysite.preview``) and whether it failed.  A fresh session's first build is a full build
into a new folder: what ``mkdocs serve`` shows after a restart.  MkDocs' own serve loop differs
only in watching files and serving them.
"""

from __future__ import annotations

import json
import logging
import re
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config

REUSED = re.compile(r"preview \([^)]+\): (\d+) unchanged pages reused")


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.reused = 0

    def emit(self, record: logging.LogRecord) -> None:
        found = REUSED.search(record.getMessage())
        if found:
            self.reused += int(found.group(1))


def main(root: str, url: str) -> None:
    counter = _Count()
    logger = logging.getLogger("mkdocs.plugins.policies")
    logger.setLevel(logging.INFO)
    logger.addHandler(counter)
    started = False
    for line in sys.stdin:
        config = load_config(config_file=f"{root}/mkdocs.yml", site_dir=line.strip())
        config.site_url = url
        if not started:
            config.plugins.on_startup(command="serve", dirty=False)
            started = True
        counter.reused = 0
        failed = None
        try:
            build(config, serve_url=url)
        except Exception as exc:  # (mkdocs serve logs it and keeps serving)
            failed = f"{type(exc).__name__}: {exc}"
        print(json.dumps({"reused": counter.reused, "failed": failed}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
