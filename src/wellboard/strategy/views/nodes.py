"""A node's page (a theme, priority, pillar or recommendation) with its progress updates, posting an
update on it, and the coordinator's tree editing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.extensions import STRATEGY_NODES, panels_render
from wellboard.core.periods import period_label
from wellboard.core.views import form_conflict, form_saved, history_response, member_view
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.forms import NodeForm, NodeProgressUpdateForm
from wellboard.strategy.models import Node, ProgressUpdate, Strategy
from wellboard.strategy.policy import CHANGE_TREE, POST_NODE_UPDATE
from wellboard.strategy.selectors import (
    initiative_list,
    node_ancestors,
    node_get,
    node_latest_updates,
    node_progress_update_list,
    progress_update_get,
    strategy_get,
    strategy_tree,
    tag_list,
)
from wellboard.strategy.services import node_create, node_delete, node_progress_update_post, node_update
from wellboard.strategy.services.progress import REPLACE
from wellboard.strategy.views._common import form_page, page

FORM = "strategy/node_form.html"


def _update_form(
    strategy: Strategy, updates: list[ProgressUpdate], today: dt.date, data: Any = None
) -> NodeProgressUpdateForm:
    """The update form for a node whose updates are ``updates``, knowing which periods have one."""
    latest: dict[str, ProgressUpdate] = {}
    for update in updates:  # newest first within each period
        latest.setdefault(update.period, update)
    return NodeProgressUpdateForm(data, strategy=strategy, existing=latest, today=today)


def _render_node(
    request: HttpRequest,
    partnership: Partnership,
    actor: Actor,
    strategy: Strategy,
    node: Node,
    *,
    update_form: NodeProgressUpdateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    tree = strategy_tree(actor=actor, strategy=strategy)
    summary = tree.nodes[node.pk]
    levels = len(strategy.level_names or []) or 1
    updates = list(node_progress_update_list(actor=actor, node=node))
    if update_form is None and POST_NODE_UPDATE.allows(actor):
        update_form = _update_form(strategy, updates, tree.today)
    node_panels = panels_render(
        STRATEGY_NODES,
        request=request,
        actor=actor,
        partnership=partnership,
        strategy=strategy,
        nodes=[node],
        compact=False,
    )
    return page(
        request,
        "strategy/node_detail.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        strategy=strategy,
        node=node,
        summary=summary,
        ancestors=node_ancestors(node),
        initiatives=initiative_list(actor=actor, node=node),
        today=tree.today,
        child_level=strategy.level_name(node.depth + 1) if node.depth + 1 < levels else "",
        node_panels=node_panels,
        updates=updates,
        latest_updates=node_latest_updates(actor=actor, strategy=strategy),
        update_form=update_form,
        status=status,
    )


@member_view
@require_GET
def node_detail(request: HttpRequest, slug: str, strategy: str, ref: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    node = node_get(actor=actor, strategy=found, ref=ref)
    return _render_node(request, partnership, actor, found, node)


def _posted_message(form: NodeProgressUpdateForm, posted: ProgressUpdate) -> str:
    label = period_label(posted.period)
    replaced = form.replacing
    if replaced is None or form.cleaned_data.get("mode") != REPLACE:
        return f"Progress update for {label} posted"
    if posted.version == replaced.version:
        return f"Nothing changed: the update for {label} already says that"
    return f"Progress update for {label} replaced"


@member_view
@require_http_methods(["GET", "POST"])
def node_update_create(request: HttpRequest, slug: str, strategy: str, ref: str) -> HttpResponse:
    """Post a progress update on a part of the tree (coordinators only). When the chosen period
    already has an update, the form comes back asking whether to replace it or add another."""
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    node = node_get(actor=actor, strategy=found, ref=ref)
    detail_url = reverse("node-detail", args=[slug, found.slug, node.ref])
    POST_NODE_UPDATE.require(actor)
    if request.method == "GET":
        return redirect(detail_url + "#post-update")
    updates = list(node_progress_update_list(actor=actor, node=node))
    form = _update_form(found, updates, clock.today(), request.POST)
    if form.is_valid():
        try:
            posted = node_progress_update_post(by=actor, node=node, **form.service_arguments())
        except Conflict as exc:
            if form.replacing is None:  # only replacing an update can meet a newer version
                raise
            return form_conflict(
                request,
                exc,
                form=form,
                current=progress_update_get(actor=actor, pk=form.replacing.pk),
                fields=("narrative", "rag"),
                back_url=detail_url + "#post-update",
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _posted_message(form, posted))
            return redirect(detail_url + "#progress")
    return _render_node(request, partnership, actor, found, node, update_form=form, status=400)


@member_view
@require_http_methods(["GET", "POST"])
def node_create_view(request: HttpRequest, slug: str, strategy: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    CHANGE_TREE.require(actor)
    initial = {}
    parent_ref = request.GET.get("parent", "")
    if parent_ref:
        initial["parent"] = node_get(actor=actor, strategy=found, ref=parent_ref).pk
    form = NodeForm(request.POST or None, strategy=found, tags=tag_list(actor=actor), initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: node_create(by=actor, strategy=found, **form.cleaned_values()),
        done=lambda node: (
            f"{node.level_name} {node.ref} added",
            reverse("node-detail", args=[slug, found.slug, node.ref]),
        ),
    )
    return saved or form_page(request, FORM, form, partnership, actor, strategy=found, node=None)


@member_view
@require_http_methods(["GET", "POST"])
def node_edit(request: HttpRequest, slug: str, strategy: str, ref: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    node = node_get(actor=actor, strategy=found, ref=ref)
    CHANGE_TREE.require(actor)
    initial = {
        "title": node.title,
        "ref": node.ref,
        "description": node.description,
        "parent": node.parent_id,
        "tags": list(node.tags.all()),
        "version": node.version,
    }
    form = NodeForm(
        request.POST or None, strategy=found, tags=tag_list(actor=actor), exclude=node, initial=initial
    )

    def save(data: dict[str, Any]) -> Node:
        changes = form.cleaned_values()
        changes["ref"] = changes["ref"] or node.ref
        return node_update(by=actor, node=node, expected_version=data["version"], **changes)

    def conflict(error: Conflict) -> HttpResponse:
        node.refresh_from_db()
        back_url = reverse("node-edit", args=[slug, found.slug, node.ref])
        return form_conflict(request, error, form=form, current=node, back_url=back_url)

    saved = form_saved(
        request,
        form,
        save,
        done=lambda updated: (
            f"{updated.level_name} {updated.ref} saved",
            reverse("node-detail", args=[slug, found.slug, updated.ref]),
        ),
        conflict=conflict,
    )
    return saved or form_page(request, FORM, form, partnership, actor, strategy=found, node=node)


@member_view
@require_http_methods(["GET", "POST"])
def node_delete_view(request: HttpRequest, slug: str, strategy: str, ref: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    node = node_get(actor=actor, strategy=found, ref=ref)
    CHANGE_TREE.require(actor)
    error = ""
    if request.method == "POST":
        try:
            node_delete(by=actor, node=node)
        except InvalidInput as exc:
            error = str(exc)
        else:
            messages.success(request, f"{node.level_name} {node.ref} deleted")
            return redirect("strategy-detail", slug, found.slug)
    return page(
        request,
        "strategy/confirm_delete.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        strategy=found,
        thing=f"{node.level_name.lower()} {node.ref} {node.title}",
        error=error,
        cancel_url=reverse("node-detail", args=[slug, found.slug, node.ref]),
        status=400 if error else 200,
    )


@member_view
@require_GET
def node_history(request: HttpRequest, slug: str, strategy: str, ref: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    node = node_get(actor=actor, strategy=found, ref=ref)
    return history_response(
        request,
        node,
        also=list(node_progress_update_list(actor=actor, node=node)),
        title=f"{node.level_name} {node.ref} {node.title}",
        back_url=reverse("node-detail", args=[slug, found.slug, node.ref]),
        context={"partnership": partnership, "actor": actor, "section": "strategy"},
    )
