"""Board reports: a draft (its kind, strategy, period and the coordinator's narrative), the editions
published from it (each a frozen report model) and the files rendered from each edition.

Reports only read the partnership's data; these are the only rows the app writes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from wellboard.core.models import VersionedModel
from wellboard.partners.models import Partnership
from wellboard.strategy.models import Strategy


class ReportKind(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly monitoring report"
    ANNUAL = "annual", "Annual report"
    RECOMMENDATIONS = "recommendations", "Progress on recommendations"
    STOCKTAKE = "stocktake", "Stocktake"


class ReportFormat(models.TextChoices):
    HTML = "html", "Web page (HTML)"
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Spreadsheet (XLSX)"


class RenderStatus(models.TextChoices):
    QUEUED = "queued", "Waiting"
    RUNNING = "running", "Being prepared"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


# The narrative sections a coordinator writes, in the order they appear on the edit page.
NARRATIVE_FIELDS = ("foreword", "highlights", "lessons", "next_steps")


class Report(VersionedModel):
    """A report being prepared: what it covers and the words the coordinator adds to the figures."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reports")
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    period = models.CharField(max_length=30, help_text="Period code, e.g. 2024/25 Q3 or 2024/25")
    period_start = models.DateField()
    foreword = models.TextField(blank=True)
    highlights = models.TextField(blank=True)
    lessons = models.TextField("lessons learnt", blank=True)
    next_steps = models.TextField("what comes next", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_start", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "strategy", "kind", "period"], name="report_kind_period_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{ReportKind(self.kind).label}, {self.period}"


class ReportEdition(models.Model):
    """One published edition: the report model frozen as JSON with the data version it was built
    from, so it reads the same whatever happens to the data afterwards."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="editions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    data_version = models.CharField(max_length=80)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_edition_unique")]

    def __str__(self) -> str:
        return f"{self.report}, edition {self.number}"


class RenderedFile(models.Model):
    """An edition in one format, rendered by a background task and kept in the database (see the
    ADR on rendered report files)."""

    edition = models.ForeignKey(ReportEdition, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=10, choices=ReportFormat.choices)
    status = models.CharField(max_length=10, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    content = models.BinaryField(blank=True, default=b"")
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "format"]
        constraints = [models.UniqueConstraint(fields=["edition", "format"], name="rendered_file_unique")]

    def __str__(self) -> str:
        return f"{self.edition} ({self.format})"
