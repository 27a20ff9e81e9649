"""Partner data returns, under /p/<partnership>/returns/."""

from django.urls import URLPattern, URLResolver, path

from wellboard.returns import views

R = "p/<slug:slug>/returns/"
RET = R + "<slug:collection>/<slug:organisation>/<str:period>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(R, views.returns_home, name="returns-home"),
    path(R + "new/", views.collection_new, name="collection-new"),
    path(R + "reach/", views.reach_dashboard, name="reach-dashboard"),
    path(R + "<slug:collection>/", views.collection_detail, name="collection-detail"),
    path(R + "<slug:collection>/edit/", views.collection_edit, name="collection-edit"),
    path(R + "<slug:collection>/history/", views.collection_history, name="collection-history"),
    path(R + "<slug:collection>/upload/", views.collection_upload, name="collection-upload"),
    path(R + "<slug:collection>/measures/new/", views.measure_new, name="measure-new"),
    path(R + "<slug:collection>/measures/<slug:code>/", views.measure_edit, name="measure-edit"),
    path(RET, views.return_detail, name="return-detail"),
    path(RET + "template.xlsx", views.return_template, name="return-template"),
    path(RET + "upload/", views.return_upload, name="return-upload"),
    path(RET + "submit/", views.return_submit_view, name="return-submit"),
    path(RET + "approve/", views.return_approve_view, name="return-approve"),
    path(RET + "send-back/", views.return_send_back_view, name="return-send-back"),
    path(RET + "unapprove/", views.return_unapprove_view, name="return-unapprove"),
    path(RET + "history/", views.return_history, name="return-history"),
]
