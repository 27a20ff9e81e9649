from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "wellboard.directory"
    label = "directory"
    verbose_name = "Service directory"
