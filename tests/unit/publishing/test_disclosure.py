"""The publishing boundary applies each partnership's rule; the arithmetic is tested in tests/unit/stats."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.partners.models import DisclosureRule
from wellboard.publishing.disclosure import (
    disclose_counts,
    disclose_derived,
    disclose_observations,
    disclose_total,
    rule_for,
)

counts = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=60)


def test_standard_rule_keeps_zero_suppresses_one_to_seven_and_rounds_the_rest() -> None:
    result = disclose_counts([0, 1, 7, 8, 12, 95], rule=DisclosureRule.STANDARD)
    assert list(result.labels()) == ["0", "*", "*", "10", "10", "95"]


def test_under_five_rule_suppresses_one_to_four_does_not_round_and_protects_the_total() -> None:
    result = disclose_counts([3, 9, 40], rule=DisclosureRule.UNDER_FIVE)
    # 3 is suppressed; 9 is suppressed too, or 3 could be worked out from the row's total.
    assert list(result.labels()) == ["*", "*", "40"]


def test_an_unknown_rule_falls_back_to_the_standard_rule() -> None:
    assert rule_for("nonsense") == rule_for(DisclosureRule.STANDARD)


def test_the_total_is_rounded_from_unrounded_counts() -> None:
    # Rounded cells would add up to 10 + 10 = 20; the true total 24 rounds to 25.
    assert float(disclose_total([12, 12], rule=DisclosureRule.STANDARD).values[0]) == 25.0


def test_a_rate_from_a_suppressed_count_is_suppressed() -> None:
    hidden = disclose_counts([3, 50], rule=DisclosureRule.STANDARD).suppressed
    rates = disclose_derived([12.5, 40.0], hidden)
    assert math.isnan(rates.values[0])
    assert rates.values[1] == 40.0


def test_observations_with_a_small_denominator_lose_their_value_and_limits() -> None:
    result = disclose_observations(
        rule=DisclosureRule.STANDARD,
        count=[2, 30],
        denominator=[5, 300],
        value=[40.0, 10.0],
        lower95=[11.8, 7.1],
        upper95=[76.9, 14.0],
        lower998=[None, None],
        upper998=[None, None],
    )
    assert list(result.suppressed) == [True, False]
    assert math.isnan(result.value[0])
    assert result.count[1] == 30.0
    assert result.denominator[1] == 300.0


@given(counts)
def test_no_published_count_lies_between_one_and_seven(values: list[int]) -> None:
    published = disclose_counts(values, rule=DisclosureRule.STANDARD)
    shown = published.values[~published.suppressed]
    assert not np.any((shown >= 1) & (shown <= 7))
    assert np.all(shown % 5 == 0)


@pytest.mark.parametrize("rule", [DisclosureRule.STANDARD, DisclosureRule.UNDER_FIVE])
def test_zero_is_always_published_as_zero(rule: str) -> None:
    assert list(disclose_counts([0, 0], rule=rule).labels()) == ["0", "0"]


def test_a_value_that_is_its_own_count_is_published_as_the_count_is() -> None:
    result = disclose_observations(
        rule=DisclosureRule.STANDARD,
        count=[93, 3, 40],
        denominator=[None, None, 200],
        value=[93.0, 3.0, 20.0],
        lower95=[75.1, 0.6, 14.7],
        upper95=[114.0, 8.8, 26.7],
        lower998=[None, None, None],
        upper998=[None, None, None],
    )
    assert result.value[0] == 95.0  # rounded like its count, never the true 93
    assert math.isnan(result.lower95[0])  # limits worked out from 93 would give it away
    assert list(result.suppressed) == [False, True, False]
    assert math.isnan(result.value[1])
    assert (result.value[2], result.lower95[2]) == (20.0, 14.7)  # a percentage is not a count


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30))
def test_no_value_of_a_count_indicator_is_published_between_one_and_seven(values: list[int]) -> None:
    nothing = [None] * len(values)
    result = disclose_observations(
        rule=DisclosureRule.STANDARD,
        count=nothing,
        denominator=nothing,
        value=values,
        lower95=nothing,
        upper95=nothing,
        lower998=nothing,
        upper998=nothing,
        value_is_count=True,
    )
    published = [v for v in result.value if not math.isnan(v)]
    assert all(v == 0 or (v >= 8 and v % 5 == 0) for v in published)
