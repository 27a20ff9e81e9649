"""Input schemas: each rule cleans and reports its own field; a schema cleans only what it is given."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from wellboard.core.access import Actor, Role
from wellboard.core.errors import InvalidInput
from wellboard.core.inputs import (
    Choice,
    Date,
    DateOrder,
    Errors,
    Flag,
    InputSchema,
    Member,
    Members,
    NeededWhen,
    OptionalDate,
    Order,
    Position,
    Ref,
    Slug,
    Text,
    TextList,
    Whole,
)
from wellboard.core.rag import Rag
from wellboard.partners.models import Organisation, Partnership

BY = Actor(partnership_id=1, user=None, roles=frozenset({Role.COORDINATOR}))


class Event(InputSchema):
    owner = "An event"
    title = Text("The title", max_length=10, missing="Enter a title")
    notes = Text("The notes")
    rag = Choice(Rag, what="a RAG rating")
    starts = Date(missing="Enter the start date")
    ends = OptionalDate("end date")
    ref = Ref(missing="Enter a reference")
    slug = Slug(what="event")
    position = Position()
    places = TextList("places", max_item=5)
    size = Whole(1, 9, message="The size must be from 1 to 9")
    ends_after_start = DateOrder("starts", "ends", "The end date must be on or after the start date")
    related = frozenset({"venue"})


class Record:
    """A stored event, for cleaning changes against."""

    starts = dt.date(2025, 1, 10)
    ends = dt.date(2025, 1, 20)


def clean(values: dict[str, Any], current: Any = None) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    return Event.clean(values, errors, by=BY, current=current), errors


def test_a_schema_cleans_only_the_fields_it_is_given() -> None:
    cleaned, errors = clean({"title": "  Fun run ", "venue": "the park", "by": BY})
    assert cleaned == {"title": "Fun run"}
    assert errors == {}


def test_text_is_required_and_limited() -> None:
    _, errors = clean({"title": "  ", "notes": "x" * 20_001})
    assert errors == {"title": ["Enter a title"], "notes": ["The notes must be 20,000 characters or fewer"]}
    _, errors = clean({"title": "x" * 11})
    assert errors == {"title": ["The title must be 10 characters or fewer"]}


def test_choice_takes_a_value_or_its_label_and_lists_the_choices_otherwise() -> None:
    assert clean({"rag": "Not rated"})[0] == {"rag": "not_rated"}
    assert clean({"rag": "amber"})[0] == {"rag": "amber"}
    assert clean({"rag": "purple"})[1] == {
        "rag": ["Choose a RAG rating: red, amber, green, complete, not rated"]
    }
    strict = Choice(Rag, labels_accepted=False, invalid="Choose a RAG rating")
    strict.name = "rag"
    errors: Errors = {}
    strict.clean(errors, "Amber", creating=True, by=BY)
    assert errors == {"rag": ["Choose a RAG rating"]}


def test_numbered_fields_are_automatic_when_creating_and_required_when_changing() -> None:
    cleaned, errors = clean({"ref": "", "slug": "", "position": None})
    assert errors == {}
    assert cleaned == {"ref": "", "slug": "", "position": None}
    _, errors = clean({"ref": "", "slug": "", "position": None}, current=Record())
    assert errors == {
        "ref": ["Enter a reference"],
        "slug": ["Enter a short name"],
        "position": ["The position must be 0 or more"],
    }


def test_refs_and_slugs_have_a_shape_and_avoid_page_names() -> None:
    _, errors = clean({"ref": "new", "slug": "Fun Run"})
    assert errors["ref"] == [
        "The reference must start with a letter or number and use only letters, numbers, full stops, "
        "hyphens and underscores"
    ]
    assert errors["slug"] == ["The short name must use only lower-case letters, numbers and hyphens"]
    assert clean({"slug": "edit"})[1] == {"slug": ["'edit' cannot be used as a short name: choose another"]}


def test_a_taken_ref_or_slug_is_refused_only_when_it_is_otherwise_fine() -> None:
    errors: Errors = {}
    Event.ref.check_free(errors, "A1", taken={"A1"}, where="in this plan")
    Event.slug.check_free(errors, "fun-run", taken={"fun-run"})
    assert errors == {
        "ref": ["The reference 'A1' is already used in this plan"],
        "slug": ["Another event already uses the short name 'fun-run'"],
    }
    errors = {"ref": ["The reference must be 30 characters or fewer"]}
    Event.ref.check_free(errors, "A1", taken={"A1"}, where="in this plan")
    assert errors == {"ref": ["The reference must be 30 characters or fewer"]}


def test_dates_are_checked_and_ordered_against_what_is_stored() -> None:
    assert clean({"starts": None, "ends": "soon"})[1] == {
        "starts": ["Enter the start date"],
        "ends": ["Enter a real end date"],
    }
    assert clean({"starts": dt.date(2025, 2, 1), "ends": dt.date(2025, 1, 1)})[1] == {
        "ends": ["The end date must be on or after the start date"]
    }
    # Only the start changes: the stored end date is what it must not pass.
    assert clean({"starts": dt.date(2025, 1, 25)}, current=Record())[1] == {
        "ends": ["The end date must be on or after the start date"]
    }
    assert clean({"starts": dt.date(2025, 1, 15)}, current=Record())[1] == {}


def test_lists_are_trimmed_without_blanks_or_repeats() -> None:
    assert clean({"places": "Park\n\n Park \nHall"})[0] == {"places": ["Park", "Hall"]}
    assert clean({"places": ["Leisure centre"]})[1] == {
        "places": ["Each of the places must be 5 characters or fewer"]
    }


def test_whole_numbers_within_a_range() -> None:
    assert clean({"size": "3"})[0] == {"size": 3}
    assert clean({"size": 0})[1] == {"size": ["The size must be from 1 to 9"]}
    assert clean({"size": "many"})[1] == {"size": ["The size must be from 1 to 9"]}


@pytest.mark.django_db
def test_members_must_belong_to_the_actors_partnership(
    partnership: Partnership, other_partnership: Partnership, council: Organisation, charity: Organisation
) -> None:
    by = Actor(partnership_id=partnership.pk, user=None, roles=frozenset({Role.COORDINATOR}))
    stranger = Organisation.objects.create(partnership=other_partnership, name="Elsewhere", slug="elsewhere")

    class Work(InputSchema):
        lead = Member(Organisation, wrong="Choose a member", missing="Choose the lead")
        partners = Members(Organisation, wrong="Choose members")

    errors: Errors = {}
    cleaned = Work.clean({"lead": council, "partners": [charity, council, charity]}, errors, by=by)
    assert cleaned == {"lead": council, "partners": [charity, council]}
    assert errors == {}
    Work.clean({"lead": None, "partners": [stranger]}, errors, by=by)
    assert errors == {"lead": ["Choose the lead"], "partners": ["Choose members"]}
    errors = {}
    Work.clean({"lead": stranger}, errors, by=by)
    assert errors == {"lead": ["Choose a member"]}


def test_unknown_fields_are_refused_by_name() -> None:
    Event.refuse_unknown({"title": "x", "venue": "y"})
    with pytest.raises(InvalidInput, match="An event's colour cannot be changed here"):
        Event.refuse_unknown({"title": "x", "colour": "red"})


def test_form_fields_take_their_limits_and_messages_from_the_rules() -> None:
    field = Event.title.form_field("Title")
    assert field.max_length == 10
    assert field.required
    assert field.error_messages["required"] == "Enter a title"
    assert field.error_messages["max_length"] == "The title must be 10 characters or fewer"
    long = Event.notes.form_field("Notes", rows=4)
    assert long.max_length is None  # a text area's length is checked on saving
    assert not long.required
    assert long.widget.attrs["rows"] == 4
    ref = Event.ref.form_field("Reference")
    assert (ref.max_length, ref.required) == (30, False)


class Grant(InputSchema):
    owner = "A grant"
    kind = Choice([("small", "Small"), ("large", "Large")], labels_accepted=False, invalid="Choose a kind")
    panel = Text("The panel")
    open = Flag()
    low = Whole(0, 100, message="The lowest must be from 0 to 100")
    high = Whole(0, 100, message="The highest must be from 0 to 100")
    panel_for_large = NeededWhen("panel", "kind", "large", "Name the panel that decides large grants")
    high_above_low = Order("low", "high", "The highest must not be less than the lowest")


class StoredGrant:
    kind = "large"
    panel = "Trustees"
    open = True
    low = 10
    high = 50


def clean_grant(values: dict[str, Any], current: Any = None) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    return Grant.clean(values, errors, by=BY, current=current), errors


def test_a_field_can_be_needed_because_of_another() -> None:
    assert clean_grant({"kind": "large", "panel": " "})[1] == {
        "panel": ["Name the panel that decides large grants"]
    }
    assert clean_grant({"kind": "small", "panel": ""})[1] == {}
    # Blanking the panel of a stored large grant is refused; a kind with its own problem is not checked.
    assert clean_grant({"panel": ""}, current=StoredGrant())[1] == {
        "panel": ["Name the panel that decides large grants"]
    }
    assert clean_grant({"kind": "huge", "panel": ""})[1] == {"kind": ["Choose a kind"]}


def test_an_order_compares_numbers_as_given_or_stored() -> None:
    assert clean_grant({"low": 5, "high": 5})[1] == {}
    assert clean_grant({"low": 6, "high": 5})[1] == {"high": ["The highest must not be less than the lowest"]}
    assert clean_grant({"high": 5}, current=StoredGrant())[1] == {
        "high": ["The highest must not be less than the lowest"]
    }
    assert clean_grant({"low": 6, "high": 500})[1] == {"high": ["The highest must be from 0 to 100"]}
    assert DateOrder in Order.__subclasses__()


def test_a_flag_is_yes_or_no() -> None:
    assert clean_grant({"open": "on"})[0] == {"open": True}
    assert clean_grant({"open": None})[0] == {"open": False}


@pytest.mark.parametrize("size", [True, "٣", "3_0", 2.5, "x"])
def test_a_whole_number_is_not_a_boolean_nor_other_digits(size: object) -> None:
    _, errors = clean({"size": size})
    assert errors["size"] == ["The size must be from 1 to 9"]


@pytest.mark.parametrize(("size", "expected"), [(3, 3), ("3", 3), (" 4 ", 4), (5.0, 5)])
def test_a_whole_number_as_people_write_it(size: object, expected: int) -> None:
    cleaned, errors = clean({"size": size})
    assert "size" not in errors
    assert cleaned["size"] == expected
