"""Age bands: parsing labels such as "0-4", "90+", "7" or "All ages", and the ESP2013 bands.

Pure Python, shared by the population importer and the selectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALL_AGES = "All ages"
OPEN_AGE = 90  # ONS single-year files stop at "90+"


@dataclass(frozen=True)
class AgeBand:
    label: str
    age_from: int
    age_to: int | None  # None: open-ended (90+, All ages)

    def contains(self, other: AgeBand) -> bool:
        if other.age_from < self.age_from:
            return False
        if self.age_to is None:
            return True
        return other.age_to is not None and other.age_to <= self.age_to


# The 2013 European Standard Population's 19 bands (0-4 … 85-89, 90+), as DSRs use them.
ESP2013_BANDS: tuple[AgeBand, ...] = (
    *(AgeBand(f"{a}-{a + 4}", a, a + 4) for a in range(0, 90, 5)),
    AgeBand("90+", 90, None),
)

_RANGE = re.compile(r"^(\d{1,3})\s*(?:-|\u2013|to)\s*(\d{1,3})$")
_OPEN = re.compile(r"^(\d{1,3})\s*(?:\+|and over|plus)$")
_SINGLE = re.compile(r"^(\d{1,3})$")
_ALL = {"all ages", "all", "total", "all_ages"}


def parse_age_band(text: str) -> AgeBand:
    """The band a label names, with its label in one canonical form.

    >>> parse_age_band("0 to 4")
    AgeBand(label='0-4', age_from=0, age_to=4)
    Raises ValueError for anything else.
    """
    raw = " ".join((text or "").strip().lower().split())
    if raw in _ALL:
        return AgeBand(ALL_AGES, 0, None)
    if match := _SINGLE.match(raw):
        age = int(match.group(1))
        return AgeBand(str(age), age, age)
    if match := _OPEN.match(raw):
        age = int(match.group(1))
        return AgeBand(f"{age}+", age, None)
    if match := _RANGE.match(raw):
        low, high = int(match.group(1)), int(match.group(2))
        if high < low:
            raise ValueError(f"the age band '{text}' ends before it starts")
        if low == high:
            return AgeBand(str(low), low, low)
        return AgeBand(f"{low}-{high}", low, high)
    raise ValueError(f"'{text}' is not an age band: use a single age (7), a range (0-4), 90+ or All ages")


def esp_band_index(age: int) -> int:
    """Which of the 19 ESP2013 bands a single year of age falls in (90 and over: the last)."""
    if age < 0:
        raise ValueError("an age cannot be negative")
    return min(age // 5, len(ESP2013_BANDS) - 1)
