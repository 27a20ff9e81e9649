"""A programme's wellbeing results from its participants' before and after assessments.

Per instrument: how many participants were assessed before, after, and both (paired), and how many
only once; for the paired, the mean change with its 95% paired t interval and the share whose change
reaches the meaningful-change threshold (``wellboard.stats.wellbeing``). ONS4 is reported item by
item with the ONS threshold bands before and after, never summed; SWEMWBS as its metric score.

A participant belongs to the period in which their latest assessment on the instrument falls, so a
year's results are the people who finished (or were last seen) that year, with their starting scores.

Readers: coordinators and analysts, and the people who run the programme (a hub's workers, an
initiative's lead organisation). Only the latter see true small numbers; everyone else gets the
partnership's disclosure control (``disclosed``), the rule every figure leaving the programme meets.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from wellboard import stats
from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.core.periods import Period, period_containing
from wellboard.hub.models import AssessmentStage, Hub, Instrument, OutcomeAssessment
from wellboard.hub.policy import runs_initiative, sees_initiative_outcomes
from wellboard.hub.selectors import assigned_hub_ids, hub_get
from wellboard.partners.models import Partnership
from wellboard.publishing.disclosure import SUPPRESSED_MARKER, disclose_counts, disclose_table, rule_for
from wellboard.stats.wellbeing import (
    ONS4_ITEMS,
    ONS4_LOWER_IS_BETTER,
    ONS4_MAX,
    ONS4_MEANINGFUL_CHANGE,
    ONS4_MIN,
    SWEMWBS_ITEM_MAX,
    SWEMWBS_ITEM_MIN,
    SWEMWBS_ITEMS,
    SWEMWBS_MEANINGFUL_CHANGE,
)
from wellboard.strategy.models import Initiative

ITEMS: dict[str, tuple[str, ...]] = {Instrument.ONS4: ONS4_ITEMS, Instrument.SWEMWBS: SWEMWBS_ITEMS}
ITEM_RANGE: dict[str, tuple[int, int]] = {
    Instrument.ONS4: (ONS4_MIN, ONS4_MAX),
    Instrument.SWEMWBS: (SWEMWBS_ITEM_MIN, SWEMWBS_ITEM_MAX),
}
ITEM_LABELS: dict[str, str] = {
    "life_satisfaction": "Life satisfaction",
    "worthwhile": "Things done in life are worthwhile",
    "happiness": "Happiness yesterday",
    "anxiety": "Anxiety yesterday",
    "optimistic": "Feeling optimistic about the future",
    "useful": "Feeling useful",
    "relaxed": "Feeling relaxed",
    "problems": "Dealing with problems well",
    "thinking": "Thinking clearly",
    "close": "Feeling close to other people",
    "decide": "Able to make up my own mind about things",
}
DEFAULT_THRESHOLDS: dict[str, float] = {
    Instrument.ONS4: ONS4_MEANINGFUL_CHANGE,
    Instrument.SWEMWBS: SWEMWBS_MEANINGFUL_CHANGE,
}
METRIC = "metric"
METRIC_LABEL = "SWEMWBS metric score"


@dataclass(frozen=True)
class Programme:
    """What the assessments are of: a hub's own work or an initiative (exactly one)."""

    hub: Hub | None = None
    initiative: Initiative | None = None

    def __post_init__(self) -> None:
        if (self.hub is None) == (self.initiative is None):
            raise ValueError("A programme is a hub or an initiative")

    @property
    def name(self) -> str:
        return self.hub.name if self.hub is not None else str(self.initiative)

    @property
    def partnership_id(self) -> int:
        owner = self.hub if self.hub is not None else self.initiative
        if owner is None:
            raise ValueError("A programme is a hub or an initiative")
        return owner.partnership_id

    def filter(self) -> dict[str, Any]:
        return {"hub": self.hub} if self.hub is not None else {"initiative": self.initiative}


@dataclass(frozen=True)
class Count:
    """A count as it may be shown: the true one, or rounded or suppressed by disclosure control."""

    value: int | None
    suppressed: bool = False

    @property
    def text(self) -> str:
        return SUPPRESSED_MARKER if self.suppressed else f"{self.value:,}"

    @property
    def plain(self) -> int | str:
        return SUPPRESSED_MARKER if self.suppressed or self.value is None else self.value


@dataclass(frozen=True)
class ChangeRow:
    """The paired change of one measure: the SWEMWBS metric score, or one ONS4 item."""

    measure: str
    label: str
    higher_is_better: bool
    paired: Count
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    lower: float | None
    upper: float | None
    threshold: float
    improved: Count
    share_improved: float | None
    share_lower: float | None
    share_upper: float | None


@dataclass(frozen=True)
class BandRow:
    """How many participants' answers to one ONS4 item fall in one ONS band, before and after."""

    item: str
    item_label: str
    band: str
    band_label: str
    before: Count
    after: Count
    before_share: float | None
    after_share: float | None


@dataclass(frozen=True)
class InstrumentResults:
    instrument: str
    label: str
    before: Count
    after: Count
    paired: Count
    before_only: Count
    after_only: Count
    changes: tuple[ChangeRow, ...]
    bands: tuple[BandRow, ...] = ()


@dataclass(frozen=True)
class ProgrammeResults:
    programme: Programme
    period: Period | None
    instruments: tuple[InstrumentResults, ...]
    disclosed: bool = False
    disclosure_note: str = ""
    periods_available: tuple[Period, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.instruments

    def rows(self) -> list[dict[str, Any]]:
        """The results as flat rows (aggregates only), for CSV and JSON downloads."""
        out: list[dict[str, Any]] = []
        period = self.period.code if self.period is not None else "all"
        for result in self.instruments:
            for row in result.changes:
                out.append(
                    {
                        "period": period,
                        "instrument": result.instrument,
                        "measure": row.measure,
                        "band": "",
                        "participants_before": result.before.plain,
                        "participants_after": result.after.plain,
                        "paired": row.paired.plain,
                        "before_only": result.before_only.plain,
                        "after_only": result.after_only.plain,
                        "mean_before": _rounded(row.mean_before),
                        "mean_after": _rounded(row.mean_after),
                        "mean_change": _rounded(row.mean_change),
                        "change_lower95": _rounded(row.lower),
                        "change_upper95": _rounded(row.upper),
                        "meaningful_change": row.threshold,
                        "improved": row.improved.plain,
                        "improved_percent": _rounded(row.share_improved),
                        "improved_lower95": _rounded(row.share_lower),
                        "improved_upper95": _rounded(row.share_upper),
                        "band_before": "",
                        "band_after": "",
                    }
                )
            for band in result.bands:
                out.append(
                    {
                        "period": period,
                        "instrument": result.instrument,
                        "measure": band.item,
                        "band": band.band,
                        "band_before": band.before.plain,
                        "band_after": band.after.plain,
                    }
                )
        return out


def _rounded(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(value, places)


def _number(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)


# ---------------------------------------------------------------- who reads


def programme_for_results(
    *, actor: Actor, hub_slug: str = "", initiative: Initiative | None = None
) -> Programme:
    """The programme whose results ``actor`` may read; anyone else is told it does not exist."""
    if initiative is not None:
        if initiative.partnership_id != actor.partnership_id or not sees_initiative_outcomes(
            actor, initiative.lead_organisation_id
        ):
            raise NotFound("initiative")
        return Programme(initiative=initiative)
    return Programme(hub=hub_get(actor=actor, slug=hub_slug))


def runs_programme(actor: Actor, programme: Programme) -> bool:
    """Records the programme (and so sees its true figures): its hub's workers or lead organisation."""
    if actor.via_cli:
        return True
    if programme.hub is not None:
        return programme.hub.pk in assigned_hub_ids(actor=actor)
    initiative = programme.initiative
    return initiative is not None and runs_initiative(actor, initiative.lead_organisation_id)


# ---------------------------------------------------------------- figures


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


def results_for_reader(
    *, actor: Actor, programme: Programme, period: Period | None = None
) -> ProgrammeResults:
    """The results as ``actor`` may see them: true figures for the people who run the programme,
    the partnership's disclosure control for everyone else."""
    results = programme_results(programme, period=period)
    if runs_programme(actor, programme):
        return results
    code = Partnership.objects.filter(pk=programme.partnership_id).values_list("disclosure_rule", flat=True)
    return disclosed(results, rule=str(code.first() or ""))


# ---------------------------------------------------------------- disclosure


def _disclose(counts: list[Count], rule: str) -> list[Count]:
    shown = disclose_counts([c.value for c in counts], rule=rule)
    out = []
    for position in range(len(counts)):
        if bool(shown.suppressed[position]):
            out.append(Count(None, suppressed=True))
        else:
            value = shown.values[position]
            out.append(Count(None if np.isnan(value) else int(value)))
    return out


def _shown(values: np.ndarray, hidden: np.ndarray, position: tuple[int, ...]) -> Count:
    if bool(hidden[position]):
        return Count(None, suppressed=True)
    value = float(values[position])
    return Count(None if np.isnan(value) else int(value))


def _disclose_participants(result: InstrumentResults, rule: str) -> tuple[Count, Count, Count, Count, Count]:
    """Before, after, paired, before only and after only, as a table whose rows add up (paired and
    before only make before; paired and after only make after), so that under a rule with secondary
    suppression no hidden count can be worked out from the others."""
    paired = result.paired.value or 0
    cells = [[paired, result.before_only.value or 0], [paired, result.after_only.value or 0]]
    shown = disclose_table(cells, rule=rule)
    values, hidden = shown.cells.values, shown.cells.suppressed
    both = Count(None, True) if bool(hidden[0, 0] or hidden[1, 0]) else _shown(values, hidden, (0, 0))
    return (
        _shown(shown.row_totals.values, shown.row_totals.suppressed, (0,)),
        _shown(shown.row_totals.values, shown.row_totals.suppressed, (1,)),
        both,
        _shown(values, hidden, (0, 1)),
        _shown(values, hidden, (1, 1)),
    )


def _disclose_bands(counts: list[Count], rule: str) -> list[Count]:
    """Each ONS4 question's four band counts as one row adding up to everyone who answered it."""
    out: list[Count] = []
    for start in range(0, len(counts), 4):
        shown = disclose_table([[c.value or 0 for c in counts[start : start + 4]]], rule=rule)
        out.extend(
            _shown(shown.cells.values, shown.cells.suppressed, (0, column))
            for column in range(len(counts[start : start + 4]))
        )
    return out


def _hide(value: float | None, hidden: bool) -> float | None:
    return None if hidden else value


def disclosed(results: ProgrammeResults, *, rule: str) -> ProgrammeResults:
    """``results`` under disclosure control: counts suppressed or rounded; means, intervals and
    shares worked out from a suppressed count withheld with it."""
    instruments = []
    for result in results.instruments:
        before, after, paired, before_only, after_only = _disclose_participants(result, rule)
        improved = _disclose([row.improved for row in result.changes], rule)
        changes = []
        for row, shown in zip(result.changes, improved, strict=True):
            small = paired.suppressed
            changes.append(
                replace(
                    row,
                    paired=paired,
                    improved=Count(None, True) if small else shown,
                    mean_before=_hide(row.mean_before, small),
                    mean_after=_hide(row.mean_after, small),
                    mean_change=_hide(row.mean_change, small),
                    lower=_hide(row.lower, small),
                    upper=_hide(row.upper, small),
                    share_improved=_hide(row.share_improved, small or shown.suppressed),
                    share_lower=_hide(row.share_lower, small or shown.suppressed),
                    share_upper=_hide(row.share_upper, small or shown.suppressed),
                )
            )
        band_before = _disclose_bands([b.before for b in result.bands], rule)
        band_after = _disclose_bands([b.after for b in result.bands], rule)
        bands = [
            replace(
                band,
                before=shown_before,
                after=shown_after,
                before_share=_hide(band.before_share, shown_before.suppressed or before.suppressed),
                after_share=_hide(band.after_share, shown_after.suppressed or after.suppressed),
            )
            for band, shown_before, shown_after in zip(result.bands, band_before, band_after, strict=True)
        ]
        instruments.append(
            replace(
                result,
                before=before,
                after=after,
                paired=paired,
                before_only=before_only,
                after_only=after_only,
                changes=tuple(changes),
                bands=tuple(bands),
            )
        )
    return replace(
        results,
        instruments=tuple(instruments),
        disclosed=True,
        disclosure_note=rule_for(rule).description,
    )
