"""Recording, correcting and reading participants' wellbeing assessments (ONS4, SWEMWBS).

A programme is a hub's own work or an initiative. At a hub, its assigned workers record and read the
rows; for an initiative, coordinators and the contributors of its lead organisation record, and only
those contributors read rows back (``hub.policy``). The operator on the command line may do both.
The person's own identifier becomes the client key exactly as for contacts (keyed HMAC with the
pseudonym key) and is never stored. Each person has at most one before and one after assessment per
instrument and programme. Every create, correction and read of rows is in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound, PermissionDenied
from wellboard.core.inputs import Errors, add_error, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import comparable, save_changes, version_check
from wellboard.hub.calculations.assessments import ITEM_LABELS, ITEM_RANGE, ITEMS, Programme
from wellboard.hub.codes import LOCAL_ID_MAX, client_key
from wellboard.hub.models import AssessmentStage, Hub, Instrument, OutcomeAssessment
from wellboard.hub.policy import (
    RECORD_INITIATIVE_ASSESSMENTS,
    SEE_INITIATIVE_ASSESSMENT_ROWS,
    records_initiative_assessments,
    runs_initiative,
)
from wellboard.hub.selectors import contact_hub_check, pseudonym_key
from wellboard.strategy.models import Initiative

STAGE_WORDS: dict[str, str] = {AssessmentStage.BEFORE: "before", AssessmentStage.AFTER: "after"}


def programme_of(*, hub: Hub | None, initiative: Initiative | None) -> Programme:
    if (hub is None) == (initiative is None):
        raise InvalidInput({"": ["Choose a hub or an initiative: an assessment belongs to exactly one"]})
    return Programme(hub=hub, initiative=initiative)


def assessment_recorder_check(*, actor: Actor, programme: Programme) -> None:
    """May ``actor`` record the programme's assessments? A hub they do not work at, or another
    partnership's initiative, is not found; an initiative they may see but not record for is refused."""
    if programme.hub is not None:
        contact_hub_check(actor=actor, hub=programme.hub)
        return
    initiative = programme.initiative
    if initiative is None or initiative.partnership_id != actor.partnership_id:
        raise NotFound("initiative")
    if not records_initiative_assessments(actor, initiative.lead_organisation_id):
        raise PermissionDenied(RECORD_INITIATIVE_ASSESSMENTS.message)


def assessment_rows_check(*, actor: Actor, programme: Programme) -> None:
    """May ``actor`` see the programme's rows (each person's answers)? Its hub's workers, its lead
    organisation's contributors and the operator; never coordinators or analysts as such."""
    if programme.hub is not None:
        contact_hub_check(actor=actor, hub=programme.hub)
        return
    initiative = programme.initiative
    if initiative is None or initiative.partnership_id != actor.partnership_id:
        raise NotFound("initiative")
    if not (actor.via_cli or runs_initiative(actor, initiative.lead_organisation_id)):
        raise PermissionDenied(SEE_INITIATIVE_ASSESSMENT_ROWS.message)


def clean_answers(errors: Errors, instrument: str, answers: Any) -> dict[str, int]:
    """Every item of the instrument, each a whole number in its range; nothing else."""
    items = ITEMS.get(instrument)
    if items is None:
        return {}
    low, high = ITEM_RANGE[instrument]
    if not isinstance(answers, Mapping):
        add_error(errors, "answers", "Give an answer to every question")
        return {}
    unknown = sorted(str(k) for k in answers if k not in items)
    if unknown:
        add_error(
            errors,
            "answers",
            f"{', '.join(unknown)} {'is not a question' if len(unknown) == 1 else 'are not questions'} "
            f"of {Instrument(instrument).label} (its questions are: {', '.join(items)})",
        )
    cleaned: dict[str, int] = {}
    for item in items:
        value = answers.get(item)
        label = ITEM_LABELS[item]
        if value is None or (isinstance(value, str) and not value.strip()):
            add_error(errors, item, f"Answer '{label}'")
            continue
        number = _whole_number(value)
        if number is None or not low <= number <= high:
            add_error(errors, item, f"'{label}' must be a whole number from {low} to {high}")
            continue
        cleaned[item] = number
    return cleaned


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None  # True is not an answer of 1
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _client_key(errors: Errors, client_id: Any, key: bytes) -> str:
    text = str(client_id or "").strip()
    if not text:
        add_error(errors, "client_id", "Enter your identifier for the person")
        return ""
    if len(text) > LOCAL_ID_MAX:
        add_error(errors, "client_id", f"The identifier must be {LOCAL_ID_MAX} characters or fewer")
        return ""
    return client_key(text, key)


def _check_date(errors: Errors, day: Any) -> dt.date | None:
    if not isinstance(day, dt.date):
        add_error(errors, "date", "Enter the date of the assessment")
        return None
    if day > clock.today():
        add_error(errors, "date", "The date of the assessment cannot be in the future")
    return day


def assessment_existing(
    programme: Programme, key: str, instrument: str, stage: str
) -> OutcomeAssessment | None:
    """The assessment already recorded for this person, instrument and stage, if there is one."""
    return OutcomeAssessment.objects.filter(
        client_key=key, instrument=instrument, stage=stage, **programme.filter()
    ).first()


def _check_order(  # noqa: PLR0917 (the identity of one assessment)
    errors: Errors, programme: Programme, key: str, instrument: str, stage: str, day: dt.date
) -> None:
    """An after assessment is not dated before the same person's before assessment, nor the reverse."""
    other_stage = AssessmentStage.AFTER if stage == AssessmentStage.BEFORE else AssessmentStage.BEFORE
    other = assessment_existing(programme, key, instrument, other_stage)
    if other is None:
        return
    if stage == AssessmentStage.AFTER and day < other.date:
        add_error(
            errors, "date", f"The after assessment cannot be before the before one ({other.date:%d/%m/%Y})"
        )
    if stage == AssessmentStage.BEFORE and day > other.date:
        add_error(
            errors, "date", f"The before assessment cannot be after the after one ({other.date:%d/%m/%Y})"
        )


def assessment_clean(
    *,
    programme: Programme,
    date: Any,
    client_id: Any,
    instrument: Any,
    stage: Any,
    answers: Any,
    key: bytes,
) -> dict[str, Any]:
    """One assessment checked field by field (``InvalidInput`` with every problem); not yet saved."""
    errors: Errors = {}
    day = _check_date(errors, date)
    person = _client_key(errors, client_id, key)
    chosen = str(instrument or "").strip().lower()
    if chosen not in Instrument.values:
        add_error(errors, "instrument", f"Choose the instrument: {', '.join(Instrument.values)}")
    when = str(stage or "").strip().lower()
    if when not in AssessmentStage.values:
        add_error(errors, "stage", "Choose whether this is the before or the after assessment")
    cleaned_answers = clean_answers(errors, chosen, answers)
    if person and day is not None and chosen in Instrument.values and when in AssessmentStage.values:
        _check_order(errors, programme, person, chosen, when, day)
    raise_if_any(errors)
    return {
        "date": day,
        "client_key": person,
        "instrument": chosen,
        "stage": when,
        "answers": cleaned_answers,
    }


def duplicate_message(instrument: str, stage: str) -> str:
    return (
        f"This person's {STAGE_WORDS.get(stage, stage)} {Instrument(instrument).label} assessment is "
        "already recorded for this programme: correct that one instead"
    )


@transaction.atomic
def assessment_record(
    *,
    by: Actor,
    hub: Hub | None = None,
    initiative: Initiative | None = None,
    date: dt.date | None,
    client_id: str,
    instrument: str,
    stage: str,
    answers: Mapping[str, Any],
) -> OutcomeAssessment:
    """Record one participant's answers before or after the programme."""
    key = pseudonym_key()
    programme = programme_of(hub=hub, initiative=initiative)
    assessment_recorder_check(actor=by, programme=programme)
    cleaned = assessment_clean(
        programme=programme,
        date=date,
        client_id=client_id,
        instrument=instrument,
        stage=stage,
        answers=answers,
        key=key,
    )
    if assessment_existing(programme, cleaned["client_key"], cleaned["instrument"], cleaned["stage"]):
        raise InvalidInput({"": [duplicate_message(cleaned["instrument"], cleaned["stage"])]})
    assessment = OutcomeAssessment.objects.create(
        partnership_id=by.partnership_id, recorded_by=by.user, **programme.filter(), **cleaned
    )
    audit_record(by=by, action="outcome_assessment.create", obj=assessment, after=audit_snapshot(assessment))
    return assessment


@transaction.atomic
def assessment_correct(
    *,
    by: Actor,
    assessment: OutcomeAssessment,
    expected_version: int | None,
    date: dt.date | None = None,
    answers: Mapping[str, Any] | None = None,
) -> OutcomeAssessment:
    """Correct an assessment's date or answers. A correction that changes nothing writes nothing."""
    pseudonym_key()
    # No select_related here: the hub and the initiative are nullable, and PostgreSQL cannot lock
    # the nullable side of an outer join. Each is read on its own when the programme is named.
    locked = lock_for_edit(
        OutcomeAssessment, pk=assessment.pk, partnership_id=by.partnership_id, what="assessment"
    )
    programme = Programme(hub=locked.hub, initiative=locked.initiative)
    assessment_recorder_check(actor=by, programme=programme)
    version_check(locked, expected_version, what="assessment")
    errors: Errors = {}
    changes: dict[str, Any] = {}
    if date is not None:
        day = _check_date(errors, date)
        if day is not None:
            _check_order(errors, programme, locked.client_key, locked.instrument, locked.stage, day)
            changes["date"] = day
    if answers is not None:
        changes["answers"] = clean_answers(errors, locked.instrument, answers)
    raise_if_any(errors)
    changed = {k: v for k, v in changes.items() if comparable(v) != comparable(getattr(locked, k))}
    if changed:
        save_changes(by=by, record=locked, fields=changed, audit_action="outcome_assessment.update")
    return locked


def assessment_for_correction(*, by: Actor, programme: Programme, pk: int) -> OutcomeAssessment:
    """One of ``programme``'s assessments, to correct it: for those who both record the programme and
    see its rows. An assessment of another programme (another hub's, another initiative's) is not
    found, exactly as one that does not exist, whatever the address it was asked for under. The read
    is audited."""
    assessment_rows_check(actor=by, programme=programme)
    assessment_recorder_check(actor=by, programme=programme)
    found = (
        OutcomeAssessment.objects.filter(partnership_id=by.partnership_id, pk=pk, **programme.filter())
        .select_related("hub", "initiative")
        .first()
    )
    if found is None:
        raise NotFound("assessment")
    audit_record(by=by, action="outcome_assessment.read", obj=found, note="correct", read_only=True)
    return found


def assessments_seen(
    *,
    by: Actor,
    hub: Hub | None = None,
    initiative: Initiative | None = None,
    instrument: str | None = None,
    limit: int | None = 100,
    purpose: str = "list",
) -> list[OutcomeAssessment]:
    """A programme's assessments, newest first, for the people who run it, of one instrument when
    ``instrument`` is given; the read is audited with the rows it returned."""
    programme = programme_of(hub=hub, initiative=initiative)
    assessment_rows_check(actor=by, programme=programme)
    rows = OutcomeAssessment.objects.filter(**programme.filter()).order_by("-date", "-pk")
    if instrument is not None:
        rows = rows.filter(instrument=instrument)
    found = list(rows if limit is None else rows[:limit])
    audit_record(
        by=by,
        action="outcome_assessment.read",
        obj=programme.hub if programme.hub is not None else programme.initiative,  # type: ignore[arg-type]
        after={"assessments": len(found), "ids": [a.pk for a in found]},
        note=purpose,
        read_only=True,
    )
    return found
