"""What the strategy services share: validation (messages in the GOV.UK style for error messages) and
the audited, version-checked save every update ends with."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.core.text import unique_slug as core_unique_slug
from wellboard.partners.models import Organisation

Errors = dict[str, list[str]]

# Refs and slugs appear in addresses; "new" would clash with the pages that create things.
# Public: the strategy workbook checks the same rules while planning an import.
RESERVED = frozenset({"new", "edit", "history", "delete"})
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_TEXT = 20_000


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def clean_required_text(
    errors: Errors, field: str, value: Any, *, missing: str, max_length: int, label: str
) -> str:
    text = str(value or "").strip()
    if not text:
        add_error(errors, field, missing)
    elif len(text) > max_length:
        add_error(errors, field, f"{label} must be {max_length:,} characters or fewer")
    return text


def clean_optional_text(
    errors: Errors, field: str, value: Any, *, label: str, max_length: int = MAX_TEXT
) -> str:
    text = str(value or "").strip()
    if len(text) > max_length:
        add_error(errors, field, f"{label} must be {max_length:,} characters or fewer")
    return text


def clean_optional_date(errors: Errors, field: str, value: Any, *, label: str) -> Any:
    """A date that may be left out (None); anything else that is not a date is refused."""
    if value is not None and not isinstance(value, dt.date):
        add_error(errors, field, f"Enter a real {label}")
    return value


def clean_position(errors: Errors, value: Any) -> Any:
    """A position given to an update: a whole number, 0 or more."""
    if not isinstance(value, int) or value < 0:
        add_error(errors, "position", "The position must be 0 or more")
    return value


def clean_choice(
    errors: Errors, field: str, value: Any, choices: type[models.TextChoices], *, what: str
) -> str:
    text = str(value or "").strip()
    if text not in choices.values:
        # Accept the label too ("In progress"), as people type it in spreadsheets.
        by_label = {str(label).lower(): v for v, label in choices.choices}
        if text.lower() in by_label:
            return str(by_label[text.lower()])
        labels = ", ".join(str(label).lower() for label in choices.labels)
        add_error(errors, field, f"Choose {what}: {labels}")
    return text


def clean_date_order(
    errors: Errors,
    start: dt.date | None,
    end: dt.date | None,
    *,
    end_field: str,
    message: str,
) -> None:
    if start is not None and end is not None and end < start:
        add_error(errors, end_field, message)


def clean_ref(errors: Errors, field: str, ref: str, *, taken: set[str]) -> str:
    ref = (ref or "").strip()
    if not ref:
        return ref
    if len(ref) > 30:
        add_error(errors, field, "The reference must be 30 characters or fewer")
    elif not REF_PATTERN.match(ref) or ref.lower() in RESERVED:
        add_error(
            errors,
            field,
            "The reference must start with a letter or number and use only letters, numbers, "
            "full stops, hyphens and underscores",
        )
    elif ref in taken:
        add_error(errors, field, f"The reference '{ref}' is already used in this strategy")
    return ref


def clean_slug(errors: Errors, field: str, slug: str, *, taken: set[str], what: str) -> str:
    slug = (slug or "").strip()
    if not slug:
        return slug
    if slug != slugify(slug) or len(slug) > 80:
        add_error(errors, field, "The short name must use only lower-case letters, numbers and hyphens")
    elif slug in RESERVED:
        add_error(errors, field, f"'{slug}' cannot be used as a short name: choose another")
    elif slug in taken:
        add_error(errors, field, f"Another {what} already uses the short name '{slug}'")
    return slug


def unique_slug(text: str, taken: set[str], *, max_length: int = 80) -> str:
    return core_unique_slug(text, taken, max_length=max_length, reserved=RESERVED)


def clean_organisation(
    errors: Errors, field: str, organisation: Any, *, by: Actor, required: bool, missing: str = ""
) -> Organisation | None:
    if organisation is None or organisation == "":
        if required:
            add_error(errors, field, missing or "Choose an organisation")
        return None
    if not isinstance(organisation, Organisation) or organisation.partnership_id != by.partnership_id:
        add_error(errors, field, "Choose an organisation that is a member of this partnership")
        return None
    return organisation


def clean_organisations(
    errors: Errors, field: str, organisations: Iterable[Any], *, by: Actor
) -> list[Organisation]:
    cleaned: list[Organisation] = []
    for organisation in organisations or ():
        if not isinstance(organisation, Organisation) or organisation.partnership_id != by.partnership_id:
            add_error(errors, field, "Choose organisations that are members of this partnership")
            return []
        if organisation not in cleaned:
            cleaned.append(organisation)
    return cleaned


def clean_text_list(errors: Errors, field: str, values: Any, *, label: str) -> list[str]:
    """A list of short phrases (target groups, places). A string is read one item per line."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.splitlines()
    cleaned: list[str] = []
    for value in values:
        text = str(value).strip()
        if not text:
            continue
        if len(text) > 200:
            add_error(errors, field, f"Each of the {label} must be 200 characters or fewer")
            return []
        if text not in cleaned:
            cleaned.append(text)
    return cleaned


def values_in_use(queryset: models.QuerySet[Any], field: str, *, exclude_pk: int | None = None) -> set[str]:
    """The refs or slugs already taken among ``queryset``, leaving out the record being changed."""
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return set(queryset.values_list(field, flat=True))


def refuse_unknown_fields(changes: Mapping[str, Any], allowed: Iterable[str], *, owner: str) -> None:
    """Refuse a change to a field the update does not offer: "An action's colour cannot be changed here"."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise InvalidInput(f"{owner}'s {', '.join(sorted(unknown))} cannot be changed here")


def next_position(existing: Iterable[int]) -> int:
    return max(existing, default=0) + 1
