"""RAG counts of actions, and the overdue rules every list of actions shares."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from wellboard.core.rag import RAG_ORDER, Rag
from wellboard.strategy.models import Action, ActionStatus

CLOSED_STATUSES = (ActionStatus.COMPLETED, ActionStatus.CANCELLED)


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}due_date__lt": today}) & ~Q(**{f"{prefix}status__in": CLOSED_STATUSES})


def with_overdue_milestones(qs: QuerySet[Action], today: dt.date) -> QuerySet[Action]:
    return qs.annotate(
        overdue_milestone_count=Count(
            "milestones",
            filter=Q(milestones__completed_on__isnull=True, milestones__due_date__lt=today),
            distinct=True,
        )
    )


def action_overdue_milestones(action: Action) -> int:
    """The annotation added by the list selectors (0 for an action read without it)."""
    return int(getattr(action, "overdue_milestone_count", 0) or 0)


@dataclass
class RagCounts:
    """How many actions carry each RAG rating, with overdue actions and milestones."""

    by_rag: Counter[str] = field(default_factory=Counter)
    overdue_actions: int = 0
    overdue_milestones: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_rag.values())

    def add_action(self, *, rag: str, overdue: bool, overdue_milestones: int) -> None:
        self.by_rag[rag] += 1
        self.overdue_actions += int(overdue)
        self.overdue_milestones += overdue_milestones

    def count_action(self, action: Action, *, today: dt.date) -> None:
        """Count an action read by the list selectors (its overdue milestones annotated)."""
        self.add_action(
            rag=action.rag,
            overdue=action.is_overdue(today),
            overdue_milestones=action_overdue_milestones(action),
        )

    def merge(self, other: RagCounts) -> None:
        self.by_rag.update(other.by_rag)
        self.overdue_actions += other.overdue_actions
        self.overdue_milestones += other.overdue_milestones

    @property
    def items(self) -> list[tuple[str, int]]:
        """(rating, count) for every rating with at least one action, worst first."""
        return [(str(r.value), self.by_rag[r.value]) for r in RAG_ORDER if self.by_rag[r.value]]

    @property
    def sentence(self) -> str:
        """The counts in words, for screen readers and anyone who cannot tell the colours apart."""
        if not self.total:
            return "No actions."
        parts = ", ".join(f"{count} {Rag(rating).label.lower()}" for rating, count in self.items)
        text = f"{self.total} action{'s' if self.total != 1 else ''}: {parts}."
        if self.overdue_actions:
            text += f" {self.overdue_actions} overdue action{'s' if self.overdue_actions != 1 else ''}."
        if self.overdue_milestones:
            n = self.overdue_milestones
            text += f" {n} overdue milestone{'s' if n != 1 else ''}."
        return text
