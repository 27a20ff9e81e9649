"""The only code that writes partnership, organisation and people records. Each write is audited.

One module per topic: ``partnerships`` (partnerships, organisations and board seats), ``people``
(people and their roles), ``invitations``, ``api_tokens`` and ``two_factor`` (a person's second factor).
"""

from wellboard.partners.services.api_tokens import api_token_authenticate, api_token_create, api_token_revoke
from wellboard.partners.services.invitations import INVITATION_DAYS, invitation_accept, invitation_create
from wellboard.partners.services.partnerships import (
    membership_update,
    organisation_create,
    organisation_update,
    partnership_create,
    partnership_delete,
    partnership_update,
)
from wellboard.partners.services.people import role_grant, role_revoke, user_create
from wellboard.partners.services.two_factor import (
    two_factor_enrolment_confirm,
    two_factor_enrolment_start,
    two_factor_recovery_codes_replace,
    two_factor_remove,
    two_factor_verify,
)

__all__ = [
    "INVITATION_DAYS",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "invitation_accept",
    "invitation_create",
    "membership_update",
    "organisation_create",
    "organisation_update",
    "partnership_create",
    "partnership_delete",
    "partnership_update",
    "role_grant",
    "role_revoke",
    "two_factor_enrolment_confirm",
    "two_factor_enrolment_start",
    "two_factor_recovery_codes_replace",
    "two_factor_remove",
    "two_factor_verify",
    "user_create",
]
