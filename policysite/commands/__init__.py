"""The ``policy`` subcommands, one module each: the command's name with ``_`` for ``-``.

- ``check`` (:mod:`.check`): every rule over the working tree (``--since``: the version rules too);
- ``versions`` (:mod:`.versions`): the dated versions in git history;
- ``diff`` (:mod:`.diff`): a redline between two versions in the terminal;
- ``new-version`` (:mod:`.new_version`): set a new version's date in every language;
- ``pr-summary`` (:mod:`.pr_summary`): a pull request's policy changes in Markdown;
- ``init`` (:mod:`.init`): scaffold a new policy site;
- ``baseline`` (:mod:`.baseline`): acknowledge the findings about existing history;
- ``ids`` (:mod:`.ids`): headings without a section ID, and adding them;
- ``translations`` (:mod:`.translations`): the translator's to-do;
- ``verify`` (:mod:`.verify`): a published site against a rebuild of its commit.

Each module's ``run(args, out)`` takes the parsed arguments and an
:class:`~policysite.console.Output` and returns the exit code; :mod:`policysite.cli` parses
the arguments and imports only the module of the command it runs (so ``policy --help`` loads
neither MkDocs nor git).  What several commands share is in :mod:`.common`.  Everything is
printed through the ``Output``, which escapes it for the terminal or the CI log; a text from a
source that a line shows whole (a title, a subject) is made one line first
(:func:`~policysite.escaping.log_line`), and Markdown output escapes every text from sources
and git (:func:`~policysite.escaping.markdown`).

This module itself imports nothing: the exit codes and :class:`UsageError` are all it holds.
"""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """Bad arguments, configuration or a project the command cannot work on (exit 2)."""


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 error``, ``2 errors`` (``many``: the plural when it is not ``word + 's'``)."""
    return f"{count} {word if count == 1 else many or word + 's'}"
