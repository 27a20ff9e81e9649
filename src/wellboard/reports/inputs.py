"""What a report accepts: its kind and period when it is started, and the narrative sections a
coordinator writes (rich text, cleaned with nh3 before it is stored)."""

from __future__ import annotations

from typing import Any

from wellboard.core.access import Actor
from wellboard.core.inputs import MAX_TEXT, Choice, Errors, InputSchema, Text, add_error
from wellboard.core.text import clean_rich_text
from wellboard.reports.models import ReportKind


class RichText(Text):
    """Text that may hold simple HTML, stored cleaned: what could run or restyle a page is removed."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        raw = str(value or "")
        if len(raw) > self.max_length:
            add_error(errors, self.name, self.too_long)
            return raw
        return clean_rich_text(raw)


class ReportInput(InputSchema):
    owner = "A report"
    kind = Choice(ReportKind, what="a kind of report")
    period = Text("The period", max_length=30)
    foreword = RichText("The foreword", max_length=MAX_TEXT)
    highlights = RichText("The highlights", max_length=MAX_TEXT)
    lessons = RichText("The lessons learnt", max_length=MAX_TEXT)
    next_steps = RichText("What comes next", max_length=MAX_TEXT)
    related = frozenset({"strategy"})
