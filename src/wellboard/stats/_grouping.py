"""Grouped sums without Python loops: rows are mapped to group codes once, then summed.

Every estimator first sums its inputs per group (as PHEindicatormethods does for grouped
data frames) and then works on one row per group. The mapping is computed once per call
and reused for every column, so the cost is one pass to build codes plus one
``np.bincount`` per summed column.
"""

from __future__ import annotations

import math
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
    then costs what it costs with integer keys, or less, since keys from :func:`factorise` are
    known to use every label and need no counting pass at all.

    Attributes:
        labels: sorted distinct keys.
        codes: each row's index into ``labels``; treat as read-only (it is left writeable only
            because numpy copies read-only arrays on every ``np.bincount``).
        every_label_used: true only when every label has at least one row (as :func:`factorise`
            guarantees); a caller who builds keys by hand, for a subset of rows say, leaves it
            false and unused labels are dropped from the results.
    """

    labels: NDArray[Any]
    codes: IntArray
    every_label_used: bool = False

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> IntArray:
        # As an array the keys are their codes, which sort as the labels do.
        return self.codes if dtype is None else self.codes.astype(dtype)


def factorise(groups: ArrayLike) -> GroupKeys:
    """Code ``groups`` (one key per row) once, for reuse by every method given the same rows.

    Keys may be str (area codes), int, or tuples of them (e.g. ``(area, sex)``), which sort
    as Python sorts tuples; the results of every method come back in the labels' order.
    """
    if isinstance(groups, GroupKeys):
        return groups
    keys = _as_keys(groups)
    grouping = group_rows(keys, int(keys.shape[0]) if keys.ndim == 1 else -1)
    if grouping.keys is None or grouping.codes is None:  # pragma: no cover - keys were given
        raise ValueError("groups must be one key per row")
    # Copies, as integer codes can be the caller's own array. The codes stay writeable although
    # nothing may change them: np.bincount copies a read-only array on every call.
    codes = np.array(grouping.codes, dtype=np.intp)
    labels = np.array(grouping.keys, dtype=grouping.keys.dtype)
    labels.flags.writeable = False
    return GroupKeys(labels=labels, codes=codes, every_label_used=True)


def _dense_integer_codes(keys: NDArray[Any]) -> tuple[NDArray[Any], IntArray] | None:
    """Code integer keys by counting when their range is small; ``None`` if it is not."""
    low = int(keys.min())
    high = int(keys.max())
    span = high - low + 1
    if span > _DENSE_SPAN_PER_ROW * keys.shape[0] + _DENSE_SPAN_EXTRA:
        return None
    offsets = keys.astype(np.intp, copy=False) if low == 0 else (keys - low).astype(np.intp, copy=False)
    # Marking the keys seen is cheaper than counting them, and all a presence test needs.
    present = np.zeros(span, dtype=bool)
    present[offsets] = True
    if present.all():
        # Keys that are already 0..n-1 (codes from ``factorise``, say) are their own codes.
        return np.arange(low, high + 1).astype(keys.dtype, copy=False), offsets
    position = np.cumsum(present, dtype=np.intp) - 1
    unique = (np.flatnonzero(present) + low).astype(keys.dtype, copy=False)
    return unique, position[offsets]


def _integer_codes(keys: NDArray[Any]) -> tuple[NDArray[Any], IntArray]:
    """Sorted distinct integer keys and each row's index into them: counting if dense, else sorting."""
    coded = _dense_integer_codes(keys)
    if coded is None:
        unique, inverse = np.unique(keys, return_inverse=True)
        coded = (unique, inverse.reshape(-1).astype(np.intp, copy=False))
    return coded


def _ascii_string_codes(keys: NDArray[Any]) -> tuple[NDArray[Any], IntArray] | None:
    """Code fixed-width ASCII string keys by packing them into integers in the same order.

    Comparing unicode strings is slow (np.unique on a million area codes takes ~0.4 s). Each
    character position is read as a digit in its own base (the range of characters seen there,
    first position most significant), which keeps the strings' order. Area codes vary in only a
    few positions and a few characters each, so their packed values are usually dense enough to
    code by counting, with no sort at all. Returns ``None`` for non-ASCII keys.
    """
    rows = keys.shape[0]
    width = keys.dtype.itemsize // 4
    if width == 0:
        return None
    chars = np.ascontiguousarray(keys).view(np.uint32).reshape(rows, width)
    if chars.max(initial=0) >= 128:
        return None
    # One contiguous row per character position: reducing along rows of a strided view is slow.
    columns = np.ascontiguousarray(chars.astype(np.uint8).T)
    low = columns.min(axis=1)
    bases = columns.max(axis=1).astype(np.int64) - low + 1
    varying = [int(position) for position in np.flatnonzero(bases > 1)]
    if math.prod(int(bases[position]) for position in varying) >= 1 << 62:
        return _packed_words_codes(keys, chars)
    packed = np.zeros(rows, dtype=np.int64)
    for position in varying:
        packed *= int(bases[position])
        packed += columns[position] - low[position]
    _, codes = _integer_codes(packed)
    # Any row of a group gives its label (equal packed values are equal strings).
    first = np.empty(int(codes.max(initial=-1)) + 1, dtype=np.intp)
    first[codes] = np.arange(rows, dtype=np.intp)
    return keys[first], codes


def _packed_words_codes(keys: NDArray[Any], chars: NDArray[np.uint32]) -> tuple[NDArray[Any], IntArray]:
    """Long ASCII keys: 7 bits per character, 9 characters per word, words sorted together."""
    rows, width = chars.shape
    per_word = 9  # 9 characters x 7 bits fit in 64 bits
    words = []
    for start in range(0, width, per_word):
        word = np.zeros(rows, dtype=np.uint64)
        for column in range(start, min(start + per_word, width)):
            word = (word << np.uint64(7)) | chars[:, column].astype(np.uint64)
        words.append(word)
    order = np.lexsort(words[::-1])
    change = np.zeros(rows, dtype=bool)
    change[0] = True
    for word in words:
        ordered = word[order]
        change[1:] |= ordered[1:] != ordered[:-1]
    run = np.cumsum(change) - 1
    inverse = np.empty(rows, dtype=np.intp)
    inverse[order] = run
    return keys[order[change]], inverse


def _str_array(values: list[Any]) -> NDArray[Any] | None:
    """``values`` as a fixed-width unicode array if every one is a str; else ``None``."""
    # Checking the types directly is several times faster than converting back and comparing,
    # and giving numpy the width saves it measuring every string again (2-3x faster).
    if set(map(type, values)) != {str}:
        return None
    width = max(map(len, values), default=0)
    return np.array(values, dtype=f"U{width or 1}")


def _string_keys(keys: NDArray[Any]) -> NDArray[Any] | None:
    """Object arrays that hold only str keys, as a fixed-width unicode array; else ``None``."""
    return _str_array(keys.tolist())


def _as_keys(groups: ArrayLike) -> NDArray[Any]:
    """One key per row as a 1-D array; a sequence of tuples becomes an object array of tuples."""
    if isinstance(groups, np.ndarray):
        return groups
    if isinstance(groups, list | tuple) and groups and isinstance(groups[0], tuple):
        # np.asarray would make a 2-D array of strings and lose the parts' types.
        return np.fromiter(groups, dtype=object, count=len(groups))
    if isinstance(groups, list) and groups and isinstance(groups[0], str):
        as_strings = _str_array(groups)
        if as_strings is not None:
            return as_strings
    return np.asarray(groups)


def _column_keys(values: list[Any]) -> NDArray[Any]:
    """One part of tuple keys as an array of its natural type (str, int, or objects)."""
    as_strings = _str_array(values)
    if as_strings is not None:
        return as_strings
    if set(map(type, values)) <= {int, bool}:
        try:
            return np.array(values, dtype=np.int64)
        except OverflowError:
            pass
    return np.array(values, dtype=object)


def _tuple_codes(keys: NDArray[Any]) -> tuple[NDArray[Any], IntArray]:
    """Code tuple keys (e.g. ``(area, sex)``) part by part, in Python's order for tuples."""
    items = keys.tolist()
    if set(map(type, items)) != {tuple} or len({len(item) for item in items}) != 1 or not items[0]:
        raise ValueError("tuple group keys must all be tuples of the same, non-zero length")
    parts = [group_rows(_column_keys(list(part)), len(items)) for part in zip(*items, strict=True)]
    sizes = [part.size for part in parts]
    if math.prod(sizes) < 1 << 62:
        # Mixed-radix number of each row's part codes: ordered as the tuples are.
        combined = np.zeros(len(items), dtype=np.int64)
        for part, size in zip(parts, sizes, strict=True):
            combined *= size
            combined += part.codes if part.codes is not None else 0
        unique, codes = _integer_codes(combined)
        indices = []
        for size in reversed(sizes):
            indices.append(unique % size)
            unique = unique // size
        indices.reverse()
    else:  # pragma: no cover - needs more than 2**62 possible combinations
        stacked = np.stack([part.codes for part in parts if part.codes is not None], axis=1)
        rows, inverse = np.unique(stacked, axis=0, return_inverse=True)
        codes = inverse.reshape(-1).astype(np.intp, copy=False)
        indices = list(rows.T)
    labels = [
        part.keys[index].tolist() for part, index in zip(parts, indices, strict=True) if part.keys is not None
    ]
    return np.fromiter(zip(*labels, strict=True), dtype=object, count=len(indices[0])), codes


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
    keys = _as_keys(groups)
    if keys.ndim != 1:
        raise ValueError(f"groups must be one-dimensional, got shape {keys.shape}")
    if keys.shape[0] != size:
        raise ValueError(f"groups has {keys.shape[0]} rows but the data have {size}")
    if size == 0:
        return Grouping(keys[:0], np.zeros(0, dtype=np.intp), 0)
    coded = None
    if keys.dtype == object:
        if isinstance(keys[0], tuple):
            unique, codes = _tuple_codes(keys)
            return Grouping(unique, codes, int(unique.shape[0]))
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
    """The grouping of keys factorised earlier: nothing to do, or a counting pass over a subset."""
    if groups.codes.shape[0] != size:
        raise ValueError(f"groups has {groups.codes.shape[0]} rows but the data have {size}")
    if groups.every_label_used:
        return Grouping(groups.labels, groups.codes, int(groups.labels.shape[0]))
    if size == 0:
        return Grouping(groups.labels[:0], np.zeros(0, dtype=np.intp), 0)
    # Labels no row uses (e.g. after the caller filtered the rows) must not become empty results.
    present, codes = _integer_codes(groups.codes)
    return Grouping(groups.labels[present], codes, int(present.shape[0]))
