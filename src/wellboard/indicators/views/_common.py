"""What the indicator views share: page rendering, charts with their tables, and data downloads."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify

from wellboard.charts.tables import ChartTable
from wellboard.core.access import Actor
from wellboard.core.cache import cached
from wellboard.core.errors import NotFound
from wellboard.core.page_bodies import PageBody
from wellboard.core.spreadsheets import cell_safe
from wellboard.core.views import section_body, section_page
from wellboard.indicators.calculations.summaries import (
    IndicatorPages,
    SummaryContext,
    indicator_pages,
    summary_context,
)
from wellboard.indicators.policy import indicator_abilities
from wellboard.partners.models import Partnership

SECTION = "indicators"
FORMATS = ("csv", "json")


def _section(actor: Actor, summaries: SummaryContext | None) -> dict[str, Any]:
    """What every indicators page passes to the section's layout. Which of the pages about all
    indicators have anything to show is worked out only for the pages whose navigation links to them
    (partials/subnav.html), and kept until the data changes. ``summaries`` is the page's summary
    context, if it made one: the navigation's checks then reuse the place and areas it has read."""
    return {
        "section": SECTION,
        "abilities": indicator_abilities,
        "nav": SimpleLazyObject(lambda: nav_pages(actor=actor, summaries=summaries)),
    }


def page(
    request: HttpRequest,
    template: str,
    *,
    partnership: Partnership,
    actor: Actor,
    status: int = 200,
    summaries: SummaryContext | None = None,
    **context: Any,
) -> HttpResponse:
    """Render an indicators page."""
    return section_page(
        request,
        template,
        partnership=partnership,
        actor=actor,
        status=status,
        **_section(actor, summaries),
        **context,
    )


def page_body(
    request: HttpRequest,
    template: str,
    *,
    partnership: Partnership,
    actor: Actor,
    status: int = 200,
    summaries: SummaryContext | None = None,
    **context: Any,
) -> PageBody:
    """An indicators page's body (``core.page_bodies``), with the same context as ``page``."""
    return section_body(
        request,
        template,
        partnership=partnership,
        actor=actor,
        status=status,
        **_section(actor, summaries),
        **context,
    )


def nav_pages(*, actor: Actor, summaries: SummaryContext | None = None) -> IndicatorPages:
    """Which of the pages about all indicators have anything to show, kept until the data changes."""
    return cached(
        partnership_id=actor.partnership_id,
        name="indicator-pages",
        parts=(),
        build=lambda: indicator_pages(
            actor=actor, context=summaries if summaries is not None else summary_context(actor=actor)
        ),
    )


@dataclass
class ChartView:
    """One chart on a page: its spec, the same figures as a table, and where to download them."""

    key: str
    title: str
    spec: dict[str, Any]
    table: ChartTable
    empty_message: str = "There are no figures to show."
    intro: str = ""
    csv_url: str = ""
    json_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def dom_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def spec_id(self) -> str:
        return f"chart-{self.key}-spec"

    @property
    def is_empty(self) -> bool:
        return self.table.is_empty or not any(
            value is not None for row in self.table.rows for key, value in row.items() if key == "value"
        )

    def with_downloads(self, base_url: str, query: str = "") -> ChartView:
        suffix = f"?{query}" if query else ""
        self.csv_url = f"{base_url}{self.key}.csv{suffix}"
        self.json_url = f"{base_url}{self.key}.json{suffix}"
        return self


def _filename(text: str) -> str:
    return re.sub(r"-+", "-", slugify(text))[:80] or "data"


def table_download(table: ChartTable, *, fmt: str, name: str) -> HttpResponse:
    """A chart's figures as CSV (formula-safe) or JSON, as an attachment."""
    filename = _filename(name)
    if fmt == "json":
        response: HttpResponse = JsonResponse(
            {
                "title": table.caption,
                "columns": [{"key": c.key, "label": c.label} for c in table.columns],
                "rows": table.records(),
            },
            json_dumps_params={"ensure_ascii": False, "allow_nan": False},
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    if fmt != "csv":
        raise NotFound("download")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in table.csv_rows():
        writer.writerow([cell_safe(cell) for cell in line])
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def chart_or_404(charts: list[ChartView], key: str) -> ChartView:
    for chart in charts:
        if chart.key == key:
            return chart
    raise NotFound("download")


def only(query: QueryDict, names: tuple[str, ...]) -> QueryDict | None:
    """The named parameters of a query (None when it has none of them): what a page's options
    form reads, and what its downloads repeat."""
    picked = QueryDict(mutable=True)
    for name in names:
        if name in query:
            picked[name] = query.get(name, "")
    return picked if picked else None


def bad_download(form: Any) -> HttpResponse:
    """A download asked for with a choice that is not on the page's lists: 400, saying which."""
    problems = [str(message) for errors in form.errors.values() for message in errors]
    return HttpResponse(
        "\n".join(problems) or "Check the options", status=400, content_type="text/plain; charset=utf-8"
    )
