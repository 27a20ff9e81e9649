from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "wellboard.reports"
    label = "reports"
    verbose_name = "Board reports"
