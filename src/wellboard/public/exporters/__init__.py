"""Open data: a public partnership's datasets, each as CSV and JSON, described by one Frictionless
data package (``datapackage.json``).

Each dataset states its fields once (name, type, title, description); the CSV, the JSON and the
package's schema are all written from that. Counts pass through the partnership's disclosure rule
(``public.calculations``): a suppressed cell is blank, and the row's ``suppressed`` column says so.
Text cells are neutralised against formula injection, as every Wellboard export is.
"""

from wellboard.public.exporters.datasets import DATASETS, dataset_get
from wellboard.public.exporters.formats import as_csv, as_json, datapackage, public_rows
from wellboard.public.exporters.schema import LICENCE, SUPPRESSED_DESCRIPTION, Dataset, Field, Row

__all__ = [
    "DATASETS",
    "LICENCE",
    "SUPPRESSED_DESCRIPTION",
    "Dataset",
    "Field",
    "Row",
    "as_csv",
    "as_json",
    "datapackage",
    "dataset_get",
    "public_rows",
]
