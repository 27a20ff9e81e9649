"""The official Open Referral UK 3.0 and HSDS 3.0 schemas, read from the reference data folder
(``../shared/data`` or ``WELLBOARD_REFERENCE_DATA``) to check what Wellboard accepts and publishes.

The schema files refer to each other by file name (``"$ref": "attribute.json"``): a local registry
of the folder's files resolves them, with no network.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import SHARED_DATA

UK = "oruk_uk_profile_3.0"
CORE = "hsds_3.0_core_schema"


def oruk_folder() -> Path:
    root = Path(os.environ.get("WELLBOARD_REFERENCE_DATA") or SHARED_DATA)
    folder = root / "oruk_hsds"
    if not folder.is_dir():
        pytest.skip(f"the Open Referral schemas are not at {folder}")
    return folder


def _load(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return found


def _registry(folder: Path) -> Registry[Any]:
    resources = [
        (path.name, Resource.from_contents(_load(path), default_specification=DRAFT202012))
        for path in sorted(folder.glob("*.json"))
    ]
    return Registry().with_resources(resources)


def validators() -> dict[str, jsonschema.Draft202012Validator]:
    """The full service as the UK profile's compiled schema, the UK profile's own files and HSDS
    3.0 core each state it."""
    folder = oruk_folder()
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    found = {
        "UK profile (compiled)": jsonschema.Draft202012Validator(
            _load(folder / UK / "schema" / "compiled" / "service.json"), format_checker=checker
        )
    }
    for label, sub in (("UK profile", folder / UK / "schema"), ("HSDS 3.0 core", folder / CORE)):
        found[label] = jsonschema.Draft202012Validator(
            _load(sub / "service.json"), registry=_registry(sub), format_checker=checker
        )
    return found


def page_validator() -> jsonschema.Draft202012Validator:
    """A page of ``/services``: the ``Page`` schema of the UK profile's OpenAPI document, with its
    ``contents`` required to be a list."""
    openapi = _load(oruk_folder() / UK / "schema" / "openapi.json")
    page = dict(openapi["components"]["schemas"]["Page"])
    page["properties"] = {**page["properties"], "contents": {"type": "array"}}
    page["required"] = [*page["properties"]]
    return jsonschema.Draft202012Validator(page)


def problems(service: dict[str, Any]) -> list[str]:
    """Every way ``service`` breaks any of the schemas, as readable lines."""
    found = []
    for label, validator in validators().items():
        for error in validator.iter_errors(service):
            where = "/".join(str(p) for p in error.absolute_path)
            found.append(f"{label}: {where}: {error.message[:200]}")
    return found


def example(name: str) -> Any:
    return _load(oruk_folder() / UK / "examples" / name)


def openapi_parameters() -> dict[str, Any]:
    parameters: dict[str, Any] = _load(oruk_folder() / UK / "schema" / "openapi.json")["components"][
        "parameters"
    ]
    return parameters
