"""An initiative's wellbeing results become its "Is anyone better off?" measures.

For every financial year in which participants were last assessed, and for each measure with paired
before and after scores (the SWEMWBS metric score; each ONS4 item, never summed), two performance
measures of the initiative get an observation for the partnership's home area:

* the mean change, with its 95% paired t interval, over the paired participants (the denominator);
* the percentage whose change reached the meaningful-change threshold, with its Wilson interval
  worked out by the indicators app from the count and denominator.

The indicators are made the first time (kind "Is anyone better off?", linked to the initiative) and
found again by their source and identifier, so publishing again updates the same measures and, with
nothing new, changes nothing. Coordinators and analysts publish; the indicators app's services write.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.importing import ImportReport
from wellboard.hub.calculations.assessments import ChangeRow, Programme, programme_results
from wellboard.hub.models import Instrument
from wellboard.hub.policy import PUBLISH_OUTCOME_RESULTS
from wellboard.indicators.models import (
    Indicator,
    IndicatorKind,
    Method,
    ObservationStatus,
    Polarity,
    ValueType,
)
from wellboard.indicators.selectors import home_area
from wellboard.indicators.services import ObservationInput, indicator_create, observations_save
from wellboard.strategy.models import Initiative

SOURCE = "outcome assessments"
EXTERNAL_SOURCE = "outcomes"


@dataclass(frozen=True)
class PublishedMeasure:
    indicator: Indicator
    report: ImportReport


def _external_id(initiative: Initiative, instrument: str, measure: str, statistic: str) -> str:
    return f"i{initiative.pk}-{instrument}-{measure}-{statistic}"


def _indicator(
    *, by: Actor, initiative: Initiative, instrument: str, row: ChangeRow, statistic: str
) -> Indicator:
    external_id = _external_id(initiative, instrument, row.measure, statistic)
    found = Indicator.objects.filter(
        partnership_id=by.partnership_id, external_source=EXTERNAL_SOURCE, external_id=external_id
    ).first()
    if found is not None:
        return found
    what = row.label if instrument == Instrument.SWEMWBS else f"ONS4 {row.label.lower()}"
    threshold = f"{row.threshold:g} point{'s' if row.threshold != 1 else ''}"
    if statistic == "change":
        return indicator_create(
            by=by,
            name=f"{initiative.name}: mean change in {what}",
            kind=IndicatorKind.BETTER_OFF,
            value_type=ValueType.MEAN,
            method=Method.NONE,
            polarity=Polarity.HIGH_IS_GOOD if row.higher_is_better else Polarity.LOW_IS_GOOD,
            unit="points",
            definition=(
                f"Mean change (after minus before) in {what} of the participants assessed both before "
                "and after, with its 95% paired t confidence interval. The denominator is the number "
                "of participants with both assessments."
            ),
            source="Participants' outcome assessments",
            frequency="Annual",
            initiatives=[initiative],
            external_source=EXTERNAL_SOURCE,
            external_id=external_id,
        )
    direction = "rise" if row.higher_is_better else "fall"
    return indicator_create(
        by=by,
        name=f"{initiative.name}: participants whose {what} improved meaningfully",
        kind=IndicatorKind.BETTER_OFF,
        value_type=ValueType.PERCENTAGE,
        polarity=Polarity.HIGH_IS_GOOD,
        definition=(
            f"Percentage of the participants assessed both before and after whose {what} shows a "
            f"{direction} of at least {threshold} (the meaningful-change threshold), with its Wilson "
            "95% confidence interval."
        ),
        source="Participants' outcome assessments",
        frequency="Annual",
        initiatives=[initiative],
        external_source=EXTERNAL_SOURCE,
        external_id=external_id,
    )


@transaction.atomic
def assessment_results_publish(*, by: Actor, initiative: Initiative) -> list[PublishedMeasure]:
    """Write the initiative's paired results, year by year, as observations of its better-off
    measures (made if missing). Returns what was written or found unchanged for each measure."""
    PUBLISH_OUTCOME_RESULTS.require(by)
    if initiative.partnership_id != by.partnership_id:
        raise NotFound("initiative")
    area = home_area(actor=by)
    if area is None:
        raise InvalidInput(
            {
                "": [
                    "The partnership's home area is not loaded, so there is nowhere to put the figures: "
                    "set the partnership's area and load it, then publish again"
                ]
            }
        )
    programme = Programme(initiative=initiative)
    rows: dict[tuple[str, str, str], tuple[ChangeRow, list[ObservationInput]]] = {}
    today = clock.today()
    for period in programme_results(programme).periods_available:
        status = ObservationStatus.FINAL if period.end < today else ObservationStatus.PROVISIONAL
        results = programme_results(programme, period=period)
        for result in results.instruments:
            for row in result.changes:
                paired = row.paired.value or 0
                if paired == 0:
                    continue
                note = f"{paired} participant{'s' if paired != 1 else ''} with before and after scores"
                change_key = (result.instrument, row.measure, "change")
                rows.setdefault(change_key, (row, []))[1].append(
                    ObservationInput(
                        area_code=area.code,
                        period=period.code,
                        denominator=float(paired),
                        value=row.mean_change,
                        lower95=row.lower,
                        upper95=row.upper,
                        status=status,
                        note=note,
                    )
                )
                share_key = (result.instrument, row.measure, "improved")
                rows.setdefault(share_key, (row, []))[1].append(
                    ObservationInput(
                        area_code=area.code,
                        period=period.code,
                        count=float(row.improved.value or 0),
                        denominator=float(paired),
                        status=status,
                        note=f"Meaningful change: {row.threshold:g} points or more. {note}",
                    )
                )
    if not rows:
        raise InvalidInput({"": ["No participant has both a before and an after assessment yet"]})
    published = []
    for (instrument, _measure, statistic), (row, inputs) in rows.items():
        indicator = _indicator(
            by=by, initiative=initiative, instrument=instrument, row=row, statistic=statistic
        )
        report = observations_save(by=by, indicator=indicator, rows=inputs, source=SOURCE)
        published.append(PublishedMeasure(indicator=indicator, report=report))
    return published
