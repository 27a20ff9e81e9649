"""Tests for the row-to-group coding: every fast path must agree with np.unique."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from wellboard.stats._grouping import group_rows


def _agrees(keys: np.ndarray) -> None:
    grouping = group_rows(keys, keys.shape[0])
    unique, inverse = np.unique(keys, return_inverse=True)
    assert grouping.keys is not None
    assert grouping.codes is not None
    assert_array_equal(grouping.keys, unique)
    assert_array_equal(grouping.codes, inverse.reshape(-1))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=50))
def test_integer_keys(values: list[int]) -> None:
    _agrees(np.array(values, dtype=np.int64))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=25), min_size=1, max_size=40))
def test_string_keys_including_long_and_non_ascii(values: list[str]) -> None:
    _agrees(np.array(values, dtype=str))
    _agrees(np.array(values, dtype=object).astype(str))


def test_object_arrays_of_strings_take_the_string_path() -> None:
    keys = np.array(["E06000001", "E07000243", "E06000001"], dtype=object)
    grouping = group_rows(keys, 3)
    assert grouping.keys is not None
    assert list(grouping.keys) == ["E06000001", "E07000243"]


def test_dense_and_sparse_integers() -> None:
    _agrees(np.array([5, 3, 5, 1_000_000_000_000, 3]))
    _agrees(np.repeat(np.arange(1000), 3)[::-1].copy())


def test_ungrouped_and_pooled() -> None:
    assert group_rows(None, 4).codes is None
    pooled = group_rows(None, 4, pool_ungrouped=True)
    assert pooled.size == 1
    assert pooled.keys is None


def test_mixed_types_are_rejected() -> None:
    with pytest.raises(ValueError, match="sortable"):
        group_rows(np.array(["a", 1], dtype=object), 2)
