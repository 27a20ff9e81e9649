"""What an ONS GSS code says about an area, without touching the database.

A GSS code is a letter for the country (E, W, S, N; K for groupings such as England and Wales),
two digits for the entity (01 LSOA, 05 ward, 07 non-metropolitan district, 10 county, 12 region…)
and a six-digit serial. ONS never reuses a code: when a boundary changes, the area gets a new code.
The entity tells us the type of area reliably, so importers check the column a code came from
against it, and ``area_upsert`` stores the type the code implies.
"""

from __future__ import annotations

import functools
import re

# Types, as stored in ``Area.type`` (``AreaType`` values). Kept as plain strings so this module
# stays free of Django and can be used by pure parsers and tests.
COUNTRY = "country"
REGION = "region"
UTLA = "utla"
LTLA = "ltla"
WARD = "ward"
MSOA = "msoa"
LSOA = "lsoa"
CCG = "ccg"
ICB = "icb"
CUSTOM = "custom"

GSS_CODE = re.compile(r"^[EWSNK]\d{8}$")

ENTITY_TYPES: dict[str, str] = {
    # countries and groupings of countries
    "E92": COUNTRY,
    "W92": COUNTRY,
    "S92": COUNTRY,
    "N92": COUNTRY,
    "K02": COUNTRY,  # United Kingdom
    "K03": COUNTRY,  # Great Britain
    "K04": COUNTRY,  # England and Wales
    "E12": REGION,
    "E10": UTLA,  # shire county (upper tier of a two-tier area)
    # single-tier councils and districts: all are lower tier; the unitary ones are upper tier too
    "E06": LTLA,  # unitary authority
    "E07": LTLA,  # non-metropolitan district
    "E08": LTLA,  # metropolitan district
    "E09": LTLA,  # London borough
    "W06": LTLA,  # Welsh unitary authority
    "S12": LTLA,  # Scottish council area
    "N09": LTLA,  # Northern Ireland local government district
    "E05": WARD,
    "W05": WARD,  # Welsh electoral division
    "S13": WARD,  # Scottish multi-member ward
    "N08": WARD,
    "E02": MSOA,
    "W02": MSOA,
    "E01": LSOA,
    "W01": LSOA,
    "E38": CCG,  # clinical commissioning group; since July 2022 the same codes name sub-ICB locations
    "E54": ICB,
}

# Entities that are the single tier of local government: both district (LTLA) and county (UTLA).
UNITARY_ENTITIES = frozenset({"E06", "E08", "E09", "W06", "S12", "N09"})

# Entities that appear in ONS "county" columns but are not councils: metropolitan counties (E11),
# Inner and Outer London (E13). Wellboard does not model them.
NON_ADMINISTRATIVE_COUNTIES = frozenset({"E11", "E13"})

# How coarse a type is: smaller is larger. Wards and MSOAs are parallel (neither nests in the other).
TYPE_RANK: dict[str, int] = {
    COUNTRY: 0,
    REGION: 1,
    ICB: 2,
    UTLA: 2,
    CCG: 3,
    LTLA: 3,
    WARD: 4,
    MSOA: 4,
    LSOA: 6,
    CUSTOM: 7,
}


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def is_gss_code(code: str) -> bool:
    return bool(GSS_CODE.match(code))


def entity_of(code: str) -> str:
    return code[:3]


def type_for_code(code: str) -> str | None:
    """The area type a GSS code implies, or None when Wellboard does not model that entity."""
    return ENTITY_TYPES.get(entity_of(code))


def is_unitary(code: str) -> bool:
    return entity_of(code) in UNITARY_ENTITIES


def is_upper_tier(code: str, area_type: str) -> bool:
    """Counties and unitary authorities: the councils Fingertips calls 'County & UA'."""
    return area_type == UTLA or (area_type == LTLA and is_unitary(code))


def canonical_type(code: str, requested: str) -> str:
    """The type to store for ``code`` when a file or caller says ``requested``.

    Unitary authorities are stored as ``ltla`` even when a county-level file lists them: they are
    both tiers, and selectors count them in either. Otherwise the code's own entity decides; a
    request that contradicts it is an error the caller reports.
    """
    implied = type_for_code(code)
    if implied is None:
        return requested
    if requested in {UTLA, LTLA} and is_unitary(code):
        return LTLA
    return implied


def type_conflict(code: str, requested: str) -> str | None:
    """A message when ``code`` cannot be an area of type ``requested``; None when it can."""
    implied = type_for_code(code)
    if implied is None or implied == requested or (requested == UTLA and is_unitary(code)):
        return None
    return (
        f"{code} is the code of a {TYPE_LABELS.get(implied, implied)}, "
        f"not a {TYPE_LABELS.get(requested, requested)}"
    )


TYPE_LABELS: dict[str, str] = {
    COUNTRY: "country",
    REGION: "region",
    UTLA: "county or unitary authority",
    LTLA: "district or unitary authority",
    WARD: "electoral ward",
    MSOA: "middle layer super output area",
    LSOA: "lower layer super output area",
    CCG: "NHS sub-ICB location (formerly CCG)",
    ICB: "NHS integrated care board",
    CUSTOM: "custom area",
}


def natural_parent_types(code: str, area_type: str) -> frozenset[str]:
    """The types of area that ``code`` is linked to as its parent.

    Only the next level up is stored, so that every path down from England passes through the
    same levels (country, region, county, district, ward, LSOA) and a lookup that skips a level
    (LSOA straight to county) cannot mix LSOAs of two boundary sets into one answer.
    """
    return _natural_parent_types(entity_of(code), area_type)


@functools.lru_cache(maxsize=256)
def _natural_parent_types(entity: str, area_type: str) -> frozenset[str]:
    if area_type == LSOA:
        return frozenset({WARD, MSOA, CCG})
    if area_type in {MSOA, WARD}:
        return frozenset({LTLA})
    if area_type == LTLA:
        if entity == "E07":
            return frozenset({UTLA})
        if entity in {"E06", "E08", "E09"}:
            return frozenset({REGION})
        return frozenset({COUNTRY})  # Wales, Scotland and Northern Ireland have no regions
    if area_type == UTLA:
        return frozenset({REGION})
    if area_type == REGION:
        return frozenset({COUNTRY})
    if area_type == CCG:
        return frozenset({ICB})
    return frozenset()
