"""What the indicators API sends: JSON shapes of indicators, their summaries and observations."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class NodeRefOut(Schema):
    strategy: str
    ref: str
    title: str


class IndicatorOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    value_type: str
    polarity: str
    unit: str
    multiplier: int
    method: str
    source: str
    frequency: str
    definition: str
    external_source: str
    external_id: str
    nodes: list[NodeRefOut]
    version: int


class FigureOut(Schema):
    area_code: str
    area_name: str
    period: str
    value: float | None
    lower95: float | None
    upper95: float | None
    lower998: float | None
    upper998: float | None
    count: float | None
    denominator: float | None
    suppressed: bool = False


class ComparisonOut(Schema):
    comparator: str
    name: str
    value: float | None
    significance: str
    significance998: str
    judged_by: str = Field(
        description=(
            "'wellboard' (tested with the figure's confidence interval), 'publisher' (the figure has "
            "none: the verdict its publisher published with it) or '' (not compared)"
        )
    )
    publisher: str = Field(description="Who published the verdict when judged_by is 'publisher'")


class RagOut(Schema):
    rag: str
    target: float | None
    thresholds: str


class TargetOut(Schema):
    area_code: str
    period: str
    value: float
    amber_tolerance: float


class IndicatorDetailOut(IndicatorOut):
    latest: FigureOut | None
    comparisons: list[ComparisonOut] = Field(
        description="Against each comparator; always empty for a performance measure"
    )
    trend: str | None = Field(description="The recent trend; null for a performance measure")
    trend_assessment: str | None = Field(
        description="Getting better or worse; null for a performance measure"
    )
    rag: RagOut
    targets: list[TargetOut]


class ObservationOut(Schema):
    area_code: str
    area_name: str
    period: str
    period_start: dt.date
    period_end: dt.date
    sex: str
    age: str
    category_type: str
    category: str
    count: float | None
    denominator: float | None
    value: float | None
    lower95: float | None
    upper95: float | None
    lower998: float | None
    upper998: float | None
    status: str
    note: str
    source: str
    value_computed: bool
    limits_computed: bool
    published_vs_england: str
    suppressed: bool = False


class ObservationPageOut(Schema):
    count: int
    limit: int
    offset: int
    results: list[ObservationOut]


class ComparatorOut(Schema):
    slug: str
    name: str
    kind: str
    is_default: bool
    area_codes: list[str]
