"""Strategy workbooks: download a strategy as XLSX, and upload, check and confirm an import.

Kept apart from ``strategy/urls.py`` (whose ``strategies/<strategy>/`` pattern comes first in the
root URLconf): the export ends in ``workbook.xlsx`` and the import pages live under their own
``strategy-workbook/`` prefix, so neither can be mistaken for a strategy's slug.
"""

from django.urls import URLPattern, URLResolver, path

from wellboard.strategy.views.workbook import (
    strategy_workbook_export,
    strategy_workbook_import_confirm,
    strategy_workbook_import_view,
)

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "p/<slug:slug>/strategies/<slug:strategy>/workbook.xlsx",
        strategy_workbook_export,
        name="strategy-workbook-export",
    ),
    path("p/<slug:slug>/strategy-workbook/", strategy_workbook_import_view, name="strategy-workbook-import"),
    path(
        "p/<slug:slug>/strategy-workbook/<str:upload>/",
        strategy_workbook_import_confirm,
        name="strategy-workbook-import-confirm",
    ),
]
