"""Audit events as people read them.

``audit_record`` keeps machine-readable pictures of a record before and after each change. This
package turns one ``AuditEvent`` into a ``HistoryEntry``: a sentence ("Grace Adeyemi approved the
return on 1 October 2020 at 3:00pm"), the fields that changed under their labels with their values
written for people (dates in UK time, numbers with separators, choices by their label, lists as
what was added and removed), and a return's figures as a small table. It only reads.
"""

from wellboard.core.history.entries import (
    FieldChange,
    FigureChange,
    HistoryEntry,
    event_sentence,
    field_changes,
    figure_changes,
    history_entries,
    history_entry,
)
from wellboard.core.history.values import field_label, format_value, number_text
from wellboard.core.history.words import EVENT_DESCRIPTIONS, UNKNOWN_EVENT

__all__ = [
    "EVENT_DESCRIPTIONS",
    "UNKNOWN_EVENT",
    "FieldChange",
    "FigureChange",
    "HistoryEntry",
    "event_sentence",
    "field_changes",
    "field_label",
    "figure_changes",
    "format_value",
    "history_entries",
    "history_entry",
    "number_text",
]
