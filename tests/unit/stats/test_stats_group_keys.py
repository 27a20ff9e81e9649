"""Whatever the keys (area codes, other strings of any length, ints, tuples), every method gives
exactly what it gives with integer keys numbered in the keys' sorted order, whether the keys are
passed as they are or factorised once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from wellboard import stats

SETTINGS = settings(max_examples=60, deadline=None)
Method = Callable[[dict[str, np.ndarray], Any], stats.Estimate]

# numpy's fixed-width strings drop trailing NUL characters, so "a" and "a\0" would be one key.
TEXT = st.text(st.characters(blacklist_characters="\x00"), max_size=12)
AREA_CODES = st.builds(
    "{}{:02d}{:06d}".format, st.sampled_from("EWSN"), st.integers(0, 99), st.integers(0, 999_999)
)
ASCII = st.text(st.characters(min_codepoint=1, max_codepoint=127), max_size=20)

KEY_SETS: dict[str, st.SearchStrategy[Any]] = {
    "area codes": AREA_CODES,
    "ascii strings of mixed length": ASCII,
    "any strings": TEXT,
    "ints": st.integers(-(2**62), 2**62),
    "small ints": st.integers(-5, 5),
    "(area, sex) tuples": st.tuples(AREA_CODES, st.sampled_from(["female", "male", "persons"])),
    "(str, int) tuples": st.tuples(ASCII, st.integers(-3, 3)),
    "(int, str, int) tuples": st.tuples(st.integers(0, 2), TEXT, st.integers(-(2**40), 2**40)),
}


def _quantiles(columns: dict[str, np.ndarray], groups: Any) -> stats.Estimate:
    # quantiles() returns per-row quantile numbers, not an Estimate; wrap them to compare alike.
    assigned = stats.quantiles(columns["x"], n=2, groups=groups)
    return stats.Estimate(value=assigned, lower=assigned, upper=assigned, groups=None, confidence=0.95)


METHODS: dict[str, Method] = {
    "proportion": lambda c, g: stats.proportion(c["n"], c["d"], groups=g),
    "rate": lambda c, g: stats.rate(c["n"], c["d"], groups=g),
    "mean": lambda c, g: stats.mean(c["x"], groups=g),
    "dsr": lambda c, g: stats.dsr(c["n"], c["d"], c["std"], groups=g),
    "isr": lambda c, g: stats.isr(c["n"], c["d"], c["ref_n"], c["ref_d"], groups=g),
    "smr": lambda c, g: stats.smr(c["n"], c["d"], c["ref_n"], c["ref_d"], groups=g),
    "quantiles": _quantiles,
}


def _ranks(keys: list[Any]) -> tuple[list[Any], np.ndarray]:
    """The sorted distinct keys (Python's order) and each row's position among them."""
    distinct = sorted(set(keys))
    position = {key: index for index, key in enumerate(distinct)}
    return distinct, np.array([position[key] for key in keys], dtype=np.int64)


def _columns(draw: st.DrawFn, size: int) -> dict[str, np.ndarray]:
    def floats(low: int, high: int) -> np.ndarray:
        return np.array(draw(st.lists(st.integers(low, high), min_size=size, max_size=size)), dtype=float)

    d = floats(1, 5_000)
    return {
        "n": np.floor(d * floats(0, 100) / 100),
        "d": d,
        "x": floats(-1_000, 1_000) / 7,
        "std": floats(0, 8_000),
        "ref_n": floats(1, 500),
        "ref_d": floats(1_000, 100_000),
    }


@st.composite
def keyed_rows(draw: st.DrawFn) -> tuple[str, list[Any], dict[str, np.ndarray]]:
    kind = draw(st.sampled_from(sorted(KEY_SETS)))
    pool = draw(st.lists(KEY_SETS[kind], min_size=1, max_size=8, unique=True))
    keys = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=40))
    return kind, keys, _columns(draw, len(keys))


def _as_given(keys: list[Any], form: str) -> Any:
    """The same keys as a caller might hold them: a list, a numpy array, or an object array."""
    if form == "list" or isinstance(keys[0], tuple):
        return list(keys)
    if form == "array":
        return np.array(keys)
    return np.array(keys, dtype=object)


def _assert_same(expected: stats.Estimate, actual: stats.Estimate) -> None:
    for name in ("value", "lower", "upper", "count", "denominator"):
        wanted, got = getattr(expected, name), getattr(actual, name)
        if wanted is None:
            assert got is None
        else:
            assert_array_equal(got, wanted, err_msg=name)


@SETTINGS
@given(keyed_rows(), st.sampled_from(sorted(METHODS)), st.sampled_from(["list", "array", "object"]))
def test_any_keys_give_what_integer_keys_give(
    rows: tuple[str, list[Any], dict[str, np.ndarray]], method: str, form: str
) -> None:
    _, keys, columns = rows
    distinct, integer = _ranks(keys)
    run = METHODS[method]
    expected = run(columns, integer)
    given_keys = _as_given(keys, form)
    factorised = stats.factorise(given_keys)
    assert factorised.labels.tolist() == distinct
    for groups in (given_keys, factorised):
        actual = run(columns, groups)
        _assert_same(expected, actual)
        if expected.groups is not None:
            assert actual.groups is not None
            assert actual.groups.tolist() == distinct


@SETTINGS
@given(st.sampled_from(sorted(KEY_SETS)), st.data())
def test_life_expectancy_with_any_keys(kind: str, data: st.DataObject) -> None:
    areas = data.draw(st.lists(KEY_SETS[kind], min_size=1, max_size=4, unique=True))
    ages = np.array([0, 1, *range(5, 95, 5)], dtype=float)
    order = np.array(data.draw(st.permutations(range(20 * len(areas)))))
    keys = [areas[index] for index in np.repeat(np.arange(len(areas)), 20)[order]]
    start_age = np.tile(ages, len(areas))[order]
    pops = np.array(data.draw(st.lists(st.integers(300, 3_000), min_size=order.size, max_size=order.size)))
    deaths = np.maximum(np.floor(pops * np.geomspace(3e-4, 0.3, 20)[np.searchsorted(ages, start_age)]), 1)
    distinct, integer = _ranks(keys)
    expected = stats.life_expectancy(deaths, pops, start_age, groups=integer, at_age="all")
    for groups in (keys, stats.factorise(keys)):
        actual = stats.life_expectancy(deaths, pops, start_age, groups=groups, at_age="all")
        _assert_same(expected, actual)
        assert actual.groups is not None
        assert actual.groups.tolist() == [key for key in distinct for _ in range(20)]


@SETTINGS
@given(keyed_rows(), st.data())
def test_factorised_keys_for_a_subset_of_rows_drop_unused_labels(
    rows: tuple[str, list[Any], dict[str, np.ndarray]], data: st.DataObject
) -> None:
    _, keys, columns = rows
    factorised = stats.factorise(keys)
    keep = np.array(data.draw(st.lists(st.booleans(), min_size=len(keys), max_size=len(keys))))
    if not keep.any():
        keep[0] = True
    subset_keys = [key for key, kept in zip(keys, keep, strict=True) if kept]
    subset = stats.GroupKeys(labels=factorised.labels, codes=factorised.codes[keep])
    direct = stats.rate(columns["n"][keep], columns["d"][keep], groups=subset_keys)
    reused = stats.rate(columns["n"][keep], columns["d"][keep], groups=subset)
    _assert_same(direct, reused)
    assert reused.groups is not None
    assert direct.groups is not None
    assert reused.groups.tolist() == direct.groups.tolist()


def test_factorised_keys_are_copies() -> None:
    integer = np.array([2, 0, 1, 2])
    keys = stats.factorise(integer)
    assert keys.every_label_used
    assert not np.shares_memory(keys.codes, integer)
    assert not keys.labels.flags.writeable
    assert integer.flags.writeable


@pytest.mark.parametrize(
    "keys",
    [
        [("a", 1), "b"],
        [("a", 1), ("b",)],
        [("a", 1), (2, 1)],
        np.array(["a", 1], dtype=object),
    ],
)
def test_keys_that_do_not_sort_together_are_refused(keys: Any) -> None:
    with pytest.raises(ValueError, match="keys"):
        stats.factorise(keys)
    with pytest.raises(ValueError, match="keys"):
        stats.rate(np.ones(len(keys)), np.ones(len(keys)), groups=keys)
