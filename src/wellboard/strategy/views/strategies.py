"""The list of strategies, a strategy's page (its tree with RAG counts) and its editing pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.access import Actor
from wellboard.core.cache import cached, conditional_page
from wellboard.core.errors import Conflict
from wellboard.core.extensions import STRATEGY_NODES, panels_render
from wellboard.core.page_bodies import PageBody, body_cached
from wellboard.core.views import (
    form_conflict,
    form_saved,
    history_response,
    member_view,
    section_body,
)
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import organisation_list, partnership_access
from wellboard.strategy.forms import ActionFilterForm, StrategyForm
from wellboard.strategy.models import Strategy
from wellboard.strategy.policy import CHANGE_STRATEGY, CREATE_STRATEGY, strategy_abilities
from wellboard.strategy.selectors import (
    RagCounts,
    node_latest_updates,
    strategy_get,
    strategy_summaries,
    strategy_tree,
)
from wellboard.strategy.services import strategy_create, strategy_update
from wellboard.strategy.views._common import form_page, page

TREE_PARTIAL = "strategy/partials/tree.html"
FORM = "strategy/strategy_form.html"
SECTION = "strategy"


@member_view
@require_GET
def strategy_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    summaries = strategy_summaries(actor=actor, status=None)
    return page(
        request,
        "strategy/strategy_list.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        summaries=summaries,
    )


@member_view
@require_GET
@conditional_page
def strategy_detail(request: HttpRequest, slug: str, strategy: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)

    def build() -> PageBody:
        found = strategy_get(actor=actor, slug=strategy)
        organisations = organisation_list(actor=actor).order_by("name")
        filters = ActionFilterForm(request.GET or None, organisations=organisations)
        chosen = filters.filters()
        rag, lead = chosen.get("rag", ""), chosen.get("lead_organisation_id")
        totals, tree_html = strategy_tree_html(
            request=request, actor=actor, partnership=partnership, strategy=found, rag=rag, lead=lead
        )
        return section_body(
            request,
            "strategy/strategy_detail.html",
            partnership=partnership,
            actor=actor,
            section=SECTION,
            abilities=strategy_abilities,
            strategy=found,
            totals=totals,
            tree_html=mark_safe(tree_html),  # rendered by Django's template engine above, so escaped
            filters=filters,
            filtered=bool(rag or lead),
        )

    # Read again while the data has not changed, the page comes from the cache, the header filled in.
    return body_cached(
        request, partnership=partnership, actor=actor, section=SECTION, name="strategy", build=build
    )


def strategy_tree_html(
    *,
    request: HttpRequest | None,
    actor: Actor,
    partnership: Partnership,
    strategy: Strategy,
    rag: str = "",
    lead: int | None = None,
) -> tuple[RagCounts, str]:
    """The strategy page's tree with every node's indicators, and its RAG totals: the costly part of
    the page and the same for every reader, so it is cached until the partnership's data next
    changes (the indicators' background refresh computes the unfiltered tree ahead of readers)."""

    def tree_rendered() -> tuple[RagCounts, str]:
        tree = strategy_tree(actor=actor, strategy=strategy, rag=rag, lead_organisation_id=lead)
        node_panels = panels_render(
            STRATEGY_NODES,
            request=request,
            actor=actor,
            partnership=partnership,
            strategy=strategy,
            nodes=[summary.node for summary in tree.nodes.values()],
            compact=True,
        )
        context = {
            "partnership": partnership,
            "strategy": strategy,
            "tree": tree,
            "node_panels": node_panels,
            "latest_updates": node_latest_updates(actor=actor, strategy=strategy),
            "filtered": bool(rag or lead),
        }
        return tree.totals, render_to_string(TREE_PARTIAL, context)

    return cached(
        partnership_id=partnership.pk,
        name="strategy-tree",
        parts=(strategy.pk, rag, lead),
        build=tree_rendered,
    )


@member_view
@require_http_methods(["GET", "POST"])
def strategy_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    CREATE_STRATEGY.require(actor)
    form = StrategyForm(
        request.POST or None, initial={"level_names": "Theme > Priority", "status": "draft"}, new=True
    )
    saved = form_saved(
        request,
        form,
        lambda data: strategy_create(by=actor, **form.cleaned_values()),
        done=lambda created: (
            f"Strategy '{created.title}' created",
            reverse("strategy-detail", args=[slug, created.slug]),
        ),
    )
    return saved or form_page(request, FORM, form, partnership, actor, strategy=None)


@member_view
@require_http_methods(["GET", "POST"])
def strategy_edit(request: HttpRequest, slug: str, strategy: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    CHANGE_STRATEGY.require(actor)
    form = StrategyForm(request.POST or None, initial=StrategyForm.initial_for(found))

    def conflict(error: Conflict) -> HttpResponse:
        found.refresh_from_db()
        found.level_names = " > ".join(found.level_names or [])
        back_url = reverse("strategy-edit", args=[slug, found.slug])
        return form_conflict(request, error, form=form, current=found, back_url=back_url)

    saved = form_saved(
        request,
        form,
        lambda data: strategy_update(
            by=actor, strategy=found, expected_version=data["version"], **form.cleaned_values()
        ),
        done=lambda updated: ("Strategy saved", reverse("strategy-detail", args=[slug, updated.slug])),
        conflict=conflict,
    )
    return saved or form_page(request, FORM, form, partnership, actor, strategy=found)


@member_view
@require_GET
def strategy_history(request: HttpRequest, slug: str, strategy: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    return history_response(
        request,
        found,
        title=found.title,
        back_url=reverse("strategy-detail", args=[slug, found.slug]),
        context={"partnership": partnership, "actor": actor, "section": "strategy"},
    )
