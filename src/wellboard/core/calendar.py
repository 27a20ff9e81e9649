"""Working days in England and Wales, for due dates such as "10 working days after the period ends".

Bank holidays come from the ``holidays`` package, which follows GOV.UK and the royal proclamations:
the holidays of the Banking and Financial Dealings Act 1971, their substitute days, and one-off days
such as the jubilees, the late Queen's funeral and the coronation. A holiday proclaimed in future
reaches due dates by upgrading that package, not by editing this module.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.easter import EASTER_WESTERN, easter

SATURDAY = 5
# England's bank holidays are also Wales's (Scotland and Northern Ireland have their own).
ENGLAND_AND_WALES = "ENG"


def easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday."""
    return easter(year, EASTER_WESTERN)


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales bank holidays in ``year``, as GOV.UK lists them.

    A holiday that falls at a weekend is listed on its substitute weekday only. The package knows the
    years 1872 to 2100; outside them no day is a bank holiday.
    """
    calendar = holidays.country_holidays("GB", subdiv=ENGLAND_AND_WALES, years=year)
    return frozenset(day for day in calendar if day.year == year and day.weekday() < SATURDAY)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < SATURDAY and day not in bank_holidays(day.year)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself never counts)."""
    if count < 0:
        raise ValueError("count must be 0 or more")
    current = day
    remaining = count
    while remaining:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end`` is not after ``start``)."""
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
