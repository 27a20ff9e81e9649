"""Thin pandas wrappers for analysts: data frame in, data frame out.

Each wrapper groups by one or more columns (``by=``), calls the array-based estimator once
per confidence level, and returns one row per group with the group columns, the counts
after grouping, ``value`` and ``lowerXX_Xcl`` / ``upperXX_Xcl`` columns named as
PHEindicatormethods names them (``lower95_0cl``, ``upper99_8cl``, ...). Without ``by``,
proportions and rates are calculated row by row (the input columns are kept), and the
pooled methods (DSR, ISR, SMR, mean, life expectancy) give a single row.

This is the only module of ``wellboard.stats`` that imports pandas.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from wellboard.stats._poisson import SmallCounts
from wellboard.stats.dsr import dsr
from wellboard.stats.esp2013 import ESP2013
from wellboard.stats.estimate import Estimate
from wellboard.stats.isr import isr, smr
from wellboard.stats.life_expectancy import AtAge, life_expectancy
from wellboard.stats.means import mean
from wellboard.stats.proportions import proportion
from wellboard.stats.rates import rate

Confidence = float | Sequence[float]
By = str | Sequence[str] | None
DEFAULT_CONFIDENCE = (0.95, 0.998)


def limit_column(side: str, confidence: float) -> str:
    """PHEindicatormethods' column name for a limit: ``limit_column("lower", 0.95)`` -> "lower95_0cl"."""
    return f"{side}{confidence * 100:.1f}".replace(".", "_") + "cl"


def _levels(confidence: Confidence) -> tuple[float, ...]:
    levels = (confidence,) if isinstance(confidence, int | float) else tuple(confidence)
    if not levels:
        raise ValueError("give at least one confidence level")
    return tuple(float(level) for level in levels)


def _grouping(df: pd.DataFrame, by: By) -> tuple[NDArray[np.intp] | None, pd.DataFrame | None]:
    if by is None:
        return None, None
    columns = [by] if isinstance(by, str) else list(by)
    if not columns:
        return None, None
    grouped = df.groupby(columns, sort=True, dropna=False)
    codes: NDArray[np.intp] = np.asarray(grouped.ngroup().to_numpy(), dtype=np.intp)
    keys = grouped.size().reset_index()[columns]
    return codes, keys


def _assemble(
    estimates: dict[float, Estimate],
    keys: pd.DataFrame | None,
    *,
    base: pd.DataFrame | None = None,
    count_name: str | None = None,
    denominator_name: str | None = None,
) -> pd.DataFrame:
    first = next(iter(estimates.values()))
    columns: dict[str, Any] = {}
    if first.age is not None:
        columns["start_age"] = first.age
    if count_name is not None and first.count is not None:
        columns[count_name] = first.count
    if denominator_name is not None and first.denominator is not None:
        columns[denominator_name] = first.denominator
    columns["value"] = first.value
    for level, estimate in estimates.items():
        columns[limit_column("lower", level)] = estimate.lower
        columns[limit_column("upper", level)] = estimate.upper
    result = pd.DataFrame(columns)
    if keys is not None and first.groups is not None:
        key_rows = keys.iloc[np.asarray(first.groups, dtype=np.intp)].reset_index(drop=True)
        return pd.concat([key_rows, result], axis=1)
    if base is not None:
        return pd.concat(
            [
                base.reset_index(drop=True),
                result.drop(columns=[count_name, denominator_name], errors="ignore"),
            ],
            axis=1,
        )
    return result


def _run(
    estimator: Callable[..., Estimate],
    df: pd.DataFrame,
    by: By,
    confidence: Confidence,
    arrays: Sequence[Any],
    **options: Any,
) -> tuple[dict[float, Estimate], pd.DataFrame | None]:
    codes, keys = _grouping(df, by)
    estimates = {
        level: estimator(*arrays, groups=codes, confidence=level, **options) for level in _levels(confidence)
    }
    return estimates, keys


def proportion_frame(
    df: pd.DataFrame,
    numerator: str = "numerator",
    denominator: str = "denominator",
    *,
    by: By = None,
    confidence: Confidence = DEFAULT_CONFIDENCE,
    multiplier: float = 100,
) -> pd.DataFrame:
    """Wilson proportions per group (or per row without ``by``); see :func:`proportion`."""
    arrays = (df[numerator].to_numpy(dtype=float), df[denominator].to_numpy(dtype=float))
    estimates, keys = _run(proportion, df, by, confidence, arrays, multiplier=multiplier)
    return _assemble(
        estimates, keys, base=df if keys is None else None, count_name=numerator, denominator_name=denominator
    )


def rate_frame(
    df: pd.DataFrame,
    count: str = "count",
    denominator: str = "denominator",
    *,
    by: By = None,
    confidence: Confidence = DEFAULT_CONFIDENCE,
    multiplier: float = 100_000,
    small_counts: SmallCounts = "exact",
) -> pd.DataFrame:
    """Crude rates per group (or per row without ``by``); see :func:`rate`."""
    arrays = (df[count].to_numpy(dtype=float), df[denominator].to_numpy(dtype=float))
    estimates, keys = _run(rate, df, by, confidence, arrays, multiplier=multiplier, small_counts=small_counts)
    return _assemble(
        estimates, keys, base=df if keys is None else None, count_name=count, denominator_name=denominator
    )


def _standard_population(
    df: pd.DataFrame, by: By, standard_population: str | Sequence[float] | NDArray[np.float64]
) -> NDArray[np.float64]:
    if isinstance(standard_population, str):
        return df[standard_population].to_numpy(dtype=float)
    bands = np.asarray(standard_population, dtype=float)
    codes, _ = _grouping(df, by)
    if codes is None:
        codes = np.zeros(len(df), dtype=np.intp)
    # Position of each row within its group, in the frame's row order.
    order = np.argsort(codes, kind="stable")
    per_group = np.bincount(codes)
    starts = np.cumsum(per_group) - per_group
    position = np.empty(len(df), dtype=np.intp)
    position[order] = np.arange(len(df)) - np.repeat(starts, per_group)
    if np.any(per_group != bands.shape[0]):
        raise ValueError(
            f"every group needs exactly {bands.shape[0]} rows (one per standard population band)"
        )
    return bands[position]


def dsr_frame(
    df: pd.DataFrame,
    count: str = "count",
    population: str = "population",
    *,
    standard_population: str | Sequence[float] | None = None,
    by: By = None,
    confidence: Confidence = DEFAULT_CONFIDENCE,
    multiplier: float = 100_000,
) -> pd.DataFrame:
    """Directly standardised rates per group; see :func:`dsr`.

    ``standard_population`` is a column name, or a sequence matched to each group's rows in
    their order (default ``None``: the 19-band ESP 2013, youngest first).
    """
    std = _standard_population(df, by, ESP2013 if standard_population is None else standard_population)
    arrays = (df[count].to_numpy(dtype=float), df[population].to_numpy(dtype=float), std)
    estimates, keys = _run(dsr, df, by, confidence, arrays, multiplier=multiplier)
    return _assemble(estimates, keys, count_name="total_count", denominator_name="total_pop")


def isr_frame(
    df: pd.DataFrame,
    observed: str,
    population: str,
    reference_count: str,
    reference_population: str,
    *,
    by: By = None,
    confidence: Confidence = DEFAULT_CONFIDENCE,
    multiplier: float = 100_000,
    ratio: bool = False,
) -> pd.DataFrame:
    """Indirectly standardised rates (or ratios with ``ratio=True``, ``multiplier`` then
    being the reference value) per group; see :func:`isr` and :func:`smr`."""
    arrays = tuple(
        df[column].to_numpy(dtype=float)
        for column in (observed, population, reference_count, reference_population)
    )
    if ratio:
        estimates, keys = _run(smr, df, by, confidence, arrays, refvalue=multiplier)
    else:
        estimates, keys = _run(isr, df, by, confidence, arrays, multiplier=multiplier)
    return _assemble(estimates, keys, count_name="observed", denominator_name="expected")


def mean_frame(
    df: pd.DataFrame, values: str, *, by: By = None, confidence: Confidence = DEFAULT_CONFIDENCE
) -> pd.DataFrame:
    """Means with Student's t limits per group; see :func:`mean`."""
    estimates, keys = _run(mean, df, by, confidence, (df[values].to_numpy(dtype=float),))
    return _assemble(estimates, keys, count_name="value_count")


def life_expectancy_frame(
    df: pd.DataFrame,
    deaths: str = "deaths",
    population: str = "population",
    start_age: str = "start_age",
    *,
    by: By = None,
    confidence: Confidence = DEFAULT_CONFIDENCE,
    at_age: AtAge = 0,
) -> pd.DataFrame:
    """Life expectancy per group (and per start age with ``at_age``); see :func:`life_expectancy`."""
    arrays = tuple(df[column].to_numpy(dtype=float) for column in (deaths, population, start_age))
    estimates, keys = _run(life_expectancy, df, by, confidence, arrays, at_age=at_age)
    return _assemble(estimates, keys, count_name="total_deaths", denominator_name="total_pop")
