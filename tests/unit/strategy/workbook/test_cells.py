from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.rag import Rag
from wellboard.partners.models import OrganisationType
from wellboard.strategy.models import ActionStatus, InitiativeKind
from wellboard.strategy.workbook import cells

dates = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))


@given(dates)
def test_dates_are_read_from_date_cells_and_from_iso_or_uk_text(day: dt.date) -> None:
    assert cells.date(day) == day
    assert cells.date(dt.datetime.combine(day, dt.time())) == day  # how openpyxl reads a date cell
    assert cells.date(day.isoformat()) == day
    assert cells.date(f"  {day.day}/{day.month}/{day.year} ") == day
    assert cells.date(f"{day.day:02d}/{day.month:02d}/{day.year}") == day


def _date_or_message(text: str) -> dt.date | str | None:
    try:
        return cells.date(text)
    except cells.CellError as exc:
        return exc.message


@given(st.text())
def test_any_text_either_is_a_date_or_gets_a_message(text: str) -> None:
    result = _date_or_message(text)
    assert result is None or isinstance(result, dt.date) or result.startswith("'")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("next week", "is not a date: write it like 31/03/2025"),
        ("31/02/2025", "is not a real date"),
        ("2025-13-01", "is not a real date"),
        ("03/31/2025", "is not a real date"),
        (45000, "format the cell as a date"),
        (True, "format the cell as a date"),
        (dt.datetime.combine(dt.date(2025, 1, 1), dt.time(9, 30)), "without a time"),
    ],
)
def test_bad_dates_say_what_is_wrong(value: object, message: str) -> None:
    with pytest.raises(cells.CellError, match=message):
        cells.date(value)


def test_empty_date_cells_mean_no_date() -> None:
    assert cells.date(None) is None
    assert cells.date("   ") is None


CHOICES = [ActionStatus, Rag, InitiativeKind, OrganisationType]


@given(st.sampled_from([(c, v, str(label)) for c in CHOICES for v, label in c.choices]), st.data())
def test_choices_accept_the_label_or_the_value_in_any_case(
    choice: tuple[type, str, str], data: st.DataObject
) -> None:
    choices, value, label = choice
    for written in (value, label):
        flipped = "".join(
            ch.upper() if data.draw(st.booleans(), label="upper") else ch.lower() for ch in written
        )
        assert cells.choice(f" {flipped} ", choices) == value
    assert cells.choice_label(value, choices) == label


def test_choices_treat_spaces_hyphens_and_underscores_alike() -> None:
    assert cells.choice("not-started", ActionStatus) == "not_started"
    assert cells.choice("On  hold", ActionStatus) == "on_hold"
    assert cells.choice("not rated", Rag) == "not_rated"


def test_unknown_choices_list_what_is_allowed() -> None:
    with pytest.raises(cells.CellError) as caught:
        cells.choice("Purple", Rag)
    assert caught.value.message == "'Purple' is not one of: Red, Amber, Green, Complete, Not rated"
    with pytest.raises(cells.CellError, match="Choose one of"):
        cells.choice(3, Rag)
    assert cells.choice(None, Rag) is None
    assert cells.choice("  ", Rag) is None


items = st.lists(
    st.text(min_size=1, max_size=30).map(str.strip).filter(lambda s: s and ";" not in s), max_size=8
)


@given(items)
def test_lists_round_trip_through_one_cell(values: list[str]) -> None:
    assert cells.items(cells.join_items(values)) == values


def test_lists_drop_empty_items_and_check_length() -> None:
    assert cells.items(" a ;; b ; ") == ["a", "b"]
    assert cells.items(None) == []
    with pytest.raises(cells.CellError, match="longer than 3"):
        cells.items("abcd; e", max_length=3)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_in_text_cells_read_without_a_decimal_point(number: int) -> None:
    assert cells.text(number) == str(number)
    assert cells.text(float(number)) == str(number)


def test_text_cells() -> None:
    assert cells.text("  Move more  ") == "Move more"
    assert cells.text(2.1) == "2.1"
    assert cells.text(None) == ""
    with pytest.raises(cells.CellError, match="not a date"):
        cells.text(dt.date(2025, 1, 1))
    with pytest.raises(cells.CellError, match="not TRUE or FALSE"):
        cells.text(True)
    with pytest.raises(cells.CellError, match="at most 5 characters"):
        cells.text("abcdef", max_length=5)


def test_slugs() -> None:
    assert cells.slug("so-active") == "so-active"
    with pytest.raises(cells.CellError, match="not a valid slug"):
        cells.slug("So Active")


@pytest.mark.parametrize(("value", "answer"), [("Yes", True), ("n", False), ("TRUE", True), (False, False)])
def test_yes_no(value: object, answer: bool) -> None:
    assert cells.yes_no(value) is answer


def test_yes_no_refuses_other_words() -> None:
    assert cells.yes_no("") is None
    with pytest.raises(cells.CellError, match="Enter Yes or No"):
        cells.yes_no("maybe")
