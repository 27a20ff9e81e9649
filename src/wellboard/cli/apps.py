from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "wellboard.cli"
    label = "cli"
    verbose_name = "The wellboard command"
