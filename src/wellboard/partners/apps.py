from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "wellboard.partners"
    label = "partners"
    verbose_name = "Partnerships and people"

    def ready(self) -> None:
        from wellboard.partners.authentication import connect_signals

        connect_signals()
