"""Correcting one wellbeing assessment: its date and its answers, for the people who record the
programme's assessments and see them (a hub's own workers, an initiative's lead organisation).

The assessment is looked up within the programme the address names, so an assessment of another hub
or initiative is not found. Who the person is, which instrument and which stage stay as recorded:
a wrong person or stage is a new assessment, not a correction.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict
from wellboard.core.forms import DateInput, Form, VersionField
from wellboard.core.views import form_saved, form_status, render_conflict, section_page
from wellboard.hub import policy
from wellboard.hub.calculations.assessments import ITEM_LABELS, ITEM_RANGE, ITEMS, Programme
from wellboard.hub.models import OutcomeAssessment
from wellboard.hub.selectors import hub_get
from wellboard.hub.services.assessments import assessment_correct, assessment_for_correction
from wellboard.hub.views._common import hub_view
from wellboard.hub.views.assessments import outcome_urls
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.selectors import initiative_get

SCALE_HINTS: dict[str, str] = {
    "ons4": "0 is not at all, 10 is completely",
    "swemwbs": "1 none of the time, 2 rarely, 3 some of the time, 4 often, 5 all of the time",
}


class AssessmentCorrectionForm(Form):
    """The date and the answers of one recorded assessment, and the version they were read at."""

    date = forms.DateField(
        label="Date of the assessment",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the assessment", "invalid": "Enter a real date"},
    )
    version = VersionField()

    def __init__(self, *args: Any, instrument: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        low, high = ITEM_RANGE[instrument]
        for item in ITEMS[instrument]:
            label = ITEM_LABELS[item]
            wrong = f"'{label}' must be a whole number from {low} to {high}"
            self.fields[item] = forms.IntegerField(
                label=f"{label} ({low} to {high})",
                help_text=SCALE_HINTS.get(instrument, ""),
                min_value=low,
                max_value=high,
                error_messages={
                    "required": f"Answer '{label}'",
                    "invalid": wrong,
                    "min_value": wrong,
                    "max_value": wrong,
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
            )
        # the version last, after the questions, as on every other edit form
        self.fields["version"] = self.fields.pop("version")

    def answers(self) -> dict[str, int]:
        return {item: self.cleaned_data[item] for item in ITEMS[self.instrument]}


def _initial(assessment: OutcomeAssessment) -> dict[str, Any]:
    return {"date": assessment.date, "version": assessment.version, **dict(assessment.answers)}


def _conflict(
    request: HttpRequest, exc: Conflict, form: AssessmentCorrectionForm, current: OutcomeAssessment, back: str
) -> HttpResponse:
    """What this person entered beside what is saved now, question by question."""
    typed = {
        "date": f"{form.cleaned_data['date']:%d/%m/%Y}",
        **{k: str(v) for k, v in form.answers().items()},
    }
    saved = {"date": f"{current.date:%d/%m/%Y}"}
    saved |= {item: str(current.answers.get(item, "")) for item in ITEMS[form.instrument]}
    labels = {"date": "Date", **{item: ITEM_LABELS[item] for item in ITEMS[form.instrument]}}
    return render_conflict(
        request,
        exc,
        back_url=back,
        submitted={labels[k]: v for k, v in typed.items()},
        current={labels[k]: v for k, v in saved.items()},
    )


def _correct_page(
    request: HttpRequest,
    partnership: Partnership,
    actor: Actor,
    programme: Programme,
    pk: int,
    *,
    back: str,
    results: str,
    programme_page: str,
) -> HttpResponse:
    current = assessment_for_correction(by=actor, programme=programme, pk=pk)
    back = f"{back}?instrument={current.instrument}"
    form = AssessmentCorrectionForm(
        request.POST or None, instrument=current.instrument, initial=_initial(current)
    )
    saved = form_saved(
        request,
        form,
        lambda data: assessment_correct(
            by=actor,
            assessment=current,
            expected_version=data["version"],
            date=data["date"],
            answers=form.answers(),
        ),
        done=lambda corrected: (
            f"Corrected the {corrected.stage} {corrected.get_instrument_display()} assessment "
            f"of {corrected.date:%d %B %Y}",
            back,
        ),
        conflict=lambda exc: _conflict(
            request, exc, form, assessment_for_correction(by=actor, programme=programme, pk=pk), request.path
        ),
    )
    return saved or section_page(
        request,
        "hub/assessment_correct.html",
        partnership=partnership,
        actor=actor,
        section="hubs" if programme.hub is not None else "initiatives",
        abilities=policy.hub_abilities,
        status=form_status(request, form),
        programme=programme,
        assessment=current,
        form=form,
        today=clock.today(),
        back=back,
        results=results,
        programme_page=programme_page,
    )


@hub_view
@require_http_methods(["GET", "POST"])
def hub_assessment_correct_view(request: HttpRequest, slug: str, hub: str, pk: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    programme = Programme(hub=hub_get(actor=actor, slug=hub))
    urls = outcome_urls(partnership, programme)
    return _correct_page(
        request,
        partnership,
        actor,
        programme,
        pk,
        back=urls["record"],
        results=urls["results"],
        programme_page=urls["back"],
    )


@hub_view
@require_http_methods(["GET", "POST"])
def initiative_assessment_correct_view(
    request: HttpRequest, slug: str, initiative: str, pk: int
) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    programme = Programme(initiative=initiative_get(actor=actor, slug=initiative))
    urls = outcome_urls(partnership, programme)
    return _correct_page(
        request,
        partnership,
        actor,
        programme,
        pk,
        back=urls["record"],
        results=urls["results"],
        programme_page=urls["back"],
    )
