"""Wellbeing outcomes of a programme (a hub's own work, or an initiative): the results page with its
chart and downloads, recording an assessment, and publishing an initiative's results to its
"Is anyone better off?" measures.

The results are figures only. The people who run the programme see true figures; coordinators and
analysts see them under the partnership's disclosure control. Participants' rows are shown only on
the recording page, to those who record them, and each such read is audited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wellboard.charts.outcomes import ChangePoint, change_chart, change_table
from wellboard.charts.tables import Column, table
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput, NotFound, PermissionDenied
from wellboard.core.forms import DateInput, Form
from wellboard.core.periods import Period, period_parse
from wellboard.core.views import form_saved, form_status, member_view, section_page
from wellboard.hub import policy
from wellboard.hub.calculations.assessments import (
    ITEM_LABELS,
    ITEM_RANGE,
    ITEMS,
    Programme,
    ProgrammeResults,
    programme_for_results,
    results_for_reader,
    runs_programme,
)
from wellboard.hub.codes import LOCAL_ID_MAX
from wellboard.hub.models import AssessmentStage, Instrument, OutcomeAssessment
from wellboard.hub.selectors import hub_get
from wellboard.hub.services.assessments import (
    assessment_record,
    assessment_recorder_check,
    assessments_seen,
)
from wellboard.hub.services.outcome_measures import assessment_results_publish
from wellboard.hub.views._common import hub_view
from wellboard.indicators.views._common import ChartView, table_download
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.selectors import initiative_get

RECENT = 25
SCALE_HINTS: dict[str, str] = {
    Instrument.ONS4: "0 is not at all, 10 is completely",
    Instrument.SWEMWBS: "1 none of the time, 2 rarely, 3 some of the time, 4 often, 5 all of the time",
}
CSV_COLUMNS = (
    "period",
    "instrument",
    "measure",
    "band",
    "participants_before",
    "participants_after",
    "paired",
    "before_only",
    "after_only",
    "mean_before",
    "mean_after",
    "mean_change",
    "change_lower95",
    "change_upper95",
    "meaningful_change",
    "improved",
    "improved_percent",
    "improved_lower95",
    "improved_upper95",
    "band_before",
    "band_after",
)


def _programme(
    request: HttpRequest, slug: str, *, hub: str = "", initiative: str = ""
) -> tuple[Partnership, Actor, Programme]:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = initiative_get(actor=actor, slug=initiative) if initiative else None
    return partnership, actor, programme_for_results(actor=actor, hub_slug=hub, initiative=found)


def outcome_urls(partnership: Partnership, programme: Programme) -> dict[str, str]:
    if programme.hub is not None:
        args = [partnership.slug, programme.hub.slug]
        return {
            "results": reverse("hub-outcomes", args=args),
            "record": reverse("hub-outcomes-record", args=args),
            "import": reverse("hub-outcomes-import", args=args),
            "back": reverse("hub-detail", args=args),
            "download": reverse("hub-outcomes-download", args=[*args, "csv"])[: -len("csv")],
        }
    initiative = programme.initiative
    if initiative is None:
        raise NotFound("programme")
    args = [partnership.slug, initiative.slug]
    return {
        "results": reverse("initiative-outcomes", args=args),
        "record": reverse("initiative-outcomes-record", args=args),
        "import": reverse("initiative-outcomes-import", args=args),
        "back": reverse("initiative-detail", args=args),
        "download": reverse("initiative-outcomes-download", args=[*args, "csv"])[: -len("csv")],
        "publish": reverse("initiative-outcomes-publish", args=args),
    }


def correct_url(partnership: Partnership, programme: Programme, pk: int) -> str:
    """The page that corrects one of the programme's assessments."""
    if programme.hub is not None:
        return reverse("hub-outcomes-correct", args=[partnership.slug, programme.hub.slug, pk])
    if programme.initiative is None:
        raise NotFound("programme")
    return reverse("initiative-outcomes-correct", args=[partnership.slug, programme.initiative.slug, pk])


def _period(request: HttpRequest) -> Period | None:
    code = request.GET.get("period", "").strip()
    if not code or code == "all":
        return None
    try:
        return period_parse(code)
    except ValueError as exc:
        raise Http404("No such period") from exc


def _chart(results: ProgrammeResults) -> ChartView | None:
    points = [
        ChangePoint(
            measure=row.label,
            paired=row.paired.plain,
            change=row.mean_change,
            lower=row.lower,
            upper=row.upper,
            better="higher" if row.higher_is_better else "lower",
        )
        for result in results.instruments
        for row in result.changes
    ]
    if not points:
        return None
    title = f"{results.programme.name}: change in wellbeing"
    subtitle = "Mean change after minus before, with 95% confidence intervals"
    return ChartView(
        key="outcomes",
        title="Mean change by measure",
        spec=change_chart(title=title, subtitle=subtitle, points=points),
        table=change_table(caption="Mean change by measure, paired participants", points=points),
        empty_message="No participant has both a before and an after assessment yet.",
    )


def _section(programme: Programme) -> str:
    return "hubs" if programme.hub is not None else "initiatives"


def _results_page(
    request: HttpRequest, partnership: Partnership, actor: Actor, programme: Programme
) -> HttpResponse:
    period = _period(request)
    results = results_for_reader(actor=actor, programme=programme, period=period)
    urls = outcome_urls(partnership, programme)
    return section_page(
        request,
        "hub/assessments.html",
        partnership=partnership,
        actor=actor,
        section=_section(programme),
        abilities=policy.hub_abilities,
        programme=programme,
        results=results,
        chart=_chart(results),
        urls=urls,
        period_code=period.code if period is not None else "",
        may_record=_may_record(actor, programme),
        may_publish=programme.initiative is not None and policy.PUBLISH_OUTCOME_RESULTS.allows(actor),
    )


def _may_record(actor: Actor, programme: Programme) -> bool:
    try:
        assessment_recorder_check(actor=actor, programme=programme)
    except (NotFound, PermissionDenied):
        return False
    return True


@member_view
@require_GET
def hub_outcomes_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    partnership, actor, programme = _programme(request, slug, hub=hub)
    return _results_page(request, partnership, actor, programme)


@member_view
@require_GET
def initiative_outcomes_view(request: HttpRequest, slug: str, initiative: str) -> HttpResponse:
    partnership, actor, programme = _programme(request, slug, initiative=initiative)
    return _results_page(request, partnership, actor, programme)


def _download(request: HttpRequest, actor: Actor, programme: Programme, fmt: str) -> HttpResponse:
    results = results_for_reader(actor=actor, programme=programme, period=_period(request))
    rows = [{column: row.get(column) for column in CSV_COLUMNS} for row in results.rows()]
    columns = [Column(c, c) for c in CSV_COLUMNS]
    name = f"{programme.name} wellbeing outcomes"
    return table_download(table(name, columns, rows), fmt=fmt, name=name)


@member_view
@require_GET
def hub_outcomes_download(request: HttpRequest, slug: str, hub: str, fmt: str) -> HttpResponse:
    _partnership, actor, programme = _programme(request, slug, hub=hub)
    return _download(request, actor, programme, fmt)


@member_view
@require_GET
def initiative_outcomes_download(request: HttpRequest, slug: str, initiative: str, fmt: str) -> HttpResponse:
    _partnership, actor, programme = _programme(request, slug, initiative=initiative)
    return _download(request, actor, programme, fmt)


# ---------------------------------------------------------------- recording


class AssessmentForm(Form):
    """One participant's answers to one instrument, before or after the programme."""

    date = forms.DateField(
        label="Date of the assessment",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the assessment", "invalid": "Enter a real date"},
    )
    client_id = forms.CharField(
        label="Your identifier for the person",
        help_text="The same identifier you use for them before and after. It is turned into a "
        "pseudonymous key and never stored.",
        max_length=LOCAL_ID_MAX,
        error_messages={"required": "Enter your identifier for the person"},
    )
    stage = forms.ChoiceField(
        label="Before or after the programme",
        choices=AssessmentStage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is the before or the after assessment"},
    )

    def __init__(self, *args: Any, instrument: str, **kwargs: Any) -> None:
        super().__init__(*args, new=True, **kwargs)
        self.instrument = instrument
        low, high = ITEM_RANGE[instrument]
        for item in ITEMS[instrument]:
            label = ITEM_LABELS[item]
            self.fields[item] = forms.IntegerField(
                label=f"{label} ({low} to {high})",
                help_text=SCALE_HINTS[instrument],
                min_value=low,
                max_value=high,
                error_messages={
                    "required": f"Answer '{label}'",
                    "invalid": f"'{label}' must be a whole number from {low} to {high}",
                    "min_value": f"'{label}' must be a whole number from {low} to {high}",
                    "max_value": f"'{label}' must be a whole number from {low} to {high}",
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
            )

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "client_id": data["client_id"],
            "stage": data["stage"],
            "instrument": self.instrument,
            "answers": {item: data[item] for item in ITEMS[self.instrument]},
        }


UNKNOWN_INSTRUMENT = (
    "Wellboard does not know that instrument. Choose ONS4 personal wellbeing or the Short "
    "Warwick-Edinburgh Mental Wellbeing Scale."
)


def _instrument(request: HttpRequest) -> tuple[str, bool]:
    """The instrument asked for, and whether it was one Wellboard knows. An unknown one falls back
    to SWEMWBS so that the page still works, and the page says so."""
    asked = (request.POST.get("instrument") or request.GET.get("instrument") or "").strip().lower()
    if not asked:
        return Instrument.SWEMWBS, True
    if asked not in Instrument.values:
        return Instrument.SWEMWBS, False
    return asked, True


def _record_page(request: HttpRequest, slug: str, *, hub: str = "", initiative: str = "") -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = initiative_get(actor=actor, slug=initiative) if initiative else None
    if found is not None:
        programme = Programme(initiative=found)
    else:
        programme = Programme(hub=hub_get(actor=actor, slug=hub))
    assessment_recorder_check(actor=actor, programme=programme)
    instrument, known = _instrument(request)
    # Answers posted for an instrument Wellboard does not know are never saved under another one.
    posted = request.POST if known and request.method == "POST" else None
    form = AssessmentForm(posted, instrument=instrument, initial={"date": clock.today()})
    urls = outcome_urls(partnership, programme)
    if posted is not None:
        saved = form_saved(
            request,
            form,
            lambda data: assessment_record(by=actor, **programme.filter(), **form.service_values()),
            done=lambda made: (
                f"Recorded the {made.stage} {made.get_instrument_display()} assessment",
                f"{urls['record']}?instrument={instrument}",
            ),
        )
        if saved is not None:
            return saved
    shows_recent = runs_programme(actor, programme)
    recent: list[tuple[OutcomeAssessment, str]] = []
    if shows_recent:
        rows = assessments_seen(
            by=actor, **programme.filter(), instrument=instrument, limit=RECENT, purpose="recording page"
        )
        recent = [(row, correct_url(partnership, programme, row.pk)) for row in rows]
    status = 400 if request.method == "POST" and not known else form_status(request, form)
    return section_page(
        request,
        "hub/assessment_form.html",
        partnership=partnership,
        actor=actor,
        section=_section(programme),
        abilities=policy.hub_abilities,
        status=status,
        programme=programme,
        form=form,
        instrument=instrument,
        instrument_label=Instrument(instrument).label,
        instrument_problem="" if known else UNKNOWN_INSTRUMENT,
        instruments=Instrument.choices,
        shows_recent=shows_recent,
        recent=recent,
        items=[(item, ITEM_LABELS[item]) for item in ITEMS[instrument]],
        urls=urls,
    )


@hub_view
@require_http_methods(["GET", "POST"])
def hub_assessment_record_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    return _record_page(request, slug, hub=hub)


@hub_view
@require_http_methods(["GET", "POST"])
def initiative_assessment_record_view(request: HttpRequest, slug: str, initiative: str) -> HttpResponse:
    return _record_page(request, slug, initiative=initiative)


@member_view
@require_POST
def initiative_outcomes_publish_view(request: HttpRequest, slug: str, initiative: str) -> HttpResponse:
    partnership, actor, programme = _programme(request, slug, initiative=initiative)
    policy.PUBLISH_OUTCOME_RESULTS.require(actor)
    found = programme.initiative
    if found is None:
        raise NotFound("initiative")
    url = outcome_urls(partnership, programme)["results"]
    try:
        published = assessment_results_publish(by=actor, initiative=found)
    except InvalidInput as exc:
        for problems in exc.errors.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect(url)
    changed = sum(1 for p in published if p.report.changes_anything)
    messages.success(
        request,
        f"Published the results to {len(published)} better-off measure{'s' if len(published) != 1 else ''} "
        f"of {found.name}" + ("" if changed else ": they were up to date already"),
    )
    return redirect(url)
