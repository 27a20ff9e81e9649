"""One import pipeline for every importer, on the web and the command line.

Imports follow one shape: read the file under limits (``reading``: one CSV decoder and reader;
XLSX through ``core.spreadsheets``), validate every row into an ``ImportReport`` (``report``), show
the dry run, keep the upload until it is confirmed (``pending``, through Django's storage API, so
any app server can confirm what another received), then apply in one transaction, and only if
nothing was rejected. ``web`` has what the upload pages share.
"""

from wellboard.core.importing.reading import CsvFile, Limits, check_path, decode_text, read_file, size_text
from wellboard.core.importing.report import Change, ImportReport, Outcome, Rejection
from wellboard.core.spreadsheets import UploadRejected

__all__ = [
    "Change",
    "CsvFile",
    "ImportReport",
    "Limits",
    "Outcome",
    "Rejection",
    "UploadRejected",
    "check_path",
    "decode_text",
    "read_file",
    "size_text",
]
