"""Markdown -> HTML with the site's own extensions, outside of an MkDocs build.

The checks (:mod:`policysite.safety`) render policies exactly as the build will,
with the ``markdown_extensions`` of mkdocs.yml as MkDocs loaded them, so what
they find is what a reader would get.
"""

from __future__ import annotations

import json

import markdown

# This site's mkdocs.yml (MkDocs always adds toc, tables and fenced_code).
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "admonition", "md_in_html")
DEFAULT_CONFIGS = {"toc": {"permalink": True}, "tables": {"use_align_attribute": True}}


class Renderer:
    """A reusable Markdown converter configured like the site."""

    def __init__(self, extensions=DEFAULT_EXTENSIONS, configs: dict | None = None):
        configs = DEFAULT_CONFIGS if configs is None else configs
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs))
        # The extensions and their settings as stable text: part of the keys of cached
        # renderings (redlines, PDFs), on disk across processes.
        self.signature = json.dumps(
            [[_name(e) for e in extensions], configs], sort_keys=True, default=_name, ensure_ascii=False
        )

    @classmethod
    def for_config(cls, config) -> Renderer:
        """From MkDocs' loaded configuration (``markdown_extensions`` and ``mdx_configs``)."""
        return cls(config.markdown_extensions, config.mdx_configs)

    def html(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


def _name(value) -> str:
    """A stable name for an extension or a setting JSON cannot hold (a function: its dotted name)."""
    if isinstance(value, str):
        return value
    kind = value if callable(value) and hasattr(value, "__qualname__") else type(value)
    return f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', repr(kind))}"
