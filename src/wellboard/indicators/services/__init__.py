"""The only code that writes indicators, observations, comparators and targets. Every write is
audited and checked against the app's policy (``indicators.policy``): coordinators and analysts may
write, and whoever may approve partners' returns may publish the approved figures
(``observations_publish_from_returns``). What is written is cleaned by ``indicators.inputs``."""

from wellboard.indicators.services.comparators import comparator_create, comparator_delete, comparator_update
from wellboard.indicators.services.indicators import (
    DEFAULTS_FOR_VALUE_TYPE,
    indicator_create,
    indicator_update,
)
from wellboard.indicators.services.observations import (
    ObservationInput,
    observations_import,
    observations_import_chunks,
    observations_publish_from_returns,
    observations_recalculate,
    observations_save,
)
from wellboard.indicators.services.targets import target_create, target_delete, target_update, trajectory_set

__all__ = [
    "DEFAULTS_FOR_VALUE_TYPE",
    "ObservationInput",
    "comparator_create",
    "comparator_delete",
    "comparator_update",
    "indicator_create",
    "indicator_update",
    "observations_import",
    "observations_import_chunks",
    "observations_publish_from_returns",
    "observations_recalculate",
    "observations_save",
    "target_create",
    "target_delete",
    "target_update",
    "trajectory_set",
]
