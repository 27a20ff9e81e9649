"""Recording many visits at once from a file of any length, and reading them all back for an export.

- ``checks``: each row's values, checked by the rules of ``contact_record`` (the same messages and
  identity), each distinct value once; a client identifier that looks like personal details is
  refused; the visit's site is the one the row names, or the hub's only site.
- ``partners``: the partner organisation a row names, found among the hub's partners or the
  partnership's organisations, or added to the hub's partners (audited, like any partner added).
- ``run``: the import itself (``contact_import``), in one transaction with one audit event; a
  dry run, or a refused file, is rolled back at the end, and the counts a dry run reports are those
  of the real thing. ``run._after_import`` is the one place for what must follow an import.
- ``postgres`` and ``sqlite``: the two ways of writing the rows (``COPY`` into staging tables and
  set-based statements; or parameterised batches).
- ``exports``: every visit of a hub, read in chunks for an export, with one audit event.

The client key is made for every row (a keyed hash, which is the point); the visits themselves are
pseudonymous, so neither the import's nor the export's audit event names any of them.
"""

from wellboard.hub.services.contact_imports.exports import ExportedVisit, contacts_for_export
from wellboard.hub.services.contact_imports.run import BATCH, FIELDS, ContactImport, contact_import

__all__ = ["BATCH", "FIELDS", "ContactImport", "ExportedVisit", "contact_import", "contacts_for_export"]
