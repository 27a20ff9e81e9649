"""Stored values as people read them: field labels, dates in UK time, numbers with separators,
choices by their label, lists and mappings as words, period codes as labels."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from wellboard.core.history.words import EMPTY, FIELD_LABELS
from wellboard.core.periods import period_label
from wellboard.core.templatetags.govuk import govuk_date

_FORTNIGHT_OR_WEEK_CODE = re.compile(r"\b\d{4}-\d{2}-\d{2}/2W\b|\b\d{4}-W\d{2}\b")


def model_of(object_type: str) -> type[models.Model] | None:
    """The model an event's ``object_type`` names ('returns.return'); None if it no longer exists."""
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def field_of(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    """The model's field called ``name``; None for keys that are not fields (a return's figures)."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(model: type[models.Model] | None, name: str) -> str:
    """A field's label: ours for terse names, else the model's verbose name, as a sentence."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    field = field_of(model, name)
    verbose = str(field.verbose_name) if field is not None else name.replace("_", " ")
    if verbose == name.replace("_", " "):
        # Django's default name: 'approved_at' reads as 'Approved', 'is_open' as 'Open'.
        verbose = re.sub(r" at$", "", verbose)
        verbose = re.sub(r"^is ", "", verbose)
    return verbose[:1].upper() + verbose[1:]


def format_value(model: type[models.Model] | None, name: str, value: Any) -> str:
    """One stored value as people read it; '' when empty."""
    if value is None or value in ("", [], {}):
        return ""
    if isinstance(value, list):
        return _joined(value)
    if isinstance(value, dict):
        return _mapping_text(value)
    field = field_of(model, name)
    if name == "period" or (field is None and name.endswith("_period")):
        return period_label(str(value))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return "Yes" if value in (True, "True", "true") else "No"
    if isinstance(field, models.DateTimeField) or (field is None and _looks_like_moment(value)):
        return _moment_text(value)
    if isinstance(field, models.DateField):
        return _date_text(value)
    numeric = isinstance(field, models.IntegerField | models.DecimalField | models.FloatField)
    if numeric or (field is None and isinstance(value, int | float)):
        return number_text(value)
    return readable_text(str(value))


def number_text(value: Any) -> str:
    """'5,000', '1,234.5': separators, no trailing zeros; '' for a missing number."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return ""
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def item_text(item: Any) -> str:
    if item is None:
        return ""
    if isinstance(item, dict):
        if "name" in item and isinstance(item.get("categories"), list):
            return f"{item['name']} ({', '.join(str(c) for c in item['categories'])})"
        return _mapping_text(item)
    if isinstance(item, list):
        return _joined(item)
    if isinstance(item, bool):
        return "Yes" if item else "No"
    if isinstance(item, int | float | Decimal):
        return number_text(item)
    return readable_text(str(item))


def _joined(items: Iterable[Any]) -> str:
    return ", ".join(text for text in (item_text(v) for v in items) if text)


def _mapping_text(mapping: Mapping[str, Any]) -> str:
    parts = []
    for key, value in mapping.items():
        text = format_value(None, str(key), value) or EMPTY
        parts.append(f"{field_label(None, str(key))}: {text}")
    return "; ".join(parts)


def _looks_like_moment(value: Any) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*", value))


def _moment_text(value: Any) -> str:
    try:
        moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return govuk_date(moment)


def _date_text(value: Any) -> str:
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return govuk_date(day)


def readable_text(text: str) -> str:
    """Free text recorded earlier, with any fortnight or week code written as its label."""
    return _FORTNIGHT_OR_WEEK_CODE.sub(lambda m: period_label(m.group(0)), text or "")
