"""Reads of the service directory. Every function takes the actor; a service of another partnership
is not found.

Every member of the partnership reads the directory. The public feed reads only published services
of a partnership that publishes (``published_services``), through the public app.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from wellboard.core.access import Actor
from wellboard.core.clock import today
from wellboard.core.errors import NotFound
from wellboard.directory.models import (
    DirectorySettings,
    Service,
    ServiceLocation,
    ServiceOrganisation,
    ServicePhone,
    TaxonomyTerm,
)
from wellboard.directory.policy import SEE_DIRECTORY
from wellboard.partners.models import Partnership

DEFAULT_STALE_AFTER_DAYS = 365
MAX_SEARCH = 100


@dataclass(frozen=True)
class Freshness:
    """Whether a service's entry is up to date: checked within the partnership's limit."""

    last_verified: dt.date | None
    stale_after_days: int
    on: dt.date

    @property
    def days_since(self) -> int | None:
        return None if self.last_verified is None else (self.on - self.last_verified).days

    @property
    def out_of_date(self) -> bool:
        days = self.days_since
        return days is None or days > self.stale_after_days

    @property
    def label(self) -> str:
        if self.last_verified is None:
            return "Never verified"
        return "Out of date" if self.out_of_date else "Up to date"


def _check(actor: Actor) -> None:
    if not SEE_DIRECTORY.allows(actor):
        raise NotFound("directory")


def stale_after_days(*, partnership_id: int) -> int:
    """How many days a partnership's entries stay up to date (365 until a coordinator says otherwise)."""
    found = DirectorySettings.objects.filter(partnership_id=partnership_id).first()
    return found.stale_after_days if found is not None else DEFAULT_STALE_AFTER_DAYS


def directory_settings_get(*, actor: Actor) -> DirectorySettings:
    """The partnership's directory settings; an unsaved record with the defaults when never changed."""
    _check(actor)
    found = DirectorySettings.objects.filter(partnership_id=actor.partnership_id).first()
    if found is None:
        return DirectorySettings(partnership_id=actor.partnership_id, version=0)
    return found


def freshness_of(service: Service, *, days: int, on: dt.date | None = None) -> Freshness:
    return Freshness(last_verified=service.last_verified, stale_after_days=days, on=on or today())


def _full(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation", "organisation__member").prefetch_related(
        Prefetch("taxonomy_terms", queryset=TaxonomyTerm.objects.order_by("vocabulary", "name")),
        Prefetch("locations", queryset=ServiceLocation.objects.order_by("name", "pk")),
        Prefetch("phones", queryset=ServicePhone.objects.order_by("pk")),
    )


def service_list(*, actor: Actor, search: str = "", out_of_date: bool = False) -> QuerySet[Service]:
    """The partnership's services, by name; ``search`` matches a service's name, its organisation's
    name or one of its terms; ``out_of_date`` keeps those not verified within the limit."""
    _check(actor)
    services = Service.objects.filter(partnership_id=actor.partnership_id)
    words = search.strip()[:MAX_SEARCH]
    if words:
        services = services.filter(
            Q(name__icontains=words)
            | Q(organisation__name__icontains=words)
            | Q(taxonomy_terms__name__icontains=words)
        ).distinct()
    if out_of_date:
        limit = today() - dt.timedelta(days=stale_after_days(partnership_id=actor.partnership_id))
        services = services.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=limit))
    return _full(services).order_by("name", "pk")


def service_get(*, actor: Actor, slug: str) -> Service:
    found = service_list(actor=actor).filter(slug=slug).first()
    if found is None:
        raise NotFound("service")
    return found


def service_organisation_list(*, actor: Actor) -> QuerySet[ServiceOrganisation]:
    _check(actor)
    return ServiceOrganisation.objects.filter(partnership_id=actor.partnership_id).order_by("name")


def service_organisation_get(*, actor: Actor, service: Service) -> ServiceOrganisation:
    """The organisation that runs ``service``, read afresh (to show what is saved now), found through
    the service and so within its partnership."""
    _check(actor)
    found = ServiceOrganisation.objects.filter(
        partnership_id=actor.partnership_id,
        services__pk=service.pk,
        services__partnership_id=actor.partnership_id,
    ).first()
    if found is None:
        raise NotFound("organisation")
    return found


def services_run_by(*, actor: Actor, organisation: ServiceOrganisation) -> QuerySet[Service]:
    """The partnership's services that ``organisation`` runs, by name."""
    _check(actor)
    return Service.objects.filter(partnership_id=actor.partnership_id, organisation=organisation).order_by(
        "name", "pk"
    )


def taxonomy_term_list(*, actor: Actor) -> QuerySet[TaxonomyTerm]:
    _check(actor)
    return TaxonomyTerm.objects.filter(partnership_id=actor.partnership_id).order_by("vocabulary", "name")


def services_by_oruk_id(*, actor: Actor) -> dict[str, Service]:
    """Every service of the partnership by its Open Referral id, for an import to match against."""
    _check(actor)
    return {str(s.oruk_id): s for s in _full(Service.objects.filter(partnership_id=actor.partnership_id))}


def published_services(*, partnership: Partnership) -> QuerySet[Service]:
    """The services a partnership publishes, whole, for its public feed; none at all (not found) when
    the partnership does not publish."""
    if not partnership.is_public:
        raise NotFound("page")
    return _full(Service.objects.filter(partnership=partnership, published=True)).order_by("name", "pk")
