"""One organisation's return for one period: view, edit, submit, approve, send back, un-approve."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wellboard.core.access import Actor
from wellboard.core.clock import today
from wellboard.core.errors import Conflict, InvalidInput, Locked, NotFound
from wellboard.core.periods import Period
from wellboard.core.versioning import NOT_STARTED
from wellboard.core.views import history_response, member_view, render_conflict
from wellboard.partners.models import Organisation, Partnership
from wellboard.returns.forms import ReasonForm, ReturnForm, UploadForm
from wellboard.returns.models import Collection, Return, ReturnStatus
from wellboard.returns.policy import (
    APPROVE_RETURNS,
    SEND_BACK_RETURNS,
    UNAPPROVE_RETURNS,
    can_fill_in_return,
    require_submit_return,
)
from wellboard.returns.selectors import (
    collection_get,
    figures_of,
    measure_list,
    period_get,
    previous_figures,
    return_find,
    return_organisation_get,
)
from wellboard.returns.services import (
    return_approve,
    return_save,
    return_send_back,
    return_submit,
    return_unapprove,
)
from wellboard.returns.validation import CleanFigure, slots_for
from wellboard.returns.views._common import access, page, version_of
from wellboard.returns.workbook import template_build, template_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def return_target(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> tuple[Partnership, Actor, Collection, Organisation, Period, Return | None]:
    """Everything a return page needs; another organisation's return is not found."""
    partnership, actor = access(request, slug)
    current = collection_get(actor=actor, slug=collection)
    org = return_organisation_get(actor=actor, collection=current, slug=organisation)
    when = period_get(collection=current, text=period)
    data_return = return_find(actor=actor, collection=current, organisation=org, period=when)
    return partnership, actor, current, org, when, data_return


def return_path(collection: Collection, organisation: Organisation, period: Period) -> str:
    return reverse(
        "return-detail",
        kwargs={
            "slug": collection.partnership.slug,
            "collection": collection.slug,
            "organisation": organisation.slug,
            "period": period.start.isoformat(),
        },
    )


def _rows(collection: Collection, saved: dict[tuple[str, str, str], CleanFigure], comments: dict[str, str],
          last: dict[tuple[str, str, str], CleanFigure]) -> list[dict[str, Any]]:  # fmt: skip
    """The figures as a read-only table: measure, breakdown, this period, last period, comment."""
    rows = []
    for measure in measure_list(collection=collection):
        for slot in slots_for(measure):
            key = (measure.code, slot.breakdown, slot.category)
            figure = saved.get(key, CleanFigure(None, None))
            before = last.get(key, CleanFigure(None, None))
            rows.append(
                {
                    "measure": measure,
                    "slot": slot,
                    "value": figure.value,
                    "denominator": figure.denominator,
                    "shown": _shown(measure, figure),
                    "last": _shown(measure, before),
                    "comment": comments.get(measure.code, "") if slot.is_total else "",
                }
            )
    return rows


def _shown(measure: Any, figure: CleanFigure) -> str:
    if figure.value is None:
        return ""
    if measure.kind.has_denominator:
        if not figure.denominator:
            return f"{figure.value.normalize():,f} (no denominator)"
        value = figure.value / figure.denominator * measure.multiplier
        unit = "%" if measure.multiplier == 100 else f" per {measure.multiplier:,}"
        return f"{value:,.1f}{unit} ({figure.value.normalize():,f} of {figure.denominator.normalize():,f})"
    return f"{figure.value.normalize():,f}"


def _editable(actor: Actor, organisation: Organisation, data_return: Return | None) -> bool:
    return can_fill_in_return(actor, organisation.pk) and not (
        data_return is not None and data_return.is_locked
    )


@member_view
@require_http_methods(["GET", "POST"])
def return_detail(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> HttpResponse:
    partnership, actor, current, org, when, data_return = return_target(
        request, slug, collection, organisation, period
    )
    measures = measure_list(collection=current)
    saved, comments = figures_of(data_return)
    last = previous_figures(collection=current, organisation=org, period=when)
    editable = _editable(actor, org, data_return)
    form = ReturnForm(
        request.POST if request.method == "POST" else None,
        measures=measures,
        saved=saved,
        comments=comments,
        last=last,
        return_comment=data_return.comment if data_return else "",
        initial={"version": data_return.version if data_return else NOT_STARTED},
    )
    status = 200
    if request.method == "POST":
        if data_return is not None and data_return.is_locked:
            raise Locked("This return has been approved, so it cannot be changed.")
        if not editable:
            raise NotFound("return")
        form.is_valid()
        submit = request.POST.get("action") == "submit"
        try:
            result = return_save(
                by=actor,
                collection=current,
                organisation=org,
                period=when,
                values=form.cleaned_values(),
                expected_version=version_of(request),
                submit=submit,
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
            status = 400
        except Conflict as exc:
            fresh, _ = figures_of(data_return)
            typed = form.cleaned_values()
            labels = {s.name(): s.label for m in measures for s in slots_for(m)}
            return render_conflict(
                request,
                exc,
                back_url=request.path,
                submitted={labels[k]: typed.get(k, "") for k in labels},
                current={
                    labels[s.name()]: _shown(
                        m, fresh.get((m.code, s.breakdown, s.category), CleanFigure(None))
                    )
                    for m in measures
                    for s in slots_for(m)
                },
            )
        else:
            if submit:
                messages.success(request, "Return submitted for approval")
            elif result.changed or result.created:
                messages.success(request, "Draft saved. Submit it when it is complete.")
            else:
                messages.success(request, "No changes to save")
            return redirect(return_path(current, org, when))
    due = current.due_date(when)
    context = page(
        partnership,
        actor,
        collection=current,
        organisation=org,
        period=when,
        data_return=data_return,
        status=ReturnStatus(data_return.status) if data_return else ReturnStatus.NOT_STARTED,
        due_date=due,
        overdue=due < today() and (data_return is None or data_return.status in ("draft", "returned")),
        form=form,
        editable=editable,
        can_approve=APPROVE_RETURNS.allows(actor),
        rows=_rows(current, saved, comments, last),
        upload_form=UploadForm(),
        has_errors=bool(form.errors),
    )
    return render(request, "returns/return_detail.html", context, status=status)


@member_view
@require_safe
def return_template(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> HttpResponse:
    _partnership, actor, current, org, when, _ = return_target(
        request, slug, collection, organisation, period
    )
    data = template_build(actor=actor, collection=current, organisation=org, period=when)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(current, org, when)}"'
    return response


def _workflow(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> tuple[Partnership, Actor, Collection, Organisation, Period, Return]:
    target = return_target(request, slug, collection, organisation, period)
    if target[5] is None:
        raise NotFound("return")
    return target  # type: ignore[return-value]


@member_view
@require_POST
def return_submit_view(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> HttpResponse:
    _p, actor, current, org, when, data_return = _workflow(request, slug, collection, organisation, period)
    require_submit_return(actor, org.pk)  # before the form's contents: who may not is told so
    try:
        return_submit(by=actor, data_return=data_return, expected_version=version_of(request))
    except InvalidInput as exc:
        for messages_ in exc.errors.values():
            for message in messages_:
                messages.error(request, message)
        messages.error(request, "The return was not submitted: fix the problems and submit it again")
    else:
        messages.success(request, "Return submitted for approval")
    return redirect(return_path(current, org, when))


@member_view
@require_POST
def return_approve_view(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> HttpResponse:
    _p, actor, current, org, when, data_return = _workflow(request, slug, collection, organisation, period)
    APPROVE_RETURNS.require(actor)  # before the form's contents: who may not is told so
    try:
        return_approve(by=actor, data_return=data_return, expected_version=version_of(request))
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Return approved: {org.name}, {when.label}")
    return redirect(return_path(current, org, when))


def _reason_page(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str, *, unapprove: bool
) -> HttpResponse:
    partnership, actor, current, org, when, data_return = _workflow(
        request, slug, collection, organisation, period
    )
    if not (UNAPPROVE_RETURNS if unapprove else SEND_BACK_RETURNS).allows(actor):
        raise NotFound("page")
    label = "Why is it being un-approved?" if unapprove else "What needs to change?"
    hint = (
        "This is kept in the return's history."
        if unapprove
        else "The organisation's contributors see this when they open the return."
    )
    form = ReasonForm(request.POST or None, label=label, hint=hint, initial={"version": data_return.version})
    if request.method == "POST" and form.is_valid():
        service = return_unapprove if unapprove else return_send_back
        try:
            service(
                by=actor,
                data_return=data_return,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        except Conflict as exc:
            return render_conflict(request, exc, back_url=return_path(current, org, when))
        else:
            messages.success(
                request, "Return un-approved and unlocked" if unapprove else "Return sent back for changes"
            )
            return redirect(return_path(current, org, when))
    context = page(
        partnership,
        actor,
        collection=current,
        organisation=org,
        period=when,
        data_return=data_return,
        form=form,
        unapprove=unapprove,
        back_url=return_path(current, org, when),
    )
    return render(
        request, "returns/reason_form.html", context, status=400 if request.method == "POST" else 200
    )


@member_view
@require_http_methods(["GET", "POST"])
def return_send_back_view(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> HttpResponse:
    return _reason_page(request, slug, collection, organisation, period, unapprove=False)


@member_view
@require_http_methods(["GET", "POST"])
def return_unapprove_view(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> HttpResponse:
    return _reason_page(request, slug, collection, organisation, period, unapprove=True)


@member_view
@require_safe
def return_history(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> HttpResponse:
    partnership, actor, current, org, when, data_return = _workflow(
        request, slug, collection, organisation, period
    )
    return history_response(
        request,
        data_return,
        title=f"{org.name}'s return for {when.label}",
        back_url=return_path(current, org, when),
        context=page(partnership, actor),
        figure_labels={m.code: m.label for m in measure_list(collection=current)},
    )
