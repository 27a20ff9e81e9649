"""Reads of collections and returns. Every function takes the actor and applies what they may see.

Coordinators, approvers and analysts see every organisation's returns. A contributor sees only the
returns of their own organisation: another organisation's return is "not found". Board members
and viewers see the completeness grid and the reach dashboard (statuses and totals), not
individual returns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from wellboard.core.access import Actor, Role
from wellboard.core.errors import NotFound
from wellboard.core.periods import Period, PeriodError, period_parse
from wellboard.indicators.models import Indicator, IndicatorKind
from wellboard.partners.models import Organisation
from wellboard.returns.models import (
    OUTSTANDING,
    Collection,
    Figure,
    Measure,
    Reminder,
    Return,
    ReturnStatus,
)
from wellboard.returns.policy import APPROVE_RETURNS, SEE_REMINDERS
from wellboard.returns.validation import CleanFigure
from wellboard.strategy.models import Initiative

HISTORY_LENGTH = 8


def sees_all_returns(actor: Actor) -> bool:
    return actor.has(Role.COORDINATOR, Role.APPROVER, Role.ANALYST)


def collection_list(*, actor: Actor) -> QuerySet[Collection]:
    if not actor.is_member:
        raise NotFound("collection")
    collections = Collection.objects.filter(partnership_id=actor.partnership_id).select_related("partnership")
    if not sees_all_returns(actor) and actor.organisation_ids and not actor.has(Role.BOARD, Role.VIEWER):
        collections = collections.filter(organisations__in=actor.organisation_ids).distinct()
    return collections.order_by("name")


def collection_get(*, actor: Actor, slug: str) -> Collection:
    collection = collection_list(actor=actor).filter(slug=slug).first()
    if collection is None:
        raise NotFound("collection")
    return collection


def measure_list(*, collection: Collection) -> list[Measure]:
    """The collection's measures in order. The caller has already read ``collection`` as the actor."""
    return list(
        Measure.objects.filter(collection=collection)
        .select_related("indicator", "initiative")
        .order_by("position", "pk")
    )


def measure_get(*, actor: Actor, collection: Collection, code: str) -> Measure:
    measure = Measure.objects.filter(collection=collection, code=code).select_related("indicator").first()
    if measure is None or collection.partnership_id != actor.partnership_id:
        raise NotFound("measure")
    return measure


def measure_choices(*, actor: Actor) -> tuple[list[Indicator], list[Initiative]]:
    """Performance measures a new collection measure may reuse, and initiatives it may belong to."""
    indicators = list(
        Indicator.objects.filter(partnership_id=actor.partnership_id)
        .exclude(kind=IndicatorKind.POPULATION)
        .order_by("name")
    )
    initiatives = list(Initiative.objects.filter(partnership_id=actor.partnership_id).order_by("name"))
    return indicators, initiatives


def collection_organisations(*, actor: Actor, collection: Collection) -> list[Organisation]:
    """The organisations of the collection whose returns the actor may open."""
    organisations = collection.organisations.order_by("name")
    if sees_all_returns(actor):
        return list(organisations)
    return [o for o in organisations if o.pk in actor.organisation_ids]


def collection_members(*, collection: Collection) -> list[Organisation]:
    """Every organisation asked to return (names only, for the grid every member may see)."""
    return list(collection.organisations.order_by("name"))


def return_organisation_get(*, actor: Actor, collection: Collection, slug: str) -> Organisation:
    """An organisation of the collection whose returns the actor may open; otherwise not found."""
    for organisation in collection_organisations(actor=actor, collection=collection):
        if organisation.slug == slug:
            return organisation
    raise NotFound("return")


def period_get(*, collection: Collection, text: str) -> Period:
    """A period of the collection from a URL or file: its code or its first day (YYYY-MM-DD)."""
    raw = (text or "").strip()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        day = None
    try:
        period = collection.period_for(day) if day else period_parse(raw, anchor=collection.anchor())
    except PeriodError as exc:
        raise NotFound("period") from exc
    if not collection.includes(period) or (day is not None and day != period.start):
        raise NotFound("period")
    return period


def return_find(
    *, actor: Actor, collection: Collection, organisation: Organisation, period: Period
) -> Return | None:
    """The return if one has been started. The actor must be allowed to open this organisation's."""
    return_organisation_get(actor=actor, collection=collection, slug=organisation.slug)
    return (
        Return.objects.filter(collection=collection, organisation=organisation, period=period.code)
        .select_related("collection__partnership", "organisation", "submitted_by", "approved_by")
        .first()
    )


def figures_of(data_return: Return | None) -> tuple[dict[tuple[str, str, str], CleanFigure], dict[str, str]]:
    """A return's saved figures by (measure code, breakdown, category), and its comments by measure."""
    figures: dict[tuple[str, str, str], CleanFigure] = {}
    comments: dict[str, str] = {}
    if data_return is None or data_return.pk is None:
        return figures, comments
    for figure in Figure.objects.filter(data_return=data_return).select_related("measure"):
        figures[(figure.measure.code, figure.breakdown, figure.category)] = CleanFigure(
            figure.value, figure.denominator
        )
        if figure.is_total and figure.comment:
            comments[figure.measure.code] = figure.comment
    return figures, comments


def _shown_total(figure: Figure) -> Decimal | None:
    return figure.computed()


def previous_totals(
    *, collection: Collection, organisation: Organisation, period: Period
) -> dict[str, Decimal]:
    """Each measure's total in the organisation's previous period (if it was submitted or approved)."""
    previous = period.previous()
    figures = Figure.objects.filter(
        data_return__collection=collection,
        data_return__organisation=organisation,
        data_return__period=previous.code,
        data_return__status__in=[ReturnStatus.SUBMITTED, ReturnStatus.APPROVED],
        breakdown="",
    ).select_related("measure")
    totals = {}
    for figure in figures:
        shown = _shown_total(figure)
        if shown is not None:
            totals[figure.measure.code] = shown
    return totals


def history_totals(
    *, collection: Collection, organisation: Organisation, period: Period
) -> dict[str, list[Decimal]]:
    """Each measure's approved totals for up to eight earlier periods (for the outlier check)."""
    figures = (
        Figure.objects.filter(
            data_return__collection=collection,
            data_return__organisation=organisation,
            data_return__period_start__lt=period.start,
            data_return__status=ReturnStatus.APPROVED,
            breakdown="",
        )
        .select_related("measure")
        .order_by("-data_return__period_start")
    )
    history: dict[str, list[Decimal]] = defaultdict(list)
    for figure in figures:
        shown = _shown_total(figure)
        if shown is not None and len(history[figure.measure.code]) < HISTORY_LENGTH:
            history[figure.measure.code].append(shown)
    return dict(history)


def previous_figures(
    *, collection: Collection, organisation: Organisation, period: Period
) -> dict[tuple[str, str, str], CleanFigure]:
    """Last period's figures, shown beside this period's for reference."""
    previous = period.previous()
    data_return = Return.objects.filter(
        collection=collection, organisation=organisation, period=previous.code
    ).first()
    return figures_of(data_return)[0]


def return_list_for_contributor(*, actor: Actor, today: dt.date) -> list[dict[str, object]]:
    """The actor's own organisations' returns that need doing, soonest due first: each of the last
    six periods that have ended and are not yet submitted, and every return sent back for changes
    (with the approver's reason), however old."""
    if not actor.organisation_ids:
        return []
    collections = Collection.objects.filter(
        partnership_id=actor.partnership_id, is_open=True, organisations__in=actor.organisation_ids
    ).distinct()
    rows: list[dict[str, object]] = []
    listed: set[int] = set()
    for collection in collections.select_related("partnership").prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.filter(pk__in=actor.organisation_ids))
    ):
        periods = [p for p in collection.periods(until=today) if p.end < today][-6:]
        started = {
            (r.organisation_id, r.period): r
            for r in Return.objects.filter(
                collection=collection,
                organisation_id__in=actor.organisation_ids,
                period__in=[p.code for p in periods],
            )
        }
        for organisation in collection.organisations.all():
            for period in periods:
                existing = started.get((organisation.pk, period.code))
                status = ReturnStatus(existing.status) if existing else ReturnStatus.NOT_STARTED
                if status not in OUTSTANDING:
                    continue
                if existing is not None:
                    listed.add(existing.pk)
                due = collection.due_date(period)
                rows.append(
                    {
                        "collection": collection,
                        "organisation": organisation,
                        "period": period,
                        "status": status,
                        "due_date": due,
                        "overdue": due < today,
                        "returned_reason": existing.returned_reason if existing else "",
                    }
                )
    sent_back = (
        Return.objects.filter(
            collection__in=collections,
            organisation_id__in=actor.organisation_ids,
            status=ReturnStatus.RETURNED,
        )
        .exclude(pk__in=listed)
        .select_related("collection__partnership", "organisation")
    )
    for data_return in sent_back:
        rows.append(
            {
                "collection": data_return.collection,
                "organisation": data_return.organisation,
                "period": data_return.period_value,
                "status": ReturnStatus.RETURNED,
                "due_date": data_return.due_date,
                "overdue": data_return.due_date < today,
                "returned_reason": data_return.returned_reason,
            }
        )
    rows.sort(key=lambda r: (r["due_date"], str(r["collection"]), str(r["organisation"])))
    return rows


def returns_awaiting_approval(*, actor: Actor) -> QuerySet[Return]:
    if not APPROVE_RETURNS.allows(actor):
        return Return.objects.none()
    return (
        Return.objects.filter(collection__partnership_id=actor.partnership_id, status=ReturnStatus.SUBMITTED)
        .select_related("collection__partnership", "organisation")
        .order_by("due_date", "organisation__name")
    )


def reminders_sent(*, actor: Actor, collection: Collection) -> QuerySet[Reminder]:
    """Reminders recorded for a collection, for those who may see them (``SEE_REMINDERS``)."""
    if not SEE_REMINDERS.allows(actor):
        raise NotFound("page")
    return Reminder.objects.filter(collection=collection).select_related("organisation")[:200]


def reach_measures(*, actor: Actor) -> list[Measure]:
    """Measures of the partnership's collections that belong to an initiative (for the reach dashboard)."""
    if not actor.is_member:
        raise NotFound("page")
    return list(
        Measure.objects.filter(collection__partnership_id=actor.partnership_id, initiative__isnull=False)
        .select_related("collection__partnership", "initiative", "indicator")
        .order_by("initiative__name", "collection__name", "position", "pk")
    )


def returned_organisations(*, collection: Collection, period: Period) -> set[int]:
    """Organisations that have submitted (or had approved) their return for ``period``."""
    return set(
        Return.objects.filter(
            collection=collection,
            period=period.code,
            status__in=[ReturnStatus.SUBMITTED, ReturnStatus.APPROVED],
        ).values_list("organisation_id", flat=True)
    )
