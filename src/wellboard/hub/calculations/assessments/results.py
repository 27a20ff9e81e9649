"""What a programme's wellbeing results are made of: the programme, its counts, and one row per
measure and per ONS4 band; with the instruments' items and thresholds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wellboard.core.periods import Period
from wellboard.hub.models import Hub, Instrument
from wellboard.publishing.disclosure import SUPPRESSED_MARKER
from wellboard.stats.wellbeing import (
    ONS4_ITEMS,
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
