"""Checking the values of a file's rows, each distinct value once.

The checks are those of ``contact_record`` (the same input rules, messages and identity), applied
so that what repeats is worked out once: a file repeats a few hundred dates, a handful of sexes,
routes and age bands, a few thousand LSOAs and needs lists, so each distinct value is cleaned once
and remembered. What each check gives back is the cleaned value and its problems as (field,
message) pairs, the field being the input rule's name (``partner`` and ``site`` for the columns
``partner_organisation`` and ``site``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, NamedTuple

from django.utils.text import slugify

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.inputs import Errors
from wellboard.directory.models import Service
from wellboard.hub.codes import LOCAL_ID_MAX, parse_date, refusal_for_identifier
from wellboard.hub.inputs import ContactInput
from wellboard.hub.models import Hub, Route
from wellboard.hub.services.contact_imports.partners import PartnerNames
from wellboard.hub.services.contacts import _age_band

Problems = list[tuple[str, str]]  # (field, message)
NO_PROBLEMS: Problems = []
NO_REFERRALS: tuple[tuple[int, ...], Problems] = ((), NO_PROBLEMS)


def _cleaned(field_name: str, value: str, by: Actor) -> tuple[Any, Problems]:
    errors: Errors = {}
    result = ContactInput.rules[field_name].clean(errors, value, creating=True, by=by)
    return result, _as_problems(errors)


def _as_problems(errors: Errors) -> Problems:
    return [(name, message) for name, messages in errors.items() for message in messages]


class Profile(NamedTuple):
    """What a row says about the visit besides its day, person, area and needs."""

    sex: str
    age_band: str
    route: str
    exercise_reason: str
    partner_id: int | None
    route_index: int
    site_id: int | None
    ordinal: int  # which distinct profile of the file it is, from 0


# (row number, day, client key, profile, LSOA, needs as JSON) for each visit to write
Row = tuple[int, dt.date, str, Profile, str, str]


ProfileKey = tuple[str, str, str, str, str, str, str]  # sex, age, age band, route, reason, partner, site


class RowChecks:
    """The checks of one import's rows, remembering each distinct value's outcome."""

    def __init__(self, *, by: Actor, hub: Hub, partners: PartnerNames) -> None:
        self.by = by
        self.hub = hub
        self.partners = partners
        self.today = clock.today()
        self.services = self._services_by_name()
        self.sites, self.default_site = self._sites_by_name()
        self.dates: dict[str, tuple[dt.date | None, Problems]] = {}
        self.choices: dict[tuple[str, str], tuple[Any, Problems]] = {}
        self.ages: dict[tuple[str, str], tuple[str, Problems]] = {}
        self.needs: dict[str, tuple[str, Problems]] = {}
        self.reason_checks: dict[tuple[str, str], Problems] = {}
        self.referred: dict[str, tuple[tuple[int, ...], Problems]] = {}
        self.site_of: dict[str, tuple[int | None, Problems]] = {}
        self.profiles: dict[ProfileKey, tuple[Profile, Problems]] = {}
        self.route_index = {code: index for index, code in enumerate(Route.values)}

    # ------------------------------------------------------------ what the file may name

    def _services_by_name(self) -> dict[str, int]:
        """The partnership's directory services by short name and by Open Referral id."""
        found: dict[str, int] = {}
        for pk, slug, oruk_id in Service.objects.filter(partnership_id=self.hub.partnership_id).values_list(
            "pk", "slug", "oruk_id"
        ):
            found[slug.lower()] = pk
            found[str(oruk_id).lower()] = pk
        return found

    def _sites_by_name(self) -> tuple[dict[str, int], int | None]:
        """The hub's sites by name and by the name as a short name (``main-building``), and the
        site a visit is at when the file does not say: the hub's only site, if it has one."""
        found: dict[str, int] = {}
        pks = []
        for pk, name in self.hub.sites.values_list("pk", "name"):
            pks.append(pk)
            found[" ".join(name.split()).lower()] = pk
            found.setdefault(slugify(name), pk)
        return found, (pks[0] if len(pks) == 1 else None)

    # ------------------------------------------------------------ each distinct value

    def date(self, text: str) -> tuple[dt.date | None, Problems]:
        found = self.dates.get(text)
        if found is None:
            day = parse_date(text)
            if day is None:
                found = (None, [("date", f"'{text}' is not a date like 2026-03-31 or 31/03/2026")])
            elif day > self.today:
                found = (day, [("date", "The date of the visit cannot be in the future")])
            else:
                found = (day, NO_PROBLEMS)
            self.dates[text] = found
        return found

    def choice(self, field_name: str, text: str) -> tuple[Any, Problems]:
        found = self.choices.get((field_name, text))
        if found is None:
            found = _cleaned(field_name, text, self.by)
            self.choices[(field_name, text)] = found
        return found

    def age(self, age: str, band: str) -> tuple[str, Problems]:
        found = self.ages.get((age, band))
        if found is None:
            errors: Errors = {}
            made = _age_band(errors, self.hub, band, age or None)
            found = (made, _as_problems(errors))
            self.ages[(age, band)] = found
        return found

    def needs_of(self, text: str) -> tuple[str, Problems]:
        """The needs as the JSON list stored, and their problems."""
        found = self.needs.get(text)
        if found is None:
            codes, problems = _cleaned("needs", text, self.by)
            found = (json.dumps(codes), problems)
            self.needs[text] = found
        return found

    def reason_check(self, route: str, reason: str) -> Problems:
        found = self.reason_checks.get((route, reason))
        if found is None:
            errors: Errors = {}
            for check in ContactInput.checks:
                check.check(errors, {"route": route, "exercise_reason": reason}, None)
            found = _as_problems(errors)
            self.reason_checks[(route, reason)] = found
        return found

    def services_of(self, text: str) -> tuple[tuple[int, ...], Problems]:
        found = self.referred.get(text)
        if found is None:
            wanted = list(dict.fromkeys(part.strip() for part in text.split(";") if part.strip()))
            unknown = [entry for entry in wanted if entry.lower() not in self.services]
            if unknown:
                names = ", ".join(f"'{entry}'" for entry in unknown)
                verb = "is not a service" if len(unknown) == 1 else "are not services"
                message = (
                    f"{names} {verb} in the partnership's directory: give each service's short name "
                    "or its Open Referral id"
                )
                found = ((), [("referred_to", message)])
            else:
                found = (tuple(dict.fromkeys(self.services[entry.lower()] for entry in wanted)), NO_PROBLEMS)
            self.referred[text] = found
        return found

    def site(self, text: str) -> tuple[int | None, Problems]:
        found = self.site_of.get(text)
        if found is None:
            if not text:
                found = (self.default_site, NO_PROBLEMS)
            else:
                pk = self.sites.get(" ".join(text.split()).lower()) or self.sites.get(text.lower())
                if pk is None:
                    names = ", ".join(sorted(self.hub.sites.values_list("name", flat=True))) or "none yet"
                    found = (
                        None,
                        [("site", f"'{text}' is not one of {self.hub.name}'s sites (its sites: {names})")],
                    )
                else:
                    found = (pk, NO_PROBLEMS)
            self.site_of[text] = found
        return found

    def client_id(self, text: str) -> Problems:
        """The problems of a person's identifier (the hub's own, never kept): missing, too long, or
        looking like personal details."""
        if not text:
            return [("client_id", "enter the hub's identifier for the person")]
        if len(text) > LOCAL_ID_MAX:
            return [("client_id", f"The identifier must be {LOCAL_ID_MAX} characters or fewer")]
        refusal = refusal_for_identifier("The identifier", text)
        return [("client_id", refusal)] if refusal else NO_PROBLEMS

    def profile(self, key: ProfileKey) -> tuple[Profile, Problems]:
        """The person's sex and age band, the route, the exercise reason, the partner and the site,
        cleaned together: a file repeats few of their combinations."""
        found = self.profiles.get(key)
        if found is not None:
            return found
        sex, age, band, route, reason, partner_text, site_text = key
        sex_code, problems = self.choice("sex", sex.lower())
        problems = list(problems)
        age_band, more = self.age(age, band)
        problems += more
        route_code, route_problems = self.choice("route", route.lower())
        problems += route_problems
        reason_code, reason_problems = self.choice("exercise_reason", reason.lower())
        problems += reason_problems
        if not (route_problems or reason_problems):
            problems += self.reason_check(route_code, reason_code)
        partner_id, more = self.partners.partner(partner_text)
        problems += more
        if route_code == Route.PARTNER_APPOINTMENT and not partner_text:
            problems.append(("partner", "Choose the partner the appointment was with"))
        site_id, more = self.site(site_text)
        problems += more
        profile = Profile(
            sex_code,
            age_band,
            route_code,
            reason_code,
            partner_id,
            self.route_index.get(route_code, -1),
            site_id,
            len(self.profiles),
        )
        self.profiles[key] = (profile, problems)
        return profile, problems
