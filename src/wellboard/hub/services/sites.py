"""Writing the places a hub works from and the sessions when each is open.

Coordinators do it. A site where visits were recorded cannot be removed (the visits say where they
happened); its sessions go with it. Sessions at one site may not overlap on the same day.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.core.inputs import Errors, add_error, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.hub.inputs import HubSessionInput, HubSiteInput
from wellboard.hub.models import Hub, HubSession, HubSite
from wellboard.hub.policy import CHANGE_HUB
from wellboard.hub.services.hubs import refuse_personal


def _site_name_free(errors: Errors, hub: Hub, name: str, *, exclude_pk: int | None = None) -> None:
    others = hub.sites.filter(name=name)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if name and "name" not in errors and others.exists():
        add_error(errors, "name", f"The hub already has a site called '{name}'")


def _clean_site(by: Actor, values: dict[str, Any], *, current: HubSite | None = None) -> dict[str, Any]:
    errors: Errors = {}
    if "name" in values:
        values = {**values, "name": " ".join(str(values["name"] or "").split())}
    cleaned = HubSiteInput.clean(values, errors, by=by, current=current)
    if "name" in cleaned:
        refuse_personal(errors, "name", "The site's name", cleaned["name"])
        hub = current.hub if current is not None else values["hub"]
        _site_name_free(errors, hub, cleaned["name"], exclude_pk=current.pk if current else None)
    raise_if_any(errors)
    return cleaned


@transaction.atomic
def hub_site_add(*, by: Actor, hub: Hub, name: str, lsoa: str = "") -> HubSite:
    locked = lock_for_edit(Hub, pk=hub.pk, partnership_id=by.partnership_id, what="hub")
    CHANGE_HUB.require(by)
    cleaned = _clean_site(by, {"hub": locked, "name": name, "lsoa": lsoa})
    site = HubSite.objects.create(hub=locked, **cleaned)
    audit_record(by=by, action="hub_site.create", obj=site, after=audit_snapshot(site))
    return site


def _locked_site(by: Actor, site: HubSite) -> HubSite:
    return lock_for_edit(
        HubSite.objects.select_related("hub"),
        pk=site.pk,
        partnership_id=by.partnership_id,
        what="site",
        via="hub",
    )


@transaction.atomic
def hub_site_update(*, by: Actor, site: HubSite, expected_version: int | None, **changes: Any) -> HubSite:
    """Rename a site or change its LSOA. Saved unchanged, it writes nothing."""
    locked = _locked_site(by, site)
    CHANGE_HUB.require(by)
    HubSiteInput.refuse_unknown(changes)
    version_check(locked, expected_version, what="site")
    cleaned = _clean_site(by, changes, current=locked)
    save_changes(by=by, record=locked, fields=cleaned, audit_action="hub_site.update")
    return locked


def _in_use(site: HubSite) -> str:
    visits = site.contacts.count()
    if not visits:
        return ""
    return (
        f"{site.name} cannot be removed: {visits:,} visit{'s were' if visits != 1 else ' was'} recorded "
        "there. Rename it instead, or leave it as it is"
    )


@transaction.atomic
def hub_site_remove(*, by: Actor, site: HubSite, expected_version: int | None) -> None:
    """Remove a site and its sessions, unless visits were recorded there."""
    locked = _locked_site(by, site)
    CHANGE_HUB.require(by)
    version_check(locked, expected_version, what="site")
    reason = _in_use(locked)
    if reason:
        raise InvalidInput({"": [reason]})
    before = {**audit_snapshot(locked), "sessions": [str(s) for s in locked.sessions.all()]}
    audit_record(by=by, action="hub_site.delete", obj=locked, before=before)
    try:
        with transaction.atomic():
            locked.delete()
    except (ProtectedError, RestrictedError) as exc:
        # Something else recorded there since the check, or a record of another kind names the site.
        raise InvalidInput({"": [f"{locked.name} cannot be removed: other records name it"]}) from exc


# ---------------------------------------------------------------- sessions


def _overlap(errors: Errors, site: HubSite, cleaned: dict[str, Any], current: HubSession | None) -> None:
    if errors:
        return
    weekday = cleaned.get("weekday", current.weekday if current else None)
    opens = cleaned.get("opens", current.opens if current else None)
    closes = cleaned.get("closes", current.closes if current else None)
    if weekday is None or opens is None or closes is None:
        return
    clashes = site.sessions.filter(weekday=weekday, opens__lt=closes, closes__gt=opens)
    if current is not None:
        clashes = clashes.exclude(pk=current.pk)
    clash = clashes.first()
    if clash is not None:
        add_error(
            errors,
            "opens",
            f"{site.name} already has a session on {clash.get_weekday_display()} from "
            f"{clash.opens:%H:%M} to {clash.closes:%H:%M}: sessions at one site may not overlap",
        )


def _clean_session(
    by: Actor, site: HubSite, values: dict[str, Any], *, current: HubSession | None = None
) -> dict[str, Any]:
    errors: Errors = {}
    cleaned = HubSessionInput.clean(values, errors, by=by, current=current)
    if cleaned.get("note"):
        refuse_personal(errors, "note", "The note", cleaned["note"])
    _overlap(errors, site, cleaned, current)
    raise_if_any(errors)
    return cleaned


@transaction.atomic
def hub_session_add(
    *, by: Actor, site: HubSite, weekday: int | str, opens: Any, closes: Any, note: str = ""
) -> HubSession:
    """A weekly session at a site: the day, the hours it opens and closes, and a short note."""
    locked = _locked_site(by, site)
    CHANGE_HUB.require(by)
    cleaned = _clean_session(by, locked, {"weekday": weekday, "opens": opens, "closes": closes, "note": note})
    session = HubSession.objects.create(site=locked, **cleaned)
    audit_record(by=by, action="hub_session.create", obj=session, after=audit_snapshot(session))
    return session


def _locked_session(by: Actor, session: HubSession) -> HubSession:
    return lock_for_edit(
        HubSession.objects.select_related("site__hub"),
        pk=session.pk,
        partnership_id=by.partnership_id,
        what="session",
        via="site__hub",
    )


@transaction.atomic
def hub_session_update(
    *, by: Actor, session: HubSession, expected_version: int | None, **changes: Any
) -> HubSession:
    locked = _locked_session(by, session)
    CHANGE_HUB.require(by)
    HubSessionInput.refuse_unknown(changes)
    version_check(locked, expected_version, what="session")
    cleaned = _clean_session(by, locked.site, changes, current=locked)
    save_changes(by=by, record=locked, fields=cleaned, audit_action="hub_session.update")
    return locked


@transaction.atomic
def hub_session_remove(*, by: Actor, session: HubSession, expected_version: int | None) -> None:
    locked = _locked_session(by, session)
    CHANGE_HUB.require(by)
    version_check(locked, expected_version, what="session")
    audit_record(by=by, action="hub_session.delete", obj=locked, before=audit_snapshot(locked))
    locked.delete()
