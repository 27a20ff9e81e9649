"""The only code that writes collections, measures, returns and reminders. Every write is audited.

The return workflow, per organisation and period::

    not started → draft → submitted → approved (locked)
                            ↓    ↑         ↓ (un-approve, with a reason)
                 returned for changes    submitted

Contributors save and submit their own organisation's returns; only a coordinator or an approver
approves, sends back or un-approves. An approved return refuses every edit.

The modules, by topic: ``collections`` (setting up a collection), ``measures`` (what it asks for and
the rules), ``figures`` (saving a return's figures), ``workflow`` (submit, approve, send back,
un-approve), ``results`` (approved figures become observations of the measures' indicators),
``reminders`` (recording each email so none is sent twice), ``due_reminders`` (which reminders and
digests are due, each sent once) and ``emails`` (rendering and sending them).
"""

from wellboard.returns.services.collections import RESERVED_SLUGS, collection_create, collection_update
from wellboard.returns.services.figures import LOCKED_MESSAGE, SaveResult, return_save
from wellboard.returns.services.measures import measure_create, measure_update
from wellboard.returns.services.reminders import reminder_record
from wellboard.returns.services.workflow import (
    return_approve,
    return_send_back,
    return_submit,
    return_unapprove,
    returns_approve,
)

__all__ = [
    "LOCKED_MESSAGE",
    "RESERVED_SLUGS",
    "SaveResult",
    "collection_create",
    "collection_update",
    "measure_create",
    "measure_update",
    "reminder_record",
    "return_approve",
    "return_save",
    "return_send_back",
    "return_submit",
    "return_unapprove",
    "returns_approve",
]
