"""Plain numpy passes for bench/stats.py: the least each statistical method can do.

Each pass takes integer group codes known to be 0..G-1 with every code used, sums each column
with one ``np.bincount`` and applies the method's formula (the same limits, the same rules for
small counts and blanks) with no input checks. bench/stats.py times them beside the methods.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

LE_START_AGES = np.array([0, 1, *range(5, 95, 5)], dtype=np.float64)
LE_BAND_OF_AGE = np.zeros(91, dtype=np.intp)
LE_BAND_OF_AGE[LE_START_AGES.astype(np.intp)] = np.arange(20)
Z95 = float(special.ndtri(0.975))


def exact_small(count: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
    small = np.flatnonzero(count < 10)
    lower[small] = np.where(count[small] == 0, 0.0, special.gammaincinv(count[small], 0.025))
    upper[small] = special.gammaincinv(count[small] + 1.0, 0.975)


def byars(count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        base = 1 - 1 / (9 * count) - Z95 / (3 * np.sqrt(count))
        lower = np.where(count == 0, 0.0, np.where(base >= 0, count * base**3, np.nan))
        upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + Z95 / (3 * np.sqrt(count + 1))) ** 3
    return lower, upper


# Plain numpy passes: one bincount per summed column over codes known to be 0..G-1, then the
# method's formula (same limits, same rules for small counts and blanks), with no input checks.
def plain_proportion(c: dict[str, np.ndarray], codes: np.ndarray, size: int) -> Any:
    n = np.bincount(codes, c["n"], size)
    d = np.bincount(codes, c["d"], size)
    spread = Z95 * np.sqrt(Z95 * Z95 + 4 * n * (1 - n / d))
    scale = 2 * (d + Z95 * Z95)
    return n / d * 100, (2 * n + Z95 * Z95 - spread) / scale * 100, (2 * n + Z95 * Z95 + spread) / scale * 100


def plain_rate(c: dict[str, np.ndarray], codes: np.ndarray, size: int) -> Any:
    n = np.bincount(codes, c["n"], size)
    d = np.bincount(codes, c["d"], size)
    lower, upper = byars(n)
    exact_small(n, lower, upper)
    per = 100_000 / d
    return n * per, lower * per, upper * per


def plain_dsr(c: dict[str, np.ndarray], codes: np.ndarray, size: int) -> Any:
    weight = c["esp"] / c["d"]
    weighted = weight * c["n"]
    total = np.bincount(codes, c["esp"], size)
    value = np.bincount(codes, weighted, size) / total
    variance = np.bincount(codes, weighted * weight, size)
    observed = np.bincount(codes, c["n"], size)
    np.bincount(codes, c["d"], size)  # total population, reported beside the DSR
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.sqrt(variance / (total * total) / observed)
    lower, upper = byars(observed)
    lower, upper = value + spread * (lower - observed), value + spread * (upper - observed)
    blank = observed < 10
    for array in (value, lower, upper):
        array[blank] = np.nan
    return value * 100_000, lower * 100_000, upper * 100_000


def plain_isr(c: dict[str, np.ndarray], codes: np.ndarray, size: int) -> Any:
    observed = np.bincount(codes, c["n"], size)
    expected = np.bincount(codes, c["d"] * (c["ref_n"] / c["ref_d"]), size)
    reference = np.bincount(codes, c["ref_n"], size) / np.bincount(codes, c["ref_d"], size)
    lower, upper = byars(observed)
    exact_small(observed, lower, upper)
    per = reference * 100_000 / expected
    return observed * per, lower * per, upper * per


def plain_smr(c: dict[str, np.ndarray], codes: np.ndarray, size: int) -> Any:
    observed = np.bincount(codes, c["n"], size)
    expected = np.bincount(codes, c["d"] * (c["ref_n"] / c["ref_d"]), size)
    lower, upper = byars(observed)
    exact_small(observed, lower, upper)
    return observed / expected, lower / expected, upper / expected


def plain_mean(c: dict[str, np.ndarray], codes: np.ndarray, size: int) -> Any:
    n = np.bincount(codes, minlength=size).astype(np.float64)
    centre = np.bincount(codes, c["x"], size) / n
    deviation = c["x"] - centre[codes]
    sd = np.sqrt(np.bincount(codes, deviation * deviation, size) / (n - 1))
    half = special.stdtrit(n - 1, 0.975) * sd / np.sqrt(n)
    return centre, centre - half, centre + half


def plain_life_expectancy(c: dict[str, np.ndarray], codes: np.ndarray, size: int) -> Any:
    cell = codes * 20 + LE_BAND_OF_AGE[c["age"].astype(np.intp)]
    deaths = np.empty(size * 20)
    pops = np.empty(size * 20)
    deaths[cell] = c["n"]
    pops[cell] = c["d"]
    deaths, pops = deaths.reshape(size, 20), pops.reshape(size, 20)
    widths = np.diff(LE_START_AGES)
    lived = np.where(np.arange(19) == 0, 0.1, 0.5)
    rate = deaths / pops
    q = np.ones_like(rate)
    q[:, :-1] = widths * rate[:, :-1] / (1 + widths * (1 - lived) * rate[:, :-1])
    alive = np.empty_like(rate)
    alive[:, 0] = 100_000.0
    alive[:, 1:] = 100_000.0 * np.cumprod(1 - q[:, :-1], axis=1)
    years = np.empty_like(rate)
    years[:, :-1] = widths * (alive[:, 1:] + lived * (alive[:, :-1] - alive[:, 1:]))
    years[:, -1] = alive[:, -1] / rate[:, -1]
    expectancy = np.cumsum(years[:, ::-1], axis=1)[:, ::-1] / alive
    with np.errstate(divide="ignore", invalid="ignore"):
        var_q = np.where(deaths[:, :-1] > 0, q[:, :-1] ** 2 * (1 - q[:, :-1]) / deaths[:, :-1], 0.0)
    terms = np.empty_like(rate)
    terms[:, :-1] = alive[:, :-1] ** 2 * ((1 - lived) * widths + expectancy[:, 1:]) ** 2 * var_q
    terms[:, -1] = alive[:, -1] ** 2 * deaths[:, -1] / (rate[:, -1] ** 4 * pops[:, -1] ** 2)
    se = np.sqrt(terms[:, 0:].sum(axis=1) / alive[:, 0] ** 2)
    value = expectancy[:, 0]
    return value, value - Z95 * se, value + Z95 * se
