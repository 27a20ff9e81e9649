"""``wellboard geography import-boundaries``: GeoJSON boundaries onto areas.

Files differ in how they name things: ONS-style ``WD13CD``/``WD13NM`` or ``LSOA11CD``, geographr
style ``ward22_code``/``ward22_name``, ``lsoa21_code`` beside a ``ltla24_code``. The importer
takes the property whose values are distinct GSS codes of the finest type (or of ``--type``), its
name from the matching name property, and the boundary year from the property's two digits.
Areas it does not know yet are created with that type and year; known areas keep their names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wellboard.core.errors import InvalidInput
from wellboard.core.importing import ImportReport
from wellboard.geography import codes
from wellboard.geography.geometry import compact_geometry, geometry_problem, outside_uk, size_of
from wellboard.geography.importers.files import check_path, tidy_name, within_filter
from wellboard.geography.services.reference import AreaRecord, ReferenceBatch, reference_batch_apply

MAX_BYTES = 300 * 1024 * 1024
CODE_KEY = re.compile(r"^(?P<stem>[a-z]+?)(?P<yy>\d{2})?_?(?:cd|code)$", re.IGNORECASE)
NAME_SUFFIXES = ("nm", "_name", "name")
WGS84_NAMES = ("CRS84", "EPSG::4326", "EPSG:4326")
BOUNDARY_TYPES = ("country", "region", "utla", "ltla", "ward", "msoa", "lsoa", "ccg", "icb")


@dataclass(frozen=True)
class CodeProperty:
    key: str
    name_key: str | None
    year: int | None
    type: str


def _load(path: str | Path) -> tuple[str, list[dict[str, Any]]]:
    file = check_path(path, max_bytes=MAX_BYTES)
    try:
        data = json.loads(file.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{file.name} is not a GeoJSON file: {exc}") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InvalidInput(f"{file.name} is not a GeoJSON FeatureCollection")
    crs = json.dumps(data.get("crs") or "")
    if data.get("crs") and not any(name in crs for name in WGS84_NAMES):
        raise InvalidInput(
            f"{file.name} is not in longitude/latitude (its CRS is {crs}): "
            "convert it to WGS84 (EPSG:4326) first"
        )
    features = [f for f in data.get("features") or [] if isinstance(f, dict)]
    if not features:
        raise InvalidInput(f"{file.name} has no features")
    return file.name, features


def detect_code_property(name: str, features: list[dict[str, Any]], wanted_type: str | None) -> CodeProperty:
    """The property that identifies each feature's area (see the module docstring)."""
    keys: list[str] = []
    for feature in features:
        for key in feature.get("properties") or {}:
            if key not in keys:
                keys.append(key)
    candidates: list[CodeProperty] = []
    for key in keys:
        match = CODE_KEY.match(key)
        if not match:
            continue
        values = [codes.normalise_code(str((f.get("properties") or {}).get(key) or "")) for f in features]
        if not all(codes.is_gss_code(v) for v in values) or len(set(values)) != len(values):
            continue
        types = {codes.type_for_code(v) for v in values}
        if len(types) != 1 or None in types:
            continue
        area_type = types.pop()
        if area_type is None:
            continue
        prefix = key[: match.end("yy") if match.group("yy") else match.end("stem")].lower()
        name_key = next((k for k in keys for s in NAME_SUFFIXES if k.lower() == prefix + s), None)
        year = 2000 + int(match.group("yy")) if match.group("yy") else None
        candidates.append(CodeProperty(key, name_key, year, area_type))
    if wanted_type:
        candidates = [c for c in candidates if c.type == wanted_type]
    if not candidates:
        wanted = f" of type {wanted_type}" if wanted_type else ""
        raise InvalidInput(
            f"{name} has no property holding a distinct ONS code{wanted} for every feature "
            f"(expected properties like LSOA11CD, WD13CD or ward22_code; it has {', '.join(keys[:8])})"
        )
    return max(candidates, key=lambda c: codes.TYPE_RANK.get(c.type, 0))


def import_boundaries(
    path: str | Path,
    *,
    area_type: str | None = None,
    dry_run: bool = False,
    within: Sequence[str] | None = None,
) -> ImportReport:
    """Store each feature's geometry on its area (creating areas the database lacks)."""
    if area_type is not None and area_type not in BOUNDARY_TYPES:
        raise InvalidInput(f"--type must be one of {', '.join(BOUNDARY_TYPES)}, not '{area_type}'")
    name, features = _load(path)
    prop = detect_code_property(name, features, area_type)
    report = ImportReport(source=name, dry_run=dry_run)
    boundary_year = f", {prop.year} boundaries" if prop.year else ""
    report.notes.append(f"areas identified by '{prop.key}' (type {prop.type}{boundary_year})")
    keep = within_filter(within)
    batch = ReferenceBatch(source=name)
    stored_bytes = 0
    for number, feature in enumerate(features, start=1):
        report.rows_read += 1
        properties = feature.get("properties") or {}
        code = codes.normalise_code(str(properties.get(prop.key) or ""))
        if keep is not None:
            mentioned = {codes.normalise_code(str(v)) for v in properties.values() if isinstance(v, str)}
            if not mentioned & keep:
                continue
        geometry = feature.get("geometry")
        problem = geometry_problem(geometry)
        if problem is None and isinstance(geometry, dict) and outside_uk(geometry):
            problem = "the boundary lies outside the UK (are longitude and latitude swapped?)"
        if problem is not None or not isinstance(geometry, dict):
            report.reject(f"{code}: {problem}", sheet="feature", row=number)
            continue
        compact = compact_geometry(geometry)
        stored_bytes += size_of(compact)
        area_name = tidy_name(str(properties.get(prop.name_key) or "")) if prop.name_key else ""
        batch.areas[code] = AreaRecord(code, area_name or code, prop.type, prop.year, number, rename=False)
        batch.geometries[code] = compact
    report.notes.append(f"boundaries take {stored_bytes / 1000:,.0f} kB once rounded")
    if report.ok:
        reference_batch_apply(batch=batch, report=report, dry_run=dry_run)
    return report
