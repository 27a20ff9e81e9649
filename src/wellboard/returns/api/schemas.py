"""What the returns API reads and writes: collections, their measures and periods, a return's
figures in and out, and the report of an upload."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, StrictFloat, StrictInt, StrictStr

from wellboard.core.responses import JsonInteger
from wellboard.core.text import in_sentence
from wellboard.returns.models import Collection
from wellboard.returns.selectors import measure_list
from wellboard.returns.validation import slots_for


class FieldOut(Schema):
    name: str
    label: str
    part: str  # value, denominator or comment
    breakdown: str = ""
    category: str = ""


class MeasureOut(Schema):
    code: str
    label: str
    value_type: str
    unit: str
    cumulative: bool
    required: bool
    comment_required: bool
    breakdowns: list[dict[str, Any]]
    fields: list[FieldOut]


class CollectionOut(Schema):
    slug: str
    name: str
    frequency: str
    first_period_start: dt.date
    organisations: list[str]
    measures: list[MeasureOut]


class PeriodOut(Schema):
    code: str
    start: dt.date
    end: dt.date
    label: str
    due_date: dt.date


class ReturnOut(Schema):
    collection: str
    organisation: str
    period: str
    period_start: dt.date
    due_date: dt.date
    status: str
    version: int = Field(
        description="Send it back as expected_version when you save; 0 for a return not yet started"
    )
    late: bool
    returned_reason: str
    values: dict[str, Decimal | str | None]


class ReturnIn(Schema):
    # A field the API does not know is refused rather than ignored: a misspelt "expected_versoin"
    # must not pass unnoticed. The description says so (additionalProperties: false).
    model_config = ConfigDict(extra="forbid")

    # Strict: pydantic would read true as 1 and "٣٦" as 36; the figures' own parser refuses both.
    values: dict[str, StrictBool | StrictInt | StrictFloat | StrictStr | None] = Field(
        description='Figures by field name: numbers, or text as people write them ("1,204"); null blanks one'
    )
    expected_version: JsonInteger = Field(
        ge=0,
        description=(
            "The version you read (0 if the return was not started): required, so that a return "
            "someone changed since answers 409 instead of being overwritten"
        ),
    )
    submit: bool = False


class UploadOut(Schema):
    dry_run: bool
    applied: bool
    ok: bool
    status: str | None
    counts: dict[str, dict[str, int]]
    rejections: list[dict[str, Any]]
    notes: list[str]


def _measures_out(collection: Collection) -> list[MeasureOut]:
    result = []
    for measure in measure_list(collection=collection):
        fields = []
        for slot in slots_for(measure):
            fields.append(
                FieldOut(
                    name=slot.name(),
                    label=slot.label,
                    part="value",
                    breakdown=slot.breakdown,
                    category=slot.category,
                )
            )
            if measure.kind.has_denominator:
                fields.append(
                    FieldOut(
                        name=slot.name("denominator"),
                        label=f"{slot.label}: denominator",
                        part="denominator",
                        breakdown=slot.breakdown,
                        category=slot.category,
                    )
                )
        fields.append(
            FieldOut(
                name=slots_for(measure)[0].name("comment"),
                label=f"Comment on {in_sentence(measure.label)}",
                part="comment",
            )
        )
        result.append(
            MeasureOut(
                code=measure.code,
                label=measure.label,
                value_type=measure.value_type,
                unit=measure.unit,
                cumulative=measure.cumulative,
                required=measure.required,
                comment_required=measure.comment_required,
                breakdowns=list(measure.breakdowns or []),
                fields=fields,
            )
        )
    return result
