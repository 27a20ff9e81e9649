"""Area pages, under /p/<partnership>/areas/."""

from django.urls import URLPattern, URLResolver, path

from wellboard.geography import views

ROOT = "p/<slug:slug>/areas/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(ROOT, views.area_index, name="area-index"),
    path(ROOT + "new/", views.custom_area_new, name="custom-area-new"),
    path(ROOT + "<str:code>/", views.area_detail, name="area-detail"),
    path(ROOT + "<str:code>/edit/", views.custom_area_edit, name="custom-area-edit"),
    path(ROOT + "<str:code>/delete/", views.custom_area_remove, name="custom-area-delete"),
]
