from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "wellboard.geography"
    label = "geography"
    verbose_name = "Areas and geography"
