"""Property tests: invariants every estimator must keep, whatever the data.

* the limits bracket the value;
* 99.8% limits are at least as wide as 95% limits;
* a grouped call equals calling each group separately;
* permuting the input rows does not change grouped results.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from wellboard.stats import ESP2013, Estimate, dsr, isr, mean, proportion, rate, smr

SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def counts_and_denominators(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    size = draw(st.integers(1, 30))
    denominators = np.array(
        draw(st.lists(st.integers(1, 100_000), min_size=size, max_size=size)), dtype=float
    )
    shares = np.array(draw(st.lists(st.floats(0, 1), min_size=size, max_size=size)))
    counts = np.floor(denominators * shares)
    groups = np.array(draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=size, max_size=size)))
    return counts, denominators, groups


@st.composite
def banded(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    areas = draw(st.integers(1, 4))
    pops = np.array(
        draw(st.lists(st.integers(50, 20_000), min_size=19 * areas, max_size=19 * areas)), dtype=float
    )
    rates = np.array(draw(st.lists(st.floats(0, 0.05), min_size=19 * areas, max_size=19 * areas)))
    groups = np.repeat(np.array([f"area{i}" for i in range(areas)]), 19)
    return np.floor(pops * rates), pops, groups


def _brackets(estimate: Estimate) -> None:
    finite = np.isfinite(estimate.value) & np.isfinite(estimate.lower) & np.isfinite(estimate.upper)
    tolerance = 1e-9 * np.abs(estimate.value[finite]) + 1e-12
    assert np.all(estimate.lower[finite] <= estimate.value[finite] + tolerance)
    assert np.all(estimate.value[finite] <= estimate.upper[finite] + tolerance)


def _wider(narrow: Estimate, wide: Estimate) -> None:
    finite = (
        np.isfinite(narrow.lower)
        & np.isfinite(wide.lower)
        & np.isfinite(narrow.upper)
        & np.isfinite(wide.upper)
    )
    slack = 1e-9 * (np.abs(narrow.upper[finite]) + 1)
    assert np.all(wide.lower[finite] <= narrow.lower[finite] + slack)
    assert np.all(wide.upper[finite] >= narrow.upper[finite] - slack)


def _same(first: Estimate, second: Estimate) -> None:
    assert_allclose(first.value, second.value, rtol=1e-9, equal_nan=True)
    assert_allclose(first.lower, second.lower, rtol=1e-9, atol=1e-12, equal_nan=True)
    assert_allclose(first.upper, second.upper, rtol=1e-9, atol=1e-12, equal_nan=True)


def _separately(estimator: Callable[..., Estimate], groups: np.ndarray, *columns: np.ndarray) -> Estimate:
    parts = [
        estimator(*(column[groups == key] for column in columns), groups=None) for key in np.unique(groups)
    ]
    if all(len(part) == 1 for part in parts):
        return Estimate(
            value=np.concatenate([part.value for part in parts]),
            lower=np.concatenate([part.lower for part in parts]),
            upper=np.concatenate([part.upper for part in parts]),
            groups=np.unique(groups),
            confidence=parts[0].confidence,
        )
    summed = [np.array([column[groups == key].sum() for key in np.unique(groups)]) for column in columns]
    return estimator(*summed, groups=None)


@SETTINGS
@given(counts_and_denominators(), st.sampled_from([proportion, rate]))
def test_crude_estimators(
    data: tuple[np.ndarray, np.ndarray, np.ndarray], estimator: Callable[..., Estimate]
) -> None:
    counts, denominators, groups = data
    at95 = estimator(counts, denominators, groups=groups)
    at998 = estimator(counts, denominators, groups=groups, confidence=0.998)
    _brackets(at95)
    _brackets(at998)
    _wider(at95, at998)
    _same(at95, _separately(estimator, groups, counts, denominators))
    order = np.random.default_rng(len(counts)).permutation(len(counts))
    _same(at95, estimator(counts[order], denominators[order], groups=groups[order]))


@SETTINGS
@given(banded())
def test_dsr(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    counts, pops, groups = data
    std = np.tile(ESP2013, len(counts) // 19)
    at95 = dsr(counts, pops, std, groups=groups)
    at998 = dsr(counts, pops, std, groups=groups, confidence=0.998)
    _brackets(at95)
    _wider(at95, at998)
    each = [
        dsr(counts[groups == key], pops[groups == key], ESP2013, groups=None) for key in np.unique(groups)
    ]
    assert_allclose(at95.value, [part.value[0] for part in each], rtol=1e-9, equal_nan=True)
    order = np.random.default_rng(7).permutation(len(counts))
    _same(at95, dsr(counts[order], pops[order], std[order], groups=groups[order]))


@SETTINGS
@given(banded(), st.sampled_from([isr, smr]))
def test_indirect_standardisation(
    data: tuple[np.ndarray, np.ndarray, np.ndarray], estimator: Callable[..., Estimate]
) -> None:
    counts, pops, groups = data
    reference_pops = np.tile(np.linspace(40_000, 60_000, 19), len(counts) // 19)
    reference_counts = np.tile(np.linspace(10, 3000, 19), len(counts) // 19)
    at95 = estimator(counts, pops, reference_counts, reference_pops, groups=groups)
    at998 = estimator(counts, pops, reference_counts, reference_pops, groups=groups, confidence=0.998)
    _brackets(at95)
    _wider(at95, at998)
    order = np.random.default_rng(3).permutation(len(counts))
    _same(
        at95,
        estimator(
            counts[order], pops[order], reference_counts[order], reference_pops[order], groups=groups[order]
        ),
    )


@SETTINGS
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=40))
def test_mean(values: list[float]) -> None:
    data = np.array(values)
    groups = np.array([["x", "y"][index % 2] for index in range(len(data))])
    at95 = mean(data, groups=groups)
    at998 = mean(data, groups=groups, confidence=0.998)
    _brackets(at95)
    _wider(at95, at998)
    _same(at95, _separately(mean, groups, data))
    order = np.random.default_rng(11).permutation(len(data))
    _same(at95, mean(data[order], groups=groups[order]))
