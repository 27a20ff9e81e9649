"""One value type for reporting periods.

Calendar years and UK financial years (April to March), financial and calendar quarters, months,
fortnights anchored to a date the partnership chooses, ISO weeks, and the pooled multi-year spans
Fingertips publishes ("2016 - 18", "2015/16 - 17/18").

Every period has a canonical ``code`` that ``period_parse`` reads back, and a human ``label``.

A period read from outside (``period_parse``, ``period_containing``) must have neighbours: pages
link to the period before and after, so a period at the ends of the calendar (9999-12-27, year 1)
is refused with ``PeriodError`` here rather than failing later on a date Python cannot hold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    YEAR = "year"
    FINANCIAL_YEAR = "financial_year"
    QUARTER = "quarter"  # UK financial quarter: Q1 is April to June
    CALENDAR_QUARTER = "calendar_quarter"
    MONTH = "month"
    FORTNIGHT = "fortnight"
    WEEK = "week"  # ISO 8601 week, Monday to Sunday
    YEARS = "years"  # pooled calendar years, e.g. 2016 - 18
    FINANCIAL_YEARS = "financial_years"  # pooled financial years, e.g. 2015/16 - 17/18

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    PeriodKind.YEAR: "Calendar year",
    PeriodKind.FINANCIAL_YEAR: "Financial year (April to March)",
    PeriodKind.QUARTER: "Financial quarter",
    PeriodKind.CALENDAR_QUARTER: "Calendar quarter",
    PeriodKind.MONTH: "Month",
    PeriodKind.FORTNIGHT: "Fortnight",
    PeriodKind.WEEK: "Week (ISO, Monday to Sunday)",
    PeriodKind.YEARS: "Several calendar years",
    PeriodKind.FINANCIAL_YEARS: "Several financial years",
}

PERIOD_KIND_CHOICES = [(k.value, k.label) for k in PeriodKind]


class PeriodError(ValueError):
    """A period code or label that cannot be read."""


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> dt.date:
    ny, nm = _add_months(year, month, 1)
    return dt.date(ny, nm, 1) - dt.timedelta(days=1)


def _fy(year: int) -> str:
    return f"{year:04d}/{(year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Period:
    """A closed date range of a known kind. Ordered by start date, then end date."""

    start: dt.date
    end: dt.date
    kind: PeriodKind

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"A period cannot end ({self.end}) before it starts ({self.start})")

    # ------------------------------------------------------------------ naming
    @property
    def code(self) -> str:
        s = self.start
        match self.kind:
            case PeriodKind.YEAR:
                return f"{s.year:04d}"
            case PeriodKind.FINANCIAL_YEAR:
                return _fy(s.year)
            case PeriodKind.QUARTER:
                fy_start = s.year if s.month >= 4 else s.year - 1
                quarter = ((s.month - 4) % 12) // 3 + 1
                return f"{_fy(fy_start)} Q{quarter}"
            case PeriodKind.CALENDAR_QUARTER:
                return f"{s.year:04d} Q{(s.month - 1) // 3 + 1}"
            case PeriodKind.MONTH:
                return f"{s.year:04d}-{s.month:02d}"
            case PeriodKind.FORTNIGHT:
                return f"{s.isoformat()}/2W"
            case PeriodKind.WEEK:
                iso = s.isocalendar()
                return f"{iso.year:04d}-W{iso.week:02d}"
            case PeriodKind.YEARS:
                return f"{s.year:04d} - {self.end.year % 100:02d}"
            case PeriodKind.FINANCIAL_YEARS:
                last = self.end.year - 1
                return f"{_fy(s.year)} - {last % 100:02d}/{(last + 1) % 100:02d}"
        raise PeriodError(f"Unknown period kind {self.kind}")  # pragma: no cover

    @property
    def label(self) -> str:
        """How people read the period: 'February 2024', '5 Oct to 18 Oct 2026', '2024/25 Q3'."""
        match self.kind:
            case PeriodKind.MONTH:
                return self.start.strftime("%B %Y")
            case PeriodKind.FORTNIGHT:
                return _span(self.start, self.end)
            case PeriodKind.WEEK:
                return f"Week {self.start.isocalendar().week}: {_span(self.start, self.end)}"
            case _:
                return self.code

    def __str__(self) -> str:
        return self.label

    # ------------------------------------------------------------------ arithmetic
    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        """The period after this one; ``PeriodError`` past the end of the calendar."""
        try:
            return _containing(self.kind, self.end + dt.timedelta(days=1), anchor=self._anchor)
        except OverflowError as exc:
            raise PeriodError(f"There is no period after {self.code}: the calendar ends in 9999") from exc

    def previous(self) -> Period:
        """The period before this one; ``PeriodError`` before the start of the calendar."""
        try:
            return _containing(self.kind, self.start - dt.timedelta(days=1), anchor=self._anchor)
        except OverflowError as exc:
            raise PeriodError(
                f"There is no period before {self.code}: the calendar starts in year 1"
            ) from exc

    @property
    def _anchor(self) -> dt.date | None:
        return self.start if self.kind == PeriodKind.FORTNIGHT else None

    @property
    def financial_year(self) -> str:
        """The UK financial year the period starts in, e.g. '2024/25'."""
        s = self.start
        return _fy(s.year if s.month >= 4 else s.year - 1)


def _span(start: dt.date, end: dt.date) -> str:
    """'5 Oct to 18 Oct 2026'; the year is written twice only when the span crosses one."""
    first = f"{start.day} {start:%b}" if start.year == end.year else f"{start.day} {start:%b %Y}"
    return f"{first} to {end.day} {end:%b %Y}"


def period_label(code: str | None) -> str:
    """A stored period code as people read it ('2020-09-14/2W' is '14 Sep to 27 Sep 2020').

    Text that is not a period code is returned as it is, so a label can be passed through safely.
    """
    if not code:
        return ""
    try:
        return period_parse(str(code)).label
    except PeriodError:
        return str(code)


def period_containing(kind: PeriodKind | str, day: dt.date, *, anchor: dt.date | None = None) -> Period:
    """The period of ``kind`` that contains ``day``. Fortnights need the partnership's ``anchor``.

    ``PeriodError`` when that period, or the one before or after it, would fall outside the calendar.
    """
    try:
        period = _containing(kind, day, anchor=anchor)
    except OverflowError as exc:
        raise PeriodError(
            f"{day.isoformat()} is too near the start or end of the calendar for a period"
        ) from exc
    return _with_neighbours(period)


def _with_neighbours(period: Period) -> Period:
    """``period``, if the periods either side of it can exist; else ``PeriodError``."""
    if period.kind in _POOLED:
        # Pooled spans have no next or previous; a day either side is all a page needs.
        if period.start == dt.date.min or period.end == dt.date.max:
            raise PeriodError(f"{period.code} is too near the ends of the calendar to be used")
        return period
    period.previous()
    period.next()
    return period


def _containing(kind: PeriodKind | str, day: dt.date, *, anchor: dt.date | None = None) -> Period:
    """``period_containing`` without the neighbours' check; ``OverflowError`` past the calendar."""
    kind = PeriodKind(kind)
    try:
        return _containing_unchecked(kind, day, anchor)
    except PeriodError:
        raise
    except ValueError as exc:
        # The months and days computed are always valid, so only the year can be out of range.
        raise OverflowError(str(exc)) from exc


def _containing_unchecked(kind: PeriodKind, day: dt.date, anchor: dt.date | None) -> Period:
    y, m = day.year, day.month
    match kind:
        case PeriodKind.YEAR:
            return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), kind)
        case PeriodKind.FINANCIAL_YEAR:
            start_year = y if m >= 4 else y - 1
            return Period(dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31), kind)
        case PeriodKind.QUARTER:
            fy_start = y if m >= 4 else y - 1
            qy, qm = _add_months(fy_start, 4, ((m - 4) % 12) // 3 * 3)
            end_y, end_m = _add_months(qy, qm, 2)
            return Period(dt.date(qy, qm, 1), _month_end(end_y, end_m), kind)
        case PeriodKind.CALENDAR_QUARTER:
            qm = (m - 1) // 3 * 3 + 1
            return Period(dt.date(y, qm, 1), _month_end(y, qm + 2), kind)
        case PeriodKind.MONTH:
            return Period(dt.date(y, m, 1), _month_end(y, m), kind)
        case PeriodKind.WEEK:
            start = day - dt.timedelta(days=day.weekday())
            return Period(start, start + dt.timedelta(days=6), kind)
        case PeriodKind.FORTNIGHT:
            if anchor is None:
                raise PeriodError("Fortnights need an anchor date (the first day of any fortnight)")
            offset = (day - anchor).days // 14
            start = anchor + dt.timedelta(days=14 * offset)
            return Period(start, start + dt.timedelta(days=13), kind)
    raise PeriodError(f"'{kind}' periods span several years; build them with period_parse")


def period_range(first: Period, last: Period) -> Iterator[Period]:
    """Every period from ``first`` to ``last`` inclusive (same kind)."""
    if first.kind != last.kind:
        raise PeriodError("A range needs two periods of the same kind")
    current = first
    while current <= last:
        yield current
        current = current.next()


_PATTERNS: list[tuple[re.Pattern[str], PeriodKind]] = [
    (re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$", re.ASCII), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4}) Q([1-4])$", re.ASCII), PeriodKind.CALENDAR_QUARTER),
    (re.compile(r"^(\d{4})/(\d{2}) - (\d{2})/(\d{2})$", re.ASCII), PeriodKind.FINANCIAL_YEARS),
    (re.compile(r"^(\d{4})/(\d{2})$", re.ASCII), PeriodKind.FINANCIAL_YEAR),
    (re.compile(r"^(\d{4}) - (\d{2})$", re.ASCII), PeriodKind.YEARS),
    (re.compile(r"^(\d{4})-W(\d{2})$", re.ASCII), PeriodKind.WEEK),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})/2W$", re.ASCII), PeriodKind.FORTNIGHT),
    (re.compile(r"^(\d{4})-(\d{2})$", re.ASCII), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})$", re.ASCII), PeriodKind.YEAR),
]


_POOLED = frozenset({PeriodKind.YEARS, PeriodKind.FINANCIAL_YEARS})


def _century(base: int, two_digits: int) -> int:
    """The first year at or after ``base`` whose last two digits are ``two_digits``."""
    year = base - base % 100 + two_digits
    return year if year >= base else year + 100


def period_parse(text: str, *, anchor: dt.date | None = None) -> Period:
    """Read a period code (as ``Period.code`` writes it) or a Fingertips time-period label."""
    raw = " ".join(str(text).split())
    # Pooled spans are always written with spaces ("2016 - 18"); "2016-01" is a month.
    raw = re.sub(r"(?<=\d)\s+-\s*|\s*-\s+(?=\d)", " - ", raw)
    for pattern, kind in _PATTERNS:
        match = pattern.match(raw)
        if not match:
            continue
        g = [int(x) for x in match.groups()]
        try:
            return _with_neighbours(_build(kind, g, anchor))
        except PeriodError as exc:
            raise PeriodError(f"'{text}' cannot be used as a period. {exc}") from exc
        except OverflowError as exc:
            raise PeriodError(f"'{text}' cannot be used as a period: it runs past 31 December 9999") from exc
        except ValueError as exc:
            raise PeriodError(f"'{text}' is not a valid period: {exc}") from exc
    raise PeriodError(
        f"'{text}' is not a period Wellboard recognises (examples: 2024, 2024/25, 2024/25 Q3, "
        "2024 Q1, 2024-01, 2024-W05, 2024-01-08/2W, 2016 - 18)"
    )


def _build(kind: PeriodKind, g: list[int], anchor: dt.date | None) -> Period:
    match kind:
        case PeriodKind.QUARTER:
            year, yy, q = g
            _expect_next_year(year, yy)
            start_y, start_m = _add_months(year, 4, 3 * (q - 1))
            return _containing(kind, dt.date(start_y, start_m, 1))
        case PeriodKind.CALENDAR_QUARTER:
            return _containing(kind, dt.date(g[0], 3 * (g[1] - 1) + 1, 1))
        case PeriodKind.FINANCIAL_YEAR:
            _expect_next_year(g[0], g[1])
            return _containing(kind, dt.date(g[0], 4, 1))
        case PeriodKind.FINANCIAL_YEARS:
            first, first_next, last_yy, last_next = g
            _expect_next_year(first, first_next)
            last = _century(first, last_yy)
            _expect_next_year(last, last_next)
            if last <= first:
                raise ValueError("the last year must come after the first")
            return Period(dt.date(first, 4, 1), dt.date(last + 1, 3, 31), kind)
        case PeriodKind.YEARS:
            last = _century(g[0], g[1])
            if last <= g[0]:
                raise ValueError("the last year must come after the first")
            return Period(dt.date(g[0], 1, 1), dt.date(last, 12, 31), kind)
        case PeriodKind.WEEK:
            return _containing(kind, dt.date.fromisocalendar(g[0], g[1], 1))
        case PeriodKind.FORTNIGHT:
            start = dt.date(g[0], g[1], g[2])
            if anchor is not None and (start - anchor).days % 14:
                raise ValueError(
                    f"fortnights here start on the same weekday as {anchor:%d %B %Y}, every 14 days"
                )
            return _containing(kind, start, anchor=anchor or start)
        case PeriodKind.MONTH:
            return _containing(kind, dt.date(g[0], g[1], 1))
        case PeriodKind.YEAR:
            return _containing(kind, dt.date(g[0], 1, 1))
    raise ValueError(f"unknown kind {kind}")  # pragma: no cover


def _expect_next_year(year: int, yy: int) -> None:
    if (year + 1) % 100 != yy:
        raise ValueError(f"{year}/{yy:02d} should be {_fy(year)}")
