"""The open datasets written out: CSV and JSON of a dataset's rows, and the Frictionless data
package that describes them all."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from typing import Any

from wellboard.core.spreadsheets import cell_safe
from wellboard.partners.models import Partnership
from wellboard.public.exporters.datasets import DATASETS
from wellboard.public.exporters.schema import LICENCE, Dataset, Row
from wellboard.public.selectors import public_actor


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value):
            return None
        # Twelve significant figures: the stored precision, without binary noise (28.999999999999996).
        value = float(f"{value:.12g}")
        return int(value) if value.is_integer() else value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _csv_value(value: Any, kind: str) -> str:
    value = _json_value(value)
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string":
        return str(cell_safe(str(value)))
    return str(value)


def as_csv(dataset: Dataset, rows: Iterable[Row]) -> str:
    """The rows as CSV (UTF-8, a header row of field names), text cells formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in dataset.fields])
    for row in rows:
        writer.writerow([_csv_value(row.get(f.name), f.type) for f in dataset.fields])
    return out.getvalue()


def as_json(dataset: Dataset, rows: Iterable[Row], *, partnership: Partnership) -> str:
    """The rows as JSON: the dataset's title, licence and fields, then one object per row."""
    return json.dumps(
        {
            "name": dataset.name,
            "title": dataset.title,
            "partnership": partnership.name,
            "licence": LICENCE,
            "fields": [f.descriptor() for f in dataset.fields],
            "data": [{f.name: _json_value(row.get(f.name)) for f in dataset.fields} for row in rows],
        },
        ensure_ascii=False,
        indent=1,
    )


def datapackage(*, partnership: Partnership, home_url: str) -> dict[str, Any]:
    """The Frictionless data package describing every dataset; resource paths are relative to it."""
    return {
        "name": f"{partnership.slug}-open-data",
        "title": f"{partnership.name}: open data",
        "description": (
            f"The strategy, actions, progress, indicators and reach of initiatives of {partnership.name}"
            f" ({partnership.place_name}). Counts are published under the partnership's disclosure rule."
        ),
        "homepage": home_url,
        "licenses": [LICENCE],
        "sources": [{"title": d.source} for d in DATASETS.values()],
        "resources": [d.resource() for d in DATASETS.values()],
    }


def public_rows(dataset: Dataset, partnership: Partnership) -> list[Row]:
    """The dataset's rows for a public partnership (anything else is 'not found')."""
    public_actor(partnership)
    return dataset.rows(partnership)
