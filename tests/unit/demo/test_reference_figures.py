"""The demo's sums from the reference files: local deciles, breakdowns that add up, published
Fingertips values read as they are."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wellboard.demo.reference_figures import DECILES, fingertips_extract_rows, local_deciles
from wellboard.demo.step_60_hub import RETURNED, month_figures, shares


def test_local_deciles_rank_each_districts_own_lsoas_most_deprived_first() -> None:
    frame = pd.DataFrame(
        {
            "district": ["A"] * 54 + ["B"] * 10,
            "score": [float(s) for s in range(54)] + [5.0] * 10,
        }
    )
    deciles = local_deciles(frame, district="district", score="score")
    mine = deciles[:54]
    assert int(mine.iloc[53]) == 1  # the highest score is the most deprived
    assert int(mine.iloc[0]) == 10
    sizes = mine.value_counts()
    assert sorted(sizes.index.tolist()) == list(range(1, 11))
    assert sizes.max() - sizes.min() <= 1
    assert sorted(deciles[54:].tolist()) == list(range(1, 11))  # ties still cut into ten


def test_shares_add_up_in_proportion() -> None:
    assert shares(100, (55, 45)) == [55, 45]
    assert sum(shares(27, (8, 15, 18, 17, 42))) == 27
    assert shares(0, (1, 1)) == [0, 0]


def test_every_hub_month_adds_up_and_matches_the_reported_referrals() -> None:
    months = [month_figures(i) for i in range(RETURNED)]
    for values in months:
        assert values["visitors__b0c0"] + values["visitors__b0c1"] == values["visitors"]
        assert sum(values[f"visitors__b1c{c}"] for c in range(4)) == values["visitors"]
        assert sum(values[f"walk_ins__b0c{c}"] for c in range(5)) == values["walk_ins"]
        assert sum(values[f"exercise_referrals__b0c{c}"] for c in range(5)) == values["exercise_referrals"]
        assert 0 < values["onward_referrals"] < values["walk_ins"]
    assert sum(m["exercise_referrals"] for m in months[:12]) == 318  # 2025/26
    assert sum(m["exercise_referrals"] for m in months[6:9]) == 81  # October to December 2025


def test_fingertips_values_keep_englands_comparison_and_skip_missing_values(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_text(
        "area_code,area_name,period,value,indicator,measure,unit,significance\n"
        "E92000001,England,2017/18,22.2,Inactive,Proportion,Persons,Not compared\n"
        "E07000243,Stevenage,2017/18,25.3,Inactive,Proportion,Persons,Similar\n"
        "E07000095,Broxbourne,2017/18,NA,Inactive,Proportion,Persons,Not compared\n"
        "E47000001,Greater Manchester,2017/18,23.0,Inactive,Proportion,Persons,Worse\n"
    )
    rows = fingertips_extract_rows(path)
    assert [(r.area_code, r.period, r.value, r.published_vs_england) for r in rows] == [
        ("E92000001", "2017/18", 22.2, ""),
        ("E07000243", "2017/18", 25.3, "Similar"),
    ]
    assert all(r.count is None and r.lower95 is None for r in rows)


@pytest.mark.parametrize(("rank", "label"), [(1, "Most deprived decile"), (10, "Least deprived decile")])
def test_deciles_are_worded_as_fingertips_words_them(rank: int, label: str) -> None:
    from wellboard.indicators.selectors import deprivation_rank

    assert DECILES[rank - 1] == label
    assert deprivation_rank(label) == rank
