"""Pages for partner data returns."""

from wellboard.returns.views.collections import (
    collection_detail,
    collection_edit,
    collection_history,
    collection_new,
    measure_edit,
    measure_new,
    returns_home,
)
from wellboard.returns.views.reach import reach_dashboard
from wellboard.returns.views.returns import (
    return_approve_view,
    return_detail,
    return_history,
    return_send_back_view,
    return_submit_view,
    return_template,
    return_unapprove_view,
)
from wellboard.returns.views.uploads import collection_upload, return_upload

__all__ = [
    "collection_detail",
    "collection_edit",
    "collection_history",
    "collection_new",
    "collection_upload",
    "measure_edit",
    "measure_new",
    "reach_dashboard",
    "return_approve_view",
    "return_detail",
    "return_history",
    "return_send_back_view",
    "return_submit_view",
    "return_template",
    "return_unapprove_view",
    "return_upload",
    "returns_home",
]
