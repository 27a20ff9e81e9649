"""Keys factorised once give the same results as the keys themselves, in the same order."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard import stats

area_codes = st.lists(st.sampled_from(["E01000001", "E01000002", "E05012345", "E07000243"]), min_size=1)


@given(area_codes, st.data())
def test_factorised_keys_give_the_same_proportions_as_the_raw_keys(
    codes: list[str], data: st.DataObject
) -> None:
    size = len(codes)
    denominators = np.array(
        data.draw(st.lists(st.integers(1, 500), min_size=size, max_size=size)), dtype=float
    )
    numerators = np.floor(denominators / 3)
    raw = stats.proportion(numerators, denominators, groups=codes)
    coded = stats.proportion(numerators, denominators, groups=stats.factorise(codes))
    assert raw.groups is not None
    assert coded.groups is not None
    assert list(coded.groups) == list(raw.groups)
    np.testing.assert_array_equal(coded.value, raw.value)
    np.testing.assert_array_equal(coded.lower, raw.lower)


def test_object_arrays_of_area_codes_factorise_to_sorted_labels() -> None:
    keys = stats.factorise(np.array(["E07000243", "E01000001", "E07000243"], dtype=object))
    assert list(keys.labels) == ["E01000001", "E07000243"]
    assert list(keys.codes) == [1, 0, 1]


def test_labels_no_row_uses_do_not_become_empty_groups() -> None:
    keys = stats.factorise(["a", "b", "c"])
    subset = stats.GroupKeys(labels=keys.labels, codes=keys.codes[[0, 2]])
    result = stats.rate([4.0, 9.0], [100.0, 100.0], groups=subset)
    assert list(result.groups) == ["a", "c"]


def test_factorised_keys_must_match_the_rows() -> None:
    with pytest.raises(ValueError, match="groups has 3 rows but the data have 2"):
        stats.rate([1.0, 2.0], [10.0, 10.0], groups=stats.factorise(["a", "b", "c"]))


def test_mixed_key_types_are_refused() -> None:
    with pytest.raises(ValueError, match="sortable keys of one type"):
        stats.factorise(np.array(["a", 1, "b"], dtype=object))
