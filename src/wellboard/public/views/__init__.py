"""The public site of a partnership that publishes: pages and open data anyone can read without
signing in, at ``/public/<partnership>/``.

A partnership that does not publish answers 404 at every address here, as an unknown one does.
Every response is the same for every reader: it is rendered without the person's session (no
sign-in link state, no messages), kept in the page cache under the partnership's data version
(``core/cache.py``, ADR 0009) and sent with ``Cache-Control: public`` and an ETag made from that
version, so browsers and shared caches may keep it and revalidate cheaply (304) until the
partnership's data changes.
"""

from wellboard.public.views.open_data import public_data, public_datapackage, public_dataset
from wellboard.public.views.pages import (
    IndicatorRow,
    public_accessibility,
    public_home,
    public_indicator_detail,
    public_indicator_list,
    public_reach_view,
    public_strategy,
)
from wellboard.public.views.reports import public_report_download, public_reports
from wellboard.public.views.responses import MAX_AGE, Body, Builder

__all__ = [
    "MAX_AGE",
    "Body",
    "Builder",
    "IndicatorRow",
    "public_accessibility",
    "public_data",
    "public_datapackage",
    "public_dataset",
    "public_home",
    "public_indicator_detail",
    "public_indicator_list",
    "public_reach_view",
    "public_report_download",
    "public_reports",
    "public_strategy",
]
