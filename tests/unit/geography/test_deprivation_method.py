"""The derived ward and district deprivation method, on hand-worked examples."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.geography.deprivation import decile_for_rank, derive_deprivation, ranks_descending


def test_population_weighted_mean_then_national_rank() -> None:
    scores = {"L1": Decimal("40"), "L2": Decimal("10"), "L3": Decimal("20"), "L4": Decimal("30")}
    groups = {"L1": "W1", "L2": "W1", "L3": "W2", "L4": "W2"}
    populations = {"L1": 1000, "L2": 3000, "L3": 2000, "L4": 2000}
    result = {d.code: d for d in derive_deprivation(scores=scores, groups=groups, populations=populations)}
    # W1: (40*1000 + 10*3000) / 4000 = 17.5; W2: (20*2000 + 30*2000) / 4000 = 25
    assert result["W1"].score == Decimal("17.500")
    assert result["W2"].score == Decimal("25.000")
    assert (result["W2"].rank, result["W1"].rank) == (1, 2)
    assert result["W1"].population == 4000
    assert result["W1"].ranked_areas == 2
    assert (result["W2"].decile, result["W1"].decile) == (5, 10)


def test_without_populations_every_lsoa_weighs_the_same() -> None:
    scores = {"L1": Decimal("40"), "L2": Decimal("10")}
    (only,) = derive_deprivation(scores=scores, groups={"L1": "W", "L2": "W"})
    assert only.score == Decimal("25.000")
    assert only.population is None
    assert only.lsoas == 2


def test_lsoas_without_a_group_are_ignored() -> None:
    result = derive_deprivation(scores={"L1": Decimal(5), "L2": Decimal(9)}, groups={"L1": "W"})
    assert [(d.code, d.score) for d in result] == [("W", Decimal("5.000"))]


def test_ties_share_the_lower_rank() -> None:
    assert ranks_descending({"a": 3.0, "b": 5.0, "c": 3.0, "d": 1.0}) == {"b": 1, "a": 2, "c": 2, "d": 4}


@pytest.mark.parametrize(
    ("rank", "n", "decile"),
    [(1, 32844, 1), (3284, 32844, 1), (3285, 32844, 2), (29199, 32844, 9), (32844, 32844, 10)],
)
def test_decile_for_rank_matches_mhclg(rank: int, n: int, decile: int) -> None:
    assert decile_for_rank(rank, n) == decile


def test_decile_refuses_ranks_outside_the_range() -> None:
    with pytest.raises(ValueError, match="outside"):
        decile_for_rank(0, 10)


@given(st.integers(min_value=10, max_value=5000))
def test_deciles_are_balanced_and_monotone(n: int) -> None:
    deciles = [decile_for_rank(rank, n) for rank in range(1, n + 1)]
    assert deciles == sorted(deciles)
    assert set(deciles) == set(range(1, 11))
    sizes = [deciles.count(d) for d in range(1, 11)]
    assert max(sizes) - min(sizes) <= 1


@given(
    st.dictionaries(
        st.text(alphabet="ABCDEFGH", min_size=1, max_size=3),
        st.tuples(
            st.decimals(min_value=0, max_value=90, places=3, allow_nan=False, allow_infinity=False),
            st.integers(min_value=1, max_value=5000),
            st.sampled_from(["W1", "W2", "W3"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_group_scores_lie_between_their_lsoas(rows: dict[str, tuple[Decimal, int, str]]) -> None:
    scores = {k: v[0] for k, v in rows.items()}
    populations = {k: v[1] for k, v in rows.items()}
    groups = {k: v[2] for k, v in rows.items()}
    for figure in derive_deprivation(scores=scores, groups=groups, populations=populations):
        members = [scores[k] for k, g in groups.items() if g == figure.code]
        assert min(members) - Decimal("0.001") <= figure.score <= max(members) + Decimal("0.001")
        assert figure.population == sum(populations[k] for k, g in groups.items() if g == figure.code)
