"""Fields the strategy forms share: dates, RAG ratings, statuses, parts of a tree, tags and lists."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.db import models

from wellboard.core.rag import RAG_MEANINGS, RAG_ORDER
from wellboard.strategy.models import ActionStatus, Node, Tag

RAG_CHOICES = [(r.value, f"{r.label}: {RAG_MEANINGS[r].lower()}") for r in RAG_ORDER]
RAG_FILTER_CHOICES = [("", "Any rating"), *((r.value, r.label) for r in RAG_ORDER)]

M = TypeVar("M", bound=models.Model)


def _choice(obj: Any, model: type[M]) -> M:
    """A record a choice field offers, as the model its queryset is of."""
    if not isinstance(obj, model):
        raise TypeError(f"Expected a {model.__name__} to label, not {type(obj).__name__}")
    return obj


def date_field(
    label: str, *, required: bool = False, help_text: str = "", missing: str = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={
            "required": missing or f"Enter the {label.lower()}",
            "invalid": f"The {label.lower()} must be a real date",
        },
    )


class NodeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        node = _choice(obj, Node)
        indent = "\u2003" * node.depth
        return f"{indent}{node.ref} {node.title}"


class NodeMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        node = _choice(obj, Node)
        return f"{node.strategy.title}: {node.ref} {node.title}"


class TagChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        tag = _choice(obj, Tag)
        return f"{tag.scheme.name}: {tag.name}"


def status_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status"},
    )


def rag_field(label: str = "RAG rating") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=RAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a RAG rating"},
    )


class ListField(forms.CharField):
    """One item per line; becomes a list of strings."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        return [line.strip() for line in str(text or "").splitlines() if line.strip()]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value
