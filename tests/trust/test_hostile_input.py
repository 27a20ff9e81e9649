"""Hostile text in every free-text field, then every page and export that shows it.

Markup must come out escaped wherever a page prints it; text a spreadsheet would run as a formula must
come out neutralised (a leading apostrophe, see wellboard.core.spreadsheets) in every CSV and XLSX
export. The pages and exports are the ones tests/trust/routes.py declares, so a new page is
checked as soon as it is declared there. The text is written into the rows directly: what is under
test is what the pages do with whatever the database holds.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import openpyxl
import pytest
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape

from tests.trust.payloads import FORMULA_TRIGGERS, FORMULAS, XSS
from tests.trust.reporting import record
from tests.trust.routes import ROUTES
from tests.trust.world import ANONYMOUS, COORDINATOR, TrustWorld
from wellboard.partners.models import Organisation
from wellboard.returns.models import Collection, Figure, Measure, Return
from wellboard.strategy.models import Action, Initiative, Milestone, Node, ProgressUpdate, Strategy


@dataclass(frozen=True)
class Field:
    label: str
    rows: Callable[[TrustWorld], QuerySet[object]]
    name: str


def _strategy(w: TrustWorld) -> QuerySet[object]:
    return Strategy.objects.filter(pk=w.public.strategy.strategy.pk)  # type: ignore[return-value]


def _node(w: TrustWorld) -> QuerySet[object]:
    return Node.objects.filter(strategy=w.public.strategy.strategy)  # type: ignore[return-value]


def _action(w: TrustWorld) -> QuerySet[object]:
    return Action.objects.filter(strategy=w.public.strategy.strategy)  # type: ignore[return-value]


def _milestone(w: TrustWorld) -> QuerySet[object]:
    return Milestone.objects.filter(action__strategy=w.public.strategy.strategy)  # type: ignore[return-value]


def _update(w: TrustWorld) -> QuerySet[object]:
    return ProgressUpdate.objects.all()  # type: ignore[return-value]


def _organisation(w: TrustWorld) -> QuerySet[object]:
    return Organisation.objects.filter(partnership=w.partnership)  # type: ignore[return-value]


def _initiative(w: TrustWorld) -> QuerySet[object]:
    return Initiative.objects.filter(partnership=w.partnership)  # type: ignore[return-value]


def _collection(w: TrustWorld) -> QuerySet[object]:
    return Collection.objects.filter(partnership=w.partnership)  # type: ignore[return-value]


def _measure(w: TrustWorld) -> QuerySet[object]:
    return Measure.objects.filter(collection__partnership=w.partnership)  # type: ignore[return-value]


def _return(w: TrustWorld) -> QuerySet[object]:
    return Return.objects.filter(collection__partnership=w.partnership)  # type: ignore[return-value]


def _figure(w: TrustWorld) -> QuerySet[object]:
    return Figure.objects.filter(data_return__collection__partnership=w.partnership)  # type: ignore[return-value]


FIELDS = (
    Field("strategy title", _strategy, "title"),
    Field("strategy vision", _strategy, "vision"),
    Field("strategy summary", _strategy, "summary"),
    Field("node title", _node, "title"),
    Field("node description", _node, "description"),
    Field("action title", _action, "title"),
    Field("action description", _action, "description"),
    Field("action SMART target", _action, "smart_target"),
    Field("milestone title", _milestone, "title"),
    Field("progress update narrative", _update, "narrative"),
    Field("organisation name", _organisation, "name"),
    Field("organisation description", _organisation, "description"),
    Field("initiative name", _initiative, "name"),
    Field("initiative description", _initiative, "description"),
    Field("initiative funding", _initiative, "funding"),
    Field("collection name", _collection, "name"),
    Field("collection description", _collection, "description"),
    Field("measure label", _measure, "label"),
    Field("measure help text", _measure, "help_text"),
    Field("return comment", _return, "comment"),
    Field("figure comment", _figure, "comment"),
)


def _plant(world: TrustWorld, texts: list[str]) -> dict[str, str]:
    """Each field gets its own text, so a finding names the field it came through."""
    planted = {}
    for field, text in zip(FIELDS, texts, strict=True):
        rows = field.rows(world)
        # Names are unique within a partnership: the second and later rows get a number after it.
        for index, pk in enumerate(rows.values_list("pk", flat=True)):
            rows.filter(pk=pk).update(**{field.name: text if index == 0 else f"{text} #{index}"})
        planted[field.label] = text
    return planted


def _responses(world: TrustWorld) -> Iterator[tuple[str, HttpResponse]]:
    """Every declared page, export and API read, as the coordinator (the public site as the public)."""
    for name, route in sorted(ROUTES.items()):
        if COORDINATOR not in route.get:
            continue
        url = reverse(name, kwargs=route.params(world) or None)
        if name.startswith("api-v1:"):
            headers = {"Authorization": f"Bearer {world.tokens[COORDINATOR]}"}
            yield url, world.client(ANONYMOUS).get(url, headers=headers)
        elif name.startswith("public-"):
            yield url, world.client(ANONYMOUS).get(url)
        else:
            yield url, world.client(COORDINATOR).get(url)


def _kind(response: HttpResponse) -> str:
    return response.get("Content-Type", "").split(";")[0].strip()


# ---------------------------------------------------------------- markup

ROUNDS = math.ceil(len(XSS) / len(FIELDS))


def _xss_round(number: int) -> list[str]:
    return [XSS[(number * len(FIELDS) + i) % len(XSS)] for i in range(len(FIELDS))]


@pytest.mark.django_db
@pytest.mark.parametrize("number", range(ROUNDS))
def test_pages_print_hostile_markup_escaped(number: int, world: TrustWorld) -> None:
    planted = _plant(world, _xss_round(number))
    problems: list[str] = []
    seen: set[str] = set()
    pages = 0
    for url, response in _responses(world):
        if response.status_code >= 500:
            problems.append(f"{url}: server error {response.status_code}")
            continue
        if _kind(response) != "text/html" or not hasattr(response, "content"):
            continue
        pages += 1
        body = response.content.decode()
        for label, text in planted.items():
            if text in body:
                problems.append(f"{url}: the {label} {text!r} is printed unescaped")
            if escape(text) in body:
                seen.add(label)
    record("hostile-markup", pages=pages, payloads=len(planted), unexpected=len(problems))
    assert not problems, "\n".join(problems)
    # The check above means something only if the pages do show what was planted.
    assert len(seen) >= len(FIELDS) // 2, f"only {sorted(seen)} were shown on any page"


def test_there_are_enough_payloads() -> None:
    assert len(set(XSS)) >= 50
    assert len(set(FORMULAS)) == 12


# ---------------------------------------------------------------- formulas


def _cells(response: HttpResponse) -> Iterator[str]:
    kind = _kind(response)
    data = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    if kind == "text/csv":
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            yield from row
    elif kind == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                yield from (cell for cell in row if isinstance(cell, str))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.django_db
def test_exports_neutralise_formulas(world: TrustWorld) -> None:
    texts = [FORMULAS[i % len(FORMULAS)] for i in range(len(FIELDS))]
    _plant(world, texts)
    problems: list[str] = []
    exports = 0
    neutralised = 0
    for url, response in _responses(world):
        if response.status_code != 200:
            continue
        cells = list(_cells(response))
        if not cells:
            continue
        exports += 1
        for cell in cells:
            if cell.startswith(FORMULA_TRIGGERS) and not _is_number(cell):
                problems.append(f"{url}: the cell {cell!r} would run as a formula")
            elif cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
                neutralised += 1
    record("formula-exports", exports=exports, payloads=len(FIELDS), unexpected=len(problems))
    assert not problems, "\n".join(problems)
    assert exports > 0, "no CSV or XLSX export was found"
    assert neutralised > 0, "no export showed the planted text"
