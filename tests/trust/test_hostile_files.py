"""Every importer, given every hostile file in tests/trust/files.py: each must refuse it clearly (a 4xx
answer on the web and the API, a one-line error on the command line) and write nothing at all (the
row count of every table is the same afterwards)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.trust.files import FILES, HostileFile
from tests.trust.reporting import record
from tests.trust.routes import ROUTES
from tests.trust.world import ANONYMOUS, COORDINATOR, HUB_WORKER, TrustWorld

# What a refused request may still change: the session that carries the page's message.
NOT_DATA = {"sessions.session"}


def _counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_DATA
    }


Outcome = tuple[bool, str]  # refused clearly, what was said


def _web(route: str, field: str) -> Callable[[TrustWorld, Client, HostileFile, Path], Outcome]:
    def send(world: TrustWorld, client: Client, hostile: HostileFile, _tmp: Path) -> Outcome:
        url = reverse(route, kwargs=ROUTES[route].params(world))
        upload = SimpleUploadedFile(hostile.filename, hostile.build())
        response = client.post(url, {field: upload})
        return 400 <= response.status_code < 500, f"{response.status_code}"

    return send


def _api(world: TrustWorld, _client: Client, hostile: HostileFile, _tmp: Path) -> Outcome:
    url = reverse("api-v1:return_upload", kwargs=ROUTES["api-v1:return_upload"].params(world))
    upload = SimpleUploadedFile(hostile.filename, hostile.build())
    headers = {"Authorization": f"Bearer {world.tokens[COORDINATOR]}"}
    response = world.client(ANONYMOUS).post(url, {"file": upload}, headers=headers)
    return 400 <= response.status_code < 500, f"{response.status_code} {response.content[:200]!r}"


def _cli(*command: str) -> Callable[[TrustWorld, Client, HostileFile, Path], Outcome]:
    def run(_world: TrustWorld, _client: Client, hostile: HostileFile, tmp: Path) -> Outcome:
        path = tmp / hostile.filename
        path.write_bytes(hostile.build())
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(*command[:2], str(path), *command[2:], stdout=out, stderr=err)
        except CommandError as error:
            message = str(error).strip()
            return bool(message) and "\n" not in message and "Traceback" not in message, message
        except SystemExit as exit_:
            return exit_.code not in (0, None), f"exit {exit_.code}: {err.getvalue()[:200]}"
        return False, f"accepted: {out.getvalue()[:200]}"

    return run


@dataclass(frozen=True)
class Importer:
    key: str
    send: Callable[[TrustWorld, Client, HostileFile, Path], Outcome]
    who: str = COORDINATOR


IMPORTERS = (
    Importer("web-strategy-workbook", _web("strategy-workbook-import", "workbook")),
    Importer("web-collection-upload", _web("collection-upload", "file")),
    Importer("web-return-upload", _web("return-upload", "file")),
    Importer("web-fingertips", _web("fingertips-upload", "file")),
    # The hub's visits, uploaded by its own worker: nobody else reaches that importer.
    Importer("web-hub-contacts", _web("hub-contacts-import", "file"), who=HUB_WORKER),
    Importer("api-return-upload", _api),
    Importer("cli-strategy-workbook", _cli("strategy", "import", "--partnership", "test-town")),
    Importer(
        "cli-returns-upload",
        _cli("returns", "upload", "--partnership", "test-town", "--collection", "befriending"),
    ),
    Importer("cli-fingertips", _cli("indicators", "import-fingertips", "--partnership", "test-town")),
    Importer("cli-observations", _cli("indicators", "import-observations", "--partnership", "test-town")),
)


def test_there_are_enough_hostile_files() -> None:
    assert len({f.key for f in FILES}) >= 30


@pytest.mark.django_db
@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.key)
def test_importer_refuses_every_hostile_file_and_writes_nothing(
    importer: Importer, world: TrustWorld, tmp_path: Path
) -> None:
    problems: list[str] = []
    # Signing in writes its own records: done once, before anything is counted.
    client = world.client(importer.who)
    for hostile in FILES:
        before = _counts()
        refused, said = importer.send(world, client, hostile, tmp_path)
        after = _counts()
        if not refused:
            problems.append(f"{hostile.key}: not refused ({said})")
        changed = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
        if changed:
            problems.append(f"{hostile.key}: wrote rows {changed}")
    record("hostile-files", uploads=len(FILES), importers=1, unexpected=len(problems))
    assert not problems, f"{importer.key}:\n  " + "\n  ".join(problems)
