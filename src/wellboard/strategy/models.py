"""A partnership's strategy: its tree of themes and priorities, SMART actions and the initiatives
partners deliver."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from wellboard.core.models import VersionedModel
from wellboard.core.periods import period_label
from wellboard.core.rag import Rag
from wellboard.partners.models import Organisation, Partnership


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Live"
    ARCHIVED = "archived", "Archived"


class Strategy(VersionedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="strategies")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    vision = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=10, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT)
    level_names = models.JSONField(
        default=list, help_text="Names of the tree's levels from the top, e.g. ['Theme', 'Priority']"
    )

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name_plural = "strategies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="strategy_slug_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="strategy_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def level_name(self, depth: int) -> str:
        names = self.level_names or ["Priority"]
        return str(names[depth] if depth < len(names) else names[-1])


class TagScheme(models.Model):
    """An external model nodes can be tagged with. Built-in schemes have no partnership."""

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="tag_schemes"
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="tag_scheme_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    scheme = models.ForeignKey(TagScheme, on_delete=models.CASCADE, related_name="tags")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["scheme", "slug"], name="tag_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Node(VersionedModel):
    """One theme, priority, pillar or recommendation in a strategy's tree."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    ref = models.CharField(max_length=30, help_text="Short reference shown and used in workbooks, e.g. 2.1")
    depth = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="nodes")

    class Meta:
        ordering = ["strategy", "depth", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["strategy", "ref"], name="node_ref_unique")]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def level_name(self) -> str:
        return self.strategy.level_name(self.depth)


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    ON_HOLD = "on_hold", "On hold"
    CANCELLED = "cancelled", "Cancelled"


class Action(VersionedModel):
    """A SMART commitment under a node, led by one organisation."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="actions")
    ref = models.CharField(max_length=30, help_text="Short reference, e.g. A12")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    smart_target = models.TextField("SMART target", blank=True)
    # RESTRICT, not PROTECT: an organisation that leads actions cannot be deleted on its own, but a
    # whole partnership (its organisations, strategies and actions together) can.
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.RESTRICT, related_name="led_actions")
    supporting_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="supported_actions"
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    rag = models.CharField("RAG", max_length=10, choices=Rag.choices, default=Rag.NOT_RATED)

    class Meta:
        ordering = ["strategy", "node__depth", "node__position", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["strategy", "ref"], name="action_ref_unique")]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def is_overdue(self, today: dt.date) -> bool:
        open_ = self.status not in (ActionStatus.COMPLETED, ActionStatus.CANCELLED)
        return open_ and self.due_date is not None and self.due_date < today


class Milestone(VersionedModel):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["action", "due_date", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        return self.completed_on is None and self.due_date < today


class ProgressUpdate(VersionedModel):
    """'Action to date' for one reporting period, with a RAG, on an action or on a part of the tree
    (a priority or recommendation reports its progress and impact as a whole). An update belongs to
    exactly one of the two. A second update for the same period is either added beside the first or
    replaces it; a replacement keeps the words it replaced in the audit history, and the version
    stops two people replacing the same update unknowingly."""

    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="updates"
    )
    node = models.ForeignKey(Node, null=True, blank=True, on_delete=models.CASCADE, related_name="updates")
    period = models.CharField(max_length=30, help_text="Period code, e.g. 2024/25 Q3")
    period_start = models.DateField()
    narrative = models.TextField("action to date")
    rag = models.CharField("RAG", max_length=10, choices=Rag.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=200)
    posted_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_start", "-posted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(action__isnull=False, node__isnull=True)
                    | models.Q(action__isnull=True, node__isnull=False)
                ),
                name="progress_update_one_target",
            ),
        ]
        indexes = [models.Index(fields=["node", "period"], name="progress_update_node_period")]

    def __str__(self) -> str:
        return f"{self.target_ref} {period_label(self.period)}"

    @property
    def target_ref(self) -> str:
        """The reference of what the update is about: the action's, or the tree item's."""
        if self.action is not None:
            return self.action.ref
        if self.node is not None:
            return self.node.ref
        return ""


class InitiativeKind(models.TextChoices):
    PROGRAMME = "programme", "Programme"
    PROJECT = "project", "Project"
    CAMPAIGN = "campaign", "Campaign"
    SERVICE = "service", "Service"
    EVENT = "event", "Event"


class Initiative(VersionedModel):
    """Something partners deliver: So Active, Pop-up Play, Smokebusters, a Healthy Hub."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="initiatives")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=InitiativeKind.choices)
    description = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.RESTRICT, related_name="led_initiatives"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="initiatives")
    target_groups = models.JSONField(default=list, blank=True, help_text="e.g. ['Older people', 'Families']")
    places = models.JSONField(default=list, blank=True, help_text="Where it happens, e.g. parks or wards")
    funding = models.TextField(blank=True, help_text="Who funds it and how much")
    nodes = models.ManyToManyField(Node, blank=True, related_name="initiatives")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="initiative_slug_unique")]

    def __str__(self) -> str:
        return self.name
