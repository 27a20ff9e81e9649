"""Audit events as people read them.

``audit_record`` keeps machine-readable pictures of a record before and after each change. This
module turns one ``AuditEvent`` into a ``HistoryEntry``: a sentence ("Grace Adeyemi approved the
return on 1 October 2020 at 3:00pm"), the fields that changed under their labels with their values
written for people (dates in UK time, numbers with separators, choices by their label, lists as
what was added and removed), and a return's figures as a small table. It only reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from wellboard.core.models import AuditEvent
from wellboard.core.periods import period_label
from wellboard.core.templatetags.govuk import govuk_date
from wellboard.core.text import in_sentence

# What each kind of event did, after the name of whoever did it. ``{object}`` is the record's name
# as it was then; ``{period}`` the period the record is for. Every ``action`` passed to
# ``audit_record`` needs an entry (a test checks), so history never shows a code.
EVENT_DESCRIPTIONS: dict[str, str] = {
    # partners
    "partnership.create": "created the partnership",
    "partnership.update": "changed the partnership's settings",
    "organisation.create": "added the organisation",
    "organisation.update": "changed the organisation's details",
    "membership.update": "changed the organisation's membership",
    "user.create": "created an account for {object}",
    "role.grant": "gave the role “{object}”",
    "role.revoke": "removed the role “{object}”",
    "invitation.create": "sent an invitation",
    "invitation.accept": "accepted an invitation",
    "api_token.create": "created the API token “{object}”",
    "api_token.revoke": "revoked the API token “{object}”",
    # geography
    "area.create": "defined the custom area",
    "area.update": "changed the custom area",
    "area.delete": "deleted the custom area",
    # indicators
    "indicator.create": "added the indicator",
    "indicator.update": "changed the indicator",
    "observation.save": "loaded figures for the indicator",
    "observation.update": "changed figures for the indicator",
    "observation.recalculate": "recalculated figures for the indicator",
    "comparator.create": "added the comparator “{object}”",
    "comparator.update": "changed the comparator “{object}”",
    "comparator.delete": "removed the comparator “{object}”",
    "target.create": "set the target “{object}”",
    "target.update": "changed the target “{object}”",
    "target.delete": "removed the target “{object}”",
    # returns
    "collection.create": "created the collection",
    "collection.update": "changed the collection",
    "measure.create": "added the measure “{object}”",
    "measure.update": "changed the measure “{object}”",
    "return.create": "started the return",
    "return.update": "changed the return",
    "return.submit": "submitted the return",
    "return.approve": "approved the return",
    "return.send_back": "sent the return back for changes",
    "return.unapprove": "withdrew the return's approval",
    # strategy
    "strategy.create": "created the strategy",
    "strategy.update": "changed the strategy",
    "node.create": "added “{object}” to the strategy",
    "node.update": "changed “{object}”",
    "node.delete": "deleted “{object}”",
    "action.create": "created the action",
    "action.update": "changed the action",
    "action.delete": "deleted the action",
    "milestone.create": "added the milestone “{object}”",
    "milestone.update": "changed the milestone “{object}”",
    "milestone.delete": "deleted the milestone “{object}”",
    "progress_update.post": "posted the progress update for {period}",
    "initiative.create": "added the initiative",
    "initiative.update": "changed the initiative",
    "initiative.delete": "deleted the initiative",
}
UNKNOWN_EVENT = "made a change"

# Bookkeeping people need not read: the row's number, its edit counter, the tenant it belongs to.
HIDDEN_FIELDS = frozenset({"id", "version", "partnership", "depth", "password", "token_hash"})
# A field that only repeats another one shown beside it.
REPEATS = {"period_start": "period", "period_end": "period", "author_label": "author"}
# Labels for fields whose names say little to people (model verbose names are used otherwise).
FIELD_LABELS = {
    "rag": "RAG rating",
    "smart_target": "SMART target",
    "slug": "Short name in web addresses",
    "position": "Order",
    "kind": "Type",
    "node": "Part of the strategy",
    "nodes": "Parts of the strategy",
    "parent": "Sits under",
    "ref": "Reference",
    "level_names": "Names of the strategy's levels",
    "fortnight_anchor": "First day of a fortnight",
    "due_rule": "How the due date is counted",
    "due_days": "Days to return figures after a period ends",
    "reminder_days": "Days before the due date that contributors are reminded",
    "returned_reason": "Why it was sent back",
    "comment": "Comment for the approver",
    "members": "Areas it is made of",
}
FIGURES = "figures"  # a return's figures: {"measure.breakdown.category": {"value", "denominator"}}
COMMENTS = "comments"  # a return's comments by measure code
EMPTY = "Not set"

_FORTNIGHT_OR_WEEK_CODE = re.compile(r"\b\d{4}-\d{2}-\d{2}/2W\b|\b\d{4}-W\d{2}\b")


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
    model = _model(event.object_type)
    before = event.before if isinstance(event.before, dict) else None
    after = event.after if isinstance(event.after, dict) else None
    labels = figure_labels or {}
    return HistoryEntry(
        at=event.at,
        sentence=event_sentence(event),
        note=_readable_text(event.note),
        created=before is None and after is not None,
        removed=after is None and before is not None,
        changes=tuple(
            c for c in field_changes(model, before, after, figure_labels=labels) if c.name not in omit
        ),
        figures=tuple(figure_changes(before, after, labels)),
    )


def event_sentence(event: AuditEvent) -> str:
    """'Grace Adeyemi approved the return on 1 October 2020 at 3:00pm'."""
    template = EVENT_DESCRIPTIONS.get(event.action, UNKNOWN_EVENT)
    snapshot = event.after if isinstance(event.after, dict) else event.before
    period = snapshot.get("period") if isinstance(snapshot, dict) else None
    what = template.format(
        object=_readable_text(event.object_label) or "a record",
        period=period_label(str(period)) if period else "its period",
    )
    who = event.actor_label or "Someone"
    sentence = f"{who} {what} on {govuk_date(event.at)}"
    return sentence[:1].upper() + sentence[1:]


def field_label(model: type[models.Model] | None, name: str) -> str:
    """A field's label: ours for terse names, else the model's verbose name, as a sentence."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    field = _field(model, name)
    verbose = str(field.verbose_name) if field is not None else name.replace("_", " ")
    if verbose == name.replace("_", " "):
        # Django's default name: 'approved_at' reads as 'Approved', 'is_open' as 'Open'.
        verbose = re.sub(r" at$", "", verbose)
        verbose = re.sub(r"^is ", "", verbose)
    return verbose[:1].upper() + verbose[1:]


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


def format_value(model: type[models.Model] | None, name: str, value: Any) -> str:
    """One stored value as people read it; '' when empty."""
    if value is None or value in ("", [], {}):
        return ""
    if isinstance(value, list):
        return _joined(value)
    if isinstance(value, dict):
        return _mapping_text(value)
    field = _field(model, name)
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
    return _readable_text(str(value))


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


# ---------------------------------------------------------------- helpers


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


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
        old_items = [t for t in (_item_text(v) for v in old) if t]
        new_items = [t for t in (_item_text(v) for v in new) if t]
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


def _item_text(item: Any) -> str:
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
    return _readable_text(str(item))


def _joined(items: Iterable[Any]) -> str:
    return ", ".join(text for text in (_item_text(v) for v in items) if text)


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


def _readable_text(text: str) -> str:
    """Free text recorded earlier, with any fortnight or week code written as its label."""
    return _FORTNIGHT_OR_WEEK_CODE.sub(lambda m: period_label(m.group(0)), text or "")
