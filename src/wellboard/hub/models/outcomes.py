"""Outcome assessments: a participant's wellbeing answers before and after a programme."""

from __future__ import annotations

from django.db import models

from wellboard.core.models import VersionedModel
from wellboard.hub.models.hubs import Hub
from wellboard.partners.models import Partnership


class Instrument(models.TextChoices):
    ONS4 = "ons4", "ONS4 personal wellbeing"
    SWEMWBS = "swemwbs", "Short Warwick-Edinburgh Mental Wellbeing Scale"


class AssessmentStage(models.TextChoices):
    BEFORE = "before", "Before"
    AFTER = "after", "After"


class OutcomeAssessment(VersionedModel):
    """One participant's wellbeing answers at the start or the end of a programme, keyed only by
    their pseudonymous client key. The programme is an initiative, or a hub's own work."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="outcome_assessments")
    initiative = models.ForeignKey(
        "strategy.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_assessments",
    )
    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.CASCADE, related_name="outcome_assessments"
    )
    client_key = models.CharField(max_length=64)
    instrument = models.CharField(max_length=10, choices=Instrument.choices)
    stage = models.CharField(max_length=6, choices=AssessmentStage.choices)
    date = models.DateField()
    # Item codes to whole-number answers: ONS4 {"life_satisfaction", "worthwhile", "happiness",
    # "anxiety"} 0-10; SWEMWBS {"optimistic", "useful", "relaxed", "problems", "thinking", "close",
    # "decide"} 1-5.
    answers = models.JSONField()
    recorded_by = models.ForeignKey(
        "partners.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(initiative__isnull=False) & models.Q(hub__isnull=True))
                | (models.Q(initiative__isnull=True) & models.Q(hub__isnull=False)),
                name="outcome_assessment_one_programme",
            ),
            models.UniqueConstraint(
                fields=["initiative", "client_key", "instrument", "stage"],
                condition=models.Q(initiative__isnull=False),
                name="outcome_assessment_initiative_unique",
            ),
            models.UniqueConstraint(
                fields=["hub", "client_key", "instrument", "stage"],
                condition=models.Q(hub__isnull=False),
                name="outcome_assessment_hub_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.stage} on {self.date.isoformat()}"
