"""Red / amber / green ratings, shared by actions, targets and returns."""

from __future__ import annotations

from django.db import models


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"
    NOT_RATED = "not_rated", "Not rated"


RAG_MEANINGS = {
    Rag.RED: "Off track: needs intervention",
    Rag.AMBER: "At risk: some slippage, recoverable",
    Rag.GREEN: "On track",
    Rag.COMPLETE: "Done",
    Rag.NOT_RATED: "No rating yet",
}

# GOV.UK tag colours; the text is always shown too, so colour is never the only signal.
RAG_TAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.GREEN: "govuk-tag--green",
    Rag.COMPLETE: "govuk-tag--blue",
    Rag.NOT_RATED: "govuk-tag--grey",
}

RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE, Rag.NOT_RATED]
