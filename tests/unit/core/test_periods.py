from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.periods import (
    Period,
    PeriodError,
    PeriodKind,
    period_containing,
    period_label,
    period_parse,
    period_range,
)

ANCHOR = dt.date(2020, 3, 30)
SINGLE_KINDS = [k for k in PeriodKind if k not in (PeriodKind.YEARS, PeriodKind.FINANCIAL_YEARS)]
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


@pytest.mark.parametrize(
    ("kind", "day", "code", "start", "end"),
    [
        ("year", dt.date(2024, 6, 1), "2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("financial_year", dt.date(2024, 3, 31), "2023/24", dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
        ("financial_year", dt.date(2024, 4, 1), "2024/25", dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
        ("quarter", dt.date(2024, 12, 25), "2024/25 Q3", dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        ("quarter", dt.date(2025, 2, 1), "2024/25 Q4", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ("quarter", dt.date(1999, 4, 1), "1999/00 Q1", dt.date(1999, 4, 1), dt.date(1999, 6, 30)),
        ("calendar_quarter", dt.date(2024, 8, 9), "2024 Q3", dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        ("month", dt.date(2024, 2, 10), "2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("week", dt.date(2024, 12, 31), "2025-W01", dt.date(2024, 12, 30), dt.date(2025, 1, 5)),
        ("fortnight", dt.date(2020, 4, 12), "2020-03-30/2W", dt.date(2020, 3, 30), dt.date(2020, 4, 12)),
        ("fortnight", dt.date(2020, 4, 13), "2020-04-13/2W", dt.date(2020, 4, 13), dt.date(2020, 4, 26)),
    ],
)
def test_period_containing_known_dates(
    kind: str, day: dt.date, code: str, start: dt.date, end: dt.date
) -> None:
    period = period_containing(kind, day, anchor=ANCHOR)
    assert (period.code, period.start, period.end) == (code, start, end)


@given(kind=st.sampled_from(SINGLE_KINDS), day=days)
def test_every_period_contains_its_day_and_round_trips(kind: PeriodKind, day: dt.date) -> None:
    period = period_containing(kind, day, anchor=ANCHOR)
    assert period.contains(day)
    assert period_parse(period.code, anchor=ANCHOR) == period
    assert period.next().start == period.end + dt.timedelta(days=1)
    assert period.previous().end == period.start - dt.timedelta(days=1)


@given(day=days)
def test_quarters_tile_the_financial_year(day: dt.date) -> None:
    year = period_containing("financial_year", day)
    quarters = list(
        period_range(period_containing("quarter", year.start), period_containing("quarter", year.end))
    )
    assert [q.code[-2:] for q in quarters] == ["Q1", "Q2", "Q3", "Q4"]
    assert sum(q.days for q in quarters) == year.days


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2016 - 18", "years", dt.date(2016, 1, 1), dt.date(2018, 12, 31)),
        ("2015/16 - 17/18", "financial_years", dt.date(2015, 4, 1), dt.date(2018, 3, 31)),
        ("  2019/20 ", "financial_year", dt.date(2019, 4, 1), dt.date(2020, 3, 31)),
        ("1998 - 00", "years", dt.date(1998, 1, 1), dt.date(2000, 12, 31)),
    ],
)
def test_parse_fingertips_labels(text: str, kind: str, start: dt.date, end: dt.date) -> None:
    period = period_parse(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)


@pytest.mark.parametrize("text", ["", "2024/26", "2024 Q5", "2024-13", "2013-15", "Q3", "2020-03-31/2W"])
def test_parse_rejects_with_a_clear_message(text: str) -> None:
    with pytest.raises(PeriodError, match=r"period|should be|month|fortnight"):
        period_parse(text, anchor=ANCHOR)


def test_fortnight_needs_an_anchor() -> None:
    with pytest.raises(PeriodError, match="anchor"):
        period_containing("fortnight", dt.date(2024, 1, 1))


def test_periods_order_by_start() -> None:
    a = period_parse("2023/24 Q4")
    b = period_parse("2024/25 Q1")
    assert a < b
    assert sorted([b, a]) == [a, b]


def test_labels_are_human() -> None:
    assert period_parse("2024-02").label == "February 2024"
    assert period_parse("2024-W05").label == "Week 5: 29 Jan to 4 Feb 2024"
    assert period_parse("2025-W01").label == "Week 1: 30 Dec 2024 to 5 Jan 2025"
    assert period_parse("2026-10-05/2W").label == "5 Oct to 18 Oct 2026"
    assert period_parse("2026-12-28/2W").label == "28 Dec 2026 to 10 Jan 2027"
    assert period_parse("2024/25 Q3").label == "2024/25 Q3"
    assert period_parse("2024/25 Q3").financial_year == "2024/25"


# A code as ``Period.code`` writes it for fortnights, weeks and months: never what people should read.
RAW_CODE = re.compile(r"\d{4}-\d{2}-\d{2}/2W|\d{4}-W\d{2}|^\d{4}-\d{2}$")


@given(kind=st.sampled_from(SINGLE_KINDS), day=days)
def test_every_label_reads_as_words_or_is_the_code_itself(kind: PeriodKind, day: dt.date) -> None:
    period = period_containing(kind, day, anchor=ANCHOR)
    label = period.label
    assert not RAW_CODE.search(label)
    assert period_label(period.code) == label
    if label == period.code:  # years and quarters: the code is the label, and it reads back
        assert period_parse(label) == period
    else:
        assert str(period.end.year) in label
        assert str(period.end.day) in label or kind == PeriodKind.MONTH


@given(day=days)
def test_a_fortnight_names_the_year_once_unless_it_spans_two(day: dt.date) -> None:
    fortnight = period_containing("fortnight", day, anchor=ANCHOR)
    expected = 1 if fortnight.start.year == fortnight.end.year else 2
    assert sum(fortnight.label.count(str(y)) for y in {fortnight.start.year, fortnight.end.year}) == expected


def test_end_before_start_is_refused() -> None:
    with pytest.raises(PeriodError):
        Period(dt.date(2024, 2, 1), dt.date(2024, 1, 1), PeriodKind.MONTH)


def test_period_label_filter() -> None:
    from wellboard.core.templatetags.govuk import period_label as period_label_filter

    assert period_label_filter("2020-09-14/2W") == "14 Sep to 27 Sep 2020"
    assert period_label_filter("2024-02") == "February 2024"
    assert period_label_filter("2016 - 18") == "2016 - 18"
    assert period_label_filter("not a period") == "not a period"
    assert period_label_filter(None) == ""


@pytest.mark.parametrize(
    "text",
    [
        *["9999", "9999-12", "9999 Q4", "9998/99", "9999-W52", "9999-12-27/2W", "9999-12-31/2W"],
        *["0001", "0001-01", "0001 Q1", "0001-W01", "0001-01-01/2W", "9998 - 99", "0001 - 03"],
    ],
)
def test_a_period_without_a_neighbour_in_the_calendar_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(PeriodError, match=re.escape(f"'{text}' cannot be used as a period")):
        period_parse(text)


@pytest.mark.parametrize("day", [dt.date(9999, 12, 27), dt.date(9999, 12, 31), dt.date(1, 1, 1)])
@pytest.mark.parametrize("kind", SINGLE_KINDS)
def test_a_day_at_the_ends_of_the_calendar_has_no_period(day: dt.date, kind: PeriodKind) -> None:
    with pytest.raises(PeriodError, match="calendar"):
        period_containing(kind, day, anchor=dt.date(2020, 1, 6))


def test_periods_near_the_ends_of_the_calendar_keep_their_neighbours() -> None:
    for text in ["9998", "9998-12", "0002", "0001-02", "9997/98", "0001/02 Q2"]:
        period = period_parse(text)
        assert period_parse(period.code) == period
        assert period.next() > period > period.previous()


def test_the_last_period_of_the_calendar_says_it_has_no_next() -> None:
    last = period_parse("9998").next()
    with pytest.raises(PeriodError, match="There is no period after 9999"):
        last.next()


@pytest.mark.parametrize("text", ["٢٠٢٤", "٢٠٢٤-٠١", "2024/٢٥", "２０２４"])  # noqa: RUF001 (the digits under test)
def test_a_period_is_written_with_the_digits_0_to_9(text: str) -> None:
    with pytest.raises(PeriodError):
        period_parse(text)
