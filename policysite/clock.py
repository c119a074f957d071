"""The build clock: the one moment a build is made at, read once where the build starts.

``SOURCE_DATE_EPOCH`` when it is set (the reproducible-builds convention,
https://reproducible-builds.org/specs/source-date-epoch/), else the time now.  The plugin reads it
in ``on_config`` (:class:`policysite.site.Builder`) and the ``policy`` command where it starts, and
passes the :class:`BuildClock` down: what is upcoming and what is in force (the build's day in the
site's time zone), the ``source_date_epoch`` of ``versions.json``, and the creation date and the
"as of" date of the PDFs all come from that one value.  Nothing that renders reads the environment
or the system clock, so a build with the same commit and ``SOURCE_DATE_EPOCH`` is the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass

from .config import ConfigError

VARIABLE = "SOURCE_DATE_EPOCH"
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class BuildClock:
    """When the build is made: ``moment`` (UTC, whole seconds), and ``epoch`` when it is
    ``SOURCE_DATE_EPOCH``'s (a reproducible build; None: the time the build started)."""

    moment: _dt.datetime
    epoch: int | None = None

    @classmethod
    def read(cls, environ: Mapping[str, str] | None = None) -> BuildClock:
        """``SOURCE_DATE_EPOCH`` from ``environ`` (the process' environment by default), else now.

        Raises :class:`~policysite.config.ConfigError` when the variable is not a Unix timestamp.
        """
        value = (os.environ if environ is None else environ).get(VARIABLE, "")
        if not value:
            return cls(_dt.datetime.now(_dt.UTC).replace(microsecond=0))
        if not _DIGITS.fullmatch(value.strip()):
            raise ConfigError(f"{VARIABLE}={value!r} is not a Unix timestamp (seconds since 1970)")
        return cls.at(int(value))

    @classmethod
    def at(cls, epoch: int) -> BuildClock:
        """The clock of a reproducible build made at ``epoch`` (seconds since 1970, UTC)."""
        try:
            moment = _dt.datetime.fromtimestamp(epoch, _dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise ConfigError(f"{VARIABLE}={epoch} is out of range (a date before the year 10000)") from None
        return cls(moment, epoch)

    @property
    def reproducible(self) -> bool:
        return self.epoch is not None

    def local(self, timezone: str | _dt.tzinfo = "UTC") -> _dt.datetime:
        """The build's moment in ``timezone`` (the site's: ``2020-09-01T20:00:00+08:00``)."""
        zone = zoneinfo.ZoneInfo(timezone) if isinstance(timezone, str) else timezone
        return self.moment.astimezone(zone)

    def today(self, timezone: str | _dt.tzinfo = "UTC") -> _dt.date:
        """The build's day in ``timezone``: versions dated up to it are in force."""
        return self.local(timezone).date()


__all__ = ["VARIABLE", "BuildClock"]
