"""The public site's open data: the list of datasets, the Frictionless data package and each
dataset as CSV or JSON."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from wellboard.partners.models import Partnership
from wellboard.public.exporters import DATASETS, as_csv, as_json, datapackage, dataset_get, public_rows
from wellboard.public.views.responses import Body, _page, _public, _rule_text


@require_safe
def public_data(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        return _page(
            "public/data.html",
            partnership,
            section="data",
            datasets=list(DATASETS.values()),
            rule=_rule_text(partnership),
        )

    return _public(request, slug, "data", build)


@require_safe
def public_datapackage(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        home = request.build_absolute_uri(reverse("public-home", args=[partnership.slug]))
        package = datapackage(partnership=partnership, home_url=home)
        return Body(json.dumps(package, indent=1).encode(), "application/json")

    return _public(request, slug, "datapackage", build)


@require_safe
def public_dataset(request: HttpRequest, slug: str, dataset: str, fmt: str) -> HttpResponse:
    found = dataset_get(dataset)
    if found is None or fmt not in ("csv", "json"):
        raise Http404("dataset")

    def build(partnership: Partnership) -> Body:
        rows = public_rows(found, partnership)
        if fmt == "csv":
            return Body(as_csv(found, rows).encode(), "text/csv; charset=utf-8", f"{found.name}.csv")
        return Body(
            as_json(found, rows, partnership=partnership).encode(), "application/json", f"{found.name}.json"
        )

    return _public(request, slug, f"dataset-{fmt}", build)
