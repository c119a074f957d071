"""The build clock (policysite.clock): ``SOURCE_DATE_EPOCH`` or now, read once where a build starts
and passed down; nothing else in the package reads the environment's clock or the system's."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest

from policysite.clock import VARIABLE, BuildClock
from policysite.config import ConfigError

PACKAGE = Path(__file__).resolve().parents[2] / "policysite"
TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
# 2020-09-01T20:00:00Z: still 1 September in UTC, already 2 September in Taipei.
EVENING = 1598990400


def test_source_date_epoch_is_the_moment_of_a_reproducible_build():
    clock = BuildClock.read({VARIABLE: str(EVENING)})
    assert clock.epoch == EVENING and clock.reproducible
    assert clock.moment == dt.datetime(2020, 9, 1, 20, 0, tzinfo=dt.UTC)
    assert clock == BuildClock.at(EVENING)
    assert BuildClock.read({VARIABLE: f" {EVENING}\n"}) == clock  # (as a shell may leave it)


def test_the_day_and_the_local_time_are_the_site_time_zone_s():
    clock = BuildClock.at(EVENING)
    assert clock.today() == dt.date(2020, 9, 1)
    assert clock.today("Asia/Taipei") == dt.date(2020, 9, 2)
    assert clock.today(TAIPEI) == dt.date(2020, 9, 2)
    local = clock.local("Asia/Taipei")
    assert local.isoformat() == "2020-09-02T04:00:00+08:00"
    assert local == clock.moment  # the same instant


def test_without_source_date_epoch_it_is_now_in_whole_seconds():
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for environ in ({}, {VARIABLE: ""}):
        clock = BuildClock.read(environ)
        after = dt.datetime.now(dt.UTC)
        assert clock.epoch is None and not clock.reproducible
        assert before <= clock.moment <= after
        assert clock.moment.microsecond == 0 and clock.moment.tzinfo is dt.UTC


def test_read_once_it_does_not_move():
    clock = BuildClock.read({})
    moment = clock.moment
    assert [clock.moment, clock.today(), clock.local().replace(tzinfo=None)] == [
        moment,
        moment.date(),
        moment.replace(tzinfo=None),
    ]
    with pytest.raises(AttributeError):
        clock.moment = moment + dt.timedelta(days=1)  # frozen: a build cannot change its clock


def test_the_process_environment_is_read_when_no_mapping_is_given(monkeypatch):
    monkeypatch.setenv(VARIABLE, "1606824000")  # 2020-12-01T12:00:00Z
    assert BuildClock.read().today() == dt.date(2020, 12, 1)
    monkeypatch.delenv(VARIABLE)
    assert BuildClock.read().epoch is None


@pytest.mark.parametrize(
    "value", ["yesterday", "-1", "1.5", "1e9", "0x10", "1_000", "١٢٣", "99999999999999999999"]
)
def test_a_value_that_is_not_a_unix_timestamp_is_a_configuration_error_naming_it(value):
    with pytest.raises(ConfigError, match=VARIABLE) as caught:
        BuildClock.read({VARIABLE: value})
    assert repr(value) in str(caught.value) or value in str(caught.value)


# What reads a clock: the environment's SOURCE_DATE_EPOCH, or the system's time of day.
_CLOCK_READS = re.compile(
    r"""(?:environ(?:\.get)?\s*[\[(]\s*|getenv\(\s*)["']SOURCE_DATE_EPOCH["']"""
    r"""|\b(?:datetime|_dt\.datetime|dt\.datetime)\.(?:now|utcnow|today)\("""
    r"""|\b(?:date|_dt\.date|dt\.date)\.today\("""
    r"""|\btime\.(?:time|localtime|gmtime|ctime)\(\s*\)"""
)


def test_only_the_clock_module_reads_the_clock():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "clock.py" and path.parent == PACKAGE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _CLOCK_READS.search(line):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert not found, "read the build clock passed down instead:\n" + "\n".join(found)
    # (and the pattern does find what it looks for)
    assert _CLOCK_READS.search('epoch = os.environ.get("SOURCE_DATE_EPOCH")')
    assert _CLOCK_READS.search("return _dt.datetime.now(_dt.UTC)")
    assert not _CLOCK_READS.search('env.update({"SOURCE_DATE_EPOCH": str(epoch)})')
