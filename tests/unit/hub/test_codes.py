"""The pure helpers: client keys, age bands, dates, code lists and the personal-details check."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.hub import codes
from wellboard.hub.codes import (
    AGE_BANDS,
    age_band_for,
    client_key,
    parse_date,
    personal_details_in,
    refusal_for_personal_details,
    split_codes,
)

KEYS = st.binary(min_size=16, max_size=64)
LOCAL_IDS = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")


@given(LOCAL_IDS, KEYS)
def test_a_client_key_is_stable_and_reveals_nothing(local_id: str, key: bytes) -> None:
    made = client_key(local_id, key)
    assert made == client_key(f"  {local_id}  ", key)
    assert len(made) == 64
    assert set(made) <= set("0123456789abcdef")
    assert local_id.strip() not in made or len(local_id.strip()) < 3


@given(LOCAL_IDS, KEYS, KEYS)
def test_another_key_gives_another_client_key(local_id: str, key: bytes, other: bytes) -> None:
    if key != other:
        assert client_key(local_id, key) != client_key(local_id, other)


@given(LOCAL_IDS, LOCAL_IDS, KEYS)
def test_different_people_get_different_keys(first: str, second: str, key: bytes) -> None:
    if first.strip() != second.strip():
        assert client_key(first, key) != client_key(second, key)


def test_a_client_key_is_refused_without_a_key_or_identifier() -> None:
    with pytest.raises(ValueError, match="pseudonym key"):
        client_key("HH-1", b"")
    with pytest.raises(ValueError, match="local identifier"):
        client_key("  ", b"secret")


@given(st.integers(min_value=0, max_value=120))
def test_every_age_falls_in_one_band_that_contains_it(age: int) -> None:
    band = age_band_for(age)
    assert band in {code for code, _ in AGE_BANDS}
    if band.endswith("+"):
        assert age >= int(band[:-1])
    else:
        low, high = (int(part) for part in band.split("-"))
        assert low <= age <= high


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-15"),
        (15, "0-15"),
        (16, "16-24"),
        (24, "16-24"),
        (25, "25-34"),
        (64, "55-64"),
        (74, "65-74"),
        (75, "75+"),
    ],
)
def test_band_edges(age: int, band: str) -> None:
    assert age_band_for(age) == band


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_both_date_forms_read_back(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day


@given(st.text(max_size=20))
def test_anything_else_is_not_a_date_or_is_a_real_one(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is None or isinstance(parsed, dt.date)


@pytest.mark.parametrize("text", ["31/02/2025", "2025-13-01", "03/31/2025", "yesterday", "2025/03/01", ""])
def test_impossible_or_ambiguous_dates_are_refused(text: str) -> None:
    assert parse_date(text) is None


def test_code_lists() -> None:
    assert split_codes(" Mental-Health; weight;;mental-health ") == ["mental-health", "weight"]
    assert split_codes("") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("943 476 5919", ["an NHS number"]),
        ("9434765919", ["an NHS number"]),
        ("lives at SG1 1AA", ["a postcode"]),
        ("sg11aa", ["a postcode"]),
        ("call 07700 900123", ["a phone number"]),
        ("+44 7700 900123", ["a phone number"]),
        ("01438 242248", ["a phone number"]),
        ("943 476 5919 or 07700 900123", ["an NHS number", "a phone number"]),
        ("Mariotts School Sport Centre", []),
        ("Room 12, 2nd floor", []),
    ],
)
def test_personal_details_are_recognised(text: str, found: list[str]) -> None:
    assert personal_details_in(text) == found


@given(st.text(alphabet=st.characters(whitelist_categories=["L", "Zs"]), max_size=60))
def test_text_without_digits_is_never_refused_as_a_number(text: str) -> None:
    assert "an NHS number" not in personal_details_in(text)
    assert "a phone number" not in personal_details_in(text)


def test_the_refusal_says_why() -> None:
    message = refusal_for_personal_details("The site's name", "SG1 1AA")
    assert (
        message == "The site's name looks like it holds a postcode: hub records never keep personal details"
    )
    assert refusal_for_personal_details("The site's name", "Bedwell") == ""


def test_referral_references_are_readable_and_do_not_repeat() -> None:
    references = {codes.referral_reference() for _ in range(2000)}
    assert len(references) == 2000
    for reference in references:
        assert len(reference) == 11
        assert reference.startswith("R-")
        assert set(reference[2:].replace("-", "")) <= set(codes.REFERENCE_ALPHABET)
