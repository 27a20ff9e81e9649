"""Grouped sums without Python loops: rows are mapped to group codes once, then summed.

Every estimator first sums its inputs per group (as PHEindicatormethods does for grouped
data frames) and then works on one row per group. The mapping is computed once per call
and reused for every column, so the cost is one pass to build codes plus one
``np.bincount`` per summed column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wellboard.stats.estimate import FloatArray

IntArray = NDArray[np.intp]

# Integer keys spanning at most this many values per row (plus a constant) are coded with a
# counting pass instead of a sort: O(n) and several times faster than np.unique on a million
# rows, while the scratch array stays small.
_DENSE_SPAN_PER_ROW = 4
_DENSE_SPAN_EXTRA = 1 << 16


@dataclass(frozen=True, slots=True)
class Grouping:
    """How input rows map onto result rows.

    Attributes:
        keys: sorted unique group keys, or ``None`` when the caller gave no groups.
        codes: result index of every input row, or ``None`` when each row is its own result.
        size: number of result rows.
    """

    keys: NDArray[Any] | None
    codes: IntArray | None
    size: int

    def sum(self, values: FloatArray) -> FloatArray:
        """Sum ``values`` per group; NaN in any row makes that group's sum NaN."""
        if self.codes is None:
            return np.array(values, dtype=np.float64, copy=True)
        summed = np.bincount(self.codes, weights=values, minlength=self.size)
        return summed.astype(np.float64, copy=False)

    def rows(self) -> FloatArray:
        """Number of input rows in each group."""
        if self.codes is None:
            return np.ones(self.size)
        return np.bincount(self.codes, minlength=self.size).astype(np.float64)

    def any(self, mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """True for each group where ``mask`` is true in at least one row."""
        if self.codes is None:
            return np.array(mask, dtype=bool, copy=True)
        return np.bincount(self.codes, weights=mask.astype(np.float64), minlength=self.size) > 0

    def order(self) -> IntArray:
        """A stable permutation of the input rows that sorts them by group."""
        if self.codes is None:
            return np.arange(self.size, dtype=np.intp)
        return np.argsort(self.codes, kind="stable")


@dataclass(frozen=True, slots=True, eq=False)
class GroupKeys:
    """Group keys factorised once: the sorted distinct labels and each row's index into them.

    Coding string keys (area codes) costs a sort; integer codes cost one counting pass. A caller
    that runs several methods, or one method at two confidence levels, over the same keys
    factorises them once with :func:`factorise` and passes the result as ``groups``: each method
    then costs what it costs with integer keys.
    """

    labels: NDArray[Any]
    codes: IntArray

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> IntArray:
        # As an array the keys are their codes, which sort as the labels do.
        return self.codes if dtype is None else self.codes.astype(dtype)


def factorise(groups: ArrayLike) -> GroupKeys:
    """Code ``groups`` (one key per row) once, for reuse by every method given the same rows."""
    if isinstance(groups, GroupKeys):
        return groups
    keys = np.asarray(groups)
    grouping = group_rows(keys, int(keys.shape[0]) if keys.ndim == 1 else -1)
    if grouping.keys is None or grouping.codes is None:  # pragma: no cover - keys were given
        raise ValueError("groups must be one key per row")
    return GroupKeys(labels=grouping.keys, codes=grouping.codes)


def _dense_integer_codes(keys: NDArray[Any]) -> tuple[NDArray[Any], IntArray] | None:
    """Code integer keys by counting when their range is small; ``None`` if it is not."""
    low = int(keys.min())
    high = int(keys.max())
    span = high - low + 1
    if span > _DENSE_SPAN_PER_ROW * keys.shape[0] + _DENSE_SPAN_EXTRA:
        return None
    offsets = keys.astype(np.intp, copy=False) if low == 0 else (keys - low).astype(np.intp, copy=False)
    present = np.bincount(offsets, minlength=span) > 0
    if present.all():
        # Keys that are already 0..n-1 (codes from ``factorise``, say) are their own codes.
        return np.arange(low, high + 1).astype(keys.dtype, copy=False), offsets
    position = np.cumsum(present, dtype=np.intp) - 1
    unique = (np.flatnonzero(present) + low).astype(keys.dtype, copy=False)
    return unique, position[offsets]


def _ascii_string_codes(keys: NDArray[Any]) -> tuple[NDArray[Any], IntArray] | None:
    """Code fixed-width ASCII string keys by packing them into integers and sorting those.

    Comparing unicode strings is slow (np.unique on a million area codes takes ~0.4 s);
    packing 7 bits per character, first character highest, keeps the same order and lets
    numpy sort plain integers instead. Returns ``None`` for non-ASCII keys.
    """
    width = keys.dtype.itemsize // 4
    if width == 0:
        return None
    chars = np.ascontiguousarray(keys).view(np.uint32).reshape(-1, width)
    if chars.max(initial=0) >= 128:
        return None
    per_word = 9  # 9 characters x 7 bits fit in 64 bits
    words = []
    for start in range(0, width, per_word):
        word = np.zeros(keys.shape[0], dtype=np.uint64)
        for column in range(start, min(start + per_word, width)):
            word = (word << np.uint64(7)) | chars[:, column].astype(np.uint64)
        words.append(word)
    if len(words) == 1:
        _, first, inverse = np.unique(words[0], return_index=True, return_inverse=True)
        return keys[first], inverse.reshape(-1).astype(np.intp, copy=False)
    order = np.lexsort(words[::-1])
    change = np.zeros(keys.shape[0], dtype=bool)
    change[0] = True
    for word in words:
        ordered = word[order]
        change[1:] |= ordered[1:] != ordered[:-1]
    run = np.cumsum(change) - 1
    inverse = np.empty(keys.shape[0], dtype=np.intp)
    inverse[order] = run
    return keys[order[change]], inverse


def _string_keys(keys: NDArray[Any]) -> NDArray[Any] | None:
    """Object arrays that hold only str keys, as a fixed-width unicode array; else ``None``."""
    # Checking the types directly is several times faster than converting back and comparing.
    if set(map(type, keys.tolist())) != {str}:
        return None
    return keys.astype(str)


def group_rows(groups: ArrayLike | None, size: int, *, pool_ungrouped: bool = False) -> Grouping:
    """Build the row-to-result mapping for ``groups`` (one key per input row).

    With ``groups=None`` each row is its own result, unless ``pool_ungrouped`` is set, in
    which case all rows form a single result (methods such as DSR and life expectancy are
    only meaningful over a set of rows).
    """
    if groups is None:
        if pool_ungrouped:
            return Grouping(None, np.zeros(size, dtype=np.intp), 1 if size else 0)
        return Grouping(None, None, size)
    if isinstance(groups, GroupKeys):
        return _from_factorised(groups, size)
    keys = np.asarray(groups)
    if keys.ndim != 1:
        raise ValueError(f"groups must be one-dimensional, got shape {keys.shape}")
    if keys.shape[0] != size:
        raise ValueError(f"groups has {keys.shape[0]} rows but the data have {size}")
    if size == 0:
        return Grouping(keys[:0], np.zeros(0, dtype=np.intp), 0)
    coded = None
    if keys.dtype == object:
        as_strings = _string_keys(keys)
        keys = keys if as_strings is None else as_strings
    if np.issubdtype(keys.dtype, np.integer):
        coded = _dense_integer_codes(keys)
    elif keys.dtype.kind == "U":
        coded = _ascii_string_codes(keys)
    if coded is None:
        try:
            unique, inverse = np.unique(keys, return_inverse=True)
        except TypeError as error:
            raise ValueError("groups must be sortable keys of one type (e.g. all str or all int)") from error
        coded = (unique, inverse.reshape(-1).astype(np.intp, copy=False))
    unique, codes = coded
    return Grouping(unique, codes, int(unique.shape[0]))


def _from_factorised(groups: GroupKeys, size: int) -> Grouping:
    """The grouping of keys factorised earlier: a counting pass over their codes, as for integers."""
    if groups.codes.shape[0] != size:
        raise ValueError(f"groups has {groups.codes.shape[0]} rows but the data have {size}")
    if size == 0:
        return Grouping(groups.labels[:0], np.zeros(0, dtype=np.intp), 0)
    # Labels no row uses (e.g. after the caller filtered the rows) must not become empty results.
    coded = _dense_integer_codes(groups.codes)
    if coded is None:  # a few rows left of many labels: sorting the few is cheaper than counting
        unique, inverse = np.unique(groups.codes, return_inverse=True)
        coded = (unique, inverse.reshape(-1).astype(np.intp, copy=False))
    present, codes = coded
    return Grouping(groups.labels[present], codes, int(present.shape[0]))
