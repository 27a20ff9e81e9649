"""Forms for the strategy pages. They collect and type the input; the services validate the rules.

One module per topic: ``strategies`` (a strategy and its tree), ``actions`` (actions, milestones,
progress updates and the action filters), ``initiatives``, and ``fields`` for the fields they share.
"""

from wellboard.strategy.forms.actions import (
    ActionContributorForm,
    ActionFilterForm,
    ActionForm,
    MilestoneForm,
    NodeProgressUpdateForm,
    ProgressUpdateForm,
    quarter_choices,
)
from wellboard.strategy.forms.fields import (
    RAG_CHOICES,
    RAG_FILTER_CHOICES,
    ListField,
    NodeChoiceField,
    NodeMultipleChoiceField,
    TagChoiceField,
)
from wellboard.strategy.forms.initiatives import InitiativeForm
from wellboard.strategy.forms.strategies import NodeForm, StrategyForm

__all__ = [
    "RAG_CHOICES",
    "RAG_FILTER_CHOICES",
    "ActionContributorForm",
    "ActionFilterForm",
    "ActionForm",
    "InitiativeForm",
    "ListField",
    "MilestoneForm",
    "NodeChoiceField",
    "NodeForm",
    "NodeMultipleChoiceField",
    "NodeProgressUpdateForm",
    "ProgressUpdateForm",
    "StrategyForm",
    "TagChoiceField",
    "quarter_choices",
]
