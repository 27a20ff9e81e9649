"""The returns API (mounted under /api/v1/ by wellboard.api.main).

A partner's system authenticates with a bearer token and acts as the token's owner: a contributor
sees and submits only their own organisation's returns (another organisation's answers 404). Figures
go through the same validation as the web form: a problem answers 422 with a message per field, an
approved (locked) return or a stale ``expected_version`` answers 409.

The operations are here; the schemas they read and write are in ``returns.api.schemas``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from wellboard.core.responses import error_responses
from wellboard.core.spreadsheets import UploadRejected
from wellboard.core.versioning import NOT_STARTED
from wellboard.partners.api import PartnerToken, request_actor
from wellboard.returns.api.schemas import (
    CollectionOut,
    FieldOut,
    MeasureOut,
    PeriodOut,
    ReturnIn,
    ReturnOut,
    UploadOut,
    _measures_out,
)
from wellboard.returns.models import Collection, Return, ReturnStatus
from wellboard.returns.selectors import (
    collection_get,
    collection_list,
    collection_organisations,
    figures_of,
    measure_list,
    period_get,
    return_find,
    return_organisation_get,
)
from wellboard.returns.services import return_save
from wellboard.returns.validation import RETURN_COMMENT, slots_for
from wellboard.returns.workbook import template_build, template_filename, workbook_upload

__all__ = [
    "MAX_UPLOAD_BYTES",
    "RETURN_PATH",
    "UPLOAD_BODY",
    "XLSX",
    "CollectionOut",
    "FieldOut",
    "MeasureOut",
    "PeriodOut",
    "ReturnIn",
    "ReturnOut",
    "UploadOut",
    "auth",
    "collections",
    "periods",
    "return_get",
    "return_put",
    "return_template",
    "return_upload",
    "router",
]


router = Router(tags=["returns"])
auth = PartnerToken()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@router.get(
    "/returns/collections",
    response={200: list[CollectionOut], **error_responses(401, 403)},
    auth=auth,
    summary="Collections you return",
)
def collections(request: HttpRequest) -> list[CollectionOut]:
    """The collections the token's owner can see, with each measure's field names for submitting."""
    actor = request_actor(request)
    return [
        CollectionOut(
            slug=c.slug,
            name=c.name,
            frequency=c.frequency,
            first_period_start=c.first_period.start,
            organisations=[o.slug for o in collection_organisations(actor=actor, collection=c)],
            measures=_measures_out(c),
        )
        for c in collection_list(actor=actor)
    ]


@router.get(
    "/returns/collections/{collection}/periods",
    response={200: list[PeriodOut], **error_responses(401, 403, 404, 422)},
    auth=auth,
    summary="A collection's periods",
)
def periods(request: HttpRequest, collection: str) -> list[PeriodOut]:
    from wellboard.core.clock import today

    actor = request_actor(request)
    current = collection_get(actor=actor, slug=collection)
    return [
        PeriodOut(code=p.code, start=p.start, end=p.end, label=p.label, due_date=current.due_date(p))
        for p in current.periods(until=today())
    ]


def _target(request: HttpRequest, collection: str, organisation: str, period: str) -> tuple[Any, ...]:
    actor = request_actor(request)
    current = collection_get(actor=actor, slug=collection)
    org = return_organisation_get(actor=actor, collection=current, slug=organisation)
    when = period_get(collection=current, text=period)
    return actor, current, org, when


def _return_out(current: Collection, org: Any, when: Any, data_return: Return | None) -> ReturnOut:
    saved, comments = figures_of(data_return)
    values: dict[str, Decimal | str | None] = {}
    for measure in measure_list(collection=current):
        for slot in slots_for(measure):
            figure = saved.get((measure.code, slot.breakdown, slot.category))
            values[slot.name()] = figure.value if figure else None
            if measure.kind.has_denominator:
                values[slot.name("denominator")] = figure.denominator if figure else None
        values[slots_for(measure)[0].name("comment")] = comments.get(measure.code, "")
    values[RETURN_COMMENT] = data_return.comment if data_return else ""
    return ReturnOut(
        collection=current.slug,
        organisation=org.slug,
        period=when.code,
        period_start=when.start,
        due_date=current.due_date(when),
        status=data_return.status if data_return else ReturnStatus.NOT_STARTED.value,
        version=data_return.version if data_return else NOT_STARTED,
        late=data_return.was_late if data_return else False,
        returned_reason=data_return.returned_reason if data_return else "",
        values=values,
    )


def _refused(dry_run: bool, reason: str, *, column: str = "") -> UploadOut:
    """The report of an upload refused as a whole: nothing was checked or saved."""
    return UploadOut(
        dry_run=dry_run,
        applied=False,
        ok=False,
        status=None,
        counts={},
        rejections=[{"sheet": "", "row": None, "column": column, "reason": reason}],
        notes=[],
    )


RETURN_PATH = "/returns/collections/{collection}/returns/{organisation}/{period}"


@router.get(
    RETURN_PATH,
    response={200: ReturnOut, **error_responses(401, 403, 404, 422)},
    auth=auth,
    summary="One organisation's return for one period",
)
def return_get(request: HttpRequest, collection: str, organisation: str, period: str) -> ReturnOut:
    """``period`` is the period's first day (YYYY-MM-DD). Values are keyed by field name."""
    actor, current, org, when = _target(request, collection, organisation, period)
    return _return_out(
        current, org, when, return_find(actor=actor, collection=current, organisation=org, period=when)
    )


@router.put(
    RETURN_PATH,
    response={200: ReturnOut, **error_responses(401, 403, 404, 409, 422)},
    auth=auth,
    summary="Save (and optionally submit) a return",
)
def return_put(
    request: HttpRequest, collection: str, organisation: str, period: str, payload: ReturnIn
) -> ReturnOut:
    """Fields left out keep their saved value; ``null`` blanks one. Pass the ``version`` you read as
    ``expected_version`` so a concurrent change answers 409 instead of being overwritten."""
    actor, current, org, when = _target(request, collection, organisation, period)
    values = {k: (str(v) if isinstance(v, float) else v) for k, v in payload.values.items()}
    result = return_save(
        by=actor,
        collection=current,
        organisation=org,
        period=when,
        values=values,
        expected_version=payload.expected_version,
        submit=payload.submit,
    )
    return _return_out(current, org, when, result.data_return)


@router.get(
    RETURN_PATH + "/template.xlsx",
    response=error_responses(401, 403, 404, 422),
    auth=auth,
    summary="The return's XLSX template",
    openapi_extra={
        "responses": {
            200: {
                "description": "The template, pre-filled with the saved figures",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def return_template(request: HttpRequest, collection: str, organisation: str, period: str) -> HttpResponse:
    actor, current, org, when = _target(request, collection, organisation, period)
    data = template_build(actor=actor, collection=current, organisation=org, period=when)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(current, org, when)}"'
    return response


# What the upload takes, stated in the description: the file is the return's own template, an XLSX
# workbook, filled in. JSON Schema cannot say what a valid workbook is; the media type and the
# description say which one, and any other file is refused with 422 and the reason.
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "minLength": 1,
                        "contentMediaType": XLSX,
                        "description": (
                            "The return's template (GET …/template.xlsx) with the figures filled in, as "
                            "an .xlsx workbook of at most 10 MB. Any other file (another return's "
                            "template, a CSV, a changed layout, formulas or macros) is refused with 422."
                        ),
                    },
                    "dry_run": {
                        "type": "boolean",
                        "default": True,
                        "description": "Check and report only, saving nothing (the default)",
                    },
                    "submit": {
                        "type": "boolean",
                        "default": False,
                        "description": "Submit the return for approval once saved",
                    },
                },
            },
            "encoding": {"file": {"contentType": XLSX}},
        }
    },
}


@router.post(
    RETURN_PATH + "/upload",
    response={200: UploadOut, 422: UploadOut, **error_responses(401, 403, 404, 409)},
    auth=auth,
    summary="Upload the filled-in template",
    openapi_extra={"requestBody": UPLOAD_BODY},
)
def return_upload(  # noqa: PLR0917 (django-ninja reads parameters by name)
    request: HttpRequest,
    collection: str,
    organisation: str,
    period: str,
    file: UploadedFile = File(...),  # type: ignore[type-arg]  # noqa: B008
    dry_run: bool = Form(True),  # type: ignore[type-arg]
    submit: bool = Form(False),  # type: ignore[type-arg]
) -> Status[UploadOut]:
    """Checks every cell; with ``dry_run`` (the default) reports what would change and saves nothing."""
    actor, current, org, when = _target(request, collection, organisation, period)
    if (file.size or 0) > MAX_UPLOAD_BYTES:
        return Status(422, _refused(dry_run, "The file must be smaller than 10 MB", column="file"))
    data = file.read()
    try:
        outcome = workbook_upload(
            by=actor,
            data=data,
            filename=file.name or "",
            dry_run=dry_run,
            submit=submit,
            expect=(current, org, when),
        )
    except UploadRejected as exc:
        return Status(422, _refused(dry_run, str(exc)))
    report = outcome.report
    body = report.as_dict()
    return Status(
        200 if report.ok else 422,
        UploadOut(
            dry_run=dry_run,
            applied=report.applied,
            ok=report.ok,
            status=outcome.data_return.status if outcome.data_return else None,
            counts=body["counts"],
            rejections=body["rejections"],
            notes=body["notes"],
        ),
    )
