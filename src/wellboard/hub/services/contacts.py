"""Recording, correcting and reading contacts (one visit each), pseudonymous by construction.

Only hub workers assigned to the hub (and the deployment's operator, on the command line) record or
read a hub's contacts; anyone else is told the hub does not exist. The person's local identifier is
turned into the client key here and never stored or logged. Every create, correction and read of
contact rows is in the audit trail: a read records which rows were shown, leaving the data version
alone since nothing changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.inputs import Errors, add_error, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import comparable, save_changes, version_check
from wellboard.geography.selectors import deprivation_for, parent_codes
from wellboard.hub.codes import (
    AGE_BANDS,
    LOCAL_ID_MAX,
    YOUNG_AGES,
    age_band_for,
    client_key,
    refusal_for_identifier,
)
from wellboard.hub.inputs import ContactInput
from wellboard.hub.models import Contact, Hub, HubKind, HubPartner, HubSite, Route
from wellboard.hub.selectors import contact_hub_check, pseudonym_key
from wellboard.hub.services.daily_totals import hub_daily_totals_refresh, hub_lock_for_visits

CORRECTION_DAYS = 7
# Fields a correction may change; the hub a visit was at never changes.
CORRECTABLE = frozenset(
    {
        "date",
        "site",
        "client_id",
        "sex",
        "age_band",
        "age",
        "lsoa",
        "route",
        "needs",
        "exercise_reason",
        "partner",
    }
)


def age_choices(hub: Hub) -> tuple[tuple[str, str], ...]:
    """The age bands a hub records: single years at a young people's hub, else bands."""
    return YOUNG_AGES if hub.kind == HubKind.YOUNG_PEOPLE else AGE_BANDS


def _age_band(errors: Errors, hub: Hub, age_band: Any, age: Any) -> str:
    """The age band given, or made from a whole number of years."""
    choices = age_choices(hub)
    known = {code for code, _ in choices}
    if age not in (None, ""):
        try:
            years = int(str(age).strip())
        except ValueError:
            years = -1
        if not 0 <= years <= 120:
            add_error(errors, "age_band", "The age must be a whole number of years from 0 to 120")
            return ""
        band = str(years) if hub.kind == HubKind.YOUNG_PEOPLE else age_band_for(years)
    else:
        band = str(age_band or "").strip()
    if band not in known:
        if hub.kind == HubKind.YOUNG_PEOPLE:
            add_error(errors, "age_band", "A young people's hub records ages 11 to 16 as single years")
        else:
            add_error(errors, "age_band", f"Choose an age band: {', '.join(sorted(known))}")
    return band


def _client_key(errors: Errors, client_id: Any, key: bytes) -> str:
    text = str(client_id or "").strip()
    if not text:
        add_error(errors, "client_id", "Enter the hub's identifier for the person")
        return ""
    if len(text) > LOCAL_ID_MAX:
        add_error(errors, "client_id", f"The identifier must be {LOCAL_ID_MAX} characters or fewer")
        return ""
    refusal = refusal_for_identifier("The identifier", text)
    if refusal:
        add_error(errors, "client_id", refusal)
        return ""
    return client_key(text, key)


def derived_area(lsoa: str) -> tuple[str, int | None]:
    """The ward an LSOA lies in and its deprivation decile, where the geography app knows them."""
    if not lsoa:
        return "", None
    ward = parent_codes(child_codes=[lsoa], type="ward").get(lsoa, "")
    for edition in ("IMD2025", "IMD2019"):
        found = deprivation_for(areas=[lsoa], edition=edition).get(lsoa)
        if found is not None:
            return ward, found.decile
    return ward, None


def _check_links(
    errors: Errors, hub: Hub, *, site: HubSite | None, partner: HubPartner | None, route: str
) -> None:
    if site is not None and site.hub_id != hub.pk:
        add_error(errors, "site", "Choose one of this hub's sites")
    if partner is not None and partner.hub_id != hub.pk:
        add_error(errors, "partner", "Choose an organisation that works at this hub")
    if route == Route.PARTNER_APPOINTMENT and partner is None and "route" not in errors:
        add_error(errors, "partner", "Choose the partner the appointment was with")


def _check_date(errors: Errors, day: Any) -> None:
    if isinstance(day, dt.date) and day > clock.today():
        add_error(errors, "date", "The date of the visit cannot be in the future")


def contact_identity(
    hub: Hub, day: dt.date, key: str, route: str, partner: HubPartner | None
) -> QuerySet[Contact]:
    """The contact that is this visit, if it is recorded already."""
    return Contact.objects.filter(hub=hub, date=day, client_key=key, route=route, partner=partner)


@transaction.atomic
def contact_record(
    *,
    by: Actor,
    hub: Hub,
    date: dt.date | None,
    client_id: str,
    sex: str,
    route: str,
    age_band: str = "",
    age: int | str | None = None,
    lsoa: str = "",
    needs: Iterable[str] | str = (),
    exercise_reason: str = "",
    partner: HubPartner | None = None,
    site: HubSite | None = None,
) -> Contact:
    """Record one visit. The same visit (hub, date, person, route and partner) is recorded once."""
    key = pseudonym_key()
    contact_hub_check(actor=by, hub=hub)
    errors: Errors = {}
    cleaned = ContactInput.clean(
        {
            "date": date,
            "sex": sex,
            "lsoa": lsoa,
            "route": route,
            "needs": needs,
            "exercise_reason": exercise_reason,
        },
        errors,
        by=by,
    )
    _check_date(errors, cleaned["date"])
    cleaned["client_key"] = _client_key(errors, client_id, key)
    cleaned["age_band"] = _age_band(errors, hub, age_band, age)
    _check_links(errors, hub, site=site, partner=partner, route=cleaned["route"])
    raise_if_any(errors)
    if contact_identity(hub, cleaned["date"], cleaned["client_key"], cleaned["route"], partner).exists():
        raise InvalidInput({"": ["This visit is already recorded: the same person, day, route and partner"]})
    cleaned["ward"], cleaned["deprivation_decile"] = derived_area(cleaned["lsoa"])
    hub_lock_for_visits(hub.pk)
    contact = Contact.objects.create(hub=hub, site=site, partner=partner, recorded_by=by.user, **cleaned)
    hub_daily_totals_refresh(hub.pk, [contact.date])
    audit_record(by=by, action="contact.create", obj=contact, after=audit_snapshot(contact))
    return contact


@transaction.atomic
def contact_correct(*, by: Actor, contact: Contact, expected_version: int | None, **changes: Any) -> Contact:
    """Correct a visit within seven days of recording it. A correction that changes nothing writes
    nothing."""
    key = pseudonym_key()
    locked = lock_for_edit(
        Contact.objects.select_related("hub"),
        pk=contact.pk,
        partnership_id=by.partnership_id,
        what="contact",
        via="hub",
    )
    hub = locked.hub
    contact_hub_check(actor=by, hub=hub)
    unknown = set(changes) - CORRECTABLE
    if unknown:
        raise InvalidInput({"": [f"A contact's {', '.join(sorted(unknown))} cannot be changed here"]})
    version_check(locked, expected_version, what="contact")
    if clock.now() - locked.created_at > dt.timedelta(days=CORRECTION_DAYS):
        raise InvalidInput(
            {"": [f"A visit can be corrected only within {CORRECTION_DAYS} days of recording it"]}
        )
    errors: Errors = {}
    simple = {k: v for k, v in changes.items() if k in ContactInput.rules}
    cleaned = ContactInput.clean(simple, errors, by=by, current=locked)
    if "date" in cleaned:
        _check_date(errors, cleaned["date"])
    if "client_id" in changes:
        cleaned["client_key"] = _client_key(errors, changes["client_id"], key)
    if "age_band" in changes or "age" in changes:
        cleaned["age_band"] = _age_band(errors, hub, changes.get("age_band", ""), changes.get("age"))
    site = changes.get("site", locked.site)
    partner = changes.get("partner", locked.partner)
    _check_links(errors, hub, site=site, partner=partner, route=cleaned.get("route", locked.route))
    raise_if_any(errors)
    if "site" in changes:
        cleaned["site"] = site
    if "partner" in changes:
        cleaned["partner"] = partner
    if "lsoa" in cleaned:
        cleaned["ward"], cleaned["deprivation_decile"] = derived_area(cleaned["lsoa"])
    changed = {k: v for k, v in cleaned.items() if comparable(v) != comparable(getattr(locked, k))}
    if not changed:
        return locked
    after = {**{k: getattr(locked, k) for k in ("date", "client_key", "route")}, **changed}
    if (
        contact_identity(
            hub, after["date"], after["client_key"], after["route"], after.get("partner", locked.partner)
        )
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise InvalidInput({"": ["That visit is already recorded: the same person, day, route and partner"]})
    day_before = locked.date
    save_changes(by=by, record=locked, fields=changed, audit_action="contact.update")
    hub_daily_totals_refresh(hub.pk, [day_before, locked.date])
    return locked


def contacts_seen(*, by: Actor, hub: Hub, limit: int | None = 100, purpose: str = "list") -> list[Contact]:
    """A hub's contacts, newest first, for someone allowed to see them; the read is audited with
    the rows it returned."""
    contact_hub_check(actor=by, hub=hub)
    rows = (
        Contact.objects.filter(hub=hub)
        .select_related("site", "partner__organisation")
        .order_by("-date", "-pk")
    )
    contacts = list(rows if limit is None else rows[:limit])
    audit_record(
        by=by,
        action="contact.read",
        obj=hub,
        after={"contacts": len(contacts), "ids": [c.pk for c in contacts]},
        note=purpose,
        read_only=True,
    )
    return contacts


def contact_for_correction(*, by: Actor, hub: Hub, pk: int) -> Contact:
    """One of the hub's contacts, to correct it; the read is audited."""
    contact_hub_check(actor=by, hub=hub)
    contact = Contact.objects.filter(hub=hub, pk=pk).select_related("site", "partner").first()
    if contact is None:
        raise NotFound("contact")
    audit_record(by=by, action="contact.read", obj=contact, note="correct", read_only=True)
    return contact
