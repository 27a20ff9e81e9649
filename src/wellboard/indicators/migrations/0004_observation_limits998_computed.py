"""The 99.8% limits Wellboard computes get their own flag, and indicator slugs that clash with the
indicator pages' fixed addresses (import, profile, rug, new) are renamed."""

from typing import Any

from django.db import migrations, models

RESERVED = ("import", "profile", "rug", "new")


def flag_computed_998(apps: Any, schema_editor: Any) -> None:
    # Figures whose limits were all computed have computed 99.8% limits too.
    Observation = apps.get_model("indicators", "Observation")
    Observation.objects.filter(limits_computed=True, lower998__isnull=False).update(limits998_computed=True)


def rename_reserved_slugs(apps: Any, schema_editor: Any) -> None:
    Indicator = apps.get_model("indicators", "Indicator")
    for indicator in Indicator.objects.filter(slug__in=RESERVED):
        taken = set(
            Indicator.objects.filter(
                partnership_id=indicator.partnership_id, slug__startswith=indicator.slug
            ).values_list("slug", flat=True)
        )
        number = 2
        while f"{indicator.slug}-{number}" in taken:
            number += 1
        indicator.slug = f"{indicator.slug}-{number}"
        indicator.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_comparators_targets_published"),
    ]

    operations = [
        migrations.AddField(
            model_name="observation",
            name="limits998_computed",
            field=models.BooleanField(
                default=False,
                help_text="Wellboard computed the 99.8% limits from the count and denominator (the source gave none)",
            ),
        ),
        migrations.RunPython(flag_computed_998, migrations.RunPython.noop),
        migrations.RunPython(rename_reserved_slugs, migrations.RunPython.noop),
    ]
