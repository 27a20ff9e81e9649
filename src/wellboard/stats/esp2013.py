"""The 2013 European Standard Population in 19 five-year bands with an open 90+ band.

Source: Eurostat (2013) *Revision of the European Standard Population*, KS-RA-13-028,
as used by ONS and OHID for directly standardised rates. The populations sum to 100,000.
"""

from __future__ import annotations

import numpy as np

from wellboard.stats.estimate import FloatArray

ESP2013_BANDS: tuple[str, ...] = (
    "0-4",
    "5-9",
    "10-14",
    "15-19",
    "20-24",
    "25-29",
    "30-34",
    "35-39",
    "40-44",
    "45-49",
    "50-54",
    "55-59",
    "60-64",
    "65-69",
    "70-74",
    "75-79",
    "80-84",
    "85-89",
    "90+",
)
"""Labels of the 19 bands, youngest first."""

ESP2013_START_AGES: tuple[int, ...] = tuple(range(0, 95, 5))
"""Start age of each band (0, 5, ..., 90)."""

ESP2013: FloatArray = np.array(
    [
        *(5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000),
        *(7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000),
    ],
    dtype=np.float64,
)
"""Standard population of each band, youngest first (0-4 ... 85-89, 90+)."""
ESP2013.flags.writeable = False
