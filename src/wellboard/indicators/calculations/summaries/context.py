"""What every page summary needs: which area a figure is about, the comparators' values, slicing a
frame by indicator, and plain records of figures for templates and charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from wellboard.core.access import Actor
from wellboard.geography.models import Area, AreaType
from wellboard.indicators.calculations.figures import combine
from wellboard.indicators.calculations.judgements import (
    JUDGED_BY_PUBLISHER,
    JUDGED_BY_WELLBOARD,
    NOT_COMPARED,
    published_significance,
    significance,
)
from wellboard.indicators.models import ComparatorKind, Indicator, ValueType
from wellboard.indicators.selectors import (
    ENGLAND_CODE,
    ObservationFrame,
    TargetRow,
    area_get,
    area_with_ancestors,
    comparable_areas,
    comparator_list,
    home_area,
    observation_frame,
    require_reader,
    target_rows,
)

BreakdownKey = tuple[str, str, str, str, str]  # period code, sex, age, category type, category


# Which of a figure's published verdicts (``Observation.published_vs_england`` or
# ``published_vs_region``) judges it against a comparator: Fingertips compares each area with
# England and with the region it lies in.
PUBLISHED_VS_ENGLAND = "published_vs_england"
PUBLISHED_VS_REGION = "published_vs_region"


@dataclass(frozen=True)
class ComparatorSpec:
    """A comparator as the calculations use it: its areas by id."""

    slug: str
    name: str
    kind: str
    area_ids: tuple[int, ...]
    is_default: bool
    # PUBLISHED_VS_ENGLAND for England, PUBLISHED_VS_REGION for a region (for the areas inside it
    # only), '' for any other comparator: no publisher compares with it.
    published_as: str = ""


def _published_as(kind: str, areas: Sequence[Area]) -> str:
    if kind != ComparatorKind.AREA or len(areas) != 1:
        return ""
    if areas[0].code == ENGLAND_CODE:
        return PUBLISHED_VS_ENGLAND
    return PUBLISHED_VS_REGION if areas[0].type == AreaType.REGION else ""


def comparator_specs(actor: Actor) -> list[ComparatorSpec]:
    """The partnership's comparators, the default first. With none set, England (if loaded)."""
    specs = []
    for c in comparator_list(actor=actor):
        areas = list(c.areas.all())
        specs.append(
            ComparatorSpec(
                c.slug,
                c.name,
                c.kind,
                tuple(a.pk for a in areas),
                c.is_default,
                _published_as(c.kind, areas),
            )
        )
    if not specs:
        england = area_get(actor=actor, code=ENGLAND_CODE)
        if england is not None:
            specs.append(
                ComparatorSpec(
                    "england", "England", ComparatorKind.AREA, (england.pk,), True, PUBLISHED_VS_ENGLAND
                )
            )
    return specs


class SummaryContext:
    """What every summary of one request needs, read once and shared: the partnership's place,
    the areas each figure may come from, the comparators and the areas compared.

    A page builds one (``summary_context``) and passes it to every summary it shows, so a page of
    several charts reads the place, its ancestors and the comparators once, not once per chart.
    """

    def __init__(self, actor: Actor) -> None:
        require_reader(actor)
        self.actor = actor
        self._candidates: dict[int | None, list[Area]] = {}
        self._comparable: dict[tuple[int, int | None], list[Area]] = {}
        self._within: dict[int, list[Area]] = {}
        self._frames: dict[tuple[tuple[int, ...], tuple[int, ...], bool], ObservationFrame] = {}
        self._targets: dict[tuple[int, ...], list[TargetRow]] = {}

    @cached_property
    def place(self) -> Area | None:
        """The partnership's own place, if its area is loaded."""
        return home_area(actor=self.actor)

    @cached_property
    def specs(self) -> list[ComparatorSpec]:
        return comparator_specs(self.actor)

    @cached_property
    def default_comparator(self) -> ComparatorSpec | None:
        return self.specs[0] if self.specs else None

    def candidates(self, area: Area | None) -> list[Area]:
        """Where to look for an indicator's figures, nearest first: the area asked for (or the
        partnership's place) and the areas it lies in; England when there is neither."""
        start = area if area is not None else self.place
        if start is None:
            if None not in self._candidates:
                self._candidates[None] = candidate_areas(self.actor, None, place=None)
            return self._candidates[None]
        return [start, *self.ancestors(start)]

    def ancestors(self, area: Area) -> list[Area]:
        """The areas ``area`` lies in, nearest first."""
        if area.pk not in self._within:
            self._within[area.pk] = area_with_ancestors(area)[1:]
        return self._within[area.pk]

    def frame(
        self, *, indicator_ids: Iterable[int], area_ids: Iterable[int], uncategorised: bool = False
    ) -> ObservationFrame:
        """Observations read once per request for the same indicators and areas (the indicator
        page's summary, series and areas compared read the same rows)."""
        key = (tuple(sorted(set(indicator_ids))), tuple(sorted(set(area_ids))), uncategorised)
        if key not in self._frames:
            self._frames[key] = observation_frame(
                actor=self.actor, indicator_ids=key[0], area_ids=key[1], uncategorised=uncategorised
            )
        return self._frames[key]

    def targets(self, indicator_ids: Iterable[int]) -> list[TargetRow]:
        key = tuple(sorted(set(indicator_ids)))
        if key not in self._targets:
            self._targets[key] = target_rows(actor=self.actor, indicator_ids=list(key))
        return self._targets[key]

    def published_column(self, spec: ComparatorSpec, area: Area) -> str:
        """The name of the figure's field that holds its publisher's verdict against ``spec`` for a
        figure about ``area`` ('' when no publisher compares with it): England's for every area, a
        region's only for the areas inside that region."""
        if spec.published_as == PUBLISHED_VS_REGION:
            inside = any(a.pk == spec.area_ids[0] for a in self.ancestors(area))
            return PUBLISHED_VS_REGION if inside else ""
        return spec.published_as

    def comparable(self, area: Area, within: Area | None = None) -> list[Area]:
        key = (area.pk, within.pk if within is not None else None)
        if key not in self._comparable:
            self._comparable[key] = comparable_areas(area=area, within=within)
        return self._comparable[key]


def summary_context(*, actor: Actor) -> SummaryContext:
    """A fresh context for one request (checks the actor may read the partnership's indicators)."""
    return SummaryContext(actor)


def pick_comparator(specs: Sequence[ComparatorSpec], slug: str | None) -> ComparatorSpec | None:
    if slug:
        return next((s for s in specs if s.slug == slug), None)
    return specs[0] if specs else None


def candidate_areas(actor: Actor, area: Area | None, *, place: Area | None = None) -> list[Area]:
    """Where to look for an indicator's figures, nearest first: the area asked for (or the
    partnership's place) and the areas it lies in. Falls back to England."""
    start = area if area is not None else (place if place is not None else home_area(actor=actor))
    if start is not None:
        return area_with_ancestors(start)
    england = area_get(actor=actor, code=ENGLAND_CODE)
    return [england] if england is not None else []


def decimals_for(indicator: Indicator) -> int:
    return 0 if indicator.value_type == ValueType.COUNT else 1


def by_indicator(frame: ObservationFrame) -> Iterator[tuple[int, ObservationFrame]]:
    """The frame split by indicator (the frame is ordered by indicator)."""
    ids = frame.indicator_id
    if not len(frame):
        return
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    ends = np.r_[starts[1:], len(frame)]
    for start, end in zip(starts, ends, strict=True):
        yield int(sorted_ids[start]), frame.take(order[start:end])


def keys_of(frame: ObservationFrame, rows: NDArray[np.intp] | None = None) -> list[BreakdownKey]:
    """(period, sex, age, category type, category) of each row (or of the rows given)."""
    picked = range(len(frame)) if rows is None else rows.tolist()
    return [
        (frame.period[i], frame.sex[i], frame.age[i], frame.category_type[i], frame.category[i])
        for i in picked
    ]


def benchmark_values(
    frame: ObservationFrame, spec: ComparatorSpec, indicator: Indicator
) -> dict[BreakdownKey, float]:
    """The comparator's value for each period and breakdown in ``frame`` (one indicator's rows).

    An area comparator's value is its own figure. A group's is combined from its areas' counts and
    denominators by the indicator's method, only where every area of the group has them.
    """
    mine = np.isin(frame.area_id, np.array(spec.area_ids, dtype=np.int64))
    if not mine.any():
        return {}
    rows = np.flatnonzero(mine)
    keys = keys_of(frame, rows)
    if spec.kind != ComparatorKind.GROUP:
        return {
            key: float(frame.value[i])
            for key, i in zip(keys, rows, strict=True)
            if not np.isnan(frame.value[i])
        }
    try:
        combined = combine(
            keys=keys,
            method=indicator.method,
            multiplier=indicator.multiplier,
            count=frame.count[rows],
            denominator=frame.denominator[rows],
        )
    except ValueError:
        return {}
    members = dict.fromkeys(keys, 0)
    for key in keys:
        members[key] += 1
    if combined.keys is None:
        raise RuntimeError("combining figures by key gave figures without their keys")
    result: dict[BreakdownKey, float] = {}
    for combined_key, value in zip(combined.keys, combined.value, strict=True):
        typed = cast(BreakdownKey, combined_key)
        if members[typed] == len(spec.area_ids) and not np.isnan(value):
            result[typed] = float(value)
    return result


def judge(lower: float | None, upper: float | None, benchmark: float | None, polarity: str) -> str:
    """Significance of one figure against one benchmark value."""
    if lower is None or upper is None or benchmark is None:
        return NOT_COMPARED
    return str(significance(lower=[lower], upper=[upper], benchmark=benchmark, polarity=polarity)[0])


def publisher_name(source: str) -> str:
    """Who published a figure, as a page names them: 'Fingertips' for any Fingertips source."""
    text = source.strip()
    if "fingertips" in text.lower():
        return "Fingertips"
    return text or "its publisher"


@dataclass(frozen=True)
class Verdict:
    """How a figure compares with a comparator, and who judged it: Wellboard, by testing the
    figure's confidence interval (JUDGED_BY_WELLBOARD), or, when the figure has none, the publisher
    whose verdict came with it (JUDGED_BY_PUBLISHER, named in ``publisher``); '' when neither did."""

    significance: str
    judged_by: str = ""
    publisher: str = ""


def verdict(*, ours: str, figure: Figure, benchmark: float | None, polarity: str, published: str) -> Verdict:
    """Wellboard's own verdict ``ours`` when it could make one; otherwise the publisher's verdict
    ``published`` (as Fingertips words it) in Wellboard's words, if it published one that applies."""
    if ours != NOT_COMPARED:
        return Verdict(ours, JUDGED_BY_WELLBOARD)
    theirs = published_significance(published, polarity=polarity, value=figure.value, benchmark=benchmark)
    if theirs == NOT_COMPARED:
        return Verdict(NOT_COMPARED)
    return Verdict(theirs, JUDGED_BY_PUBLISHER, publisher_name(figure.source))


def judge_figure(figure: Figure, benchmark: float | None, polarity: str, published: str = "") -> Verdict:
    """A figure against one benchmark value at 95%: by its confidence interval, or as published."""
    ours = judge(figure.lower95, figure.upper95, benchmark, polarity)
    return verdict(ours=ours, figure=figure, benchmark=benchmark, polarity=polarity, published=published)


def number(value: Any) -> float | None:
    result = float(value)
    return None if np.isnan(result) else result


@dataclass(frozen=True)
class Figure:
    """One observation, as plain values."""

    area_code: str
    area_name: str
    period: str
    period_start: dt.date
    sex: str
    age: str
    category_type: str
    category: str
    value: float | None
    lower95: float | None
    upper95: float | None
    lower998: float | None
    upper998: float | None
    count: float | None
    denominator: float | None
    status: str
    note: str
    published_vs_england: str
    published_vs_region: str
    source: str

    @property
    def key(self) -> BreakdownKey:
        return (self.period, self.sex, self.age, self.category_type, self.category)

    @classmethod
    def of(cls, frame: ObservationFrame, index: int) -> Figure:
        record = frame.record(index)
        return cls(**{name: record[name] for name in cls.__dataclass_fields__})


def periods_of(frame: ObservationFrame) -> tuple[str, ...]:
    """The periods with a value in ``frame``, newest first (for a period choice)."""
    valued = frame.take(~np.isnan(frame.value))
    starts: dict[str, np.datetime64] = {}
    for period, start in zip(valued.period.tolist(), valued.period_start.tolist(), strict=True):
        starts.setdefault(str(period), start)
    return tuple(sorted(starts, key=lambda p: (starts[p], p), reverse=True))


def focus_area(frame: ObservationFrame, candidates: Sequence[Area]) -> Area | None:
    """The first candidate area with a headline value in ``frame``."""
    headline = frame.headline() & ~np.isnan(frame.value)
    present = set(frame.area_id[headline].tolist())
    return next((a for a in candidates if a.pk in present), None)
