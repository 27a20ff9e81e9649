"""Real figures for the demo's indicators, worked out from the reference data files.

Two kinds, both with the counts and denominators Wellboard needs to compute confidence limits
(Wilson) and so compare areas:

* the share of residents who are income deprived and of working-age residents who are employment
  deprived: the English Indices of Deprivation 2025 publish each LSOA's income and employment
  domain scores, which *are* those proportions; times the LSOA's population they give a count,
  which adds up to wards, districts, Hertfordshire, England and deprivation deciles;
* the share of residents aged 0 to 15 and aged 60 and over, from the ONS mid-2015 LSOA populations
  that MHCLG published as the Indices of Deprivation 2019's denominators.

Deprivation deciles are England's (every LSOA in England ranked together) for England and
Hertfordshire, and local ones for each Hertfordshire district (the district's own LSOAs ranked by
their IMD score and cut into ten groups of as near equal size as they divide), as Public Health
England's local inequality figures are: a district like Stevenage has no LSOA among England's most
deprived tenth, so England's deciles would leave one out.

This module only reads files and adds up; ``step_40_indicators`` saves what it returns through the
indicator services, which compute the limits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wellboard.demo.indicator_data import ENGLAND, HERTS, HERTS_DISTRICTS, STEVENAGE
from wellboard.indicators.services import ObservationInput

DECILES = (
    "Most deprived decile",
    "Second most deprived decile",
    "Third more deprived decile",
    "Fourth more deprived decile",
    "Fifth more deprived decile",
    "Fifth less deprived decile",
    "Fourth less deprived decile",
    "Third less deprived decile",
    "Second least deprived decile",
    "Least deprived decile",
)

IMD2025 = Path("imd2025") / "imd2025_lsoa21_england.csv"
IMD2019 = Path("imd2019") / "imd2019_lsoa11_england.csv"
DENOMINATORS = Path("imd2019") / "File_6_IoD2019_Population_Denominators.csv"
LSOA11_TO_LSOA21 = Path("geography") / "lookup_lsoa11_lsoa21_ltla22.csv"
LSOA11_TO_WARD = Path("geography") / "LSOA11_WD19_LAD19_EW_LU_Dec2019.csv"
NEEDED = (IMD2025, IMD2019, DENOMINATORS, LSOA11_TO_LSOA21, LSOA11_TO_WARD)


@dataclass(frozen=True)
class Breakdowns:
    """What deprivation deciles are called for one edition of the Indices."""

    national: str  # England's deciles, for England and Hertfordshire
    local: str  # each district's own deciles


IOD2025 = Breakdowns(
    "Deprivation decile (IMD2025)", "Local deprivation decile (IMD2025, LSOAs ranked within the district)"
)
IOD2019 = Breakdowns(
    "Deprivation decile (IMD2019)", "Local deprivation decile (IMD2019, LSOAs ranked within the district)"
)


def files_present(data: Path) -> bool:
    return all((data / name).is_file() for name in NEEDED)


def local_deciles(frame: pd.DataFrame, *, district: str, score: str) -> pd.Series:
    """Each LSOA's decile within its own district: ranked by IMD score (most deprived first) and cut
    into ten groups whose sizes differ by at most one."""
    order = frame.groupby(district)[score].rank(method="first", ascending=False) - 1
    size = frame.groupby(district)[score].transform("size")
    return (order * 10 // size + 1).astype(int)


def _observations(
    totals: pd.DataFrame, *, area: str | None, period: str, note: str, category_type: str = ""
) -> list[ObservationInput]:
    """One observation per row of ``totals`` (columns ``count`` and ``denominator``, indexed by area
    code, or by decile for ``area``), counts rounded to whole people."""
    rows = []
    for key, count, denominator in zip(totals.index, totals["count"], totals["denominator"], strict=True):
        people = round(float(denominator))
        if people <= 0:
            continue
        rows.append(
            ObservationInput(
                area_code=area if area is not None else str(key),
                period=period,
                category_type=category_type if area is not None else "",
                category=DECILES[int(key) - 1] if area is not None else "",
                count=min(round(float(count)), people),
                denominator=people,
                note=note,
            )
        )
    return rows


def _summed(frame: pd.DataFrame, by: str | pd.Series) -> pd.DataFrame:
    return frame.groupby(by)[["count", "denominator"]].sum()


def _everywhere(
    lsoas: pd.DataFrame,
    *,
    wards: pd.DataFrame,
    period: str,
    note: str,
    breakdowns: Breakdowns,
    lsoa_codes: Iterable[str],
) -> list[ObservationInput]:
    """Figures for Stevenage's LSOAs and wards, every district, Hertfordshire, England, and by
    deprivation decile. ``lsoas`` has one row per LSOA: ``lsoa``, ``district``, ``decile`` (England's),
    ``local_decile``, ``count``, ``denominator``; ``wards`` one row per piece of a ward."""
    herts = lsoas[lsoas["district"].isin(HERTS_DISTRICTS)]
    everything = lsoas.assign(whole=ENGLAND)
    rows = [
        *_observations(_summed(lsoas[lsoas["lsoa"].isin(set(lsoa_codes))], "lsoa"), area=None,
                       period=period, note=note),
        *_observations(_summed(wards, "ward"), area=None, period=period, note=note),
        *_observations(_summed(lsoas, "district"), area=None, period=period, note=note),
        *_observations(_summed(herts.assign(whole=HERTS), "whole"), area=None, period=period, note=note),
        *_observations(_summed(everything, "whole"), area=None, period=period, note=note),
        *_observations(_summed(lsoas, "decile"), area=ENGLAND, period=period, note=note,
                       category_type=breakdowns.national),
        *_observations(_summed(herts, "decile"), area=HERTS, period=period, note=note,
                       category_type=breakdowns.national),
    ]  # fmt: skip
    for district, own in herts.groupby("district"):
        rows += _observations(
            _summed(own, "local_decile"),
            area=str(district),
            period=period,
            note=note,
            category_type=breakdowns.local,
        )
    return rows


def _wards_of(data: Path) -> pd.DataFrame:
    lookup = pd.read_csv(data / LSOA11_TO_WARD, usecols=["LSOA11CD", "WD19CD", "LAD19CD"], dtype=str)
    return lookup.rename(columns={"LSOA11CD": "lsoa11", "WD19CD": "ward", "LAD19CD": "ward_district"})


def _denominators(data: Path) -> pd.DataFrame:
    table = pd.read_csv(data / DENOMINATORS)
    return pd.DataFrame(
        {
            "lsoa11": table.iloc[:, 0].astype(str),
            "district": table.iloc[:, 2].astype(str),
            "people": table.iloc[:, 4].astype(float),
            "children": table.iloc[:, 5].astype(float),
            "older": table.iloc[:, 7].astype(float),
            "working_age": table.iloc[:, 8].astype(float),
        }
    )


def deprivation_domain_figures(data: Path) -> dict[str, list[ObservationInput]]:
    """Income deprivation (share of residents) and employment deprivation (share of working-age
    residents) from the IoD2025 domain scores of England's 33,755 LSOAs (2021 boundaries).

    The populations are the mid-2015 LSOA (2011 boundaries) denominators, carried to 2021 LSOAs with
    ONS's lookup: an LSOA that was split shares its population equally between its parts, and
    merged ones add up. Wards are Stevenage's 2019 wards, through each 2011 LSOA's ward."""
    imd = pd.read_csv(
        data / IMD2025,
        usecols=["lsoa21_code", "ltla24_code", "IMD_decile", "IMD_score", "Income_score", "Employment_score"],
    )
    links = pd.read_csv(data / LSOA11_TO_LSOA21, usecols=["lsoa11_code", "lsoa21_code"], dtype=str)
    links["parts"] = links.groupby("lsoa11_code")["lsoa21_code"].transform("size")
    pieces = (
        links.rename(columns={"lsoa11_code": "lsoa11"})
        .merge(_denominators(data), on="lsoa11")
        .merge(imd, on="lsoa21_code")
        .merge(_wards_of(data), on="lsoa11", how="left")
    )
    pieces["people"] /= pieces["parts"]
    pieces["working_age"] /= pieces["parts"]
    pieces["income"] = pieces["Income_score"] * pieces["people"]
    pieces["employment"] = pieces["Employment_score"] * pieces["working_age"]
    lsoas = pieces.groupby("lsoa21_code", as_index=False).agg(
        district=("ltla24_code", "first"),
        decile=("IMD_decile", "first"),
        score=("IMD_score", "first"),
        people=("people", "sum"),
        working_age=("working_age", "sum"),
        income=("income", "sum"),
        employment=("employment", "sum"),
    )
    lsoas = lsoas.rename(columns={"lsoa21_code": "lsoa"})
    lsoas["local_decile"] = local_deciles(lsoas, district="district", score="score")
    stevenage = set(lsoas.loc[lsoas["district"] == STEVENAGE, "lsoa"])
    ward_pieces = pieces[pieces["ward_district"] == STEVENAGE]
    result = {}
    for key, count, denominator in (
        ("income", "income", "people"),
        ("employment", "employment", "working_age"),
    ):
        result[key] = _everywhere(
            lsoas.assign(count=lsoas[count], denominator=lsoas[denominator]),
            wards=ward_pieces.assign(count=ward_pieces[count], denominator=ward_pieces[denominator]),
            period="2025",
            note="IoD2025 domain score times the LSOA's mid-2015 population (IoD2019 denominators).",
            breakdowns=IOD2025,
            lsoa_codes=stevenage,
        )
    return result


def age_share_figures(data: Path) -> dict[str, list[ObservationInput]]:
    """Residents aged 0 to 15 and aged 60 and over as shares of all residents, mid-2015, for every
    LSOA in England (2011 boundaries), with the IMD2019 deciles."""
    people = _denominators(data).merge(
        pd.read_csv(data / IMD2019, usecols=["lsoa11cd", "imd_score", "imd_decile"]).rename(
            columns={"lsoa11cd": "lsoa11", "imd_score": "score", "imd_decile": "decile"}
        ),
        on="lsoa11",
    )
    people["local_decile"] = local_deciles(people, district="district", score="score")
    lsoas = people.rename(columns={"lsoa11": "lsoa"})
    wards = people.merge(_wards_of(data), on="lsoa11")
    wards = wards[wards["ward_district"] == STEVENAGE]
    stevenage = set(lsoas.loc[lsoas["district"] == STEVENAGE, "lsoa"])
    result = {}
    for key in ("children", "older"):
        result[key] = _everywhere(
            lsoas.assign(count=lsoas[key], denominator=lsoas["people"]),
            wards=wards.assign(count=wards[key], denominator=wards["people"]),
            period="2015",
            note="ONS mid-2015 population estimates, excluding prisoners (IoD2019 denominators).",
            breakdowns=IOD2019,
            lsoa_codes=stevenage,
        )
    return result


def fingertips_extract_rows(path: Path) -> list[ObservationInput]:
    """Published Fingertips values for England and every district or unitary authority in an
    extract with the columns area_code, period, value and significance (values only: no limits,
    counts or denominators). Fingertips' own comparison with England is kept with each figure."""
    table = pd.read_csv(path, dtype={"area_code": str, "period": str})
    table = table[table["value"].notna() & table["area_code"].str.match(r"^E(92|06|07|08|09|10)")]
    return [
        ObservationInput(
            area_code=code,
            period=period,
            value=float(value),
            published_vs_england="" if significance == "Not compared" else str(significance),
        )
        for code, period, value, significance in zip(
            table["area_code"], table["period"], table["value"], table["significance"].fillna(""), strict=True
        )
    ]
