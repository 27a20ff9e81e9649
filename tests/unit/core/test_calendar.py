from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.calendar import (
    add_working_days,
    bank_holidays,
    easter_sunday,
    is_working_day,
    working_days_between,
)

# Published GOV.UK bank holidays for England and Wales.
PUBLISHED = {
    2020: [
        "2020-01-01",
        "2020-04-10",
        "2020-04-13",
        "2020-05-08",
        "2020-05-25",
        "2020-08-31",
        "2020-12-25",
        "2020-12-28",
    ],
    2021: [
        "2021-01-01",
        "2021-04-02",
        "2021-04-05",
        "2021-05-03",
        "2021-05-31",
        "2021-08-30",
        "2021-12-27",
        "2021-12-28",
    ],
    2022: [
        "2022-01-03",
        "2022-04-15",
        "2022-04-18",
        "2022-05-02",
        "2022-06-02",
        "2022-06-03",
        "2022-08-29",
        "2022-09-19",
        "2022-12-26",
        "2022-12-27",
    ],
    2023: [
        "2023-01-02",
        "2023-04-07",
        "2023-04-10",
        "2023-05-01",
        "2023-05-08",
        "2023-05-29",
        "2023-08-28",
        "2023-12-25",
        "2023-12-26",
    ],
    2024: [
        "2024-01-01",
        "2024-03-29",
        "2024-04-01",
        "2024-05-06",
        "2024-05-27",
        "2024-08-26",
        "2024-12-25",
        "2024-12-26",
    ],
    2025: [
        "2025-01-01",
        "2025-04-18",
        "2025-04-21",
        "2025-05-05",
        "2025-05-26",
        "2025-08-25",
        "2025-12-25",
        "2025-12-26",
    ],
    2026: [
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-05-25",
        "2026-08-31",
        "2026-12-25",
        "2026-12-28",
    ],
    2027: [
        "2027-01-01",
        "2027-03-26",
        "2027-03-29",
        "2027-05-03",
        "2027-05-31",
        "2027-08-30",
        "2027-12-27",
        "2027-12-28",
    ],
}

# One-off bank holidays proclaimed for a single year.
PROCLAIMED = {
    "2011-04-29": "the wedding of Prince William and Catherine Middleton",
    "2012-06-05": "the Diamond Jubilee",
    "2022-06-03": "the Platinum Jubilee",
    "2022-09-19": "the State Funeral of Queen Elizabeth II",
    "2023-05-08": "the Coronation of King Charles III",
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_matches_the_published_bank_holidays(year: int) -> None:
    assert sorted(bank_holidays(year)) == [dt.date.fromisoformat(d) for d in PUBLISHED[year]]


def test_easter_known_dates() -> None:
    assert easter_sunday(2019) == dt.date(2019, 4, 21)
    assert easter_sunday(2038) == dt.date(2038, 4, 25)
    assert easter_sunday(2285) == dt.date(2285, 3, 22)


@given(st.integers(min_value=1900, max_value=2200))
def test_easter_is_a_sunday_in_spring(year: int) -> None:
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert dt.date(year, 3, 22) <= easter <= dt.date(year, 4, 25)


@given(st.integers(min_value=1990, max_value=2100))
def test_holidays_are_weekdays_and_eight_or_more(year: int) -> None:
    days = bank_holidays(year)
    assert len(days) >= 8
    assert all(d.weekday() < 5 and d.year == year for d in days)


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)),
    st.integers(min_value=0, max_value=40),
)
def test_add_working_days_lands_on_a_working_day_and_counts_back(start: dt.date, count: int) -> None:
    end = add_working_days(start, count)
    assert end >= start
    if count:
        assert is_working_day(end)
    assert working_days_between(start, end) == count


def test_ten_working_days_skip_easter() -> None:
    # A fortnight ending Sunday 5 April 2020: Good Friday and Easter Monday fall in the next ten days.
    assert add_working_days(dt.date(2020, 4, 5), 10) == dt.date(2020, 4, 21)


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(dt.date(2020, 1, 1), -1)


@pytest.mark.parametrize("day", sorted(PROCLAIMED))
def test_a_proclaimed_one_off_holiday_is_not_a_working_day(day: str) -> None:
    date = dt.date.fromisoformat(day)
    assert date.weekday() < 5, f"{PROCLAIMED[day]} fell on a weekday that would have been worked"
    assert date in bank_holidays(date.year)
    assert not is_working_day(date)


def test_a_due_date_steps_over_the_state_funeral() -> None:
    # Ten working days after Friday 9 September 2022 would be Friday 23rd without the funeral on the 19th.
    assert add_working_days(dt.date(2022, 9, 9), 10) == dt.date(2022, 9, 26)


def test_the_week_of_the_coronation_has_four_working_days() -> None:
    assert working_days_between(dt.date(2023, 5, 5), dt.date(2023, 5, 12)) == 4


def test_christmas_at_a_weekend_after_2023_moves_to_the_monday_and_tuesday() -> None:
    days = bank_holidays(2027)
    assert {dt.date(2027, 12, 25), dt.date(2027, 12, 26)}.isdisjoint(days)
    assert {dt.date(2027, 12, 27), dt.date(2027, 12, 28)} <= days
    assert add_working_days(dt.date(2027, 12, 24), 1) == dt.date(2027, 12, 29)
