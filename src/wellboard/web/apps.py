from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "wellboard.web"
    label = "web"
    verbose_name = "Web pages that span the apps"
