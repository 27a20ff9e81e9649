"""Reading an Open Referral UK 3.0 feed and checking its structure, before anything is matched.

Three shapes are read: a page of the ``/services`` API (an object with ``contents``, ``total_items``,
``page_number``…), a bare JSON array of services, or one full service. Each service is checked
against the rules the ORUK 3.0 schema states for what Wellboard reads: ``id``, ``name`` and
``status`` required, ids that are UUIDs, the status and location and address types from their
lists, numbers where numbers belong, and a nested ``organization`` with its ``id``, ``name`` and
``description``. Only the fields a service gives are read, so a feed that leaves a field out never
blanks it.

Besides the UK profile's fields, the HSDS 3.0 core fields ``eligibility_description``,
``application_process``, ``fees_description`` and a service's ``phones`` are read (the UK profile
leaves them out; many feeds carry them), and phone numbers under ``contacts``.

The file is hostile until proved otherwise: size, number of services, nesting, repeated keys,
numbers that are not numbers and invisible control characters are all refused with a message that
says where.
"""

from wellboard.directory.importers.structure.reading import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_REJECTIONS,
    MAX_SERVICES,
    FeedRefused,
    parse_json,
    services_in,
)
from wellboard.directory.importers.structure.records import OrukOrganisation, OrukService, OrukTerm
from wellboard.directory.importers.structure.service import (
    FREE_WORDS,
    LOCATION_TYPES,
    SHAPE_ONLY,
    STATUSES,
    TEXT_FIELDS,
    read_feed,
    read_service,
)

__all__ = [
    "FREE_WORDS",
    "LOCATION_TYPES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_REJECTIONS",
    "MAX_SERVICES",
    "SHAPE_ONLY",
    "STATUSES",
    "TEXT_FIELDS",
    "FeedRefused",
    "OrukOrganisation",
    "OrukService",
    "OrukTerm",
    "parse_json",
    "read_feed",
    "read_service",
    "services_in",
]
