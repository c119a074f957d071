"""MkDocs hook: forwards build events to policysite.site (the logic lives there).

Plain ``mkdocs`` puts only ``hooks/`` on sys.path; the project root is added so
the core package imports however MkDocs is started.
"""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.plugins import event_priority  # noqa: E402

from policysite.site import Builder  # noqa: E402

_builder = Builder()


def on_startup(command, dirty):
    _builder.on_startup(command)


@event_priority(100)  # before static-i18n (-100) and search read the configuration
def on_config(config):
    i18n = config.plugins.get("i18n")
    return _builder.on_config(config, nested=bool(getattr(i18n, "building", False)))


def on_serve(server, config, builder):
    return _builder.on_serve(server, config)


@event_priority(-110)  # after static-i18n has localized the navigation
def on_nav(nav, config, files):
    return _builder.on_nav(nav)


@event_priority(-120)  # after static-i18n has built every language and merged the search index
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    _builder.on_post_build(config, nested=bool(getattr(i18n, "building", False)))
