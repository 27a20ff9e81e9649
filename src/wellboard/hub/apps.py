from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "wellboard.hub"
    label = "hub"
    verbose_name = "Healthy Hubs"
