"""The build log: nothing from a source acts on a terminal or on GitHub Actions.

The plugin logs findings and warnings that quote sources (front matter keys, titles,
file names) through the ``mkdocs.plugins.policies`` logger (``get_plugin_logger``), and MkDocs prints every
record of its loggers to the build log, which CI shows and GitHub Actions reads: a
line starting with ``::`` there is a workflow command.  :func:`install` puts an
:class:`EscapeFilter` on that logger (each of its records is one line: line breaks
and controls shown as escapes) and on the handlers MkDocs prints with (every other
record: controls shown, no line starting with ``::``), so MkDocs' own messages that
quote a source (a page's file name, a plugin error) are safe too.
"""

from __future__ import annotations

import logging

from . import escaping

LOGGER = "mkdocs.plugins.policies"  # the logger of get_plugin_logger("policies")


class EscapeFilter(logging.Filter):
    """Rewrites each record's message (and traceback) escaped for a terminal and a CI log."""

    def __init__(self, one_line: bool):
        super().__init__()
        self.one_line = one_line

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record with bad arguments: shown as it is, not raised in the build
            message = f"{record.msg} {record.args!r}"
        shown = escaping.log_line(message) if self.one_line else escaping.terminal(message)
        record.msg, record.args = escaping.no_commands(shown), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for name in ("exc_text", "stack_info"):
            if getattr(record, name, None):  # tracebacks quote exception messages: many lines, each safe
                setattr(record, name, escaping.no_commands(escaping.terminal(getattr(record, name))))
        return True


def _add(target: logging.Filterer, one_line: bool) -> None:
    if not any(isinstance(f, EscapeFilter) for f in target.filters):
        target.addFilter(EscapeFilter(one_line))


def install() -> logging.Logger:
    """The hook's logger, filtered; and MkDocs' handlers (those there are now), filtered too."""
    logger = logging.getLogger(LOGGER)
    _add(logger, one_line=True)
    for handler in logging.getLogger("mkdocs").handlers:
        _add(handler, one_line=False)
    return logger
