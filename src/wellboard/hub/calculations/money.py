"""A hub's money and room use month by month: income from room hire, referral memberships and other
sources against its running cost, the figures behind its claim to pay its way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from wellboard.hub.models import Hub, HubMonth


@dataclass(frozen=True)
class MonthFigures:
    month: dt.date
    room_bookings: int
    room_hire_income: Decimal
    memberships: int
    membership_income: Decimal
    other_income: Decimal
    running_cost: Decimal

    @property
    def income(self) -> Decimal:
        return self.room_hire_income + self.membership_income + self.other_income

    @property
    def balance(self) -> Decimal:
        """Income less running cost: positive when the month paid its way."""
        return self.income - self.running_cost

    @property
    def label(self) -> str:
        return f"{self.month:%b %Y}"


@dataclass(frozen=True)
class MoneyFigures:
    months: list[MonthFigures]

    @property
    def income(self) -> Decimal:
        return sum((m.income for m in self.months), Decimal(0))

    @property
    def running_cost(self) -> Decimal:
        return sum((m.running_cost for m in self.months), Decimal(0))

    @property
    def balance(self) -> Decimal:
        return self.income - self.running_cost

    @property
    def months_paid_their_way(self) -> int:
        return sum(1 for m in self.months if m.balance >= 0)


PENNY = Decimal("0.01")


def _pounds(value: object) -> Decimal:
    """A sum of money from the database as pounds and pence (SQLite sums decimals as floats)."""
    return Decimal(str(value or 0)).quantize(PENNY)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def money_figures(hubs: list[Hub], start: dt.date, end: dt.date) -> MoneyFigures:
    """The months from the one ``start`` falls in to the one ``end`` falls in, added up across
    ``hubs`` in the database, one row a month."""
    rows = (
        HubMonth.objects.filter(
            hub__in=[hub.pk for hub in hubs], month__gte=first_of_month(start), month__lte=first_of_month(end)
        )
        .order_by("month")
        .values("month")
        .annotate(
            room_bookings_sum=Sum("room_bookings"),
            room_hire_income_sum=Sum("room_hire_income"),
            memberships_sum=Sum("memberships"),
            membership_income_sum=Sum("membership_income"),
            other_income_sum=Sum("other_income"),
            running_cost_sum=Sum("running_cost"),
        )
    )
    return MoneyFigures(
        months=[
            MonthFigures(
                month=row["month"],
                room_bookings=int(row["room_bookings_sum"] or 0),
                room_hire_income=_pounds(row["room_hire_income_sum"]),
                memberships=int(row["memberships_sum"] or 0),
                membership_income=_pounds(row["membership_income_sum"]),
                other_income=_pounds(row["other_income_sum"]),
                running_cost=_pounds(row["running_cost_sum"]),
            )
            for row in rows
        ]
    )
