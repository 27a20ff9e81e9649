"""Action pages: the list, one action (details, milestones, progress history and the update form),
editing, deleting and its history.

Another organisation's action can be read by every member, but its edit pages and the update form
answer 404 to a contributor of a different organisation (``action_get_for_edit``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.periods import period_label
from wellboard.core.views import form_conflict, form_saved, history_page, member_view
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import organisation_list, partnership_access
from wellboard.strategy.forms import ActionContributorForm, ActionFilterForm, ActionForm, ProgressUpdateForm
from wellboard.strategy.models import Action, ProgressUpdate
from wellboard.strategy.policy import ADD_ACTION, DELETE_ACTION, can_change_whole_action, can_edit_action
from wellboard.strategy.selectors import (
    action_get,
    action_get_for_edit,
    action_history_events,
    action_list,
    initiative_list,
    milestone_list,
    node_ancestors,
    node_get,
    progress_update_get,
    progress_update_list,
    strategy_get,
    strategy_list,
)
from wellboard.strategy.services import action_create, action_delete, action_update, progress_update_post
from wellboard.strategy.services.progress import REPLACE
from wellboard.strategy.views._common import form_page, is_htmx, page

FORM = "strategy/action_form.html"


@member_view
@require_GET
def action_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    organisations = organisation_list(actor=actor).order_by("name")
    filters = ActionFilterForm(request.GET or None, organisations=organisations)
    strategies = list(strategy_list(actor=actor))
    chosen_strategy = next((s for s in strategies if s.slug == request.GET.get("strategy")), None)
    actions = action_list(actor=actor, strategy=chosen_strategy, **filters.filters())
    return page(
        request,
        "strategy/action_list.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        actions=actions,
        filters=filters,
        strategies=strategies,
        chosen_strategy=chosen_strategy,
        today=clock.today(),
    )


def _action_context(actor: Actor, action: Action) -> dict[str, Any]:
    today = clock.today()
    updates = list(progress_update_list(actor=actor, action=action).select_related("author"))
    return {
        "action": action,
        "strategy": action.strategy,
        "ancestors": [*node_ancestors(action.node), action.node],
        "milestones": list(milestone_list(actor=actor, action=action)),
        "updates": updates,
        "initiatives": initiative_list(actor=actor, node=action.node),
        "can_edit": can_edit_action(actor, action),
        "today": today,
        "is_overdue": action.is_overdue(today),
    }


def _update_form(context: dict[str, Any], data: Any = None) -> ProgressUpdateForm:
    """The progress update form for the action in ``context``, knowing which periods have updates."""
    latest: dict[str, ProgressUpdate] = {}
    for update in context["updates"]:  # newest first within each period
        latest.setdefault(update.period, update)
    return ProgressUpdateForm(data, strategy=context["strategy"], existing=latest, today=context["today"])


def _render_action(
    request: HttpRequest,
    partnership: Partnership,
    actor: Actor,
    action: Action,
    *,
    update_form: ProgressUpdateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _action_context(actor, action)
    if context["can_edit"] and update_form is None:
        update_form = _update_form(context)
    return page(
        request,
        "strategy/action_detail.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        update_form=update_form,
        status=status,
        **context,
    )


@member_view
@require_GET
def action_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    action = action_get(actor=actor, pk=pk)
    return _render_action(request, partnership, actor, action)


def _posted_message(form: ProgressUpdateForm, posted: ProgressUpdate) -> str:
    replaced = form.replacing
    label = period_label(posted.period)
    if replaced is None or form.cleaned_data.get("mode") != REPLACE:
        return f"Progress update for {label} posted"
    if posted.version == replaced.version:
        return f"Nothing changed: the update for {label} already says that"
    return f"Progress update for {label} replaced"


@member_view
@require_http_methods(["GET", "POST"])
def progress_update_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Post an update. Works as a plain form post; with htmx only the progress section is swapped.

    When the chosen period already has an update, the form comes back asking whether to replace it
    or add another; replacing an update someone changed meanwhile answers with the conflict page.
    """
    partnership, actor = partnership_access(user=request.user, slug=slug)
    action = action_get_for_edit(actor=actor, pk=pk)
    if request.method == "GET":
        return redirect(reverse("action-detail", args=[slug, pk]) + "#post-update")
    form = _update_form(_action_context(actor, action), request.POST)
    posted = None
    if form.is_valid():
        try:
            posted = progress_update_post(by=actor, action=action, **form.service_arguments())
        except Conflict as exc:
            if form.replacing is None:  # only replacing an update can meet a newer version
                raise
            response = form_conflict(
                request,
                exc,
                form=form,
                current=progress_update_get(actor=actor, pk=form.replacing.pk),
                fields=("narrative", "rag"),
                back_url=reverse("action-detail", args=[slug, pk]) + "#post-update",
            )
            if is_htmx(request):
                response["HX-Retarget"] = "body"
                response["HX-Reswap"] = "innerHTML"
            return response
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
    message = _posted_message(form, posted) if posted is not None else ""
    if posted is not None and not is_htmx(request):
        messages.success(request, message)
        return redirect(reverse("action-detail", args=[slug, pk]) + "#progress")
    if is_htmx(request):
        action = action_get(actor=actor, pk=pk)
        context = _action_context(actor, action)
        return render(
            request,
            "strategy/partials/progress.html",
            {
                "partnership": partnership,
                "actor": actor,
                **context,
                "update_form": _update_form(context) if posted else form,
                "posted_message": message,
                "posted": posted,
                "partial": True,
            },
            status=200 if posted else 400,
        )
    return _render_action(request, partnership, actor, action, update_form=form, status=400)


@member_view
@require_http_methods(["GET", "POST"])
def action_create_view(request: HttpRequest, slug: str, strategy: str, ref: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    node = node_get(actor=actor, strategy=found, ref=ref)
    ADD_ACTION.require(actor)
    form = ActionForm(
        request.POST or None,
        strategy=found,
        organisations=organisation_list(actor=actor).order_by("name"),
        initial={"node": node.pk, "status": "not_started", "rag": "not_rated"},
        new=True,
    )
    saved = form_saved(
        request,
        form,
        lambda data: action_create(by=actor, **form.cleaned_values()),
        done=lambda created: (
            f"Action {created.ref} added",
            reverse("action-detail", args=[slug, created.pk]),
        ),
    )
    return saved or form_page(request, FORM, form, partnership, actor, strategy=found, node=node, action=None)


def _action_initial(action: Action) -> dict[str, Any]:
    return {
        "title": action.title,
        "ref": action.ref,
        "node": action.node_id,
        "lead_organisation": action.lead_organisation_id,
        "supporting_organisations": list(action.supporting_organisations.all()),
        "smart_target": action.smart_target,
        "description": action.description,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "status": action.status,
        "rag": action.rag,
        "version": action.version,
    }


@member_view
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    action = action_get_for_edit(actor=actor, pk=pk)
    form_class = ActionForm if can_change_whole_action(actor) else ActionContributorForm
    form = form_class(
        request.POST or None,
        strategy=action.strategy,
        organisations=organisation_list(actor=actor).order_by("name"),
        initial=_action_initial(action),
    )

    def save(data: dict[str, Any]) -> Action:
        changes = form.cleaned_values()
        if "ref" in changes:
            changes["ref"] = changes["ref"] or action.ref
        return action_update(by=actor, action=action, expected_version=data["version"], **changes)

    def conflict(error: Conflict) -> HttpResponse:
        current = Action.objects.get(pk=action.pk)
        back_url = reverse("action-edit", args=[slug, pk])
        return form_conflict(
            request, error, form=form, current=current, fields=form_class.FIELDS, back_url=back_url
        )

    saved = form_saved(
        request,
        form,
        save,
        done=lambda _saved: (f"Action {action.ref} saved", reverse("action-detail", args=[slug, pk])),
        conflict=conflict,
    )
    return saved or form_page(
        request,
        FORM,
        form,
        partnership,
        actor,
        strategy=action.strategy,
        node=action.node,
        action=action,
        contributor_fields_only=form_class is ActionContributorForm,
    )


@member_view
@require_http_methods(["GET", "POST"])
def action_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    action = action_get_for_edit(actor=actor, pk=pk)
    DELETE_ACTION.require(actor)
    if request.method == "POST":
        action_delete(by=actor, action=action)
        messages.success(request, f"Action {action.ref} deleted")
        return redirect("node-detail", slug, action.strategy.slug, action.node.ref)
    return page(
        request,
        "strategy/confirm_delete.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        strategy=action.strategy,
        thing=f"action {action.ref} {action.title}",
        consequence="Its milestones and progress updates will be deleted too. Its history is kept.",
        cancel_url=reverse("action-detail", args=[slug, pk]),
    )


@member_view
@require_GET
def action_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    action = action_get(actor=actor, pk=pk)
    return history_page(
        request,
        action_history_events(actor=actor, action=action),
        title=f"Action {action.ref} {action.title}",
        back_url=reverse("action-detail", args=[slug, pk]),
        context={"partnership": partnership, "actor": actor, "section": "strategy"},
        omit={"action"},
    )
