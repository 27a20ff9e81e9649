"""The shared world the trust suites run against: one public partnership with something of everything
(a live strategy, indicators, a returns collection with returns, an initiative, a published report,
a custom area, an API token, a spare role grant and an open invitation), a person for every role, and
the coordinator of another partnership, who must see none of it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.test import Client

from tests.factories import PartnershipFactory, make_person
from tests.factories.hub import make_hub, make_hub_worker
from tests.factories.public import PublicWorld, build_public_world
from wellboard.core.access import Actor, Role
from wellboard.geography.models import Area
from wellboard.geography.services.areas import custom_area_create
from wellboard.hub.models import Contact, Hub, HubAssignment, HubPartner, HubSession, HubSite
from wellboard.hub.services import contact_record, hub_partner_add, hub_session_add, hub_site_add
from wellboard.partners.models import Partnership, RoleGrant, User
from wellboard.partners.selectors import actor_for
from wellboard.partners.services import api_token_create
from wellboard.partners.services.invitations import invitation_create
from wellboard.reports.models import Report, ReportEdition
from wellboard.reports.services import report_create, report_publish
from wellboard.returns.models import Return

ANONYMOUS = "anonymous"
COORDINATOR = "coordinator"
ANALYST = "analyst"
APPROVER = "approver"
BOARD = "board"
VIEWER = "viewer"
COUNCIL_CONTRIBUTOR = "council-contributor"
CHARITY_CONTRIBUTOR = "charity-contributor"
OUTSIDER = "outsider"
# Not one of the actors the matrix tries (none of them may see a visit): the hub's own worker, for the
# suites that need someone who may import the hub's visits.
HUB_WORKER = "hub-worker"

ACTORS = (
    ANONYMOUS,
    OUTSIDER,
    VIEWER,
    BOARD,
    CHARITY_CONTRIBUTOR,
    COUNCIL_CONTRIBUTOR,
    APPROVER,
    ANALYST,
    COORDINATOR,
)

_ROLES = {
    COORDINATOR: Role.COORDINATOR,
    ANALYST: Role.ANALYST,
    APPROVER: Role.APPROVER,
    BOARD: Role.BOARD,
    VIEWER: Role.VIEWER,
}


@dataclass
class TrustWorld:
    partnership: Partnership
    public: PublicWorld
    users: dict[str, User]
    tokens: dict[str, str]
    report: Report
    edition: ReportEdition
    custom_area: Area
    spare_token_id: int
    spare_grant_id: int
    invitation_token: str
    council_return: Return
    hub: Hub
    contact: Contact
    hub_site: HubSite
    hub_session: HubSession
    hub_partner: HubPartner
    hub_assignment: HubAssignment
    _charts: dict[str, str] = field(default_factory=dict)

    def actor(self, key: str) -> Actor:
        found = actor_for(user=self.users[key], partnership=self.partnership)
        assert found is not None
        return found

    def client(self, key: str) -> Client:
        # A server error is an outcome to report, not an exception that hides the other requests.
        client = Client(raise_request_exception=False)
        if key != ANONYMOUS:
            client.force_login(self.users[key])
        return client

    def chart(self, page: str) -> str:
        """The first chart a page offers as a download, as the coordinator sees it."""
        if page not in self._charts:
            html = self.client(COORDINATOR).get(page).content.decode()
            found = re.search(r"/data/([a-z0-9-]+)\.csv", html)
            assert found is not None, f"{page} offers no chart download"
            self._charts[page] = found.group(1)
        return self._charts[page]


def build_trust_world() -> TrustWorld:
    partnership = PartnershipFactory(slug="test-town", name="Test Town Partnership")
    elsewhere = PartnershipFactory(slug="elsewhere", name="Elsewhere Partnership")
    public = build_public_world(partnership)
    council = partnership.organisations.get(slug="test-council")
    charity = partnership.organisations.get(slug="test-charity")
    users = {key: make_person(partnership, key, role) for key, role in _ROLES.items()}
    users[COUNCIL_CONTRIBUTOR] = make_person(
        partnership, "council-worker", Role.CONTRIBUTOR, organisation=council
    )
    users[CHARITY_CONTRIBUTOR] = make_person(
        partnership, "charity-worker", Role.CONTRIBUTOR, organisation=charity
    )
    users[OUTSIDER] = make_person(elsewhere, "outsider", Role.COORDINATOR)

    def actor(key: str, where: Partnership = partnership) -> Actor:
        found = actor_for(user=users[key], partnership=where)
        assert found is not None
        return found

    tokens = {key: api_token_create(by=actor(key), name="trust")[1] for key in users if key != OUTSIDER}
    tokens[OUTSIDER] = api_token_create(by=actor(OUTSIDER, elsewhere), name="trust")[1]
    spare_token, _ = api_token_create(by=actor(VIEWER), name="spare")
    spare = make_person(partnership, "spare", Role.VIEWER)
    spare_grant = RoleGrant.objects.filter(user=spare, partnership=partnership).get()
    _invitation, invitation_token = invitation_create(
        by=actor(COORDINATOR), email="newcomer@example.org", role=Role.VIEWER
    )
    coordinator = actor(COORDINATOR)
    report = report_create(by=coordinator, strategy=public.strategy.strategy, kind="annual", period="2025/26")
    edition = report_publish(by=coordinator, report=report, expected_version=None)
    custom_area = custom_area_create(
        by=coordinator, name="Hub catchment", member_codes=["E05007380", "E05007388"]
    )
    council_return = Return.objects.filter(collection=public.collection, organisation=council).first()
    assert council_return is not None
    # A hub with one visit, recorded by its own worker (who is not one of the actors: no actor of the
    # world may see a visit, coordinators included).
    hub = make_hub(partnership, "healthy-hub", name="Healthy Hub")
    worker = make_hub_worker(partnership, "hub-worker", hub)
    users[HUB_WORKER] = worker
    worker_actor = actor_for(user=worker, partnership=partnership)
    assert worker_actor is not None
    contact = contact_record(
        by=worker_actor,
        hub=hub,
        date=dt.date(2026, 11, 2),
        client_id="M-1001",
        sex="female",
        route="walk-in",
        age_band="45-54",
    )
    # What managing the hub changes: a site with its opening session, and a partner, that no visit names.
    hub_site = hub_site_add(by=coordinator, hub=hub, name="Bedwell Community Centre")
    hub_session = hub_session_add(by=coordinator, site=hub_site, weekday=0, opens="09:00", closes="12:00")
    hub_partner = hub_partner_add(by=coordinator, hub=hub, name="County Stop Smoking Service")
    return TrustWorld(
        partnership=partnership,
        public=public,
        users=users,
        tokens=tokens,
        report=report,
        edition=edition,
        custom_area=custom_area,
        spare_token_id=spare_token.pk,
        spare_grant_id=spare_grant.pk,
        invitation_token=invitation_token,
        council_return=council_return,
        hub=hub,
        contact=contact,
        hub_site=hub_site,
        hub_session=hub_session,
        hub_partner=hub_partner,
        hub_assignment=HubAssignment.objects.get(hub=hub, role_grant__user=worker),
    )
