"""Only services write to the database.

The test reads the source (it imports nothing) and finds every call that writes through the ORM or
opens a raw SQL cursor. Such a call may appear only in an app's ``services``, in migrations, or in
one of the few core primitives that every service uses, listed in ``WRITERS_OUTSIDE_SERVICES`` with
the reason each is allowed. A view, form, selector, importer, command or demo step that needs to
write calls a service instead.

What counts as a write (by the call's shape, since the source is not run):

* ``bulk_create``, ``bulk_update``, ``get_or_create`` and ``update_or_create``, always;
* ``save()`` and ``delete()`` with no positional argument (a workbook's ``save(buffer)`` or a
  storage's ``delete(name)`` takes one);
* ``create(...)`` and ``update(...)`` with keyword arguments only (a set's or a dict's ``update``
  takes a positional one);
* ``cursor()``, through which raw SQL is run.

Many-to-many writes (``.set()``, ``.add()``, ``.remove()``, ``.clear()`` on a related manager) look like
set operations in the source, so they are not told apart here; in the product they happen only in
``core.versioning.save_changes`` and in services.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[3] / "src" / "wellboard"

ALWAYS_WRITES = frozenset({"bulk_create", "bulk_update", "get_or_create", "update_or_create"})
WRITE_WITHOUT_POSITIONAL = frozenset({"save", "delete"})
WRITE_WITH_KEYWORDS_ONLY = frozenset({"create", "update"})
RAW_SQL = frozenset({"cursor"})

# Paths relative to src/wellboard. Each entry says why the module may write outside a service.
WRITERS_OUTSIDE_SERVICES = {
    "core/audit.py": "audit_record inserts the append-only audit event, inside the calling service's "
    "transaction; every service calls it",
    "core/versioning.py": "save_changes and version_bump write the fields that changed and bump the "
    "version; every update service ends with them",
    "core/cache.py": "the partnership's data version, which audit_record changes with every write so "
    "cached page parts go stale",
    "core/backup.py": "wellboard restore loads a whole deployment from a backup, below every service and "
    "every partnership, in one transaction",
    "core/models.py": "AuditEvent.save refuses to update an event and hands a new one to Model.save",
}


def _is_service(relative: Path) -> bool:
    return "services" in relative.parts[:-1] or relative.stem == "services"


def _writes(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        positional = [arg for arg in node.args if not isinstance(arg, ast.Starred)]
        if (
            name in ALWAYS_WRITES
            or name in RAW_SQL
            or (name in WRITE_WITHOUT_POSITIONAL and not positional)
            or (name in WRITE_WITH_KEYWORDS_ONLY and not positional and not node.args and node.keywords)
        ):
            found.append((node.lineno, ast.unparse(node)[:100]))
    return found


def _production_modules() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if "migrations" not in p.relative_to(SOURCE).parts)


def test_the_scan_recognises_writes_and_leaves_other_calls_alone() -> None:
    writes = _writes(
        ast.parse(
            "record.save()\n"
            "Model.objects.create(name='x')\n"
            "Model.objects.filter(pk=1).update(name='y')\n"
            "Model.objects.filter(pk=1).delete()\n"
            "Model.objects.bulk_create(rows)\n"
            "Model.objects.get_or_create(name='z')\n"
            "connection.cursor()\n"
            "record.save(update_fields=['name'])\n"
        )
    )
    assert [line for line, _ in writes] == [1, 2, 3, 4, 5, 6, 7, 8]
    others = _writes(
        ast.parse(
            "workbook.save(buffer)\n"
            "storage.save(name, content)\n"
            "storage.delete(name)\n"
            "seen.update(more)\n"
            "spec.update({'a': 1}, **extra)\n"
            "Model.objects.filter(pk=1)\n"
        )
    )
    assert others == []


def test_only_services_write_to_the_database() -> None:
    outside = []
    for path in _production_modules():
        relative = path.relative_to(SOURCE)
        if _is_service(relative) or relative.as_posix() in WRITERS_OUTSIDE_SERVICES:
            continue
        outside += [f"{relative}:{line}: {call}" for line, call in _writes(ast.parse(path.read_text()))]
    assert outside == [], "write through a service instead:\n" + "\n".join(outside)


def test_every_module_allowed_to_write_still_writes() -> None:
    """An entry that no longer writes comes off the list, so the list only ever shrinks."""
    idle = [name for name in WRITERS_OUTSIDE_SERVICES if not _writes(ast.parse((SOURCE / name).read_text()))]
    assert idle == []
