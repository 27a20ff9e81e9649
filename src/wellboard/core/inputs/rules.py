"""Field rules: what one field accepts (``Text``, ``Choice``, ``OptionalDate``, ``Ref``…), how it is
cleaned, and the form field built from the same rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.db import models
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.inputs.problems import MAX_SLUG, MAX_TEXT, REF_PATTERN, RESERVED, Errors, add_error
from wellboard.core.numbers import NotANumber, parse_decimal
from wellboard.core.versioning import pk_set


class FieldRule:
    """How one field is cleaned. ``name`` is the attribute it is declared as on its schema."""

    name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        raise NotImplementedError


class Text(FieldRule):
    """Text, trimmed. Required when it has a ``missing`` message; at most ``max_length`` characters."""

    def __init__(self, label: str, *, max_length: int = MAX_TEXT, missing: str = "") -> None:
        self.label = label  # as it starts a sentence: "The title"
        self.max_length = max_length
        self.missing = missing

    @property
    def too_long(self) -> str:
        return f"{self.label} must be {self.max_length:,} characters or fewer"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        text = str(value or "").strip()
        if not text and self.missing:
            add_error(errors, self.name, self.missing)
        elif len(text) > self.max_length:
            add_error(errors, self.name, self.too_long)
        return text

    def form_field(self, label: str, *, rows: int | None = None, **kwargs: Any) -> forms.CharField:
        """The form field for this text: a text box that holds at most ``max_length`` characters, or
        with ``rows`` a text area, whose length is checked on saving (a browser would cut pasted text
        short without a word)."""
        messages = {"max_length": self.too_long}
        if self.missing:
            messages["required"] = self.missing
        if rows is not None:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        else:
            kwargs["max_length"] = self.max_length
        return forms.CharField(label=label, required=bool(self.missing), error_messages=messages, **kwargs)


class Choice(FieldRule):
    """One of ``choices`` (a ``TextChoices`` class, or value and label pairs). By default its label
    is accepted too ("In progress"), as people type it in spreadsheets; ``invalid`` replaces the
    message that lists the choices."""

    def __init__(
        self,
        choices: type[models.TextChoices] | Sequence[tuple[str, str]],
        *,
        what: str = "",
        labels_accepted: bool = True,
        invalid: str = "",
    ) -> None:
        pairs = choices.choices if isinstance(choices, type) else choices
        self.pairs: list[tuple[str, str]] = [(str(value), str(label)) for value, label in pairs]
        self.labels_accepted = labels_accepted
        labels = ", ".join(label.lower() for _, label in self.pairs)
        self.invalid = invalid or f"Choose {what}: {labels}"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        text = str(value or "").strip()
        if any(text == known for known, _ in self.pairs):
            return text
        if self.labels_accepted:
            by_label = {label.lower(): known for known, label in self.pairs}
            if text.lower() in by_label:
                return by_label[text.lower()]
        add_error(errors, self.name, self.invalid)
        return text


class Whole(FieldRule):
    """A whole number from ``low`` to ``high``."""

    def __init__(self, low: int, high: int, *, message: str) -> None:
        self.low = low
        self.high = high
        self.message = message

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        try:
            parsed = parse_decimal(value)
        except NotANumber:
            parsed = None
        number = int(parsed) if parsed is not None and parsed == parsed.to_integral_value() else None
        if number is None or not self.low <= number <= self.high:
            add_error(errors, self.name, self.message)
            return value
        return number


class Flag(FieldRule):
    """Yes or no."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> bool:
        return bool(value)


class Date(FieldRule):
    """A date that must be given."""

    def __init__(self, *, missing: str) -> None:
        self.missing = missing

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        if not isinstance(value, dt.date):
            add_error(errors, self.name, self.missing)
        return value


class OptionalDate(FieldRule):
    """A date that may be left out (None); anything else that is not a date is refused."""

    def __init__(self, label: str) -> None:
        self.label = label  # "start date"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        if value is not None and not isinstance(value, dt.date):
            add_error(errors, self.name, f"Enter a real {self.label}")
        return value


class Position(FieldRule):
    """Where a record sits among its siblings: 0 or more. Left out when creating, it goes last."""

    message = "The position must be 0 or more"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        if value is None and creating:
            return None
        if not isinstance(value, int) or value < 0:
            add_error(errors, self.name, self.message)
        return value


class Ref(FieldRule):
    """A short reference people use to name a record ('2.1', 'A12'), unique among its siblings. Left
    blank when creating, the service numbers it; once made it cannot be blanked (``missing``)."""

    def __init__(self, *, missing: str, max_length: int = 30) -> None:
        self.missing = missing
        self.max_length = max_length

    @staticmethod
    def well_formed(ref: str) -> bool:
        return bool(REF_PATTERN.match(ref)) and ref.lower() not in RESERVED

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        ref = str(value or "").strip()
        if not ref:
            if not creating:
                add_error(errors, self.name, self.missing)
        elif len(ref) > self.max_length:
            add_error(errors, self.name, f"The reference must be {self.max_length} characters or fewer")
        elif not self.well_formed(ref):
            add_error(
                errors,
                self.name,
                "The reference must start with a letter or number and use only letters, numbers, "
                "full stops, hyphens and underscores",
            )
        return ref

    def check_free(self, errors: Errors, ref: str, *, taken: set[str], where: str) -> None:
        """Refuse a well-formed ``ref`` another record already uses (``where``: 'in this strategy')."""
        if ref and self.name not in errors and ref in taken:
            add_error(errors, self.name, f"The reference '{ref}' is already used {where}")

    def form_field(self, label: str, **kwargs: Any) -> forms.CharField:
        return forms.CharField(label=label, max_length=self.max_length, required=False, **kwargs)


class Slug(FieldRule):
    """A record's short name in web addresses. Left blank when creating, it is made from the name;
    once made it cannot be blanked."""

    def __init__(self, *, what: str, max_length: int = MAX_SLUG) -> None:
        self.what = what  # "strategy"
        self.max_length = max_length

    def well_formed(self, slug: str) -> bool:
        return slug == slugify(slug) and len(slug) <= self.max_length

    @staticmethod
    def reserved(slug: str) -> bool:
        """A word that names a page beside the records ('new'), so no record may use it."""
        return slug in RESERVED

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        slug = str(value or "").strip()
        if not slug:
            if not creating:
                add_error(errors, self.name, "Enter a short name")
        elif not self.well_formed(slug):
            add_error(
                errors, self.name, "The short name must use only lower-case letters, numbers and hyphens"
            )
        elif self.reserved(slug):
            add_error(errors, self.name, f"'{slug}' cannot be used as a short name: choose another")
        return slug

    def check_free(self, errors: Errors, slug: str, *, taken: set[str]) -> None:
        if slug and self.name not in errors and slug in taken:
            add_error(errors, self.name, f"Another {self.what} already uses the short name '{slug}'")


class TextList(FieldRule):
    """A list of short phrases (target groups, places): trimmed, without blanks or repeats. A string
    is read one item per line."""

    def __init__(self, label: str, *, max_item: int = 200) -> None:
        self.label = label  # "target groups"
        self.max_item = max_item

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> list[str]:
        if value is None:
            return []
        values = value.splitlines() if isinstance(value, str) else value
        cleaned: list[str] = []
        for item in values:
            text = str(item).strip()
            if not text:
                continue
            if len(text) > self.max_item:
                add_error(
                    errors, self.name, f"Each of the {self.label} must be {self.max_item} characters or fewer"
                )
                return []
            if text not in cleaned:
                cleaned.append(text)
        return cleaned


class Member(FieldRule):
    """A record (``model``) of the actor's partnership, such as a member organisation."""

    def __init__(self, model: type[models.Model], *, wrong: str, missing: str = "") -> None:
        self.model = model
        self.wrong = wrong
        self.missing = missing  # required when given

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        if value is None or value == "":
            if self.missing:
                add_error(errors, self.name, self.missing)
            return None
        if not isinstance(value, self.model) or getattr(value, "partnership_id", None) != by.partnership_id:
            add_error(errors, self.name, self.wrong)
            return None
        return value


class Members(FieldRule):
    """Records (``model``) of the actor's partnership, each once, in the order given."""

    def __init__(self, model: type[models.Model], *, wrong: str) -> None:
        self.model = model
        self.wrong = wrong

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> list[Any]:
        cleaned: list[Any] = []
        for record in value or ():
            if (
                not isinstance(record, self.model)
                or getattr(record, "partnership_id", None) != by.partnership_id
            ):
                add_error(errors, self.name, self.wrong)
                return []
            if record not in cleaned:
                cleaned.append(record)
        return cleaned


class Chosen(FieldRule):
    """Records given as themselves or by key, each of which must be among ``choices(actor)``."""

    def __init__(self, choices: Callable[[Actor], models.QuerySet[Any]], *, wrong: str) -> None:
        self.choices = choices
        self.wrong = wrong

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> list[Any]:
        wanted = pk_set(value or ())
        if not wanted:
            return []
        found = list(self.choices(by).filter(pk__in=wanted))
        if len(found) != len(wanted):
            add_error(errors, self.name, self.wrong)
        return found
