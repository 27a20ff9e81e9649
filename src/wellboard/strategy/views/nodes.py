"""A node's page (a theme, priority, pillar or recommendation) and the coordinator's tree editing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.extensions import STRATEGY_NODES, panels_render
from wellboard.core.views import form_conflict, form_saved, history_response, member_view
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.forms import NodeForm
from wellboard.strategy.models import Node
from wellboard.strategy.policy import CHANGE_TREE
from wellboard.strategy.selectors import (
    initiative_list,
    node_ancestors,
    node_get,
    strategy_get,
    strategy_tree,
    tag_list,
)
from wellboard.strategy.services import node_create, node_delete, node_update
from wellboard.strategy.views._common import form_page, page

FORM = "strategy/node_form.html"


@member_view
@require_GET
def node_detail(request: HttpRequest, slug: str, strategy: str, ref: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    node = node_get(actor=actor, strategy=found, ref=ref)
    tree = strategy_tree(actor=actor, strategy=found)
    summary = tree.nodes[node.pk]
    levels = len(found.level_names or []) or 1
    node_panels = panels_render(
        STRATEGY_NODES,
        request=request,
        actor=actor,
        partnership=partnership,
        strategy=found,
        nodes=[node],
        compact=False,
    )
    return page(
        request,
        "strategy/node_detail.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        strategy=found,
        node=node,
        summary=summary,
        ancestors=node_ancestors(node),
        initiatives=initiative_list(actor=actor, node=node),
        today=tree.today,
        child_level=found.level_name(node.depth + 1) if node.depth + 1 < levels else "",
        node_panels=node_panels,
    )


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
    form = NodeForm(
        request.POST or None, strategy=found, tags=tag_list(actor=actor), initial=initial, new=True
    )
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
        title=f"{node.level_name} {node.ref} {node.title}",
        back_url=reverse("node-detail", args=[slug, found.slug, node.ref]),
        context={"partnership": partnership, "actor": actor, "section": "strategy"},
    )
