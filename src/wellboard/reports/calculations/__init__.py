"""Builders: each kind of report assembles one ``ReportDocument`` from the partnership's data.

``build_report`` is the one entry point: the draft's page, the command line and publishing all call
it, so a report reads the same wherever it is shown. Each kind is a module with ``build(inputs)``
(its sections) and ``NARRATIVES`` (the sections the coordinator writes for it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import ModuleType

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.cache import data_version
from wellboard.core.errors import InvalidInput
from wellboard.core.periods import Period, PeriodError, PeriodKind, period_containing, period_parse
from wellboard.partners.models import Partnership
from wellboard.reports.calculations import annual, quarterly, recommendations, stocktake
from wellboard.reports.calculations.common import ReportInputs
from wellboard.reports.document import Notice, ReportDocument, Section
from wellboard.reports.models import ReportKind
from wellboard.strategy.models import Strategy

BUILDERS: dict[str, ModuleType] = {
    ReportKind.QUARTERLY: quarterly,
    ReportKind.ANNUAL: annual,
    ReportKind.RECOMMENDATIONS: recommendations,
    ReportKind.STOCKTAKE: stocktake,
}

# The kind of period each report covers: the quarterly report a financial quarter, the others a
# financial year.
PERIOD_KINDS: dict[str, PeriodKind] = {
    ReportKind.QUARTERLY: PeriodKind.QUARTER,
    ReportKind.ANNUAL: PeriodKind.FINANCIAL_YEAR,
    ReportKind.RECOMMENDATIONS: PeriodKind.FINANCIAL_YEAR,
    ReportKind.STOCKTAKE: PeriodKind.FINANCIAL_YEAR,
}
PERIOD_EXAMPLES = {PeriodKind.QUARTER: "2024/25 Q3", PeriodKind.FINANCIAL_YEAR: "2024/25"}


def kind_check(kind: str) -> str:
    if kind not in BUILDERS:
        raise InvalidInput(
            {"kind": [f"'{kind}' is not a kind of report: choose one of {', '.join(BUILDERS)}"]}
        )
    return kind


def narratives_for(kind: str) -> tuple[str, ...]:
    """The narrative sections a coordinator writes for this kind of report."""
    return tuple(BUILDERS[kind_check(kind)].NARRATIVES)


def latest_complete_period(kind: str, today: dt.date) -> Period:
    """The latest quarter or financial year that has ended by ``today``."""
    current = period_containing(PERIOD_KINDS[kind_check(kind)], today)
    return current.previous()


def report_period(kind: str, text: str, *, today: dt.date | None = None) -> Period:
    """The period a report of ``kind`` covers, read from a label such as '2024/25 Q3' or '2024/25';
    blank means the latest complete one."""
    wanted = PERIOD_KINDS[kind_check(kind)]
    text = (text or "").strip()
    today = today or clock.today()
    if not text:
        return latest_complete_period(kind, today)
    example = PERIOD_EXAMPLES[wanted]
    try:
        period = period_parse(text)
    except PeriodError:
        period = None
    if period is None or period.kind != wanted:
        what = "a financial quarter" if wanted == PeriodKind.QUARTER else "a financial year"
        raise InvalidInput({"period": [f"'{text}' is not {what}: write it like {example}"]})
    if period.start > today:
        raise InvalidInput({"period": [f"{period.label} has not started yet"]})
    return period


def build_report(
    *,
    actor: Actor,
    partnership: Partnership,
    strategy: Strategy,
    kind: str,
    period: Period,
    narratives: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> ReportDocument:
    """The report as the data stands now, with true figures (disclosure control is applied when an
    edition is published)."""
    builder = BUILDERS[kind_check(kind)]
    inputs = ReportInputs(
        actor=actor,
        partnership=partnership,
        strategy=strategy,
        period=period,
        today=today or clock.today(),
        narratives=dict(narratives or {}),
    )
    version = data_version(partnership.pk)
    sections: tuple[Section, ...]
    if period.start > inputs.today:
        raise InvalidInput({"period": [f"{period.label} has not started yet"]})
    if period.end < strategy.start_date or period.start > strategy.end_date:
        notice = Notice(
            f"{period.label} is outside the strategy, which runs from "
            f"{strategy.start_date:%-d %B %Y} to {strategy.end_date:%-d %B %Y}: "
            "figures for the period are shown where there are any."
        )
        sections = (
            Section(title="About this report", anchor="about", blocks=(notice,)),
            *builder.build(inputs),
        )
    else:
        sections = builder.build(inputs)
    return ReportDocument(
        kind=kind,
        title=f"{ReportKind(kind).label}, {period.label}",
        subtitle=strategy.title,
        partnership=partnership.name,
        strategy=strategy.title,
        period_label=period.label,
        generated_at=clock.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        data_version=version,
        sections=sections,
    )


__all__ = [
    "BUILDERS",
    "PERIOD_KINDS",
    "ReportInputs",
    "build_report",
    "kind_check",
    "latest_complete_period",
    "narratives_for",
    "report_period",
]
