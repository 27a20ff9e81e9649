"""Built-in external models that strategy nodes can be tagged with."""

from django.db import migrations

SCHEMES = [
    (
        "kings-fund-population-health",
        "King's Fund population health model",
        "The King's Fund's model of population health (2018): four interconnected pillars.",
        [
            ("wider-determinants", "The wider determinants of health"),
            ("behaviours-and-lifestyles", "Our behaviours and lifestyles"),
            ("places-and-communities", "The places and communities we live in and with"),
            ("integrated-health-and-care", "An integrated health and care system"),
        ],
    ),
    (
        "marmot-principles",
        "Marmot principles",
        "The Marmot Review's principles for reducing health inequalities (2010, extended in 2020).",
        [
            ("best-start", "Give every child the best start in life"),
            ("capabilities", "Enable all children, young people and adults to maximise their capabilities and have control over their lives"),
            ("fair-employment", "Create fair employment and good work for all"),
            ("standard-of-living", "Ensure a healthy standard of living for all"),
            ("healthy-places", "Create and develop healthy and sustainable places and communities"),
            ("prevention", "Strengthen the role and impact of ill health prevention"),
            ("tackle-racism", "Tackle racism, discrimination and their outcomes"),
            ("environmental-sustainability", "Pursue environmental sustainability and health equity together"),
        ],
    ),
]


def create(apps, schema_editor):
    TagScheme = apps.get_model("strategy", "TagScheme")
    Tag = apps.get_model("strategy", "Tag")
    for slug, name, description, tags in SCHEMES:
        scheme, _ = TagScheme.objects.get_or_create(partnership=None, slug=slug,
                                                    defaults={"name": name, "description": description})
        for position, (tag_slug, tag_name) in enumerate(tags, start=1):
            Tag.objects.get_or_create(scheme=scheme, slug=tag_slug, defaults={"name": tag_name, "position": position})


def remove(apps, schema_editor):
    apps.get_model("strategy", "TagScheme").objects.filter(partnership=None, slug__in=[s[0] for s in SCHEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
