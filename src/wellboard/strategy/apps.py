from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "wellboard.strategy"
    label = "strategy"
    verbose_name = "Strategies, actions and initiatives"
