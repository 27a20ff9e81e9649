from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "wellboard.indicators"
    label = "indicators"
    verbose_name = "Indicators and observations"

    def ready(self) -> None:
        from wellboard.core.extensions import STRATEGY_NODES, panels_register
        from wellboard.indicators.views.panels import strategy_node_panels

        # Strategy pages show each node's indicators without the strategy app importing this one.
        panels_register(STRATEGY_NODES, strategy_node_panels)
