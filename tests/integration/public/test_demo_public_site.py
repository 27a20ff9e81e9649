"""The demo partnership publishes: its public site and open data answer signed out, name none of
the demo's people, and publish no count from 1 to 7 (the demo's returns hold small counts)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.test import Client

from wellboard.demo import DEMO_SLUG, load_demo
from wellboard.demo.step_10_partners import PEOPLE
from wellboard.public.exporters import DATASETS
from wellboard.strategy.models import Strategy

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SMALL = {float(n) for n in range(1, 8)}


def test_the_demo_public_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import frictionless

    monkeypatch.setenv("WELLBOARD_REFERENCE_DATA", str(tmp_path / "absent"))  # quicker; same public site
    ctx = load_demo(log=lambda _message: None)
    assert ctx.partnership.is_public
    client = Client()
    base = f"/public/{DEMO_SLUG}/"
    pages = ["", "indicators/", "reach/", "data/", "accessibility/"]
    pages += [
        f"strategies/{s.slug}/" for s in Strategy.objects.filter(partnership=ctx.partnership, status="live")
    ]
    texts = {}
    for path in pages:
        response = client.get(base + path)
        assert response.status_code == 200, path
        texts[path] = response.content.decode()
    package = client.get(base + "data/datapackage.json").json()
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    for name in DATASETS:
        content = client.get(f"{base}data/{name}.csv").content
        (tmp_path / f"{name}.csv").write_bytes(content)
        texts[name] = content.decode()
        texts[f"{name}.json"] = client.get(f"{base}data/{name}.json").content.decode()
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])

    for _key, first, last, *_rest in PEOPLE:
        for where, text in texts.items():
            assert f"{first} {last}" not in text, f"{first} {last} appears in {where}"
            assert f"{first}.{last}".lower() not in text, f"{first}'s email appears in {where}"

    reach = list(csv.DictReader(io.StringIO(texts["reach"])))
    assert reach
    for row in reach:
        # A percentage's value is not a count; its numerator and denominator are. A count
        # measure's period figure and running total are counts.
        is_rate = row["numerator"] != "" or row["denominator"] != ""
        fields = ("numerator", "denominator") if is_rate else ("value", "running_total")
        for field in fields:
            if row[field]:
                assert float(row[field]) not in SMALL, row
    for row in csv.DictReader(io.StringIO(texts["indicator-observations"])):
        for field in ("count", "denominator"):
            if row[field]:
                assert float(row[field]) not in SMALL, row
