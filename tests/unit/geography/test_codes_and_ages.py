"""GSS code rules and age bands: pure functions, no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.geography import codes
from wellboard.geography.ages import ESP2013_BANDS, AgeBand, esp_band_index, parse_age_band


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("E92000001", "country"),
        ("E12000006", "region"),
        ("E10000015", "utla"),
        ("E07000243", "ltla"),
        ("E08000026", "ltla"),
        ("W06000015", "ltla"),
        ("E05004805", "ward"),
        ("S13002516", "ward"),
        ("E02004768", "msoa"),
        ("E01023750", "lsoa"),
        ("E38000049", "ccg"),
        ("E11000005", None),
        ("E13000001", None),
    ],
)
def test_type_for_code(code: str, expected: str | None) -> None:
    assert codes.type_for_code(code) == expected


def test_unitary_authorities_are_both_tiers() -> None:
    assert codes.canonical_type("E06000032", "utla") == "ltla"
    assert codes.is_upper_tier("E06000032", "ltla")
    assert codes.is_upper_tier("E10000015", "utla")
    assert not codes.is_upper_tier("E07000243", "ltla")
    assert codes.type_conflict("E06000032", "utla") is None
    assert codes.type_conflict("E07000243", "utla") == (
        "E07000243 is the code of a district or unitary authority, not a county or unitary authority"
    )


@pytest.mark.parametrize(
    ("code", "area_type", "parents"),
    [
        ("E01023750", "lsoa", {"ward", "msoa", "ccg"}),
        ("E05004805", "ward", {"ltla"}),
        ("E07000243", "ltla", {"utla"}),
        ("E06000032", "ltla", {"region"}),
        ("E09000001", "ltla", {"region"}),
        ("W06000015", "ltla", {"country"}),
        ("E10000015", "utla", {"region"}),
        ("E12000006", "region", {"country"}),
        ("E92000001", "country", set()),
    ],
)
def test_only_the_next_level_up_is_a_parent(code: str, area_type: str, parents: set[str]) -> None:
    assert codes.natural_parent_types(code, area_type) == parents


@given(st.sampled_from(["E", "W", "S", "N", "K"]), st.integers(min_value=0, max_value=99_999_999))
def test_gss_codes_are_a_letter_and_eight_digits(letter: str, number: int) -> None:
    code = f"{letter}{number:08d}"
    assert codes.is_gss_code(code)
    assert not codes.is_gss_code(code[:-1])
    assert codes.normalise_code(f"  {code.lower()} ") == code


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("0-4", AgeBand("0-4", 0, 4)),
        ("0 to 4", AgeBand("0-4", 0, 4)),
        ("90+", AgeBand("90+", 90, None)),
        ("85 and over", AgeBand("85+", 85, None)),
        ("7", AgeBand("7", 7, 7)),
        ("All ages", AgeBand("All ages", 0, None)),
        ("total", AgeBand("All ages", 0, None)),
        ("5-5", AgeBand("5", 5, 5)),
    ],
)
def test_parse_age_band(text: str, band: AgeBand) -> None:
    assert parse_age_band(text) == band


@pytest.mark.parametrize("text", ["", "old", "10-5", "-3", "4-"])
def test_parse_age_band_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match="age band"):
        parse_age_band(text)


@given(st.integers(min_value=0, max_value=120), st.integers(min_value=0, max_value=120))
def test_age_band_labels_are_canonical(a: int, b: int) -> None:
    low, high = min(a, b), max(a, b)
    band = parse_age_band(f"{low}-{high}")
    assert (band.age_from, band.age_to) == (low, high)
    assert parse_age_band(band.label) == band
    assert parse_age_band(f"{low}+") == AgeBand(f"{low}+", low, None)


@given(st.integers(min_value=0, max_value=130))
def test_every_age_falls_in_exactly_one_esp_band(age: int) -> None:
    index = esp_band_index(age)
    matching = [i for i, b in enumerate(ESP2013_BANDS) if b.contains(AgeBand(str(age), age, age))]
    assert matching == [index]


def test_esp2013_has_19_bands_ending_90_plus() -> None:
    assert len(ESP2013_BANDS) == 19
    assert ESP2013_BANDS[0] == AgeBand("0-4", 0, 4)
    assert ESP2013_BANDS[-2] == AgeBand("85-89", 85, 89)
    assert ESP2013_BANDS[-1] == AgeBand("90+", 90, None)
