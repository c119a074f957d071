"""Configuration: the ``policies`` plugin's settings in mkdocs.yml, read one way by the build
and the CLI.

``plugins: - policies: {...}`` is validated by MkDocs itself with :class:`PolicySettings` (the
plugin's ``config_options``: an unknown key or a wrong value is MkDocs' own configuration
error).  The ``policy`` command loads ``mkdocs.yml`` through MkDocs' own ``load_config`` (as
mike's CLI does), so ``!ENV`` tags, defaults and errors are the build's; commands that only read
history validate the plugin's mapping with the same schema, without loading the theme.
"""

from __future__ import annotations

import logging
import os
import zoneinfo
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

SEVERITIES = ("error", "warning", "info")
UNDATED = ("skip", "commit")
SLUG_STYLES = ("default", "github")


class ConfigError(Exception):
    """mkdocs.yml, a setting or the environment is wrong: the message says which and how to fix it."""


class _TimeZone(c.Type):
    """An IANA time zone name (``Asia/Taipei``), checked against the system's database."""

    def __init__(self, default: str = "UTC"):
        super().__init__(str, default=default)

    def run_validation(self, value):
        value = super().run_validation(value)
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise base.ValidationError(
                f"unknown time zone '{value}': use an IANA name such as 'Asia/Taipei' or 'UTC'"
            ) from None
        return value


class _Days(c.Type):
    """A whole number of days, 0 or more."""

    def __init__(self, default: int = 0):
        super().__init__(int, default=default)

    def run_validation(self, value):
        value = super().run_validation(value)
        if isinstance(value, bool) or value < 0:
            raise base.ValidationError(f"expected a number of days, 0 or more, not {value!r}")
        return value


class _Map(c.Type):
    """A mapping of text to text (paths, link prefixes)."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value):
        value = super().run_validation(value)
        for key, target in value.items():
            if not isinstance(key, str) or not isinstance(target, str) or not key:
                raise base.ValidationError(f"expected 'old: new' pairs of text, not {key!r}: {target!r}")
        return dict(value)


class PolicySettings(base.Config):
    """``plugins: - policies:``: what the site's own checks and pages do (README, "Settings")."""

    # A translation at an older version than English: "error" fails every build,
    # "warning" fails strict builds only, "info" is reported and never fails.
    lagging = c.Choice(SEVERITIES, default="warning")
    # A policy with no file in a language (English only, or a translation withdrawn).
    untranslated = c.Choice(SEVERITIES, default="warning")
    # The folder the build assembles for MkDocs: inside the project, holding only
    # what the build wrote (see policysite.staging).
    staging_dir = c.Type(str, default=".staging")
    # When an upcoming version takes effect: midnight in this time zone.
    timezone = _TimeZone(default="UTC")
    # The days of notice a new version gives at least (its effective date minus the day it was
    # published on main); less is a warning (history.short-notice).  0: none required.
    notice_days = _Days(default=0)
    # The reviewed findings about existing history (``policy baseline``).
    baseline = c.Type(str, default="policy-baseline.yml")
    # A PDF/A-3b of every version in every language (policysite.pages.pdf): needs
    # WeasyPrint and the Noto CJK fonts; false builds the site without them.
    pdf = c.Type(bool, default=True)
    # Adoption (README, "Adopting an existing repository"): what a commit whose policy text has
    # no ``version:`` is.  "skip": not a version (a message says so); "commit": a version dated
    # by the day the commit reached main, in ``timezone`` ("dated by publication").
    undated = c.Choice(UNDATED, default="skip")
    # Earlier paths of policy files that git cannot pair as renames: ``{old path: new path}``,
    # e.g. ``Policies/security/access.md: en/security/access.md``.
    former_paths = _Map()
    # How ``policy ids --write`` makes a section ID from a heading: "default" (readable, short)
    # or "github" (exactly the anchor GitHub renders for the heading).
    slug_style = c.Choice(SLUG_STYLES, default="default")
    # Site-absolute link prefixes the repository's sources use for the site's own pages:
    # ``{old prefix: new prefix}``, e.g. ``/site-policy/: /``.
    link_prefixes = _Map()

    def validate(self):
        """MkDocs' validation, with an unknown key an error (a misspelt setting never passes)."""
        failed, warnings = super().validate()
        known = {name for name, _ in self._schema}
        unknown = [(key, message) for key, message in warnings if key not in known]
        if unknown:
            names = ", ".join(sorted(known))
            failed = [*failed, *((key, f"{message} (settings: {names})") for key, message in unknown)]
            warnings = [(key, message) for key, message in warnings if key in known]
        return failed, warnings


PLUGIN = "policies"  # the entry point's name: ``plugins: - policies``
NOT_CONFIGURED = f"mkdocs.yml: the '{PLUGIN}' plugin is not configured: add '- {PLUGIN}' under 'plugins:'"


def load_settings(raw: object) -> PolicySettings:
    """The plugin's mapping validated as MkDocs validates it; a :class:`ConfigError` names every
    wrong key."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(
            f"mkdocs.yml: Config value 'plugins': Invalid config options for the '{PLUGIN}' plugin."
        )
    settings = PolicySettings()
    settings.load_dict(raw)
    failed, _ = settings.validate()
    if failed:
        # (worded as MkDocs words a plugin's wrong option, so both tools say the same)
        details = "; ".join(
            f"Config value 'plugins': Plugin '{PLUGIN}' option '{key}': {error}" for key, error in failed
        )
        raise ConfigError(f"mkdocs.yml: {details}")
    return settings


def plugin_entry(data: object, name: str) -> tuple[bool, object]:
    """Whether mkdocs.yml (as YAML data) configures the plugin ``name``, and its settings (its
    ``plugins`` is a list or a mapping, as MkDocs accepts both)."""
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):
        return (name in plugins, plugins.get(name))
    for item in plugins if isinstance(plugins, list) else []:
        entry, value = next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
        if entry == name:
            return True, value
    return False, None


def plugin_settings(data: object) -> object:
    """The ``policies`` entry of a loaded mkdocs.yml's ``plugins``; raises :class:`ConfigError` when
    the plugin is not configured."""
    found, value = plugin_entry(data, PLUGIN)
    if not found:
        raise ConfigError(NOT_CONFIGURED)
    return value


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())


def load_mkdocs(root: Path):
    """``mkdocs.yml`` of ``root`` loaded by MkDocs itself (``!ENV``, defaults, plugins' schemas)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    previous, logger.propagate = logger.propagate, False
    try:
        return load_config(config_file=str(root / "mkdocs.yml"))
    except (ConfigurationError, Abort) as exc:  # MkDocs logs what is wrong, then aborts
        reasons = handler.errors or [str(exc)]
        raise ConfigError("mkdocs.yml: " + "; ".join(reasons)) from None
    except OSError as exc:
        raise ConfigError(f"mkdocs.yml: cannot read it: {exc.strerror or exc}") from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


def load_policy_settings(root: Path) -> PolicySettings:
    return load_light(root)[0]


def load_light(root: Path) -> tuple[PolicySettings, object]:
    """Only the plugin's settings, and mkdocs.yml as YAML data: read with MkDocs' own YAML loader
    (``!ENV``, ``INHERIT``) and validated with the same schema, without loading the theme and
    plugins.  For commands that only read history (``policy versions``, ``policy
    diff``); ``policy check`` loads the whole configuration, as the build does."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import yaml
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    try:
        with open(root / "mkdocs.yml", "rb") as handle:
            # MkDocs' loader (yaml.Loader and its tags) on libyaml's parser when there is one.
            data = yaml_load(handle, get_yaml_loader(getattr(yaml, "CLoader", yaml.Loader)))
    except ConfigurationError as exc:
        raise ConfigError(f"mkdocs.yml: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"mkdocs.yml: cannot read it: {exc.strerror or exc}") from None
    return load_settings(plugin_settings(data)), data


def settings_of(config) -> PolicySettings:
    """The validated settings of the ``policies`` plugin of a configuration MkDocs loaded."""
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise ConfigError(
            f"mkdocs.yml: the '{PLUGIN}' plugin is not configured: add '- {PLUGIN}' under 'plugins:'"
        )
    return plugin.config


def load(root: Path) -> tuple[object, PolicySettings]:
    """The CLI's reading: MkDocs' configuration and the validated policy settings."""
    config = load_mkdocs(root)
    return config, settings_of(config)
