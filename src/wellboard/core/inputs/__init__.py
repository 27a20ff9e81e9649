"""Input schemas: what a writable record accepts, stated once.

Each app declares one schema per writable entity (``strategy/inputs.py``): a class whose attributes
are field rules (``Text``, ``Choice``, ``OptionalDate``, ``Ref``…) and checks between fields
(``DateOrder``: which date may not come before which; ``NeededWhen``: a field another one makes
necessary). A service cleans what it is given through the schema, which reports every
problem by field name in the form ``InvalidInput`` carries (so a form shows each message beside its
field); a Django form builds its fields from the same rules (``Text.form_field``) and an importer takes
its limits from them. A maximum length, a required field's message or a date order is written here
and nowhere else.

Cleaning is partial: only the fields given are cleaned, so an update names just what it changes. A
schema cleans with ``current`` set to the record being changed (``None`` when creating): a date order
compares a new date with the stored one, and a field that is numbered or named automatically when
a record is created (``Ref``, ``Slug``, ``Position``) cannot be blanked afterwards.
"""

from wellboard.core.inputs.problems import (
    MAX_SLUG,
    MAX_TEXT,
    REF_PATTERN,
    RESERVED,
    Errors,
    add_error,
    next_position,
    raise_if_any,
    refuse_unknown_fields,
    unique_slug,
    values_in_use,
)
from wellboard.core.inputs.rules import (
    Choice,
    Chosen,
    Date,
    FieldRule,
    Flag,
    Member,
    Members,
    OptionalDate,
    Position,
    Ref,
    Slug,
    Text,
    TextList,
    Whole,
)
from wellboard.core.inputs.schemas import DateOrder, FieldsCheck, InputSchema, NeededWhen, Order

__all__ = [
    "MAX_SLUG",
    "MAX_TEXT",
    "REF_PATTERN",
    "RESERVED",
    "Choice",
    "Chosen",
    "Date",
    "DateOrder",
    "Errors",
    "FieldRule",
    "FieldsCheck",
    "Flag",
    "InputSchema",
    "Member",
    "Members",
    "NeededWhen",
    "OptionalDate",
    "Order",
    "Position",
    "Ref",
    "Slug",
    "Text",
    "TextList",
    "Whole",
    "add_error",
    "next_position",
    "raise_if_any",
    "refuse_unknown_fields",
    "unique_slug",
    "values_in_use",
]
