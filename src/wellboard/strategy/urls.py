"""Strategy pages, all under /p/<partnership>/."""

from django.urls import URLPattern, URLResolver, path

from wellboard.strategy import views

S = "p/<slug:slug>/strategies/<slug:strategy>/"
N = S + "nodes/<str:ref>/"
A = "p/<slug:slug>/actions/<int:pk>/"
M = "p/<slug:slug>/milestones/<int:pk>/"
INITIATIVE = "p/<slug:slug>/initiatives/<slug:initiative>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("p/<slug:slug>/strategies/", views.strategy_list, name="strategy-list"),
    path("p/<slug:slug>/strategies/new/", views.strategy_create_view, name="strategy-create"),
    path(S, views.strategy_detail, name="strategy-detail"),
    path(S + "edit/", views.strategy_edit, name="strategy-edit"),
    path(S + "history/", views.strategy_history, name="strategy-history"),
    path(S + "nodes/new/", views.node_create_view, name="node-create"),
    path(N, views.node_detail, name="node-detail"),
    path(N + "edit/", views.node_edit, name="node-edit"),
    path(N + "delete/", views.node_delete_view, name="node-delete"),
    path(N + "history/", views.node_history, name="node-history"),
    path(N + "updates/new/", views.node_update_create, name="node-update-create"),
    path(N + "actions/new/", views.action_create_view, name="action-create"),
    path("p/<slug:slug>/actions/", views.action_list_view, name="action-list"),
    path(A, views.action_detail, name="action-detail"),
    path(A + "edit/", views.action_edit, name="action-edit"),
    path(A + "delete/", views.action_delete_view, name="action-delete"),
    path(A + "history/", views.action_history, name="action-history"),
    path(A + "updates/new/", views.progress_update_create, name="progress-update-create"),
    path(A + "milestones/new/", views.milestone_create_view, name="milestone-create"),
    path(M + "edit/", views.milestone_edit, name="milestone-edit"),
    path(M + "complete/", views.milestone_complete, name="milestone-complete"),
    path(M + "delete/", views.milestone_delete_view, name="milestone-delete"),
    path(M + "history/", views.milestone_history, name="milestone-history"),
    path("p/<slug:slug>/initiatives/", views.initiative_list_view, name="initiative-list"),
    path("p/<slug:slug>/initiatives/new/", views.initiative_create_view, name="initiative-create"),
    path(INITIATIVE, views.initiative_detail, name="initiative-detail"),
    path(INITIATIVE + "edit/", views.initiative_edit, name="initiative-edit"),
    path(INITIATIVE + "delete/", views.initiative_delete_view, name="initiative-delete"),
    path(INITIATIVE + "history/", views.initiative_history, name="initiative-history"),
]
