"""A whole deployment in one file, and back: ``wellboard backup FILE`` and ``wellboard restore FILE``.

The backup is a zip archive holding one JSON-lines file per table (rows in primary-key order) and a
``manifest.json`` with the format, Wellboard's version, the schema (the last migration of each app),
and each file's row count and SHA-256. It is read in one transaction (a repeatable-read snapshot on
PostgreSQL), so it is consistent even while people work; nothing in it depends on the time it was
taken, so backing up a restored copy gives the same bytes. It moves between SQLite and PostgreSQL.

Left out, because each is rebuilt or expires on its own: sessions, django-axes' attempt logs, the
queue of background tasks, and Django's content types, permissions and groups (``migrate`` recreates
the first two; Wellboard gives access through its own roles, never through Django's permissions).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

import wellboard
from wellboard.core.errors import InvalidInput

FORMAT = "wellboard-backup"
FORMAT_VERSION = 1
# Fixed, so the archive's bytes depend only on the data.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
CHUNK = 2000
SKIPPED_APPS = frozenset({"sessions", "contenttypes", "axes", "django_tasks", "django_tasks_db", "admin"})
# Wellboard's roles are its own records; Django's groups and permissions are not used.
SKIPPED_MODELS = frozenset({"auth.permission", "auth.group"})


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: int
    rows: int


def _label(model: type[Model]) -> str:
    return model._meta.label_lower


def backed_up_models() -> list[type[Model]]:
    """Every table a backup holds, by name (restore checks references only once all are in)."""
    chosen = [
        m
        for m in apps.get_models()
        if m._meta.app_label not in SKIPPED_APPS
        and _label(m) not in SKIPPED_MODELS
        and not m._meta.proxy
        and m._meta.managed
    ]
    return sorted(chosen, key=_label)


def schema_state() -> dict[str, str]:
    """The last applied migration of each app: a backup restores only into the same schema."""
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: max(names) for app, names in sorted(applied.items())}


def _fields(model: type[Model]) -> list[str]:
    """What is kept of each row: every column and every many-to-many field between kept tables."""
    kept = {_label(m) for m in backed_up_models()}
    names = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    names += [f.name for f in model._meta.local_many_to_many if _label(f.related_model) in kept]
    return names


def _chunks(model: type[Model]) -> Iterator[list[Model]]:
    chunk: list[Model] = []
    for obj in model._base_manager.order_by("pk").iterator(chunk_size=CHUNK):
        chunk.append(obj)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django rounds them to milliseconds,
    which would lose information and make a restored copy back up differently)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


def _canonical(jsonl: str) -> bytes:
    """Each row with its keys sorted: PostgreSQL's jsonb keeps JSON objects in its own key order,
    SQLite in the order written, and a backup must not depend on which database it came from."""
    rows = (json.loads(line) for line in jsonl.splitlines() if line)
    return "".join(
        json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n" for row in rows
    ).encode()


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def backup_write(path: Path, *, progress: Callable[[str], None] = lambda _: None) -> BackupSummary:
    """Write the whole deployment to ``path`` (replaced only once the new archive is complete)."""
    partial = path.with_name(path.name + ".partial")
    files: dict[str, dict[str, Any]] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with zipfile.ZipFile(partial, "w") as archive:
            for model in backed_up_models():
                name = f"data/{_label(model)}.jsonl"
                fields = _fields(model)
                digest = hashlib.sha256()
                count = 0
                with archive.open(_entry(name), "w") as raw:
                    for chunk in _chunks(model):
                        lines = _canonical(
                            serializers.serialize("jsonl", chunk, fields=fields, cls=_ExactEncoder)
                        )
                        raw.write(lines)
                        digest.update(lines)
                        count += len(chunk)
                files[name] = {"model": _label(model), "rows": count, "sha256": digest.hexdigest()}
                progress(f"{_label(model)}: {count} rows")
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "wellboard_version": wellboard.__version__,
                "schema": schema_state(),
                "files": files,
            }
            archive.writestr(_entry("manifest.json"), json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    partial.replace(path)
    return BackupSummary(path=path, tables=len(files), rows=sum(f["rows"] for f in files.values()))


def backup_read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The manifest, after checking every file against its checksum; a damaged or foreign archive is
    refused with the reason before anything is written."""
    try:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise InvalidInput("This is not a Wellboard backup: it has no readable manifest.json") from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise InvalidInput("This is not a Wellboard backup of a format this version can read")
    for name, described in manifest.get("files", {}).items():
        try:
            data = archive.read(name)
        except KeyError as exc:
            raise InvalidInput(f"The backup is incomplete: {name} is missing") from exc
        if hashlib.sha256(data).hexdigest() != described.get("sha256"):
            raise InvalidInput(f"The backup is damaged: {name} does not match its checksum")
    return manifest


# What makes a database someone's: rows that ``migrate`` alone never creates (it does add built-in
# tag schemes and reference tables, which a restore simply replaces).
OWNED_DATA = ("partners.partnership", settings.AUTH_USER_MODEL.lower())


def _has_data() -> list[str]:
    return [label for label in OWNED_DATA if apps.get_model(label)._base_manager.exists()]


def _flush(models: list[type[Model]]) -> None:
    tables = [m._meta.db_table for m in models]
    for model in models:
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through is not None and through._meta.auto_created:
                tables.append(through._meta.db_table)
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    connection.ops.execute_sql_flush(statements)


def backup_restore(
    path: Path, *, replace: bool = False, progress: Callable[[str], None] = lambda _: None
) -> BackupSummary:
    """Load a backup into this database, in one transaction: all of it or, on any problem, nothing.

    The database must have the backup's schema (run ``wellboard migrate`` first) and hold no data,
    unless ``replace`` is given, which empties it first."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InvalidInput(f"Cannot read {path}: {exc}") from exc
    with archive:
        manifest = backup_read_manifest(archive)
        here = schema_state()
        wanted = manifest.get("schema", {})
        differing = sorted(app for app in set(wanted) | set(here) if wanted.get(app) != here.get(app))
        if differing:
            raise InvalidInput(
                "The backup was taken with a different database schema (apps: "
                + ", ".join(differing[:8])
                + "): restore it with the Wellboard version that made it, then upgrade"
            )
        models = backed_up_models()
        occupied = _has_data()
        if occupied and not replace:
            raise InvalidInput(
                "This database already holds partnerships or people: restore into a newly migrated "
                "database, or pass --replace to delete everything in it first"
            )
        by_label = {_label(m): m for m in models}
        rows = 0
        with transaction.atomic(), connection.constraint_checks_disabled():
            # Rows refer to one another in any order (a tree's nodes, say): references are checked
            # once, when everything is in.
            _flush(models)
            for name, described in manifest["files"].items():
                model = by_label.get(described["model"])
                if model is None:
                    raise InvalidInput(f"The backup holds a table this version does not have: {name}")
                stream = io.TextIOWrapper(archive.open(name), encoding="utf-8")
                for loaded in serializers.deserialize("jsonl", stream):
                    loaded.save()
                    rows += 1
                progress(f"{described['model']}: {described['rows']} rows")
            connection.check_constraints(table_names=[m._meta.db_table for m in models])
            sequences = connection.ops.sequence_reset_sql(no_style(), models)
            with connection.cursor() as cursor:
                for sql in sequences:
                    cursor.execute(sql)
    connections[DEFAULT_DB_ALIAS].close()
    return BackupSummary(path=path, tables=len(manifest["files"]), rows=rows)
