"""The spreadsheet round trip: a pre-filled XLSX template per organisation and period, and its upload."""

from wellboard.returns.workbook.template import template_build, template_filename
from wellboard.returns.workbook.upload import UploadOutcome, workbook_identify, workbook_upload

__all__ = ["UploadOutcome", "template_build", "template_filename", "workbook_identify", "workbook_upload"]
