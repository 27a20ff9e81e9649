from __future__ import annotations

import math

import pytest

from wellboard.charts import Significance, significance_css_class, significance_of, significance_sentence
from wellboard.charts.formatting import format_interval, format_number, format_value, is_number
from wellboard.charts.significance import COLOURS, LABELS, ORDER, SHAPES, TEXT_COLOURS


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Better", Significance.BETTER),
        ("better", Significance.BETTER),
        ("Better 95%", Significance.BETTER),
        ("WORSE", Significance.WORSE),
        ("Similar", Significance.SIMILAR),
        ("Higher", Significance.HIGHER),
        ("lower", Significance.LOWER),
        ("Not compared", Significance.NOT_COMPARED),
        ("", Significance.NOT_COMPARED),
        (None, Significance.NOT_COMPARED),
        ("nonsense", Significance.NOT_COMPARED),
        (Significance.WORSE, Significance.WORSE),
    ],
)
def test_significance_is_read_however_it_is_spelt(raw: object, expected: Significance) -> None:
    assert significance_of(raw) is expected


def test_every_outcome_has_a_word_a_colour_a_shape_and_a_readable_text_colour() -> None:
    assert set(LABELS) == set(COLOURS) == set(SHAPES) == set(TEXT_COLOURS) == set(ORDER)
    assert len(set(SHAPES.values())) == len(SHAPES), "shapes tell outcomes apart without colour"
    assert len(set(COLOURS.values())) == len(COLOURS)


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("outcome", ORDER)
def test_text_on_each_significance_colour_meets_wcag_aa(outcome: Significance) -> None:
    assert _contrast(COLOURS[outcome], TEXT_COLOURS[outcome]) >= 4.5


def test_sentences_and_css_classes() -> None:
    assert significance_sentence("better", "England") == "Better than England"
    assert significance_sentence("similar", "Hertfordshire") == "Similar to Hertfordshire"
    assert significance_sentence(None, "England") == "Not compared with England"
    assert significance_css_class("Not compared") == "wb-sig wb-sig--not-compared"
    assert significance_css_class("Worse") == "wb-sig wb-sig--worse"


def test_numbers_are_written_consistently() -> None:
    assert format_number(1234.567) == "1,234.6"
    assert format_number(None) == "No data"
    assert format_number(math.nan) == "No data"
    assert format_value(23.45, "%") == "23.4%" or format_value(23.45, "%") == "23.5%"
    assert format_value(512.34, "per 100,000") == "512.3 per 100,000"
    assert format_value(79.06, "years", 2) == "79.06 years"
    assert format_value(None, "%") == "No data"
    assert format_interval(21.0, 25.94) == "21.0 to 25.9"
    assert format_interval(None, 3.0) == ""
    assert is_number(0.0)
    assert not is_number(True)
    assert not is_number(None)
    assert not is_number(math.nan)
