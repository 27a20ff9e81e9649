"""Adding, changing, completing and deleting an action's milestones.

The same people who may change the action may change its milestones: a coordinator, or a
contributor of the lead organisation. For anyone else these pages do not exist (404).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wellboard.core import clock
from wellboard.core.errors import Conflict
from wellboard.core.forms import VersionField
from wellboard.core.versioning import VERSION_MISSING
from wellboard.core.views import form_conflict, form_saved, history_response, member_view, render_conflict
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.forms import MilestoneForm
from wellboard.strategy.selectors import action_get_for_edit, milestone_get, milestone_get_for_edit
from wellboard.strategy.services import milestone_create, milestone_delete, milestone_update
from wellboard.strategy.views._common import form_page, page

FORM = "strategy/milestone_form.html"


@member_view
@require_http_methods(["GET", "POST"])
def milestone_create_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    action = action_get_for_edit(actor=actor, pk=pk)
    form = MilestoneForm(request.POST or None, new=True)
    saved = form_saved(
        request,
        form,
        lambda data: milestone_create(by=actor, action=action, **form.cleaned_values()),
        done=lambda _created: ("Milestone added", reverse("action-detail", args=[slug, pk]) + "#milestones"),
    )
    return saved or form_page(request, FORM, form, partnership, actor, action=action, milestone=None)


@member_view
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    milestone = milestone_get_for_edit(actor=actor, pk=pk)
    action = milestone.action
    initial = {
        "title": milestone.title,
        "due_date": milestone.due_date,
        "completed_on": milestone.completed_on,
        "version": milestone.version,
    }
    form = MilestoneForm(request.POST or None, initial=initial)

    def conflict(error: Conflict) -> HttpResponse:
        milestone.refresh_from_db()
        back_url = reverse("milestone-edit", args=[slug, pk])
        return form_conflict(request, error, form=form, current=milestone, back_url=back_url)

    saved = form_saved(
        request,
        form,
        lambda data: milestone_update(
            by=actor, milestone=milestone, expected_version=data["version"], **form.cleaned_values()
        ),
        done=lambda _saved: (
            "Milestone saved",
            reverse("action-detail", args=[slug, action.pk]) + "#milestones",
        ),
        conflict=conflict,
    )
    return saved or form_page(request, FORM, form, partnership, actor, action=action, milestone=milestone)


class _CompleteForm(forms.Form):
    version = VersionField()


@member_view
@require_POST
def milestone_complete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Mark a milestone as done today (the button in the milestones table)."""
    _partnership, actor = partnership_access(user=request.user, slug=slug)
    milestone = milestone_get_for_edit(actor=actor, pk=pk)
    back = reverse("action-detail", args=[slug, milestone.action_id]) + "#milestones"
    form = _CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, VERSION_MISSING)
        return redirect(back)
    try:
        done = milestone_update(
            by=actor,
            milestone=milestone,
            expected_version=form.cleaned_data["version"],
            completed_on=clock.today(),
        )
    except Conflict as exc:
        return render_conflict(request, exc, back_url=back)
    messages.success(request, f"Milestone '{done.title}' marked as done")
    return redirect(back)


@member_view
@require_http_methods(["GET", "POST"])
def milestone_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    milestone = milestone_get_for_edit(actor=actor, pk=pk)
    back = reverse("action-detail", args=[slug, milestone.action_id])
    if request.method == "POST":
        milestone_delete(by=actor, milestone=milestone)
        messages.success(request, f"Milestone '{milestone.title}' deleted")
        return redirect(back + "#milestones")
    return page(
        request,
        "strategy/confirm_delete.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        strategy=milestone.action.strategy,
        thing=f"milestone '{milestone.title}'",
        cancel_url=back,
    )


@member_view
@require_GET
def milestone_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    milestone = milestone_get(actor=actor, pk=pk)
    return history_response(
        request,
        milestone,
        title=f"Milestone '{milestone.title}'",
        back_url=reverse("action-detail", args=[slug, milestone.action_id]),
        context={"partnership": partnership, "actor": actor, "section": "strategy"},
    )
