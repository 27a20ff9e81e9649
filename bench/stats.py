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
    print("\nWellboard with 9-character area codes as group keys (str / object arrays):")
    for case in cases:
        codes = np.char.add("E0", np.char.zfill(case.columns["g"].astype(str), 7))
        for label, keys in (("str", codes), ("object", codes.astype(object))):
            columns = {**case.columns, "g": keys}
            seconds = _best_of(lambda case=case, columns=columns: case.wellboard(columns), 3)  # type: ignore[misc]
            print(f"  {case.name:24} {label:>6} keys {seconds:8.3f} s")


if __name__ == "__main__":
    main()
