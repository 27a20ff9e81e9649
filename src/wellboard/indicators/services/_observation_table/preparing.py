"""Preparing the table: every row checked, its missing figures computed and its report label
made, column by column, into the ``Prepared`` rows both ways of writing start from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from wellboard.core.importing import ImportReport
from wellboard.core.periods import Period, PeriodError, period_parse
from wellboard.indicators.calculations import FROM_TOTALS, WITH_LIMITS, observation_figures
from wellboard.indicators.models import Indicator, Method, ObservationStatus
from wellboard.indicators.services._observation_table.columns import (
    _DEFAULTS,
    _PUBLISHED_LIMITS,
    FIGURE_FIELDS,
    TEXT_LIMITS,
    tidy,
)
from wellboard.indicators.services._observation_table.columnwise import (
    _coded,
    _mapped,
    _numbers,
    _Problems,
    _row_numbers,
)


@dataclass
class Prepared:
    """The rows that passed, with the stored fields, in input order.

    ``table`` has the key (``KEY_FIELDS``), the ``COMPARED_FIELDS``, ``row`` (the input's row number
    or None), ``label`` (how the report names the row) and ``partnership_id``.
    """

    table: pd.DataFrame
    area_codes: dict[int, str]


def prepare(
    table: pd.DataFrame,
    *,
    indicators: Mapping[int, Indicator],
    area_ids: Mapping[str, int],
    source: str,
    report: ImportReport,
) -> Prepared:
    """Check every row of ``table`` (columns: ``indicator_id`` and ``INPUT_COLUMNS``) and compute
    the figures the source left out. Rejections go to ``report``; the rows that passed come back.

    ``area_ids`` holds the areas the actor may use, by code; ``indicators`` the indicators by id.
    """
    size = len(table)
    table = table.reset_index(drop=True)
    for name, default in _DEFAULTS.items():
        if name not in table:
            table[name] = default
    problems = _Problems(size)
    row_numbers = _row_numbers(table["row"])

    indicator_id = table["indicator_id"].to_numpy(dtype=np.int64)
    method = _mapped(indicator_id, lambda pk: indicators[pk].method)
    multiplier = _mapped(indicator_id, lambda pk: indicators[pk].multiplier, float)

    # Area (check 0)
    area = _coded(table["area_code"], lambda c: str(c).strip())
    code = area.expand()
    blank = code == ""
    problems.add(blank, 0, "area", "Enter the area code")
    area_id = area.each(lambda c: area_ids.get(c, -1), np.int64)
    unknown = ~blank & (area_id < 0)
    if unknown.any():
        problems.add(
            unknown,
            0,
            "area",
            {
                int(p): f"No area has the code '{code[p]}'; load the area first"
                for p in np.flatnonzero(unknown)
            },
        )

    # Period (check 1): parsed once per distinct text.
    period_codes, period_texts = pd.factorize(table["period"].to_numpy(dtype=object), use_na_sentinel=False)
    parsed_periods: list[Period | str] = []
    for text in period_texts:
        try:
            parsed_periods.append(period_parse(str(text)))
        except PeriodError as exc:
            parsed_periods.append(str(exc))
    failed = np.array([isinstance(p, str) for p in parsed_periods], dtype=bool)[period_codes]
    if failed.any():
        problems.add(
            failed,
            1,
            "period",
            {int(p): str(parsed_periods[period_codes[p]]) for p in np.flatnonzero(failed)},
        )

    def per_period(pick: Any) -> np.ndarray:
        values = np.array(
            [pick(p) if isinstance(p, Period) else None for p in parsed_periods] or [None], dtype=object
        )
        result: np.ndarray = values[period_codes] if len(parsed_periods) else np.empty(0, dtype=object)
        return result

    # Status (check 2)
    status = _coded(table["status"], str, ObservationStatus.FINAL).expand()
    problems.add(
        ~np.isin(status, np.array(ObservationStatus.values, dtype=object)),
        2,
        "status",
        "The status must be provisional or final",
    )

    # Numbers (checks 10-16)
    numbers = _numbers(table, problems)

    # Breakdown texts (checks 20-23)
    texts: dict[str, np.ndarray] = {}
    text_codes: dict[str, np.ndarray] = {}
    for check, (name, limit) in enumerate(TEXT_LIMITS.items()):
        coded = _coded(table[name], tidy, _DEFAULTS[name])
        texts[name], text_codes[name] = coded.expand(), coded.distinct_codes()
        lengths = coded.each(len, np.int64)
        problems.add(lengths > limit, 20 + check, name, f"This must be {limit} characters or fewer")

    # Counts and denominators (check 30): negative, or a percentage's count above its denominator.
    count, denominator = numbers["count"], numbers["denominator"]
    negative_count = count < 0
    negative_base = ~negative_count & (denominator < 0)
    too_many = ~negative_count & ~negative_base & (method == Method.WILSON) & (count > denominator)
    problems.add(negative_count, 30, "count", "The count must be zero or more")
    problems.add(negative_base, 30, "count", "The denominator must be zero or more")
    problems.add(too_many, 30, "count", "The count cannot be more than the denominator for a percentage")

    # Limits in order (checks 31, 32)
    for check, (low, high, level) in enumerate(
        (("lower95", "upper95", "95%"), ("lower998", "upper998", "99.8%"))
    ):
        problems.add(
            numbers[low] > numbers[high],
            31 + check,
            low,
            f"The lower {level} limit is above the upper {level} limit",
        )

    # A value that only age-specific data could give (check 33)
    has_totals = ~np.isnan(count) & ~np.isnan(denominator)
    from_totals = np.isin(method, np.array(sorted(FROM_TOTALS), dtype=object))
    needs_value = np.isnan(numbers["value"]) & has_totals & ~from_totals
    if needs_value.any():
        problems.add(
            needs_value,
            33,
            "value",
            {
                int(p): f"Give the value: {Method(method[p]).label} figures need age-specific data"
                for p in np.flatnonzero(needs_value)
            },
        )

    # The same figure twice (check 40), among rows that passed everything else.
    period_code = per_period(lambda p: p.code)
    keys = pd.DataFrame(
        {
            "indicator_id": indicator_id,
            "area_id": area_id,
            "period": pd.factorize(
                np.array([p.code if isinstance(p, Period) else "" for p in parsed_periods], dtype=object)
            )[0][period_codes]
            if parsed_periods
            else np.zeros(0, dtype=np.intp),
            **text_codes,
        }
    )
    good = ~problems.bad
    repeated = _duplicated_among(keys, good)
    if repeated.any():
        first_row = _first_row_of_key(keys, good, row_numbers)
        messages = {}
        for position in np.flatnonzero(repeated).tolist():
            where = f"row {first_row[position]}" if first_row.get(position) is not None else "another row"
            messages[position] = f"This figure repeats {where} (same area, period and breakdown)"
        problems.add(repeated, 40, "", messages)
    problems.report(report, row_numbers)

    keep = ~problems.bad
    starts = per_period(lambda p: p.start)
    ends = per_period(lambda p: p.end)
    out = pd.DataFrame(
        {
            "indicator_id": indicator_id,
            "area_id": area_id,
            "period": period_code,
            **{name: texts[name] for name in TEXT_LIMITS},
            "period_start": starts,
            "period_end": ends,
            **numbers,
            "status": status,
            "note": _coded(table["note"], lambda t: str(t).strip()).expand(),
            "source": np.full(size, source, dtype=object),
            **{
                name: _coded(table[name], lambda t, n=limit: tidy(t)[:n]).expand()
                for name, limit in _PUBLISHED_LIMITS.items()
            },
            "row": np.array(row_numbers, dtype=object),
            "area_code": code,
            "method": method,
            "multiplier": multiplier,
        }
    )[keep].reset_index(drop=True)
    _fill_figures(out)
    out["label"] = _labels(out)
    area_codes = dict(zip(out["area_id"].tolist(), out["area_code"].tolist(), strict=True))
    return Prepared(out.drop(columns=["area_code", "method", "multiplier"]), area_codes)


def _duplicated_among(keys: pd.DataFrame, good: np.ndarray) -> np.ndarray:
    """Rows whose key appeared before among the rows that passed."""
    mask = np.zeros(len(keys), dtype=bool)
    positions = np.flatnonzero(good)
    mask[positions] = keys.iloc[positions].duplicated(keep="first").to_numpy()
    return mask


def _first_row_of_key(
    keys: pd.DataFrame, good: np.ndarray, rows: Sequence[int | None]
) -> dict[int, int | None]:
    """For each repeated row (by position), the row number of the first row with its key."""
    positions = np.flatnonzero(good)
    first: dict[tuple[Any, ...], int | None] = {}
    result: dict[int, int | None] = {}
    for position, key in zip(
        positions.tolist(), keys.iloc[positions].itertuples(index=False, name=None), strict=True
    ):
        if key in first:
            result[position] = first[key]
        else:
            first[key] = rows[position]
    return result


def _fill_figures(table: pd.DataFrame) -> None:
    """Compute the value and limits the source left out, where a count and denominator allow,
    by each row's indicator method, a whole method and multiplier at a time.

    The 99.8% limits are computed on their own when the source gave 95% limits but not 99.8% ones,
    so a figure can be judged at both levels; published 95% limits are never replaced.
    """
    size = len(table)
    for flag in ("value_computed", "limits_computed", "limits998_computed"):
        table[flag] = np.zeros(size, dtype=bool)
    if not size:
        return
    method = table["method"].to_numpy(dtype=object)
    count = table["count"].to_numpy(dtype=float)
    denominator = table["denominator"].to_numpy(dtype=float)
    has_totals = (
        ~np.isnan(count)
        & ~np.isnan(denominator)
        & np.isin(method, np.array(sorted(FROM_TOTALS), dtype=object))
    )
    with_limits = np.isin(method, np.array(sorted(WITH_LIMITS), dtype=object))
    figures = {name: table[name].to_numpy(dtype=float).copy() for name in FIGURE_FIELDS}
    no_limits = np.isnan(figures["lower95"]) & np.isnan(figures["upper95"])
    no_limits &= np.isnan(figures["lower998"]) & np.isnan(figures["upper998"])
    no_998 = np.isnan(figures["lower998"]) & np.isnan(figures["upper998"])
    want_value = has_totals & np.isnan(figures["value"])
    want_all = has_totals & with_limits & no_limits
    want_998 = has_totals & with_limits & no_998 & ~no_limits
    wanting = want_value | want_all | want_998
    if not wanting.any():
        return
    computed = {name: np.full(size, np.nan) for name in FIGURE_FIELDS}
    groups = table.loc[wanting, ["method", "multiplier"]].drop_duplicates().itertuples(index=False, name=None)
    multiplier = table["multiplier"].to_numpy(dtype=float)
    for group_method, group_multiplier in groups:
        rows = np.flatnonzero(wanting & (method == group_method) & (multiplier == group_multiplier))
        found = observation_figures(
            method=group_method, multiplier=group_multiplier, count=count[rows], denominator=denominator[rows]
        )
        for name in FIGURE_FIELDS:
            computed[name][rows] = getattr(found, name)
    value_set = want_value & ~np.isnan(computed["value"])
    figures["value"][value_set] = computed["value"][value_set]
    for name in FIGURE_FIELDS[1:]:
        figures[name][want_all] = computed[name][want_all]
    for name in ("lower998", "upper998"):
        figures[name][want_998] = computed[name][want_998]
    any_95 = ~np.isnan(computed["lower95"]) | ~np.isnan(computed["upper95"])
    any_998 = ~np.isnan(computed["lower998"]) | ~np.isnan(computed["upper998"])
    for name in FIGURE_FIELDS:
        table[name] = figures[name]
    table["value_computed"] = value_set
    table["limits_computed"] = want_all & (any_95 | any_998)
    table["limits998_computed"] = (want_all | want_998) & any_998


def _labels(table: pd.DataFrame) -> list[str]:
    """How the report names each row: 'E07000243 2020 Persons All ages' (built once per distinct
    area, period and breakdown, which repeat across indicators)."""
    names = ["area_code", "period", "sex", "age", "category_type", "category"]
    if not len(table):
        return []
    combos = table[names]
    group = combos.groupby(names, sort=False, dropna=False).ngroup().to_numpy()
    _, first_rows, inverse = np.unique(group, return_index=True, return_inverse=True)
    labels = np.array(
        [
            " ".join(part for part in parts if part)
            for parts in combos.iloc[first_rows].itertuples(index=False, name=None)
        ],
        dtype=object,
    )
    result: list[str] = labels[inverse.reshape(-1)].tolist()
    return result
