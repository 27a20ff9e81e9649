"""A programme's results under the partnership's disclosure control: counts suppressed or
rounded, and whatever is worked out from a suppressed count withheld with it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from wellboard.hub.calculations.assessments.results import Count, InstrumentResults, ProgrammeResults
from wellboard.publishing.disclosure import disclose_counts, disclose_table, rule_for


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
