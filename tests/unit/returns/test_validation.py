from __future__ import annotations

import statistics
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.returns.models import FIGURE_LIMIT, Collection, Measure, MeasureValueType
from wellboard.returns.validation import (
    CleanFigure,
    NumberTooLarge,
    field_name,
    is_outlier,
    parse_number,
    validate_figures,
)


def measure(code: str = "calls", **kwargs: object) -> Measure:
    defaults: dict[str, object] = {
        "label": "Calls made",
        "value_type": MeasureValueType.COUNT,
        "multiplier": 1,
        "required": True,
        "breakdowns": [],
    }
    defaults.update(kwargs)
    return Measure(collection=Collection(), code=code, **defaults)


def test_field_names() -> None:
    assert field_name("calls") == "calls"
    assert field_name("calls", "denominator") == "calls__den"
    assert field_name("calls", "comment") == "calls__comment"
    assert field_name("calls", "value", 0, 2) == "calls__b0c2"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,204", Decimal(1204)),
        (" 12.5 ", Decimal("12.5")),
        (3, Decimal(3)),
        (2.5, Decimal("2.5")),
        ("", None),
    ],
)
def test_parse_number(raw: object, expected: Decimal | None) -> None:
    assert parse_number(raw) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["twelve", "1e400", "nan", "12 calls"])
def test_parse_number_refuses_text(raw: str) -> None:
    with pytest.raises(ValueError, match=r"number|large|finite"):
        parse_number(raw)


@given(st.integers(min_value=0, max_value=10**9))
def test_whole_numbers_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


def test_text_negative_and_fractional_counts_are_refused_with_govuk_messages() -> None:
    m = measure()
    assert validate_figures([m], {"calls": "lots"}).errors == {
        "calls": ["Calls made must be a number, like 12"]
    }
    assert validate_figures([m], {"calls": "-3"}).errors == {"calls": ["Calls made must be 0 or more"]}
    assert validate_figures([m], {"calls": "2.5"}).errors == {"calls": ["Calls made must be a whole number"]}


# ---------------------------------------------------------------- numbers too large to hold

TOO_LARGE = "Calls made must be between 0 and 999,999,999,999"


@pytest.mark.parametrize(
    "raw", ["1e20", "1E12", 1e12, 10**12, Decimal("1e12"), "1,000,000,000,000", "Infinity"]
)
def test_a_huge_number_is_told_the_allowed_range(raw: object) -> None:
    assert validate_figures([measure()], {"calls": raw}).errors == {"calls": [TOO_LARGE]}  # type: ignore[dict-item]


def test_a_huge_number_is_told_the_measures_own_range_when_it_has_one() -> None:
    m = measure(min_value=Decimal(10), max_value=Decimal(500), unit="calls")
    assert validate_figures([m], {"calls": "1e20"}).errors == {
        "calls": ["Calls made must be between 10 calls and 500 calls"]
    }


def test_a_huge_negative_number_is_told_figures_are_0_or_more() -> None:
    assert validate_figures([measure()], {"calls": "-1e20"}).errors == {
        "calls": ["Calls made must be 0 or more"]
    }


def test_a_huge_denominator_is_told_the_allowed_range() -> None:
    m = measure("lonely", label="People less lonely", value_type=MeasureValueType.PERCENTAGE, multiplier=100)
    assert validate_figures([m], {"lonely": "1", "lonely__den": 1e15}).errors == {
        "lonely__den": ["The denominator for people less lonely must be between 0 and 999,999,999,999"]
    }


@given(
    st.integers(min_value=int(FIGURE_LIMIT), max_value=10**40), st.sampled_from(["plain", "commas", "float"])
)
def test_any_number_too_large_is_refused_with_the_range_never_as_not_a_number(n: int, style: str) -> None:
    raw: object = {"plain": str(n), "commas": f"{n:,}", "float": float(n)}[style]
    with pytest.raises(NumberTooLarge):
        parse_number(raw)  # type: ignore[arg-type]
    assert validate_figures([measure()], {"calls": raw}).errors == {"calls": [TOO_LARGE]}  # type: ignore[dict-item]


@given(
    st.decimals(min_value=0, max_value=FIGURE_LIMIT - Decimal("0.0001"), places=4, allow_nan=False),
    st.booleans(),
)
def test_any_number_within_the_range_is_accepted_as_typed(value: Decimal, commas: bool) -> None:
    text = f"{value:,f}" if commas else f"{value:f}"
    assert parse_number(text) == value
    m = measure(value_type=MeasureValueType.NUMBER)
    result = validate_figures([m], {"calls": text})
    assert result.errors == {}
    assert result.figures[("calls", "", "")].value == value


INFINITY = {"inf", "infinity", "+inf", "-inf", "+infinity", "-infinity"}
NOT_DIGITS = st.text(alphabet=st.characters(blacklist_categories=["Nd"]), min_size=1)


@given(NOT_DIGITS.filter(lambda t: t.replace(",", "").strip().lower() not in {"", *INFINITY}))
def test_text_without_digits_is_not_a_number(text: str) -> None:
    assert validate_figures([measure()], {"calls": text}).errors == {
        "calls": ["Calls made must be a number, like 12"]
    }


def test_trailing_zeros_are_not_extra_decimal_places() -> None:
    m = measure(value_type=MeasureValueType.NUMBER)
    assert validate_figures([m], {"calls": "2.50000000"}).errors == {}
    assert validate_figures([m], {"calls": "2.00001"}).errors == {
        "calls": ["Calls made must have no more than 4 decimal places"]
    }


def test_required_only_when_submitting() -> None:
    m = measure()
    assert validate_figures([m], {"calls": ""}).errors == {}
    assert validate_figures([m], {"calls": ""}, submitting=True).errors == {"calls": ["Enter calls made"]}


def test_range() -> None:
    m = measure(min_value=Decimal(0), max_value=Decimal(500), unit="calls")
    assert validate_figures([m], {"calls": "501"}).errors == {
        "calls": ["Calls made must be between 0 calls and 500 calls"]
    }


def test_numerator_not_above_denominator() -> None:
    m = measure("lonely", label="People less lonely", value_type=MeasureValueType.PERCENTAGE, multiplier=100)
    result = validate_figures([m], {"lonely": "12", "lonely__den": "10"})
    assert result.errors == {
        "lonely": ["The numerator for people less lonely must not be more than the denominator"]
    }
    assert validate_figures([m], {"lonely": "8", "lonely__den": "10"}).errors == {}
    both = validate_figures([m], {"lonely": "8"}, submitting=True)
    assert both.errors == {"lonely__den": ["Enter both the numerator and the denominator"]}


def test_change_beyond_threshold_needs_a_comment() -> None:
    m = measure(change_threshold=50)
    previous = {"calls": Decimal(100)}
    result = validate_figures([m], {"calls": "200"}, previous=previous, submitting=True)
    assert result.errors == {
        "calls__comment": ["Explain why calls made changed by more than 50% since the last period"]
    }
    ok = validate_figures(
        [m], {"calls": "200", "calls__comment": "New volunteers"}, previous=previous, submitting=True
    )
    assert ok.errors == {}
    assert validate_figures([m], {"calls": "140"}, previous=previous, submitting=True).errors == {}


def test_comment_required() -> None:
    m = measure(comment_required=True)
    assert validate_figures([m], {"calls": "1"}, submitting=True).errors == {
        "calls__comment": ["Enter a comment about calls made"]
    }


def test_breakdowns_must_add_up() -> None:
    m = measure(breakdowns=[{"name": "Sex", "categories": ["Female", "Male"]}])
    result = validate_figures([m], {"calls": "10", "calls__b0c0": "4", "calls__b0c1": "5"}, submitting=True)
    assert result.errors == {"calls__b0c0": ["Calls made by sex adds up to 9, but the total is 10"]}
    blank = validate_figures([m], {"calls": "10", "calls__b0c0": "4"}, submitting=True)
    assert blank.errors == {"calls__b0c1": ["Enter calls made for Male (0 if none)"]}
    assert (
        validate_figures([m], {"calls": "10", "calls__b0c0": "4", "calls__b0c1": "6"}, submitting=True).errors
        == {}
    )


def test_cumulative_cannot_go_down() -> None:
    m = measure(cumulative=True)
    result = validate_figures([m], {"calls": "90"}, previous={"calls": Decimal(100)}, submitting=True)
    assert "running total" in result.errors["calls"][0]


def test_omitted_fields_keep_saved_values() -> None:
    m = measure()
    saved = {("calls", "", ""): CleanFigure(Decimal(7))}
    result = validate_figures([m], {}, existing=saved, submitting=True)
    assert result.errors == {}
    assert result.figures[("calls", "", "")].value == Decimal(7)


def test_unknown_fields_are_reported() -> None:
    assert validate_figures([measure()], {"cals": "3"}).errors == {
        "": ["'cals' is not a measure in this collection"]
    }


def test_outliers_are_flagged_not_refused() -> None:
    m = measure()
    history = {"calls": [Decimal(v) for v in (100, 104, 98, 101, 99)]}
    result = validate_figures([m], {"calls": "900"}, history=history, submitting=True)
    assert result.errors == {}
    assert result.flags
    assert "unusual" in result.flags[0]


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=4, max_size=8))
def test_the_median_of_the_history_is_never_an_outlier(values: list[int]) -> None:
    history = [Decimal(v) for v in values]
    assert not is_outlier(statistics.median(history), history)


def test_short_history_flags_nothing() -> None:
    assert not is_outlier(Decimal(10**6), [Decimal(1), Decimal(2), Decimal(3)])
