"""Benchmark wellboard.stats against PHStatsMethods (DHSC's Python port of PHEindicatormethods).

Times grouped proportions and crude rates on 1,000,000 rows in 100,000 groups, and DSRs on
100,000 groups of 19 ESP 2013 bands (1,900,000 rows), and prints a table of seconds and
the speed ratio. Budget (DESIGN.md): under 1 s per method on 2 cores; targets at least
300x PHStatsMethods for proportions and DSRs and 150x for rates.

PHStatsMethods is GPL-3 and only a benchmark dependency: install it with
``.venv/bin/pip install -r requirements-bench.txt``. It is imported inside a function and
its absence only drops the comparison columns. By default it runs at full size (about a
minute in all); ``--sample 0.1`` times it on a tenth of the groups and scales the time
linearly by rows, which the output then says.

Usage: ``.venv/bin/python bench/stats.py [--sample FRACTION] [--repeats N]``
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from wellboard.stats import ESP2013, dsr, proportion, rate
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
    parser.add_argument("--seed", type=int, default=2024)
    options = parser.parse_args()
    cases = _cases(options.seed)
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
    _keys_and_plain_numpy(cases, options.repeats)


def _plain_numpy(case: Case, codes: np.ndarray) -> Callable[[], Any]:
    """The least a method can do: one bincount per column over integer codes, then its formula."""
    z = 1.959963984540054
    columns = case.columns
    size = int(codes.max()) + 1

    def summed(name: str, weights: np.ndarray | None = None) -> np.ndarray:
        values = columns[name] if weights is None else columns[name] * weights
        return np.bincount(codes, weights=values, minlength=size)

    if case.name.startswith("proportion"):

        def wilson() -> Any:
            n, d = summed("n"), summed("d")
            p = n / d
            centre = 2 * n + z * z
            spread = z * np.sqrt(z * z + 4 * n * (1 - p))
            return (centre - spread) / (2 * (d + z * z)), (centre + spread) / (2 * (d + z * z))

        return wilson
    if case.name.startswith("rate"):

        def byars() -> Any:
            n, d = summed("n"), summed("d")
            lower = n * (1 - 1 / (9 * n) - z / (3 * np.sqrt(n))) ** 3
            upper = (n + 1) * (1 - 1 / (9 * (n + 1)) + z / (3 * np.sqrt(n + 1))) ** 3
            return lower / d, upper / d

        return byars

    def dobson() -> Any:
        weights = columns["esp"] / columns["d"]
        rate_sum = summed("n", weights)
        variance = summed("n", weights * weights)
        total = summed("esp")
        return rate_sum / total, np.sqrt(variance) / total

    return dobson


def _keys_and_plain_numpy(cases: list[Case], repeats: int) -> None:
    """Integer keys, 9-character area codes (raw and factorised once) and a plain numpy pass."""
    print(
        "\nGroup keys: integer codes, 9-character area codes factorised once (stats.factorise),"
        "\nraw area codes (str and object arrays, coded inside the call), and a plain numpy pass"
        "\n(bincount over integer codes plus the method's formula), all in this run, best of",
        repeats,
    )
    header = (
        f"{'method':24} {'int s':>7} {'codes s':>8} {'x int':>6} {'str s':>7} {'object s':>9}"
        f" {'numpy s':>8} {'x numpy':>8}"
    )
    print(header)
    print("-" * len(header))
    for case in cases:
        integer = case.columns["g"]
        codes = np.char.add("E0", np.char.zfill(integer.astype(str), 7))
        factorised = stats_factorise(codes)

        def timed(keys: Any, case: Case = case) -> float:
            columns = {**case.columns, "g": keys}
            return _best_of(lambda: case.wellboard(columns), repeats)

        with_int = timed(integer)
        with_codes = timed(factorised)
        with_str = timed(codes)
        with_object = timed(codes.astype(object))
        plain = _best_of(_plain_numpy(case, integer.astype(np.intp)), repeats)
        print(
            f"{case.name:24} {with_int:>7.3f} {with_codes:>8.3f} {with_codes / with_int:>5.2f}x"
            f" {with_str:>7.3f} {with_object:>9.3f} {plain:>8.3f} {with_int / plain:>7.2f}x"
        )
    area_codes = np.char.add("E0", np.char.zfill(cases[0].columns["g"].astype(str), 7))
    factorise_seconds = _best_of(lambda: stats_factorise(area_codes), repeats)
    print(f"\nFactorising {cases[0].rows:,} area codes once: {factorise_seconds:.3f} s")


if __name__ == "__main__":
    main()
