"""Benchmark wellboard.stats: against PHStatsMethods, and with integer keys, real area codes and
a plain numpy pass.

Part 1 times grouped proportions and crude rates on 1,000,000 rows in 100,000 groups, and
DSRs on 100,000 groups of 19 ESP 2013 bands (1,900,000 rows), with integer group keys, and
prints seconds and the speed ratio against PHStatsMethods (DHSC's Python port of
PHEindicatormethods). Budget (DESIGN.md): under 1 s per method on 2 cores; targets at least
300x PHStatsMethods for proportions and DSRs and 150x for rates.

Part 2 takes every LSOA 2021 code in England (33,755, from the shared reference data) and
times proportion, rate, mean, DSR, ISR, SMR and life expectancy on the same rows with the
keys as integer codes, as area codes factorised once, and as raw area codes, beside a plain
numpy pass that does the same arithmetic. It prints each time and the ratios; targets: area
codes within 1.5x of integer keys, each method within 1.5x of the plain pass. These timings
are CPU time of this process, taken in turns, so a busy machine does not skew the ratios.

PHStatsMethods is GPL-3 and only a benchmark dependency: install it with
``.venv/bin/pip install -r requirements-bench.txt``. It is imported inside a function and
its absence only drops the comparison columns. By default it runs at full size (about a
minute in all); ``--sample 0.1`` times it on a tenth of the groups and scales the time
linearly by rows, which the output then says.

Usage: ``.venv/bin/python bench/stats.py [--sample FRACTION] [--repeats N] [--key-repeats N]``
"""

from __future__ import annotations

import argparse
import csv
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

import stats_plain_numpy as plain  # bench/ is on the path when this script runs
from wellboard.stats import ESP2013, dsr, isr, life_expectancy, mean, proportion, rate, smr
from wellboard.stats import factorise as stats_factorise

ROWS = 1_000_000
GROUPS = 100_000
BANDS = 19


@dataclass(frozen=True)
class Case:
    """One benchmark: arrays for Wellboard plus the same data as columns for PHStatsMethods."""

    name: str
    rows: int
    groups: int
    columns: dict[str, np.ndarray]
    wellboard: Callable[[dict[str, np.ndarray]], Any]
    phstatsmethods: Callable[[Any, Any], Any]  # (module, DataFrame) -> result


def _cases(seed: int) -> list[Case]:
    rng = np.random.default_rng(seed)
    keys = rng.permutation(np.repeat(np.arange(GROUPS), ROWS // GROUPS))
    denominators = rng.integers(500, 5_000, ROWS).astype(np.float64)
    numerators = rng.binomial(denominators.astype(np.int64), 0.1).astype(np.float64)
    events = rng.poisson(2.0, ROWS).astype(np.float64)  # about 20 per group: some below 10 (exact limits)
    band_keys = np.repeat(np.arange(GROUPS), BANDS)
    band_pops = rng.integers(200, 5_000, GROUPS * BANDS).astype(np.float64)
    band_events = rng.poisson(3.0, GROUPS * BANDS).astype(np.float64)
    return [
        Case(
            "proportion (Wilson)",
            ROWS,
            GROUPS,
            {"g": keys, "n": numerators, "d": denominators},
            lambda c: proportion(c["n"], c["d"], groups=c["g"]),
            lambda phs, df: phs.ph_proportion(df, "n", "d", group_cols="g", multiplier=100),
        ),
        Case(
            "rate (Byar's/exact)",
            ROWS,
            GROUPS,
            {"g": keys, "n": events, "d": denominators},
            lambda c: rate(c["n"], c["d"], groups=c["g"]),
            lambda phs, df: phs.ph_rate(df, "n", "d", group_cols="g"),
        ),
        Case(
            "DSR (Dobson, 19 bands)",
            GROUPS * BANDS,
            GROUPS,
            {"g": band_keys, "n": band_events, "d": band_pops, "esp": np.tile(ESP2013, GROUPS)},
            lambda c: dsr(c["n"], c["d"], c["esp"], groups=c["g"]),
            lambda phs, df: phs.ph_dsr(df, "n", "d", "esp", group_cols="g", euro_standard_pops=False),
        ),
    ]


def _best_of(function: Callable[[], Any], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def _subset(case: Case, fraction: float) -> dict[str, np.ndarray]:
    keep = case.columns["g"] < max(1, round(case.groups * fraction))
    return {name: column[keep] for name, column in case.columns.items()}


def _time_phstatsmethods(case: Case, fraction: float) -> tuple[float, str] | None:
    try:
        import pandas as pd
        import PHStatsMethods
    except ImportError:
        return None
    columns = case.columns if fraction >= 1 else _subset(case, fraction)
    frame = pd.DataFrame(columns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seconds = _best_of(lambda: case.phstatsmethods(PHStatsMethods, frame), 1)
    rows = len(frame)
    if rows == case.rows:
        return seconds, "measured"
    return seconds * case.rows / rows, f"scaled from {rows:,} rows"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sample", type=float, default=1.0, help="fraction of groups to time PHStatsMethods on"
    )
    parser.add_argument("--repeats", type=int, default=5, help="Wellboard repeats (the best time is kept)")
    parser.add_argument(
        "--key-repeats", type=int, default=15, help="rounds of the group-key comparison (best kept)"
    )
    parser.add_argument("--seed", type=int, default=2024)
    options = parser.parse_args()
    cases = _cases(options.seed)
    print(
        f"Load average (1, 5, 15 min) on {os.cpu_count()} CPUs:", *(f"{load:.2f}" for load in os.getloadavg())
    )
    try:
        import PHStatsMethods  # noqa: F401

        have_reference = True
    except ImportError:
        have_reference = False
        print(
            "PHStatsMethods is not installed (pip install -r requirements-bench.txt): Wellboard times only.\n"
        )

    header = (
        f"{'method':24} {'rows':>11} {'groups':>8} {'Wellboard s':>12}"
        f" {'PHStatsMethods s':>17} {'speed-up':>9}  note"
    )
    print(header)
    print("-" * len(header))
    for case in cases:
        ours = _best_of(lambda case=case: case.wellboard(case.columns), options.repeats)  # type: ignore[misc]
        reference = _time_phstatsmethods(case, options.sample) if have_reference else None
        if reference is None:
            print(f"{case.name:24} {case.rows:>11,} {case.groups:>8,} {ours:>12.3f} {'-':>17} {'-':>9}")
            continue
        seconds, note = reference
        print(
            f"{case.name:24} {case.rows:>11,} {case.groups:>8,} {ours:>12.3f} {seconds:>17.2f}"
            f" {seconds / ours:>8.0f}x  {note}"
        )
    print("\nWellboard: best of", options.repeats, "runs, integer group keys; PHStatsMethods: one run.")
    _keys_and_plain_numpy(options.key_repeats, options.seed)


# --- Group keys: integer codes, real area codes and a plain numpy pass, in one run -------------

SHARED_DATA = Path(
    os.environ.get("WELLBOARD_REFERENCE_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data")
)
LSOA_FILE = SHARED_DATA / "imd2025" / "imd2025_lsoa21_england.csv"
KEYED_ROWS = 1_000_000


@dataclass(frozen=True)
class Keyed:
    """One method timed three ways on the same rows; ``columns`` hold everything but the keys."""

    name: str
    codes: np.ndarray  # 0..G-1, in the sort order of the area codes
    columns: dict[str, np.ndarray]
    method: Callable[[dict[str, np.ndarray], Any], Any]  # (columns, groups) -> Estimate
    plain: Callable[[dict[str, np.ndarray], np.ndarray, int], Any]  # (columns, codes, G) -> limits


def _area_codes() -> np.ndarray:
    """Every LSOA 2021 code in England (33,755), sorted, as a fixed-width str array."""
    with LSOA_FILE.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return np.array(sorted({row[0] for row in reader}))


def _keyed_cases(area_codes: np.ndarray, seed: int) -> list[Keyed]:
    """Rows over every LSOA in England: 1,000,000 rows for proportions, rates and means (every
    area used), and 19 or 20 age bands per area for DSR, ISR, SMR and life expectancy. Rows
    are shuffled, as rows from a query or a file need not be grouped."""
    rng = np.random.default_rng(seed)
    size = area_codes.shape[0]
    flat = rng.permutation(np.concatenate([np.arange(size), rng.integers(0, size, KEYED_ROWS - size)]))
    d = rng.integers(500, 5_000, KEYED_ROWS).astype(np.float64)
    flat_columns = {
        "n": rng.binomial(d.astype(np.int64), 0.1).astype(np.float64),
        "d": d,
        "events": rng.poisson(0.6, KEYED_ROWS).astype(np.float64),  # ~18 per area: some exact limits
        "x": rng.normal(25.0, 4.0, KEYED_ROWS),
    }
    banded = rng.permutation(size * BANDS)
    band_codes = np.repeat(np.arange(size), BANDS)[banded]
    band = np.tile(np.arange(BANDS), size)[banded]
    band_rate = np.geomspace(2e-4, 0.15, BANDS)
    pops = rng.integers(50, 400, size * BANDS).astype(np.float64)
    band_columns = {
        "n": rng.poisson(pops * band_rate[band] * 0.05).astype(np.float64),
        "d": pops,
        "esp": ESP2013[band],
        "ref_n": (band_rate * 1e6)[band],
        "ref_d": np.full(size * BANDS, 1e6 / 0.05),
    }
    ages = rng.permutation(size * 20)
    le_codes = np.repeat(np.arange(size), 20)[ages]
    le_band = np.tile(np.arange(20), size)[ages]
    le_pops = rng.integers(300, 3_000, size * 20).astype(np.float64)
    le_rate = np.geomspace(3e-4, 0.25, 20)
    le_deaths = np.maximum(rng.poisson(le_pops * le_rate[le_band]), le_band == 19).astype(np.float64)
    le_columns = {"n": le_deaths, "d": le_pops, "age": plain.LE_START_AGES[le_band]}
    return [
        Keyed(
            "proportion",
            flat,
            flat_columns,
            lambda c, g: proportion(c["n"], c["d"], groups=g),
            plain.plain_proportion,
        ),
        Keyed(
            "rate",
            flat,
            {**flat_columns, "n": flat_columns["events"]},
            lambda c, g: rate(c["n"], c["d"], groups=g),
            plain.plain_rate,
        ),
        Keyed("mean", flat, flat_columns, lambda c, g: mean(c["x"], groups=g), plain.plain_mean),
        Keyed(
            "DSR",
            band_codes,
            band_columns,
            lambda c, g: dsr(c["n"], c["d"], c["esp"], groups=g),
            plain.plain_dsr,
        ),
        Keyed(
            "ISR",
            band_codes,
            band_columns,
            lambda c, g: isr(c["n"], c["d"], c["ref_n"], c["ref_d"], groups=g),
            plain.plain_isr,
        ),
        Keyed(
            "SMR",
            band_codes,
            band_columns,
            lambda c, g: smr(c["n"], c["d"], c["ref_n"], c["ref_d"], groups=g),
            plain.plain_smr,
        ),
        Keyed(
            "life expectancy",
            le_codes,
            le_columns,
            lambda c, g: life_expectancy(c["n"], c["d"], c["age"], groups=g),
            plain.plain_life_expectancy,
        ),
    ]


def _interleaved(functions: list[Callable[[], Any]], repeats: int) -> list[float]:
    """Best CPU time of each function, run in turn ``repeats`` times.

    On a shared machine wall-clock time mostly measures the other work; this process's CPU
    time, taken in turns so that bursts of other work slow every variant alike, keeps the
    ratios steady (the calls are single-threaded, so CPU time is their running time).
    """
    best = [float("inf")] * len(functions)
    for _ in range(repeats):
        for index, function in enumerate(functions):
            start = time.process_time()
            function()
            best[index] = min(best[index], time.process_time() - start)
    return best


def _same(first: Any, second: Any) -> bool:
    return all(
        np.array_equal(getattr(first, name), getattr(second, name), equal_nan=True)
        for name in ("value", "lower", "upper")
    )


def _keys_and_plain_numpy(repeats: int, seed: int) -> None:
    """Each method with integer keys, with real area codes (factorised once, and raw) and as a
    plain numpy pass, all timed in this run."""
    if not LSOA_FILE.is_file():
        print(f"\nArea codes not found at {LSOA_FILE}: group-key comparison skipped.")
        return
    area_codes = _area_codes()
    cases = _keyed_cases(area_codes, seed)
    print(
        f"\nGroup keys: every LSOA 2021 code in England ({area_codes.shape[0]:,} areas,"
        f" from {LSOA_FILE.name}),"
        "\nas integer codes 0..G-1, as area codes factorised once (stats.factorise) and as raw area codes"
        "\n(str array, coded inside each call); then a plain numpy pass (one bincount per column over the"
        "\ninteger codes plus the same formula, no checks). CPU seconds, best of",
        repeats,
        "rounds taken in turns, all in this run.",
    )
    header = (
        f"{'method':16} {'rows':>9} {'int s':>7} {'codes s':>8} {'codes/int':>9} {'raw str s':>9}"
        f" {'str/int':>7} {'numpy s':>8} {'int/numpy':>9} {'codes/numpy':>11} {'same':>5}"
    )
    print(header)
    print("-" * len(header))
    ratios: list[tuple[float, float, float]] = []
    for case in cases:
        labels = area_codes[case.codes]
        factorised = stats_factorise(labels)
        size = area_codes.shape[0]
        with_int, with_codes, with_str, plain = _interleaved(
            [
                partial(case.method, case.columns, case.codes),
                partial(case.method, case.columns, factorised),
                partial(case.method, case.columns, labels),
                partial(case.plain, case.columns, case.codes, size),
            ],
            repeats,
        )
        reference = case.method(case.columns, case.codes)
        by_codes = (case.method(case.columns, factorised), case.method(case.columns, labels))
        same = all(
            _same(reference, result) and np.array_equal(result.groups, area_codes) for result in by_codes
        )
        ratios.append((with_codes / with_int, with_int / plain, with_codes / plain))
        print(
            f"{case.name:16} {case.codes.shape[0]:>9,} {with_int:>7.4f} {with_codes:>8.4f}"
            f" {with_codes / with_int:>8.2f}x {with_str:>9.4f} {with_str / with_int:>6.1f}x {plain:>8.4f}"
            f" {with_int / plain:>8.2f}x {with_codes / plain:>10.2f}x {'yes' if same else 'NO':>5}"
        )
    labels = area_codes[cases[0].codes]
    as_objects = labels.astype(object)
    as_str, as_object = _interleaved(
        [partial(stats_factorise, labels), partial(stats_factorise, as_objects)], repeats
    )
    worst = [max(column) for column in zip(*ratios, strict=True)]
    print(
        f"\nWorst ratios: area codes / integer keys {worst[0]:.2f}x, integer keys / numpy {worst[1]:.2f}x,"
        f" area codes / numpy {worst[2]:.2f}x (target: each at most 1.5x)."
        f"\nFactorising {labels.shape[0]:,} area codes once: {as_str:.4f} s (str array),"
        f" {as_object:.4f} s (object array of str), CPU seconds."
    )


if __name__ == "__main__":
    main()
