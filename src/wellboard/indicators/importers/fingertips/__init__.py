"""The Fingertips CSV export importer. ``fingertips_import`` is the entry point for the command
line (``wellboard indicators import-fingertips``) and the web upload alike."""

from wellboard.indicators.importers.fingertips.load import SOURCE, fingertips_import
from wellboard.indicators.importers.fingertips.reader import COLUMNS, MAX_BYTES, MAX_ROWS, REQUIRED

__all__ = ["COLUMNS", "MAX_BYTES", "MAX_ROWS", "REQUIRED", "SOURCE", "fingertips_import"]
