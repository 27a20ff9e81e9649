"""The directory's pages: the list (with search, the out-of-date filter and downloads), one
service, adding and changing one, marking it verified, its history, and the directory's settings."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wellboard.core.clock import today
from wellboard.core.errors import Conflict
from wellboard.core.versioning import VERSION_MISSING
from wellboard.core.views import form_conflict, form_saved, form_status, history_response, member_view
from wellboard.directory import policy
from wellboard.directory.exporters import directory_csv, oruk_list
from wellboard.directory.forms import DirectorySettingsForm, ServiceForm, VerifyForm, service_initial
from wellboard.directory.models import DirectorySettings, Service
from wellboard.directory.selectors import (
    directory_settings_get,
    freshness_of,
    service_get,
    service_list,
    service_organisation_list,
    stale_after_days,
    taxonomy_term_list,
)
from wellboard.directory.services import (
    directory_settings_update,
    service_create,
    service_organisation_create,
    service_update,
    service_verify,
)
from wellboard.directory.views._common import page
from wellboard.partners.selectors import partnership_access

MAX_SEARCH = 100


@member_view
@require_GET
def directory_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    search = request.GET.get("q", "").strip()[:MAX_SEARCH]
    out_of_date = request.GET.get("stale") == "1"
    days = stale_after_days(partnership_id=partnership.pk)
    on = today()
    services = list(service_list(actor=actor, search=search, out_of_date=out_of_date))
    rows = [(service, freshness_of(service, days=days, on=on)) for service in services]
    return page(
        request,
        "directory/service_list.html",
        partnership=partnership,
        actor=actor,
        rows=rows,
        search=search,
        out_of_date=out_of_date,
        stale_after_days=days,
        stale_count=sum(1 for _, fresh in rows if fresh.out_of_date),
        verify_form=VerifyForm(),
    )


@member_view
@require_GET
def directory_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    services = list(service_list(actor=actor))
    if fmt == "csv":
        text = directory_csv(services, stale_after_days=stale_after_days(partnership_id=partnership.pk))
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        body = json.dumps(oruk_list(services), indent=1, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json")
    else:
        raise Http404("format")
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-directory.{fmt}"'
    return response


@member_view
@require_GET
def directory_service(request: HttpRequest, slug: str, service: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = service_get(actor=actor, slug=service)
    return page(
        request,
        "directory/service_detail.html",
        partnership=partnership,
        actor=actor,
        service=found,
        freshness=freshness_of(found, days=stale_after_days(partnership_id=partnership.pk)),
        verify_form=VerifyForm(initial={"version": found.version}),
    )


def _form(request: HttpRequest, actor: Any, **kwargs: Any) -> ServiceForm:
    return ServiceForm(
        request.POST or None,
        organisations=service_organisation_list(actor=actor),
        terms=taxonomy_term_list(actor=actor),
        **kwargs,
    )


def _organisation(actor: Any, form: ServiceForm) -> Any:
    chosen = form.cleaned_data.get("organisation")
    if chosen is not None:
        return chosen
    return service_organisation_create(by=actor, name=form.cleaned_data["new_organisation"])


def _create(actor: Any, form: ServiceForm) -> Service:
    # A new organisation named on the form is kept only if the service is saved too.
    with transaction.atomic():
        return service_create(by=actor, organisation=_organisation(actor, form), **form.service_values())


def _update(actor: Any, form: ServiceForm, found: Service, version: int) -> Service:
    with transaction.atomic():
        return service_update(
            by=actor,
            service=found,
            expected_version=version,
            organisation=_organisation(actor, form),
            **form.service_values(),
        )


@member_view
@require_http_methods(["GET", "POST"])
def directory_service_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    policy.CHANGE_SERVICES.require(actor)
    form = _form(request, actor, new=True)
    saved = form_saved(
        request,
        form,
        lambda data: _create(actor, form),
        done=lambda created: (
            f"Service '{created.name}' added",
            reverse("directory-service", args=[slug, created.slug]),
        ),
    )
    return saved or page(
        request,
        "directory/service_form.html",
        partnership=partnership,
        actor=actor,
        form=form,
        service=None,
        status=form_status(request, form),
    )


@member_view
@require_http_methods(["GET", "POST"])
def directory_service_edit(request: HttpRequest, slug: str, service: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = service_get(actor=actor, slug=service)
    policy.CHANGE_SERVICES.require(actor)
    form = _form(request, actor, initial=service_initial(found))

    def conflict(error: Conflict) -> HttpResponse:
        current = Service.objects.get(pk=found.pk)
        back_url = reverse("directory-service-edit", args=[slug, found.slug])
        return form_conflict(
            request, error, form=form, current=current, back_url=back_url, fields=ServiceForm.SERVICE_FIELDS
        )

    saved = form_saved(
        request,
        form,
        lambda data: _update(actor, form, found, data["version"]),
        done=lambda updated: (
            f"Service '{updated.name}' saved",
            reverse("directory-service", args=[slug, updated.slug]),
        ),
        conflict=conflict,
    )
    return saved or page(
        request,
        "directory/service_form.html",
        partnership=partnership,
        actor=actor,
        form=form,
        service=found,
        status=form_status(request, form),
    )


@member_view
@require_POST
def directory_service_verify(request: HttpRequest, slug: str, service: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = service_get(actor=actor, slug=service)
    policy.VERIFY_SERVICES.require(actor)
    form = VerifyForm(request.POST)
    back = request.POST.get("next") == "list"
    where = (
        reverse("directory-list", args=[slug])
        if back
        else reverse("directory-service", args=[slug, found.slug])
    )
    if not form.is_valid():
        messages.error(request, VERSION_MISSING)
        return page(
            request,
            "directory/service_detail.html",
            partnership=partnership,
            actor=actor,
            service=found,
            freshness=freshness_of(found, days=stale_after_days(partnership_id=partnership.pk)),
            verify_form=VerifyForm(initial={"version": found.version}),
            status=400,
        )
    try:
        service_verify(by=actor, service=found, expected_version=form.cleaned_data["version"])
    except Conflict:
        messages.error(
            request, f"Someone changed '{found.name}' while you were looking: check it and verify it again."
        )
        return redirect(reverse("directory-service", args=[slug, found.slug]))
    messages.success(request, f"'{found.name}' marked as verified today")
    return redirect(where)


@member_view
@require_GET
def directory_service_history(request: HttpRequest, slug: str, service: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = service_get(actor=actor, slug=service)
    return history_response(
        request,
        found,
        title=found.name,
        back_url=reverse("directory-service", args=[slug, found.slug]),
        context={"partnership": partnership, "actor": actor, "section": "directory"},
    )


@member_view
@require_http_methods(["GET", "POST"])
def directory_settings(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    policy.CHANGE_DIRECTORY_SETTINGS.require(actor)
    current = directory_settings_get(actor=actor)
    form = DirectorySettingsForm(
        request.POST or None,
        initial={"stale_after_days": current.stale_after_days, "version": current.version},
    )

    def conflict(error: Conflict) -> HttpResponse:
        saved_now = DirectorySettings.objects.filter(partnership=partnership).first() or current
        back_url = reverse("directory-settings", args=[slug])
        return form_conflict(request, error, form=form, current=saved_now, back_url=back_url)

    saved = form_saved(
        request,
        form,
        lambda data: directory_settings_update(
            by=actor, stale_after_days=data["stale_after_days"], expected_version=data["version"]
        ),
        done=lambda _: ("Directory settings saved", reverse("directory-list", args=[slug])),
        conflict=conflict,
    )
    return saved or page(
        request,
        "directory/settings.html",
        partnership=partnership,
        actor=actor,
        form=form,
        status=form_status(request, form),
    )
