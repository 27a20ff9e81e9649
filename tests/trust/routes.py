"""Who may reach each route, declared once. The authorisation matrix checks every route Django knows
against this table: a new route with no entry here fails the suite until someone declares it.

Each entry, keyed by URL name (the API's names carry the ``api-v1:`` namespace), says how to fill the
route's parameters from the shared world and which actors may GET and POST it. "May" means the
request is not refused; everyone else must be refused (sign-in redirect, 401, 403, 404 or 405).
A route that only reads declares POST as ``NOT_ALLOWED``: whoever may GET it must get 405 for POST
(and, on the web pages, for PUT, PATCH and DELETE), never the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.factories.directory import make_service
from tests.factories.hub import make_hub, make_hub_worker
from tests.trust.world import (
    ANALYST,
    ANONYMOUS,
    APPROVER,
    BOARD,
    CHARITY_CONTRIBUTOR,
    COORDINATOR,
    COUNCIL_CONTRIBUTOR,
    HUB_WORKER,
    OUTSIDER,
    VIEWER,
    TrustWorld,
)
from wellboard.core.access import Actor, Role
from wellboard.directory.models import Service
from wellboard.hub.models import (
    Contact,
    Hub,
    HubAssignment,
    HubPartner,
    HubSession,
    HubSite,
    OutcomeAssessment,
    Referral,
)
from wellboard.hub.services import (
    contact_record,
    hub_partner_add,
    hub_session_add,
    hub_site_add,
    referral_send,
)
from wellboard.hub.services.assessments import assessment_record
from wellboard.hub.services.referrals import referral_link_token
from wellboard.partners.models import RoleGrant
from wellboard.partners.selectors import actor_for
from wellboard.strategy.models import Initiative

Actors = frozenset[str]

ANYONE: Actors = frozenset(
    {
        ANONYMOUS,
        OUTSIDER,
        VIEWER,
        BOARD,
        CHARITY_CONTRIBUTOR,
        COUNCIL_CONTRIBUTOR,
        APPROVER,
        ANALYST,
        COORDINATOR,
    }
)
SIGNED_IN: Actors = ANYONE - {ANONYMOUS}
MEMBERS: Actors = SIGNED_IN - {OUTSIDER}
COORDINATORS: Actors = frozenset({COORDINATOR})
ANALYSTS: Actors = frozenset({ANALYST, COORDINATOR})
APPROVERS: Actors = frozenset({APPROVER, COORDINATOR})
# The council leads the world's action and sends the return the routes point at.
OWN_CONTRIBUTOR: Actors = frozenset({COUNCIL_CONTRIBUTOR, COORDINATOR})
CONTRIBUTORS: Actors = frozenset({COUNCIL_CONTRIBUTOR, CHARITY_CONTRIBUTOR, COORDINATOR})
# A return is seen by its organisation's contributors and by those who check returns.
RETURN_READERS: Actors = frozenset({COUNCIL_CONTRIBUTOR, APPROVER, ANALYST, COORDINATOR})
RETURN_STAFF: Actors = CONTRIBUTORS | APPROVERS | ANALYSTS
# A method the route refuses for everyone (405), or an object no one can reach.
NOT_ALLOWED: Actors = frozenset()
NOBODY: Actors = frozenset()

Params = Callable[[TrustWorld], dict[str, object]]


@dataclass(frozen=True)
class Route:
    params: Params
    get: Actors
    post: Actors
    # A known departure from the rule, with its reproducer: the matrix expects it to fail until fixed.
    finding: str | None = None
    # For a route that takes a record's id under a parent (a hub): the parameters that name a record
    # of another parent of the same partnership under this parent's address. It must not be found.
    elsewhere: Params | None = None


def none(_w: TrustWorld) -> dict[str, object]:
    return {}


def slug(w: TrustWorld) -> dict[str, object]:
    return {"slug": w.partnership.slug}


def strategy(w: TrustWorld) -> dict[str, object]:
    return {**slug(w), "strategy": w.public.strategy.strategy.slug}


def node(w: TrustWorld) -> dict[str, object]:
    return {**strategy(w), "ref": w.public.strategy.priority.ref}


def action(w: TrustWorld) -> dict[str, object]:
    return {**slug(w), "pk": w.public.strategy.council_action.pk}


def milestone(w: TrustWorld) -> dict[str, object]:
    return {**slug(w), "pk": w.public.strategy.council_milestone.pk}


def initiative(w: TrustWorld) -> dict[str, object]:
    return {**slug(w), "initiative": "befriending"}


def organisation(w: TrustWorld) -> dict[str, object]:
    return {**slug(w), "organisation": "test-council"}


def custom_area(w: TrustWorld) -> dict[str, object]:
    return {**slug(w), "code": w.custom_area.code}


def indicator(w: TrustWorld) -> dict[str, object]:
    return {**slug(w), "indicator": w.public.percentage.slug}


def collection(w: TrustWorld) -> dict[str, object]:
    return {**slug(w), "collection": w.public.collection.slug}


def a_return(w: TrustWorld) -> dict[str, object]:
    return {
        **collection(w),
        "organisation": "test-council",
        "period": w.council_return.period_start.isoformat(),
    }


def hub(w: TrustWorld) -> dict[str, object]:
    return {**slug(w), "hub": w.hub.slug}


def _world_referral(w: TrustWorld) -> Referral:
    """The world's visit referred to a directory service by the hub's own worker, made the first
    time a route needs it."""
    found = Referral.objects.filter(contact=w.contact).first()
    if found is not None:
        return found
    worker = actor_for(user=w.contact.recorded_by, partnership=w.partnership)
    if worker is None:
        raise LookupError("the world's hub worker has no role in the world's partnership")
    service = Service.objects.filter(
        partnership=w.partnership, slug="carers-drop-in"
    ).first() or make_service(w.partnership, "carers-drop-in", name="Carers drop-in")
    return referral_send(by=worker, contact=w.contact, service=service, on=w.contact.date)


def _world_assessment(w: TrustWorld, *, at_hub: bool) -> OutcomeAssessment:
    """An assessment of the world's hub (or of its initiative), recorded from the command line the
    first time a route needs it."""
    programme = (
        {"hub": w.hub}
        if at_hub
        else {"initiative": Initiative.objects.get(partnership=w.partnership, slug="befriending")}
    )
    found = OutcomeAssessment.objects.filter(**programme).first()
    if found is not None:
        return found
    return assessment_record(
        by=Actor.command_line(w.partnership.pk),
        date=w.contact.date,
        client_id="M-1001",
        instrument="ons4",
        stage="before",
        answers={"life_satisfaction": 7, "worthwhile": 7, "happiness": 6, "anxiety": 3},
        **programme,  # type: ignore[arg-type]
    )


def hub_site(w: TrustWorld) -> dict[str, object]:
    return {**hub(w), "site": w.hub_site.pk}


@dataclass(frozen=True)
class OtherHub:
    """A second hub of the world's partnership with one of each record a hub route takes by id."""

    site: int
    session: int
    partner: int
    assignment: int
    contact: int
    referral: int
    assessment: int


def other_hub(w: TrustWorld) -> OtherHub:
    """The world's second hub and its records, made the first time a route asks; the world's hub
    worker works at both hubs, so only the record's own hub stands between them and its pages."""
    found = Hub.objects.filter(partnership=w.partnership, slug="other-hub").first()
    if found is None:
        found = make_hub(w.partnership, "other-hub", name="Other hub", kind="pop-up")
        worker = w.users[HUB_WORKER]
        grant = RoleGrant.objects.get(user=worker, partnership=w.partnership, role=Role.HUB_WORKER)
        HubAssignment.objects.get_or_create(role_grant=grant, hub=found)
        make_hub_worker(w.partnership, "other-hub-worker", found)
        by = Actor.command_line(w.partnership.pk)
        site = hub_site_add(by=by, hub=found, name="Other school")
        hub_session_add(by=by, site=site, weekday=3, opens="15:00", closes="17:00")
        hub_partner_add(by=by, hub=found, name="Other partner")
        contact = contact_record(
            by=by,
            hub=found,
            date=w.contact.date,
            client_id="O-1",
            sex="male",
            route="walk-in",
            age_band="16-24",
        )
        service = Service.objects.filter(
            partnership=w.partnership, slug="carers-drop-in"
        ).first() or make_service(w.partnership, "carers-drop-in", name="Carers drop-in")
        referral_send(by=by, contact=contact, service=service, on=contact.date)
        assessment_record(
            by=by,
            hub=found,
            date=w.contact.date,
            client_id="O-1",
            instrument="ons4",
            stage="before",
            answers={"life_satisfaction": 7, "worthwhile": 7, "happiness": 6, "anxiety": 3},
        )
    return OtherHub(
        site=HubSite.objects.get(hub=found).pk,
        session=HubSession.objects.get(site__hub=found).pk,
        partner=HubPartner.objects.get(hub=found).pk,
        assignment=HubAssignment.objects.exclude(role_grant__user=w.users[HUB_WORKER]).get(hub=found).pk,
        contact=Contact.objects.get(hub=found).pk,
        referral=Referral.objects.get(contact__hub=found).pk,
        assessment=OutcomeAssessment.objects.get(hub=found).pk,
    )


def under_hub(**records: str) -> Params:
    """Parameters naming the other hub's records (``site="site"``: the ``site`` parameter is the
    other hub's site) under the world's hub."""

    def params(w: TrustWorld) -> dict[str, object]:
        others = other_hub(w)
        return {**hub(w), **{name: getattr(others, kind) for name, kind in records.items()}}

    return params


def hub_assessment(w: TrustWorld) -> dict[str, object]:
    return {**hub(w), "pk": _world_assessment(w, at_hub=True).pk}


def initiative_assessment(w: TrustWorld) -> dict[str, object]:
    return {**initiative(w), "pk": _world_assessment(w, at_hub=False).pk}


def referral(w: TrustWorld) -> dict[str, object]:
    return {**hub(w), "pk": _world_referral(w).pk}


def referral_link(w: TrustWorld) -> dict[str, object]:
    return {"token": referral_link_token(_world_referral(w))}


def directory_service(w: TrustWorld) -> dict[str, object]:
    """A published service of the world's directory, made the first time a route asks for it."""
    from tests.factories.directory import make_service
    from wellboard.directory.models import Service

    found = Service.objects.filter(partnership=w.partnership, slug="carers-drop-in").first()
    return {**slug(w), "service": (found or make_service(w.partnership)).slug}


def open_referral_service(w: TrustWorld) -> dict[str, object]:
    from wellboard.directory.models import Service

    service = Service.objects.get(partnership=w.partnership, slug=directory_service(w)["service"])
    return {**slug(w), "service": service.oruk_id}


def report(w: TrustWorld) -> dict[str, object]:
    return {**slug(w), "pk": w.report.pk}


def edition(w: TrustWorld) -> dict[str, object]:
    return {**report(w), "number": w.edition.number}


def chart(page: str, **extra: object) -> Params:
    def build(w: TrustWorld) -> dict[str, object]:
        base = extra_params(w, extra)
        return {**base, "chart": w.chart(page.format(**base)), "fmt": "csv"}

    return build


def extra_params(w: TrustWorld, extra: dict[str, object]) -> dict[str, object]:
    return {**slug(w), **{k: (v(w) if callable(v) else v) for k, v in extra.items()}}


def api_partnership(w: TrustWorld) -> dict[str, object]:
    return {"partnership": w.partnership.slug}


def api_return(w: TrustWorld) -> dict[str, object]:
    return {
        "collection": w.public.collection.slug,
        "organisation": "test-council",
        "period": w.council_return.period_start.isoformat(),
    }


ROUTES: dict[str, Route] = {
    # ---------------------------------------------------------------- signing in
    "login": Route(none, ANYONE, ANYONE),
    "signin-verify": Route(none, ANYONE, ANYONE),
    # Single sign-on is not configured in the tests: both steps answer 404.
    "sso-start": Route(none, NOBODY, NOBODY),
    "sso-callback": Route(none, NOBODY, NOBODY),
    "two-factor": Route(none, SIGNED_IN, SIGNED_IN),
    "two-factor-setup": Route(none, SIGNED_IN, SIGNED_IN),
    "two-factor-recovery-codes": Route(none, SIGNED_IN, SIGNED_IN),
    "two-factor-off": Route(none, SIGNED_IN, SIGNED_IN),
    "logout": Route(none, NOT_ALLOWED, ANYONE),
    "invitation-accept": Route(lambda w: {"token": w.invitation_token}, ANYONE, ANYONE),
    # ---------------------------------------------------------------- site and partnership
    "home": Route(none, ANYONE, NOT_ALLOWED),
    "about": Route(none, ANYONE, NOT_ALLOWED),
    "accessibility": Route(none, ANYONE, NOT_ALLOWED),
    "partnership-home": Route(slug, MEMBERS, NOT_ALLOWED),
    "partnership-settings": Route(slug, COORDINATORS, COORDINATORS),
    "partnership-history": Route(slug, COORDINATORS, NOT_ALLOWED),
    "people": Route(slug, COORDINATORS, COORDINATORS),
    "api-tokens": Route(slug, MEMBERS, MEMBERS),
    "api-token-revoke": Route(
        lambda w: {**slug(w), "token_id": w.spare_token_id}, NOT_ALLOWED, frozenset({VIEWER, COORDINATOR})
    ),
    "role-remove": Route(lambda w: {**slug(w), "grant_id": w.spare_grant_id}, COORDINATORS, COORDINATORS),
    "organisation-list": Route(slug, MEMBERS, NOT_ALLOWED),
    "organisation-create": Route(slug, COORDINATORS, COORDINATORS),
    "organisation-detail": Route(organisation, MEMBERS, NOT_ALLOWED),
    "organisation-edit": Route(organisation, COORDINATORS, COORDINATORS),
    "organisation-history": Route(organisation, MEMBERS, NOT_ALLOWED),
    "my-actions": Route(slug, MEMBERS, NOT_ALLOWED),
    # ---------------------------------------------------------------- strategies
    "strategy-list": Route(slug, MEMBERS, NOT_ALLOWED),
    "strategy-create": Route(slug, COORDINATORS, COORDINATORS),
    "strategy-detail": Route(strategy, MEMBERS, NOT_ALLOWED),
    "strategy-edit": Route(strategy, COORDINATORS, COORDINATORS),
    "strategy-history": Route(strategy, MEMBERS, NOT_ALLOWED),
    "node-create": Route(strategy, COORDINATORS, COORDINATORS),
    "node-detail": Route(node, MEMBERS, NOT_ALLOWED),
    "node-edit": Route(node, COORDINATORS, COORDINATORS),
    "node-delete": Route(node, COORDINATORS, COORDINATORS),
    "node-history": Route(node, MEMBERS, NOT_ALLOWED),
    "node-update-create": Route(node, COORDINATORS, COORDINATORS),
    "node-indicators": Route(node, MEMBERS, NOT_ALLOWED),
    "action-create": Route(node, COORDINATORS, COORDINATORS),
    "action-list": Route(slug, MEMBERS, NOT_ALLOWED),
    "action-detail": Route(action, MEMBERS, NOT_ALLOWED),
    "action-edit": Route(action, OWN_CONTRIBUTOR, OWN_CONTRIBUTOR),
    "action-delete": Route(action, COORDINATORS, COORDINATORS),
    "action-history": Route(action, MEMBERS, NOT_ALLOWED),
    "progress-update-create": Route(action, OWN_CONTRIBUTOR, OWN_CONTRIBUTOR),
    "milestone-create": Route(action, OWN_CONTRIBUTOR, OWN_CONTRIBUTOR),
    "milestone-edit": Route(milestone, OWN_CONTRIBUTOR, OWN_CONTRIBUTOR),
    "milestone-complete": Route(milestone, OWN_CONTRIBUTOR, OWN_CONTRIBUTOR),
    "milestone-delete": Route(milestone, OWN_CONTRIBUTOR, OWN_CONTRIBUTOR),
    "milestone-history": Route(milestone, MEMBERS, NOT_ALLOWED),
    "initiative-list": Route(slug, MEMBERS, NOT_ALLOWED),
    "initiative-create": Route(slug, COORDINATORS, COORDINATORS),
    "initiative-detail": Route(initiative, MEMBERS, NOT_ALLOWED),
    "initiative-edit": Route(initiative, COORDINATORS, COORDINATORS),
    "initiative-delete": Route(initiative, COORDINATORS, COORDINATORS),
    "initiative-history": Route(initiative, MEMBERS, NOT_ALLOWED),
    "strategy-workbook-export": Route(strategy, COORDINATORS, NOT_ALLOWED),
    "strategy-workbook-import": Route(slug, COORDINATORS, COORDINATORS),
    # No upload is waiting in the world: the confirmation page is found by no one.
    "strategy-workbook-import-confirm": Route(
        lambda w: {**slug(w), "upload": "no-such-upload"}, NOBODY, NOBODY
    ),
    # ---------------------------------------------------------------- areas and indicators
    "area-index": Route(slug, MEMBERS, NOT_ALLOWED),
    "custom-area-new": Route(slug, COORDINATORS, COORDINATORS),
    "area-detail": Route(custom_area, MEMBERS, NOT_ALLOWED),
    "custom-area-edit": Route(custom_area, COORDINATORS, COORDINATORS),
    "custom-area-delete": Route(custom_area, COORDINATORS, COORDINATORS),
    "indicator-list": Route(slug, MEMBERS, NOT_ALLOWED),
    "fingertips-upload": Route(slug, ANALYSTS, ANALYSTS),
    "fingertips-confirm": Route(slug, ANALYSTS, ANALYSTS),
    "area-profile-home": Route(slug, MEMBERS, NOT_ALLOWED),
    "area-profile": Route(lambda w: {**slug(w), "code": "E07000243"}, MEMBERS, NOT_ALLOWED),
    "area-profile-data": Route(
        chart("/p/{slug}/indicators/profile/{code}/", code="E07000243"), MEMBERS, NOT_ALLOWED
    ),
    "indicator-rug": Route(slug, MEMBERS, NOT_ALLOWED),
    "indicator-rug-data": Route(lambda w: {**slug(w), "fmt": "csv"}, MEMBERS, NOT_ALLOWED),
    "indicator-detail": Route(indicator, MEMBERS, NOT_ALLOWED),
    "indicator-data": Route(
        chart("/p/{slug}/indicators/{indicator}/", indicator=lambda w: w.public.percentage.slug),
        MEMBERS,
        NOT_ALLOWED,
    ),
    "indicator-inequality": Route(indicator, MEMBERS, NOT_ALLOWED),
    "indicator-inequality-data": Route(
        lambda w: {**indicator(w), "chart": "inequality", "fmt": "csv"}, MEMBERS, NOT_ALLOWED
    ),
    "indicator-map": Route(indicator, MEMBERS, NOT_ALLOWED),
    "indicator-map-data": Route(
        lambda w: {**indicator(w), "chart": "map", "fmt": "csv"}, MEMBERS, NOT_ALLOWED
    ),
    # ---------------------------------------------------------------- returns
    "returns-home": Route(slug, MEMBERS, NOT_ALLOWED),
    "collection-new": Route(slug, COORDINATORS, COORDINATORS),
    "reach-dashboard": Route(slug, MEMBERS, NOT_ALLOWED),
    "collection-detail": Route(collection, MEMBERS, NOT_ALLOWED),
    "collection-edit": Route(collection, COORDINATORS, COORDINATORS),
    "collection-history": Route(collection, MEMBERS, NOT_ALLOWED),
    "collection-upload": Route(collection, RETURN_STAFF, RETURN_STAFF),
    "measure-new": Route(collection, COORDINATORS, COORDINATORS),
    "measure-edit": Route(lambda w: {**collection(w), "code": "calls"}, COORDINATORS, COORDINATORS),
    "return-detail": Route(a_return, RETURN_READERS, OWN_CONTRIBUTOR),
    "return-template": Route(a_return, RETURN_READERS, NOT_ALLOWED),
    "return-upload": Route(a_return, OWN_CONTRIBUTOR, OWN_CONTRIBUTOR),
    "return-submit": Route(a_return, NOT_ALLOWED, OWN_CONTRIBUTOR),
    "return-approve": Route(a_return, NOT_ALLOWED, APPROVERS),
    "return-send-back": Route(a_return, APPROVERS, APPROVERS),
    "return-unapprove": Route(a_return, APPROVERS, APPROVERS),
    "return-history": Route(a_return, RETURN_READERS, NOT_ALLOWED),
    # ---------------------------------------------------------------- Healthy Hubs: coordinators and
    # analysts see hubs and their totals; visits only their hubs' workers, none of this world's actors
    "hub-list": Route(slug, ANALYSTS, NOT_ALLOWED),
    "hub-create": Route(slug, COORDINATORS, COORDINATORS),
    "hub-detail": Route(hub, ANALYSTS, NOT_ALLOWED),
    "hub-worker-assign": Route(hub, NOT_ALLOWED, COORDINATORS),
    "hub-site-add": Route(hub, NOT_ALLOWED, COORDINATORS),
    "hub-contacts": Route(hub, NOT_ALLOWED, NOT_ALLOWED),
    "hub-contact-correct": Route(
        lambda w: {**hub(w), "pk": w.contact.pk}, NOT_ALLOWED, NOT_ALLOWED, elsewhere=under_hub(pk="contact")
    ),
    # ---------------------------------------------------------------- onward referrals: the hub's own
    # workers only (none of this world's actors); the status link a service is emailed needs no
    # account and answers anyone who holds it, as an invitation link does
    "hub-referrals": Route(hub, NOT_ALLOWED, NOT_ALLOWED),
    "hub-referral": Route(referral, NOT_ALLOWED, NOT_ALLOWED, elsewhere=under_hub(pk="referral")),
    "hub-referral-link": Route(referral, NOT_ALLOWED, NOT_ALLOWED, elsewhere=under_hub(pk="referral")),
    "hub-contact-referrals": Route(
        lambda w: {**hub(w), "pk": w.contact.pk}, NOT_ALLOWED, NOT_ALLOWED, elsewhere=under_hub(pk="contact")
    ),
    "referral-status-link": Route(referral_link, ANYONE, ANYONE),
    # ---------------------------------------------------------------- wellbeing outcomes: results as figures
    # for coordinators and analysts (and the programme's own workers); recording for a hub's workers, or
    # an initiative's coordinators and lead organisation (the world's initiative has none); publishing
    # to the better-off measures for coordinators and analysts
    "hub-outcomes": Route(hub, ANALYSTS, NOT_ALLOWED),
    "hub-outcomes-download": Route(lambda w: {**hub(w), "fmt": "csv"}, ANALYSTS, NOT_ALLOWED),
    "hub-outcomes-record": Route(hub, NOT_ALLOWED, NOT_ALLOWED),
    "hub-outcomes-import": Route(hub, NOT_ALLOWED, NOT_ALLOWED),
    # correcting one assessment: only those who see the rows and record them (none of the actors here)
    "hub-outcomes-correct": Route(
        hub_assessment, NOT_ALLOWED, NOT_ALLOWED, elsewhere=under_hub(pk="assessment")
    ),
    "initiative-outcomes": Route(initiative, ANALYSTS, NOT_ALLOWED),
    "initiative-outcomes-download": Route(lambda w: {**initiative(w), "fmt": "json"}, ANALYSTS, NOT_ALLOWED),
    "initiative-outcomes-record": Route(initiative, COORDINATORS, COORDINATORS),
    "initiative-outcomes-import": Route(initiative, COORDINATORS, COORDINATORS),
    # coordinators record an initiative's assessments but never see a person's answers, so never correct
    "initiative-outcomes-correct": Route(initiative_assessment, NOT_ALLOWED, NOT_ALLOWED),
    "initiative-outcomes-publish": Route(initiative, NOT_ALLOWED, ANALYSTS),
    # ---------------------------------------------------------------- service directory: every member
    # reads it, coordinators keep it; its published services are a public Open Referral UK feed
    "directory-list": Route(slug, MEMBERS, NOT_ALLOWED),
    "directory-service-create": Route(slug, COORDINATORS, COORDINATORS),
    "directory-settings": Route(slug, COORDINATORS, COORDINATORS),
    "directory-import": Route(slug, COORDINATORS, COORDINATORS),
    "directory-import-confirm": Route(slug, NOT_ALLOWED, COORDINATORS),
    "directory-download": Route(lambda w: {**slug(w), "fmt": "csv"}, MEMBERS, NOT_ALLOWED),
    "directory-service": Route(directory_service, MEMBERS, NOT_ALLOWED),
    "directory-service-edit": Route(directory_service, COORDINATORS, COORDINATORS),
    "directory-organisation-edit": Route(directory_service, COORDINATORS, COORDINATORS),
    "directory-service-verify": Route(directory_service, NOT_ALLOWED, COORDINATORS),
    "directory-service-history": Route(directory_service, MEMBERS, NOT_ALLOWED),
    "public-openreferral": Route(slug, ANYONE, NOT_ALLOWED),
    "public-openreferral-services": Route(slug, ANYONE, NOT_ALLOWED),
    "public-openreferral-service": Route(open_referral_service, ANYONE, NOT_ALLOWED),
    # ---------------------------------------------------------------- hub dashboards: coordinators, analysts
    # and board members read every hub's figures (disclosed); hub workers only their own hub's (exact)
    "hubs-dashboard": Route(slug, ANALYSTS | {BOARD}, NOT_ALLOWED),
    "hubs-dashboard-download": Route(
        lambda w: {**slug(w), "key": "sex", "fmt": "csv"}, ANALYSTS | {BOARD}, NOT_ALLOWED
    ),
    "hub-dashboard": Route(hub, ANALYSTS | {BOARD}, NOT_ALLOWED),
    "hub-dashboard-download": Route(
        lambda w: {**hub(w), "key": "sex", "fmt": "json"}, ANALYSTS | {BOARD}, NOT_ALLOWED
    ),
    # a hub's monthly money and room figures: its workers (none in this world) and coordinators
    "hub-months": Route(hub, COORDINATORS, NOT_ALLOWED),
    "hub-month-edit": Route(lambda w: {**hub(w), "month": "2026-10"}, COORDINATORS, COORDINATORS),
    # ---------------------------------------------------------------- Managing a hub (coordinators) and
    # importing and exporting its visits (its own workers only: none of this world's actors)
    "hub-edit": Route(hub, COORDINATORS, COORDINATORS),
    "hub-site-edit": Route(hub_site, COORDINATORS, COORDINATORS, elsewhere=under_hub(site="site")),
    "hub-site-remove": Route(hub_site, COORDINATORS, COORDINATORS, elsewhere=under_hub(site="site")),
    "hub-session-add": Route(hub_site, COORDINATORS, COORDINATORS, elsewhere=under_hub(site="site")),
    "hub-session-edit": Route(
        lambda w: {**hub(w), "session": w.hub_session.pk},
        COORDINATORS,
        COORDINATORS,
        elsewhere=under_hub(session="session"),
    ),
    "hub-session-remove": Route(
        lambda w: {**hub(w), "session": w.hub_session.pk},
        COORDINATORS,
        COORDINATORS,
        elsewhere=under_hub(session="session"),
    ),
    "hub-partner-add": Route(hub, COORDINATORS, COORDINATORS),
    "hub-partner-remove": Route(
        lambda w: {**hub(w), "partner": w.hub_partner.pk},
        COORDINATORS,
        COORDINATORS,
        elsewhere=under_hub(partner="partner"),
    ),
    "hub-worker-unassign": Route(
        lambda w: {**hub(w), "assignment": w.hub_assignment.pk},
        COORDINATORS,
        COORDINATORS,
        elsewhere=under_hub(assignment="assignment"),
    ),
    "hub-contacts-import": Route(hub, NOT_ALLOWED, NOT_ALLOWED),
    "hub-contacts-import-confirm": Route(hub, NOT_ALLOWED, NOT_ALLOWED),
    "hub-contacts-export": Route(hub, NOT_ALLOWED, NOT_ALLOWED),
    # ---------------------------------------------------------------- board reports
    "report-list": Route(slug, MEMBERS, NOT_ALLOWED),
    "report-new": Route(slug, COORDINATORS, COORDINATORS),
    "report-detail": Route(report, MEMBERS, NOT_ALLOWED),
    "report-edit": Route(report, COORDINATORS, COORDINATORS),
    "report-publish": Route(report, COORDINATORS, COORDINATORS),
    "edition-detail": Route(edition, MEMBERS, NOT_ALLOWED),
    "edition-files": Route(edition, MEMBERS, NOT_ALLOWED),
    # Anyone who may read an edition may ask again for a file that failed or was never made.
    "edition-render": Route(lambda w: {**edition(w), "fmt": "html"}, NOT_ALLOWED, MEMBERS),
    "edition-download": Route(lambda w: {**edition(w), "fmt": "pdf"}, MEMBERS, NOT_ALLOWED),
    # ---------------------------------------------------------------- the public site (the world is public)
    "public-home": Route(slug, ANYONE, NOT_ALLOWED),
    "public-strategy": Route(strategy, ANYONE, NOT_ALLOWED),
    "public-indicators": Route(slug, ANYONE, NOT_ALLOWED),
    "public-indicator": Route(indicator, ANYONE, NOT_ALLOWED),
    "public-reach": Route(slug, ANYONE, NOT_ALLOWED),
    "public-reports": Route(slug, ANYONE, NOT_ALLOWED),
    # The edition's files wait for the background renderer, so none is there to download yet.
    "public-report-download": Route(
        lambda w: {**slug(w), "report": w.report.pk, "number": w.edition.number, "fmt": "html"},
        NOBODY,
        NOT_ALLOWED,
    ),
    "public-accessibility": Route(slug, ANYONE, NOT_ALLOWED),
    "public-data": Route(slug, ANYONE, NOT_ALLOWED),
    "public-datapackage": Route(slug, ANYONE, NOT_ALLOWED),
    "public-dataset": Route(lambda w: {**slug(w), "dataset": "actions", "fmt": "csv"}, ANYONE, NOT_ALLOWED),
    # ---------------------------------------------------------------- the API (bearer tokens)
    # The API's root answers 404: every resource has its own path.
    "api-v1:api-root": Route(none, NOBODY, NOT_ALLOWED),
    "api-v1:openapi-json": Route(none, ANYONE, NOT_ALLOWED),
    "api-v1:openapi-view": Route(none, ANYONE, NOT_ALLOWED),
    "api-v1:me": Route(none, SIGNED_IN, NOT_ALLOWED),
    "api-v1:strategies": Route(none, SIGNED_IN, NOT_ALLOWED),
    "api-v1:strategy": Route(lambda w: {"slug": "community"}, MEMBERS, NOT_ALLOWED),
    "api-v1:node_updates": Route(lambda w: {"slug": "community", "ref": "1.1"}, MEMBERS, COORDINATORS),
    "api-v1:post_node_update": Route(lambda w: {"slug": "community", "ref": "1.1"}, MEMBERS, COORDINATORS),
    "api-v1:actions": Route(none, SIGNED_IN, NOT_ALLOWED),
    "api-v1:action": Route(
        lambda w: {"action_id": w.public.strategy.council_action.pk}, MEMBERS, NOT_ALLOWED
    ),
    "api-v1:post_update": Route(
        lambda w: {"action_id": w.public.strategy.council_action.pk}, MEMBERS, OWN_CONTRIBUTOR
    ),
    "api-v1:initiatives": Route(none, SIGNED_IN, NOT_ALLOWED),
    # The world's partnership is public: its indicators are open data.
    "api-v1:indicators": Route(api_partnership, ANYONE, NOT_ALLOWED),
    "api-v1:indicator": Route(
        lambda w: {**api_partnership(w), "slug": w.public.percentage.slug}, ANYONE, NOT_ALLOWED
    ),
    "api-v1:observations": Route(
        lambda w: {**api_partnership(w), "slug": w.public.percentage.slug}, ANYONE, ANALYSTS
    ),
    "api-v1:comparators": Route(api_partnership, ANYONE, NOT_ALLOWED),
    "api-v1:collections": Route(none, SIGNED_IN, NOT_ALLOWED),
    "api-v1:periods": Route(lambda w: {"collection": w.public.collection.slug}, MEMBERS, NOT_ALLOWED),
    "api-v1:return_get": Route(api_return, RETURN_READERS, NOT_ALLOWED),
    "api-v1:return_put": Route(api_return, RETURN_READERS, NOT_ALLOWED),
    "api-v1:return_template": Route(api_return, RETURN_READERS, NOT_ALLOWED),
    "api-v1:return_upload": Route(api_return, NOT_ALLOWED, OWN_CONTRIBUTOR),
}
