from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "wellboard.partners"
    label = "partners"
    verbose_name = "Partnerships and people"
