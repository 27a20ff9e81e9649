from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "wellboard.returns"
    label = "returns"
    verbose_name = "Partner data returns"
