from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wellboard.core"
    label = "core"
    verbose_name = "Wellboard core"
