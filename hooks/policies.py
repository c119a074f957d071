"""MkDocs hook: forwards build events to policysite.site (the logic lives there).

The ``policysite`` package is installed with the project (``pip install -e .``).
"""

from mkdocs.plugins import event_priority

from policysite.site import Builder

_builder = Builder()


def on_startup(command, dirty):
    _builder.on_startup(command)


@event_priority(100)  # before static-i18n (-100) and search read the configuration
def on_config(config):
    i18n = config.plugins.get("i18n")
    return _builder.on_config(config, nested=bool(getattr(i18n, "building", False)))


def on_serve(server, config, builder):
    return _builder.on_serve(server, config)


def on_env(env, config, files):
    _builder.on_env(env)
    return env


@event_priority(-100)  # last: a generated HTML page is kept as every plugin left it
def on_page_markdown(markdown, page, config, files):
    return _builder.on_page_markdown(markdown, page)


@event_priority(-100)  # last: what every other plugin rendered is sanitized too
def on_page_content(html, page, config, files):
    return _builder.on_page_content(html, page)


@event_priority(-110)  # after static-i18n has localized the navigation
def on_nav(nav, config, files):
    return _builder.on_nav(nav)


@event_priority(-120)  # after static-i18n has built every language and merged the search index
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    _builder.on_post_build(config, nested=bool(getattr(i18n, "building", False)))
