from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "wellboard.publishing"
    label = "publishing"
    verbose_name = "Publishing and disclosure control"
