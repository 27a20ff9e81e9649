"""Fields the strategy forms share: dates, RAG ratings, statuses, parts of a tree, tags and lists."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from wellboard.core.rag import RAG_MEANINGS, RAG_ORDER
from wellboard.strategy.models import ActionStatus, Node, Tag

RAG_CHOICES = [(r.value, f"{r.label}: {RAG_MEANINGS[r].lower()}") for r in RAG_ORDER]
RAG_FILTER_CHOICES = [("", "Any rating"), *((r.value, r.label) for r in RAG_ORDER)]


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
        assert isinstance(obj, Node)
        indent = "\u2003" * obj.depth
        return f"{indent}{obj.ref} {obj.title}"


class NodeMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Node)
        return f"{obj.strategy.title}: {obj.ref} {obj.title}"


class TagChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Tag)
        return f"{obj.scheme.name}: {obj.name}"


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


def offer_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Let a model choice field offer ``queryset``. The fields are declared with no choices, so a form
    never lists records the view has not chosen for this actor."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
