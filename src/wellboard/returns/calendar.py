"""Working days in England and Wales, for due dates such as "10 working days after the period ends".

A pure function of the year: weekends and the bank holidays set by the Banking and Financial
Dealings Act 1971 and royal proclamation, with their substitute days, plus the one-off holidays
proclaimed since 2010 (royal wedding, jubilees, the late Queen's funeral, the coronation).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

MONDAY, FRIDAY, SATURDAY, SUNDAY = 0, 4, 5, 6

# One-off holidays and holidays moved by proclamation: (year) -> (dates added, dates removed).
_PROCLAIMED: dict[int, tuple[tuple[dt.date, ...], tuple[dt.date, ...]]] = {
    1995: ((dt.date(1995, 5, 8),), (dt.date(1995, 5, 1),)),  # VE Day 50: early May moved
    1999: ((dt.date(1999, 12, 31),), ()),  # millennium
    2002: ((dt.date(2002, 6, 3), dt.date(2002, 6, 4)), (dt.date(2002, 5, 27),)),  # golden jubilee
    2011: ((dt.date(2011, 4, 29),), ()),  # royal wedding
    2012: ((dt.date(2012, 6, 4), dt.date(2012, 6, 5)), (dt.date(2012, 5, 28),)),  # diamond jubilee
    2020: ((dt.date(2020, 5, 8),), (dt.date(2020, 5, 4),)),  # VE Day 75: early May moved
    2022: (
        (dt.date(2022, 6, 2), dt.date(2022, 6, 3), dt.date(2022, 9, 19)),  # platinum jubilee, funeral
        (dt.date(2022, 5, 30),),
    ),
    2023: ((dt.date(2023, 5, 8),), ()),  # coronation
}


def easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last = next_month - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - MONDAY) % 7)


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales bank holidays in ``year``."""
    days: set[dt.date] = set()

    new_year = dt.date(year, 1, 1)
    if new_year.weekday() == SATURDAY:
        new_year += dt.timedelta(days=2)
    elif new_year.weekday() == SUNDAY:
        new_year += dt.timedelta(days=1)
    days.add(new_year)

    easter = easter_sunday(year)
    days.add(easter - dt.timedelta(days=2))  # Good Friday
    days.add(easter + dt.timedelta(days=1))  # Easter Monday

    days.add(_first_monday(year, 5))  # early May
    days.add(_last_monday(year, 5))  # spring
    days.add(_last_monday(year, 8))  # summer

    christmas = dt.date(year, 12, 25)
    boxing = dt.date(year, 12, 26)
    match christmas.weekday():
        case 4:  # Friday: Boxing Day (Saturday) moves to Monday
            days.update({christmas, dt.date(year, 12, 28)})
        case 5:  # Saturday: both move to Monday and Tuesday
            days.update({dt.date(year, 12, 27), dt.date(year, 12, 28)})
        case 6:  # Sunday: Christmas moves to Tuesday, Boxing Day stays Monday
            days.update({boxing, dt.date(year, 12, 27)})
        case _:
            days.update({christmas, boxing})

    added, removed = _PROCLAIMED.get(year, ((), ()))
    days.difference_update(removed)
    days.update(added)
    return frozenset(days)


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
