"""Partnerships made before hub workers existed kept the old default, coordinators alone, as the roles
that sign in with a second factor. Hub workers see pseudonymous records of people, so the default now
asks them too: a partnership still on exactly the old default is moved to the new one. A partnership
that chose its own list (the demo's empty one, or coordinators and analysts) is left as it chose."""

from __future__ import annotations

from typing import Any

from django.db import migrations

OLD_DEFAULT = ["coordinator"]
NEW_DEFAULT = ["coordinator", "hub_worker"]


def ask_hub_workers_too(apps: Any, schema_editor: Any) -> None:
    Partnership = apps.get_model("partners", "Partnership")
    for partnership in Partnership.objects.only("pk", "two_factor_roles"):
        if partnership.two_factor_roles == OLD_DEFAULT:
            partnership.two_factor_roles = NEW_DEFAULT
            partnership.save(update_fields=["two_factor_roles"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_hub_worker_role"),
    ]

    # Going back leaves the list alone: after the change nobody can tell the moved partnerships from
    # those that chose both roles themselves.
    operations = [migrations.RunPython(ask_hub_workers_too, migrations.RunPython.noop)]
