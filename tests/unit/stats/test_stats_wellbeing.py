"""ONS4 thresholds, SWEMWBS scoring and paired change: worked examples from the published guidance
and properties checked against scipy's own paired t-test."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats as scipy_stats

from wellboard.stats import (
    ons4_band_counts,
    ons4_band_index,
    ons4_bands,
    paired_change,
    swemwbs_metric,
    swemwbs_raw_total,
)
from wellboard.stats.wellbeing import ONS4_ITEMS, SWEMWBS_METRIC


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # ONS: life satisfaction, worthwhile and happiness 0-4 low, 5-6 medium, 7-8 high, 9-10 very high
        ("life_satisfaction", [0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3]),
        ("worthwhile", [0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3]),
        ("happiness", [0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3]),
        # anxiety 0-1 very low, 2-3 low, 4-5 medium, 6-10 high
        ("anxiety", [0, 0, 1, 1, 2, 2, 3, 3, 3, 3, 3]),
    ],
)
def test_ons4_thresholds_follow_the_ons_bands(item: str, expected: list[int]) -> None:
    assert ons4_band_index(item, range(11)).tolist() == expected


def test_ons4_band_labels() -> None:
    assert [b[0] for b in ons4_bands("happiness")] == ["low", "medium", "high", "very_high"]
    assert [b[0] for b in ons4_bands("anxiety")] == ["very_low", "low", "medium", "high"]


def test_ons4_band_counts() -> None:
    assert ons4_band_counts("life_satisfaction", [3, 4, 5, 7, 8, 9, 10, 10]).tolist() == [2, 1, 2, 3]
    assert ons4_band_counts("anxiety", []).tolist() == [0, 0, 0, 0]


@pytest.mark.parametrize("bad", [[11], [-1], [2.5], [float("nan")]])
def test_ons4_refuses_scores_off_the_scale(bad: list[float]) -> None:
    with pytest.raises(ValueError, match="whole numbers from 0 to 10"):
        ons4_band_index("anxiety", bad)


def test_ons4_unknown_item() -> None:
    with pytest.raises(ValueError, match="Unknown ONS4 item"):
        ons4_bands("mood")


def test_swemwbs_conversion_table_worked_values() -> None:
    # Values from Warwick Medical School's published SWEMWBS conversion table.
    assert swemwbs_metric([7, 8, 14, 21, 28, 35]).tolist() == [7.00, 9.51, 15.32, 19.25, 25.03, 35.00]
    assert len(SWEMWBS_METRIC) == 29
    assert np.all(np.diff(SWEMWBS_METRIC) > 0)


def test_swemwbs_raw_total_and_metric() -> None:
    items = [[1, 1, 1, 1, 1, 1, 1], [3, 3, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5, 5], [4, 3, 2, 4, 3, 4, 3]]
    totals = swemwbs_raw_total(items)
    assert totals.tolist() == [7, 21, 35, 23]
    assert swemwbs_metric(totals).tolist() == [7.00, 19.25, 35.00, 20.73]


@pytest.mark.parametrize("bad", [[[0, 1, 1, 1, 1, 1, 1]], [[6, 1, 1, 1, 1, 1, 1]], [[1, 1, 1]]])
def test_swemwbs_refuses_bad_items(bad: list[list[int]]) -> None:
    with pytest.raises(ValueError, match="SWEMWBS"):
        swemwbs_raw_total(bad)


@pytest.mark.parametrize("bad", [6, 36, 20.5])
def test_swemwbs_refuses_raw_totals_off_the_table(bad: float) -> None:
    with pytest.raises(ValueError, match="from 7 to 35"):
        swemwbs_metric([bad])


def test_paired_change_worked_example() -> None:
    # Five people whose changes are 2, 4, 3, 5 and 1: mean 3, sd sqrt(2.5), se sqrt(0.5);
    # t(0.975, 4) = 2.776445, so the 95% interval is 3 -/+ 1.963243.
    before = [10.0, 12.0, 14.0, 9.0, 20.0]
    after = [12.0, 16.0, 17.0, 14.0, 21.0]
    result = paired_change(before, after, threshold=3)
    row = result.row(0)
    assert row["n"] == 5
    assert row["mean"] == pytest.approx(3.0)
    assert row["sd"] == pytest.approx(np.sqrt(2.5))
    assert row["lower"] == pytest.approx(1.036757, abs=1e-6)
    assert row["upper"] == pytest.approx(4.963243, abs=1e-6)
    assert row["improved"] == 3  # changes of 3, 4 and 5
    assert row["worse"] == 0
    assert row["share_improved"] == pytest.approx(60.0)
    # Wilson 95% interval for 3 of 5: 23.07% to 88.24%
    assert row["share_improved_lower"] == pytest.approx(23.0724, abs=1e-3)
    assert row["share_improved_upper"] == pytest.approx(88.2379, abs=1e-3)


def test_paired_change_swemwbs_metric_threshold_is_met_exactly() -> None:
    # 25 -> 22.35 and 21 -> 19.25: a change of 3.10; 19 -> 17.98 and 22 -> 19.98: exactly 2.00.
    before = swemwbs_metric([21, 19])
    after = swemwbs_metric([25, 22])
    result = paired_change(before, after, threshold=2.0)
    assert result.improved.tolist() == [2]


def test_anxiety_improves_downwards() -> None:
    before = np.array([[5, 7], [6, 8], [4, 3]])
    after = np.array([[7, 4], [6, 7], [5, 5]])
    result = paired_change(before, after, threshold=1, higher_is_better=[True, False])
    assert result.improved.tolist() == [2, 2]  # happiness +2, +1; anxiety -3, -1
    assert result.worse.tolist() == [0, 1]  # anxiety +2


def test_paired_change_with_too_few_pairs() -> None:
    one = paired_change([3.0], [5.0], threshold=1)
    assert one.mean.tolist() == [2.0]
    assert np.isnan(one.lower[0])
    assert np.isnan(one.upper[0])
    assert np.isnan(one.sd[0])
    none = paired_change(np.empty((0, 4)), np.empty((0, 4)), threshold=1)
    assert none.n.tolist() == [0, 0, 0, 0]
    assert np.isnan(none.mean).all()
    assert np.isnan(none.share_improved).all()


def test_paired_change_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="same participants"):
        paired_change([1, 2], [1, 2, 3], threshold=1)
    with pytest.raises(ValueError, match="missing values"):
        paired_change([1, float("nan")], [1, 2], threshold=1)
    with pytest.raises(ValueError, match="zero or more"):
        paired_change([1, 2], [1, 2], threshold=-1)


pairs = st.integers(min_value=2, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(7, 35), min_size=n, max_size=n),
        st.lists(st.integers(7, 35), min_size=n, max_size=n),
    )
)


@settings(deadline=None, max_examples=60)
@given(pairs)
def test_paired_interval_matches_scipy_paired_t(data: tuple[list[int], list[int]]) -> None:
    before = swemwbs_metric(data[0])
    after = swemwbs_metric(data[1])
    result = paired_change(before, after, threshold=3)
    change = after - before
    assert_allclose(result.mean[0], change.mean(), atol=1e-9)
    if np.ptp(change) > 0:
        interval = scipy_stats.ttest_rel(after, before).confidence_interval(0.95)
        assert_allclose([result.lower[0], result.upper[0]], [interval.low, interval.high], atol=1e-7)
    assert result.improved[0] + result.worse[0] <= len(change)
    assert result.improved[0] == int((change >= 3 - 1e-9).sum())
    assert 0 <= result.share_improved_lower[0] <= result.share_improved[0] <= result.share_improved_upper[0]


@settings(deadline=None, max_examples=60)
@given(st.lists(st.integers(0, 10), max_size=80), st.sampled_from(ONS4_ITEMS))
def test_band_counts_add_up(scores: list[int], item: str) -> None:
    counts = ons4_band_counts(item, scores)
    assert counts.sum() == len(scores)
    index = ons4_band_index(item, scores)
    for band, (_code, _label, low, high) in enumerate(ons4_bands(item)):
        chosen = np.asarray(scores)[index == band] if scores else np.array([])
        assert ((chosen >= low) & (chosen <= high)).all()


@settings(deadline=None, max_examples=40)
@given(pairs)
def test_swapping_before_and_after_mirrors_the_change(data: tuple[list[int], list[int]]) -> None:
    forward = paired_change(data[0], data[1], threshold=2)
    backward = paired_change(data[1], data[0], threshold=2)
    assert_allclose(forward.mean, -backward.mean, atol=1e-9)
    assert forward.improved.tolist() == backward.worse.tolist()
