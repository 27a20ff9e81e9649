"""A programme's true results: each participant's latest before and after answers, paired, and the
change worked out in ``wellboard.stats``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from wellboard import stats
from wellboard.core.periods import Period, period_containing
from wellboard.hub.calculations.assessments.results import (
    DEFAULT_THRESHOLDS,
    ITEM_LABELS,
    METRIC,
    METRIC_LABEL,
    BandRow,
    ChangeRow,
    Count,
    InstrumentResults,
    Programme,
    ProgrammeResults,
    _number,
)
from wellboard.hub.models import AssessmentStage, Instrument, OutcomeAssessment
from wellboard.stats.wellbeing import ONS4_ITEMS, ONS4_LOWER_IS_BETTER, SWEMWBS_ITEMS


@dataclass
class _Person:
    before: dict[str, int] | None = None
    after: dict[str, int] | None = None
    latest: dt.date | None = None


def _people(programme: Programme, instrument: str) -> dict[str, _Person]:
    people: dict[str, _Person] = defaultdict(_Person)
    rows = OutcomeAssessment.objects.filter(instrument=instrument, **programme.filter()).values_list(
        "client_key", "stage", "date", "answers"
    )
    for key, stage, day, answers in rows:
        person = people[key]
        if stage == AssessmentStage.BEFORE:
            person.before = answers
        else:
            person.after = answers
        person.latest = day if person.latest is None or day > person.latest else person.latest
    return people


def _in_period(people: dict[str, _Person], period: Period | None) -> list[_Person]:
    return [p for p in people.values() if period is None or (p.latest and period.contains(p.latest))]


def _scores(answers: list[dict[str, int]], items: tuple[str, ...]) -> np.ndarray:
    return np.array([[answers_row[i] for i in items] for answers_row in answers], dtype=float).reshape(
        len(answers), len(items)
    )


def _measures(instrument: str, answers: list[dict[str, int]]) -> np.ndarray:
    """One column per reported measure: the SWEMWBS metric score, or each ONS4 item."""
    if instrument == Instrument.SWEMWBS:
        raw = stats.swemwbs_raw_total(_scores(answers, SWEMWBS_ITEMS))
        return stats.swemwbs_metric(raw).reshape(len(answers), 1)
    return _scores(answers, ONS4_ITEMS)


def _measure_names(instrument: str) -> list[tuple[str, str, bool]]:
    if instrument == Instrument.SWEMWBS:
        return [(METRIC, METRIC_LABEL, True)]
    return [(item, ITEM_LABELS[item], item not in ONS4_LOWER_IS_BETTER) for item in ONS4_ITEMS]


def _mean(column: np.ndarray) -> float | None:
    return float(column.mean()) if column.size else None


def _instrument_results(instrument: str, people: list[_Person], threshold: float) -> InstrumentResults:
    before = [p.before for p in people if p.before is not None]
    after = [p.after for p in people if p.after is not None]
    pairs = [(p.before, p.after) for p in people if p.before is not None and p.after is not None]
    names = _measure_names(instrument)
    first = _measures(instrument, [b for b, _ in pairs])
    second = _measures(instrument, [a for _, a in pairs])
    change = stats.paired_change(
        first, second, threshold=threshold, higher_is_better=[better for _, _, better in names]
    )
    rows = []
    for column, (code, label, better) in enumerate(names):
        figures = change.row(column)
        rows.append(
            ChangeRow(
                measure=code,
                label=label,
                higher_is_better=better,
                paired=Count(len(pairs)),
                mean_before=_mean(first[:, column]),
                mean_after=_mean(second[:, column]),
                mean_change=_number(figures["mean"]),
                lower=_number(figures["lower"]),
                upper=_number(figures["upper"]),
                threshold=float(figures["threshold"]),
                improved=Count(int(figures["improved"])),
                share_improved=_number(figures["share_improved"]),
                share_lower=_number(figures["share_improved_lower"]),
                share_upper=_number(figures["share_improved_upper"]),
            )
        )
    bands: list[BandRow] = []
    if instrument == Instrument.ONS4:
        for item in ONS4_ITEMS:
            counts_before = stats.ons4_band_counts(item, [b[item] for b in before])
            counts_after = stats.ons4_band_counts(item, [a[item] for a in after])
            for index, (code, label, _low, _high) in enumerate(stats.ons4_bands(item)):
                bands.append(
                    BandRow(
                        item=item,
                        item_label=ITEM_LABELS[item],
                        band=code,
                        band_label=label,
                        before=Count(int(counts_before[index])),
                        after=Count(int(counts_after[index])),
                        before_share=100.0 * counts_before[index] / len(before) if before else None,
                        after_share=100.0 * counts_after[index] / len(after) if after else None,
                    )
                )
    return InstrumentResults(
        instrument=instrument,
        label=Instrument(instrument).label,
        before=Count(len(before)),
        after=Count(len(after)),
        paired=Count(len(pairs)),
        before_only=Count(len(before) - len(pairs)),
        after_only=Count(len(after) - len(pairs)),
        changes=tuple(rows),
        bands=tuple(bands),
    )


def periods_with_assessments(programme: Programme, kind: str = "financial_year") -> list[Period]:
    """The financial years in which the programme's participants were last assessed, oldest first."""
    found: set[Period] = set()
    for instrument in Instrument.values:
        for person in _people(programme, instrument).values():
            if person.latest is not None:
                found.add(period_containing(kind, person.latest))
    return sorted(found)


def programme_results(
    programme: Programme,
    *,
    period: Period | None = None,
    thresholds: dict[str, float] | None = None,
) -> ProgrammeResults:
    """The true results of ``programme`` (for ``period``, else all its assessments). Callers check
    who reads them first (``programme_for_results``) and disclose them to those who must not see
    small numbers (``results_for_reader``)."""
    chosen = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    instruments = []
    for instrument in Instrument.values:
        people = _in_period(_people(programme, instrument), period)
        if people:
            instruments.append(_instrument_results(instrument, people, chosen[instrument]))
    return ProgrammeResults(
        programme=programme,
        period=period,
        instruments=tuple(instruments),
        periods_available=tuple(periods_with_assessments(programme)),
    )
