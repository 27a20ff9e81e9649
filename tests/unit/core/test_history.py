"""The presenter that turns audit events into history people can read."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wellboard
from wellboard.core.history import (
    EVENT_DESCRIPTIONS,
    UNKNOWN_EVENT,
    field_label,
    format_value,
    history_entry,
    number_text,
)
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Organisation
from wellboard.returns.models import Collection, Return
from wellboard.strategy.models import Action, Initiative

SRC = Path(wellboard.__file__).resolve().parent
LONDON_SUMMER = dt.timezone(dt.timedelta(hours=1))
# What must never reach a reader: reprs, dotted event codes, ISO moments, stored period codes.
RAW = re.compile(
    r"\{'|\['|\bNone\b|\bnan\b|\b[a-z_]+\.[a-z_]+\b|\d{4}-\d{2}-\d{2}T|\d{2}:\d{2}:\d{2}\.\d+|/2W|-W\d{2}"
)


def _event(action: str, object_type: str, before: Any, after: Any, **extra: Any) -> AuditEvent:
    return AuditEvent(
        actor_label=extra.pop("actor_label", "Priya Shah"),
        at=extra.pop("at", dt.datetime(2025, 3, 5, 14, 30, 12, 345678, tzinfo=dt.UTC)),
        action=action,
        object_type=object_type,
        object_id="1",
        object_label=extra.pop("object_label", "A record"),
        before=before,
        after=after,
        note=extra.pop("note", ""),
    )


def _texts(entry: Any) -> list[str]:
    texts = [entry.sentence, entry.note]
    for change in entry.changes:
        texts += [change.label, change.before, change.after, *change.added, *change.removed]
    for figure in entry.figures:
        texts += [figure.measure, figure.before, figure.after]
    return texts


# ---------------------------------------------------------------- every event has words


def _audited_actions() -> dict[str, str]:
    """Every action string passed to ``audit_record`` (or ``save_changes``) in the source, with
    where it is used. A variable is followed to the strings assigned to it in the same function."""
    found: dict[str, str] = {}
    unresolved: list[str] = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for function in functions:
            for call in ast.walk(function):
                if not isinstance(call, ast.Call):
                    continue
                name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
                if name not in ("audit_record", "save_changes"):
                    continue
                for keyword in call.keywords:
                    if keyword.arg not in ("action", "audit_action"):
                        continue
                    where = f"{path.relative_to(SRC)}:{call.lineno}"
                    values = [keyword.value]
                    if isinstance(keyword.value, ast.Name) and name == "audit_record":
                        if keyword.value.id in ("audit_action",):  # save_changes passes its argument on
                            continue
                        values = [
                            a.value
                            for a in ast.walk(function)
                            if isinstance(a, ast.Assign)
                            and any(isinstance(t, ast.Name) and t.id == keyword.value.id for t in a.targets)
                        ]
                    strings = [
                        c.value
                        for v in values
                        for c in ast.walk(v)
                        if isinstance(c, ast.Constant) and isinstance(c.value, str)
                    ]
                    if not strings:
                        unresolved.append(where)
                    for text in strings:
                        found.setdefault(text, where)
    assert not unresolved, f"audit actions that are not plain strings: {unresolved}"
    return found


def test_every_audited_action_has_a_description() -> None:
    actions = _audited_actions()
    assert "return.approve" in actions
    assert "action.update" in actions
    missing = {a: where for a, where in actions.items() if a not in EVENT_DESCRIPTIONS}
    assert not missing, f"add these to core.history.EVENT_DESCRIPTIONS: {missing}"


def test_descriptions_are_words_with_known_placeholders() -> None:
    for action, text in EVENT_DESCRIPTIONS.items():
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", action)
        assert text == text.strip(), action
        assert text[:1].islower(), action
        assert set(re.findall(r"\{(\w*)\}", text)) <= {"object", "period"}, action


def test_an_unknown_action_never_shows_its_code() -> None:
    entry = history_entry(_event("gadget.frobnicate", "partners.organisation", None, {"name": "X"}))
    assert entry.sentence == f"Priya Shah {UNKNOWN_EVENT} on 5 March 2025 at 2:30pm"


# ---------------------------------------------------------------- values people read


def test_an_approved_return_reads_as_a_sentence_with_labels_and_a_table_of_figures() -> None:
    before = {
        "version": 1,
        "status": "submitted",
        "comment": "",
        "submitted_at": "2025-03-03T10:00:00.123456+00:00",
        "approved_at": None,
        "returned_reason": "",
        "figures": {
            "visits": {"value": "1204.0000", "denominator": None},
            "visits.Sex.Female": {"value": "700.0000", "denominator": None},
            "seen": {"value": "12.0000", "denominator": "40.0000"},
        },
        "comments": {},
    }
    after = {
        **before,
        "version": 2,
        "status": "approved",
        "approved_at": "2025-03-05T14:30:12.345678+00:00",
        "figures": {**before["figures"], "visits": {"value": "1250.5000", "denominator": None}},
        "comments": {"visits": "The hub opened on Saturdays"},
    }
    labels = {"visits": "Healthy Hub visitors", "seen": "Seen within a week"}
    entry = history_entry(_event("return.approve", "returns.return", before, after), figure_labels=labels)
    assert entry.sentence == "Priya Shah approved the return on 5 March 2025 at 2:30pm"
    changes = {c.label: (c.before, c.after) for c in entry.changes}
    assert changes == {
        "Status": ("Submitted", "Approved"),
        "Approved": ("", "5 March 2025 at 2:30pm"),
        "Comment on Healthy Hub visitors": ("", "The hub opened on Saturdays"),
    }
    assert [(f.measure, f.before, f.after) for f in entry.figures] == [
        ("Healthy Hub visitors", "1,204", "1,250.5")
    ]
    assert not any(RAW.search(t) for t in _texts(entry))


def test_a_new_return_lists_every_figure_and_its_first_values() -> None:
    after = {
        "status": "submitted",
        "submitted_at": "2020-09-29T10:00:00+00:00",
        "figures": {
            "seen": {"value": "12.0000", "denominator": "40.0000"},
            "visits.Sex.Female": {"value": "7.0000", "denominator": None},
        },
        "comments": {},
    }
    entry = history_entry(_event("return.submit", "returns.return", None, after))
    assert entry.created
    assert [(f.measure, f.after) for f in entry.figures] == [
        ("seen", "12 out of 40"),
        ("visits (Sex: Female)", "7"),
    ]
    assert [(c.label, c.after) for c in entry.changes] == [
        ("Status", "Submitted"),
        ("Submitted", "29 September 2020 at 11:00am"),
    ]


def test_an_action_change_uses_labels_choices_dates_and_lists() -> None:
    before = {
        "version": 1,
        "rag": "not_rated",
        "status": "in_progress",
        "due_date": "2027-03-31",
        "supporting_organisations": ["Stevenage CVS", "Mind in Mid Herts"],
    }
    after = {
        "version": 2,
        "rag": "amber",
        "status": "in_progress",
        "due_date": "2027-06-30",
        "supporting_organisations": ["Mind in Mid Herts", "Stevenage Helps"],
    }
    entry = history_entry(_event("action.update", "strategy.action", before, after, note="Checked"))
    assert entry.sentence.startswith("Priya Shah changed the action on ")
    rows = {c.label: c for c in entry.changes}
    assert set(rows) == {"RAG rating", "Due date", "Supporting organisations"}
    assert (rows["RAG rating"].before, rows["RAG rating"].after) == ("Not rated", "Amber")
    assert rows["Due date"].after == "30 June 2027"
    assert rows["Supporting organisations"].added == ("Stevenage Helps",)
    assert rows["Supporting organisations"].removed == ("Stevenage CVS",)


def test_a_progress_update_names_its_period_and_hides_what_repeats() -> None:
    after = {
        "id": 7,
        "action": "A1 Support new businesses",
        "period": "2026-10-05/2W",
        "period_start": "2026-10-05",
        "narrative": "Going well",
        "rag": "green",
        "author": "Owen Hughes",
        "author_label": "Owen Hughes",
        "posted_at": "2026-10-20T09:15:00.000001+01:00",
    }
    entry = history_entry(
        _event(
            "progress_update.post", "strategy.progressupdate", None, after, object_label="A1 2026-10-05/2W"
        )
    )
    assert entry.sentence.startswith("Priya Shah posted the progress update for 5 Oct to 18 Oct 2026 on ")
    labels = [c.label for c in entry.changes]
    assert labels == ["Action", "Period", "Action to date", "RAG rating", "Author", "Posted"]
    assert entry.changes[1].after == "5 Oct to 18 Oct 2026"
    assert entry.changes[-1].after == "20 October 2026 at 9:15am"
    assert not any(RAW.search(t) for t in _texts(entry))


def test_sub_records_are_named_in_the_sentence_with_period_codes_as_labels() -> None:
    milestone = _event(
        "milestone.create", "strategy.milestone", None, {"title": "Survey"}, object_label="Survey"
    )
    assert "added the milestone “Survey” on" in history_entry(milestone).sentence
    old = _event("action.update", "strategy.action", {}, {}, note="RAG set by the update for 2020-09-14/2W")
    assert history_entry(old).note == "RAG set by the update for 14 Sep to 27 Sep 2020"


def test_field_labels_come_from_the_model_or_read_as_words() -> None:
    assert field_label(Organisation, "kind") == "Type"
    assert field_label(Return, "approved_at") == "Approved"
    assert field_label(Return, "returned_reason") == "Why it was sent back"
    assert field_label(Collection, "is_open") == "Open"
    assert field_label(Initiative, "start_date") == "Start date"
    assert field_label(Action, "smart_target") == "SMART target"
    assert field_label(None, "first_period_start") == "First period start"


def test_values_are_formatted_for_people() -> None:
    assert format_value(Organisation, "kind", "local_authority") == "Local authority"
    assert format_value(Collection, "frequency", "fortnight") == "Fortnightly"
    assert format_value(Collection, "is_open", True) == "Yes"
    assert format_value(Collection, "first_period_start", "2020-03-30") == "30 March 2020"
    assert format_value(Return, "submitted_at", "2025-01-15T23:30:00.5+00:00") == "15 January 2025 at 11:30pm"
    assert format_value(Return, "submitted_at", "2025-07-15T23:30:00+00:00") == "16 July 2025 at 12:30am"
    assert format_value(None, "areas", ["England (E92000001)"]) == "England (E92000001)"
    assert format_value(None, "breakdowns", [{"name": "Sex", "categories": ["Female", "Male"]}]) == (
        "Sex (Female, Male)"
    )
    assert format_value(None, "created", 1200) == "1,200"
    assert format_value(None, "period", "2024-02") == "February 2024"
    assert format_value(None, "nothing", None) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5000.0, "5,000"),
        ("1234.5000", "1,234.5"),
        ("0.0000", "0"),
        (-1234567, "-1,234,567"),
        (float("nan"), ""),
        ("not a number", "not a number"),
    ],
)
def test_numbers_have_separators_and_no_trailing_zeros(value: Any, text: str) -> None:
    assert number_text(value) == text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(alphabet="abc XYZ-", max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a_b", "name", "x"]), inner),
    max_leaves=8,
)


@given(value=json_values)
def test_no_value_is_shown_as_a_python_repr(value: Any) -> None:
    text = format_value(None, "anything", value)
    assert "{'" not in text
    assert "['" not in text
    assert "None" not in text
    assert "nan" not in text
