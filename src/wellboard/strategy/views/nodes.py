"""A node's page (a theme, priority, pillar or recommendation) and the coordinator's tree editing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.access import require
from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.extensions import STRATEGY_NODES, panels_render
from wellboard.core.views import history_response, member_view
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.forms import NodeForm
from wellboard.strategy.selectors import (
    initiative_list,
    node_ancestors,
    node_get,
    strategy_get,
    strategy_tree,
    tag_list,
)
from wellboard.strategy.services import node_create, node_delete, node_update
from wellboard.strategy.views._common import conflict_response, form_status, page

NODE_FIELDS = ("title", "ref", "description", "parent", "tags")


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
    require(actor.is_coordinator, "Only a coordinator can change a strategy's tree")
    initial = {}
    parent_ref = request.GET.get("parent", "")
    if parent_ref:
        initial["parent"] = node_get(actor=actor, strategy=found, ref=parent_ref).pk
    form = NodeForm(request.POST or None, strategy=found, tags=tag_list(actor=actor), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            node = node_create(
                by=actor,
                strategy=found,
                title=data["title"],
                ref=data["ref"],
                description=data["description"],
                parent=data.get("parent"),
                tags=data["tags"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, f"{node.level_name} {node.ref} added")
            return redirect("node-detail", slug, found.slug, node.ref)
    return page(
        request,
        "strategy/node_form.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        form=form,
        strategy=found,
        node=None,
        status=form_status(request, form),
    )


@member_view
@require_http_methods(["GET", "POST"])
def node_edit(request: HttpRequest, slug: str, strategy: str, ref: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    node = node_get(actor=actor, strategy=found, ref=ref)
    require(actor.is_coordinator, "Only a coordinator can change a strategy's tree")
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {k: data[k] for k in NODE_FIELDS if k in form.fields}
        if not changes["ref"]:
            changes["ref"] = node.ref
        try:
            updated = node_update(by=actor, node=node, expected_version=data["version"], **changes)
        except Conflict as exc:
            node.refresh_from_db()
            return conflict_response(
                request,
                exc,
                form=form,
                current=node,
                fields=NODE_FIELDS,
                back_url=reverse("node-edit", args=[slug, found.slug, node.ref]),
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, f"{updated.level_name} {updated.ref} saved")
            return redirect("node-detail", slug, found.slug, updated.ref)
    return page(
        request,
        "strategy/node_form.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        form=form,
        strategy=found,
        node=node,
        status=form_status(request, form),
    )


@member_view
@require_http_methods(["GET", "POST"])
def node_delete_view(request: HttpRequest, slug: str, strategy: str, ref: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    node = node_get(actor=actor, strategy=found, ref=ref)
    require(actor.is_coordinator, "Only a coordinator can change a strategy's tree")
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
