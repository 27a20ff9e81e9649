"""What a template says about itself, signed so it cannot be passed off as another's.

The hidden "About" sheet names the partnership, collection, organisation and period, a
fingerprint of the measures' layout (which row holds which figure) and the version of the return the
template was made from (0 if it was not started), so an upload made after someone else saved the
return is a conflict instead of overwriting their figures. An HMAC of those values, keyed
by the deployment's SECRET_KEY, is stored beside them: change any of them and the upload is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.crypto import constant_time_compare, salted_hmac

from wellboard.returns.models import Measure
from wellboard.returns.validation import slots_for

SALT = "wellboard.returns.workbook"
FORMAT_VERSION = "2"  # 2: the return's version is signed too


@dataclass(frozen=True)
class Identity:
    partnership: str
    collection: str
    organisation: str
    period: str
    layout: str  # fingerprint of the measures and their rows
    version: int  # the return's version when the template was made (0: not started)
    format_version: str = FORMAT_VERSION

    def payload(self) -> str:
        return "\n".join(
            [
                self.format_version,
                self.partnership,
                self.collection,
                self.organisation,
                self.period,
                self.layout,
                str(self.version),
            ]
        )

    def signature(self) -> str:
        return salted_hmac(SALT, self.payload(), algorithm="sha256").hexdigest()

    def verify(self, signature: str) -> bool:
        return constant_time_compare(self.signature(), signature or "")


def layout_fingerprint(measures: Sequence[Measure]) -> str:
    """Changes when a measure is added, removed, re-typed or its breakdowns change."""
    shape = [[m.code, m.value_type, [[s.breakdown, s.category] for s in slots_for(m)]] for m in measures]
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:32]
