"""The MkDocs plugin: ``plugins: - policies: {...}`` (entry point ``policies``).

MkDocs validates the settings with :class:`~policysite.config.PolicySettings` (an unknown key is
its own configuration error) and hands each event to the plugin; the plugin stays thin and
forwards to :class:`~policysite.site.Builder`, where the site's logic lives.

mkdocs-static-i18n builds every other language from inside the first build's ``on_post_build``
(at priority -100, before ours): a configuration loaded while the first build is still running
is one of those nested builds, which reuse the first build's model.  The plugin counts the
builds it has seen start and not finish; a failed build resets the count (``on_build_error``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, event_priority

from .config import PolicySettings

if TYPE_CHECKING:
    from .site import Builder


class PoliciesPlugin(BasePlugin[PolicySettings]):
    """Policies published from ``<lang>/<policy>.md`` with their history, redlines and PDFs."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._builder: Builder | None = None
        self._running = 0  # builds started and not finished: more than one is a nested build

    @property
    def builder(self) -> Builder:
        """The site's logic, imported at the first event: the ``policy`` command loads mkdocs.yml,
        and so this plugin, without building, and never imports the pages (a tenth of a second)."""
        if self._builder is None:
            from .site import Builder

            self._builder = Builder()
        return self._builder

    @builder.setter
    def builder(self, builder: Builder) -> None:
        self._builder = builder

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.builder.on_startup(command)

    @event_priority(100)  # before static-i18n (-100) and search read the configuration
    def on_config(self, config):
        self._running += 1
        return self.builder.on_config(config, nested=self._running > 1, settings=self.config)

    def on_pre_build(self, *, config) -> None:
        self.builder.on_pre_build(config, nested=self._running > 1)

    @event_priority(50)  # before static-i18n localizes the files
    def on_files(self, files, *, config):
        return self.builder.on_files(files)

    def on_serve(self, server, *, config, builder):
        return self.builder.on_serve(server, config, self.config)

    def on_env(self, env, *, config, files):
        self.builder.on_env(env, config)
        return env

    @event_priority(-100)  # last: a generated HTML page is kept as every plugin left it
    def on_page_markdown(self, markdown, *, page, config, files):
        return self.builder.on_page_markdown(markdown, page)

    @event_priority(-100)  # last: what every other plugin rendered is sanitized too
    def on_page_content(self, html, *, page, config, files):
        return self.builder.on_page_content(html, page)

    @event_priority(-110)  # after static-i18n has localized the navigation
    def on_nav(self, nav, *, config, files):
        return self.builder.on_nav(nav, files, config)

    @event_priority(-100)  # after the search plugin indexed the page (mkdocs serve keeps its entries)
    def on_page_context(self, context, *, page, config, nav):
        self.builder.on_page_context(page, config)
        return context

    def on_post_template(self, output_content, *, template_name, config):
        return self.builder.on_post_template(output_content, template_name, config)

    @event_priority(-120)  # after static-i18n has built every language and merged the search index
    def on_post_build(self, *, config) -> None:
        nested = self._running > 1
        self._running = max(self._running - 1, 0)
        self.builder.on_post_build(config, nested=nested)

    def on_build_error(self, *, error: Exception) -> None:
        self._running = 0
        self.builder.on_build_error()

    def on_shutdown(self) -> None:
        self.builder.on_shutdown()
