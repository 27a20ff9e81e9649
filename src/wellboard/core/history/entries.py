"""Audit events as entries of a history page: a sentence, the changed fields, a return's figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from wellboard.core.history.values import (
    field_label,
    format_value,
    item_text,
    model_of,
    number_text,
    readable_text,
)
from wellboard.core.history.words import EMPTY, EVENT_DESCRIPTIONS, HIDDEN_FIELDS, REPEATS, UNKNOWN_EVENT
from wellboard.core.models import AuditEvent
from wellboard.core.periods import period_label
from wellboard.core.templatetags.govuk import govuk_date
from wellboard.core.text import in_sentence

FIGURES = "figures"  # a return's figures: {"measure.breakdown.category": {"value", "denominator"}}
COMMENTS = "comments"  # a return's comments by measure code


@dataclass(frozen=True)
class FieldChange:
    """One field of the record: its label and its values written for people ('' when empty)."""

    name: str
    label: str
    before: str
    after: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True)
class FigureChange:
    """One figure of a return: what it was and what it became ('' when there was none)."""

    measure: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    sentence: str
    note: str
    created: bool  # nothing before: the fields are the record's first values
    removed: bool  # nothing after: the fields are its last values
    changes: tuple[FieldChange, ...]
    figures: tuple[FigureChange, ...]

    @property
    def has_details(self) -> bool:
        return bool(self.changes or self.figures)


def history_entries(
    events: Iterable[AuditEvent],
    *,
    figure_labels: Mapping[str, str] | None = None,
    omit: Collection[str] = (),
) -> list[HistoryEntry]:
    """Readable entries for ``events``, in the order given. ``figure_labels`` names a return's
    measures by their codes; fields in ``omit`` are those the page already names (the action,
    on the history of an action with its milestones and updates)."""
    return [history_entry(event, figure_labels=figure_labels, omit=omit) for event in events]


def history_entry(
    event: AuditEvent, *, figure_labels: Mapping[str, str] | None = None, omit: Collection[str] = ()
) -> HistoryEntry:
    model = model_of(event.object_type)
    before = event.before if isinstance(event.before, dict) else None
    after = event.after if isinstance(event.after, dict) else None
    labels = figure_labels or {}
    changes = tuple(
        c for c in field_changes(model, before, after, figure_labels=labels) if c.name not in omit
    )
    note = readable_text(event.note)
    return HistoryEntry(
        at=event.at,
        sentence=event_sentence(event),
        # A reason also kept in a field (why a return was sent back) is shown once, as that field.
        note="" if any(note and c.after == note for c in changes) else note,
        created=before is None and after is not None,
        removed=after is None and before is not None,
        changes=changes,
        figures=tuple(figure_changes(before, after, labels)),
    )


def event_sentence(event: AuditEvent) -> str:
    """'Grace Adeyemi approved the return on 1 October 2020 at 3:00pm'."""
    template = EVENT_DESCRIPTIONS.get(event.action, UNKNOWN_EVENT)
    snapshot = event.after if isinstance(event.after, dict) else event.before
    period = snapshot.get("period") if isinstance(snapshot, dict) else None
    what = template.format(
        object=readable_text(event.object_label) or "a record",
        period=period_label(str(period)) if period else "its period",
    )
    who = event.actor_label or "Someone"
    sentence = f"{who} {what} on {govuk_date(event.at)}"
    return sentence[:1].upper() + sentence[1:]


def field_changes(
    model: type[models.Model] | None,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    *,
    figure_labels: Mapping[str, str] | None = None,
) -> list[FieldChange]:
    """The fields that differ between the two pictures (all non-empty fields of a new or deleted
    record), in the model's order, each labelled and formatted."""
    old, new = before or {}, after or {}
    keys = [k for k in _ordered_keys(model, old, new) if k not in HIDDEN_FIELDS and k != FIGURES]
    shown = set(keys)
    result = []
    for key in keys:
        if key in REPEATS and REPEATS[key] in shown:
            continue
        if key == COMMENTS:
            result.extend(_comment_changes(old.get(key), new.get(key), figure_labels or {}))
            continue
        if old.get(key) == new.get(key) and before is not None and after is not None:
            continue
        change = _field_change(model, key, old.get(key), new.get(key))
        if change.before or change.after or change.is_list:
            result.append(change)
    return result


def figure_changes(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, labels: Mapping[str, str]
) -> list[FigureChange]:
    """A return's figures that changed, each named by its measure (and breakdown)."""
    old = _figures(before)
    new = _figures(after)
    keys = list(new) + [k for k in old if k not in new]
    rows = []
    for key in keys:
        was, now = _figure_text(old.get(key)), _figure_text(new.get(key))
        if was != now:
            rows.append(FigureChange(_figure_name(key, labels), was, now))
    return rows


def _ordered_keys(
    model: type[models.Model] | None, old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[str]:
    """The keys of both pictures in the model's field order, then any others alphabetically (a
    database may store a picture's keys in any order)."""
    present = set(old) | set(new)
    order = [f.name for f in model._meta.get_fields()] if model is not None else []
    known = [name for name in order if name in present]
    return known + sorted(present - set(known))


def _field_change(model: type[models.Model] | None, key: str, old: Any, new: Any) -> FieldChange:
    label = field_label(model, key)
    if isinstance(old, list) and isinstance(new, list):
        old_items = [t for t in (item_text(v) for v in old) if t]
        new_items = [t for t in (item_text(v) for v in new) if t]
        added = tuple(v for v in new_items if v not in old_items)
        removed = tuple(v for v in old_items if v not in new_items)
        return FieldChange(key, label, ", ".join(old_items), ", ".join(new_items), added, removed)
    return FieldChange(key, label, format_value(model, key, old), format_value(model, key, new))


def _comment_changes(old: Any, new: Any, labels: Mapping[str, str]) -> list[FieldChange]:
    was = old if isinstance(old, dict) else {}
    now = new if isinstance(new, dict) else {}
    rows = []
    for code in list(now) + [c for c in was if c not in now]:
        if was.get(code, "") != now.get(code, ""):
            name = in_sentence(labels.get(code, code))
            label = f"Comment on {name}"
            rows.append(
                FieldChange(f"{COMMENTS}.{code}", label, str(was.get(code, "")), str(now.get(code, "")))
            )
    return rows


def _figures(snapshot: Mapping[str, Any] | None) -> dict[str, Any]:
    figures = snapshot.get(FIGURES) if snapshot else None
    return dict(figures) if isinstance(figures, dict) else {}


def _figure_name(key: str, labels: Mapping[str, str]) -> str:
    code, _, rest = key.partition(".")
    breakdown, _, category = rest.partition(".")
    name = labels.get(code, code)
    return f"{name} ({breakdown}: {category})" if breakdown else name


def _figure_text(figure: Any) -> str:
    if not isinstance(figure, dict):
        return "" if figure is None else number_text(figure)
    value = number_text(figure["value"]) if figure.get("value") is not None else ""
    denominator = figure.get("denominator")
    if denominator is None:
        return value
    return f"{value or EMPTY} out of {number_text(denominator)}"
