"""Member organisations of the Healthy Stevenage Partnership and one invented person per role."""

from __future__ import annotations

import datetime as dt

from wellboard.core.access import Role
from wellboard.demo import DemoContext, DemoLogin
from wellboard.partners.models import OrganisationType as T
from wellboard.partners.services import organisation_create, role_grant, user_create

# (name, type, board seat title or "")
ORGANISATIONS = [
    ("Stevenage Borough Council", T.LOCAL_AUTHORITY, "Chair"),
    ("Hertfordshire County Council", T.LOCAL_AUTHORITY, "County council and public health"),
    ("East and North Hertfordshire NHS Trust", T.NHS, "Acute NHS trust"),
    ("Stevenage Primary Care Networks", T.NHS, "Primary care"),
    ("Hertfordshire Constabulary", T.POLICE, "Community safety (SoSafe)"),
    ("Hertfordshire Fire and Rescue Service", T.FIRE, "Fire and rescue"),
    ("North Hertfordshire College", T.EDUCATION, "Further education and skills"),
    ("The Nobel School", T.EDUCATION, ""),
    ("Stevenage Leisure Limited", T.BUSINESS, "Leisure and the Healthy Hub"),
    ("Stevenage Citizens Advice", T.VCFS, "Voluntary sector representative"),
    ("Stevenage CVS", T.VCFS, "Voluntary sector representative"),
    ("Mind in Mid Herts", T.VCFS, "Voluntary sector representative"),
    ("Stevenage Football Foundation", T.VCFS, "Voluntary sector representative"),
    ("Stevenage Helps", T.VCFS, ""),
    ("Stevenage Community Careline", T.LOCAL_AUTHORITY, ""),
    ("Home-Start Stevenage", T.VCFS, ""),
    ("The Family Centre", T.VCFS, ""),
    ("The Living Room", T.VCFS, ""),
    ("Hertfordshire Sports Partnership", T.VCFS, ""),
    ("YMCA Central Hertfordshire", T.VCFS, ""),
    ("Stevenage World Forum for Ethnic Communities", T.VCFS, "Voluntary sector representative"),
    ("Churches Together in Stevenage", T.VCFS, ""),
    ("Groundwork Hertfordshire", T.VCFS, ""),
    ("Hertfordshire Chamber of Commerce", T.BUSINESS, "Business representative"),
    ("Westgate Shopping Centre", T.BUSINESS, ""),
    ("The Comet", T.MEDIA, ""),
]

# Invented people. Passwords are for the local demo only and are printed by `make demo`.
PEOPLE = [
    ("coordinator", "Priya", "Shah", "Partnership coordinator", Role.COORDINATOR, ""),
    ("analyst", "Tomasz", "Nowak", "Public health analyst", Role.ANALYST, ""),
    ("approver", "Grace", "Adeyemi", "Performance officer", Role.APPROVER, ""),
    ("board", "Margaret", "Ellis", "Board member", Role.BOARD, ""),
    ("leisure", "Jordan", "Reid", "Healthy Hub manager", Role.CONTRIBUTOR, "stevenage-leisure-limited"),
    ("mind", "Aisha", "Rahman", "Befriending lead", Role.CONTRIBUTOR, "mind-in-mid-herts"),
    (
        "council",
        "Owen",
        "Hughes",
        "Community development officer",
        Role.CONTRIBUTOR,
        "stevenage-borough-council",
    ),
    ("viewer", "Sam", "Carter", "Councillor", Role.VIEWER, ""),
    ("hub", "Kemi", "Adebayo", "Healthy Hub health and wellbeing adviser", Role.HUB_WORKER, ""),
]


def demo_password(key: str) -> str:
    return f"{key}-stevenage-demo"


def demo_email(first: str, last: str) -> str:
    return f"{first}.{last}@example.org".lower()


def demo_emails() -> list[str]:
    return [demo_email(first, last) for _, first, last, *_ in PEOPLE]


def load(ctx: DemoContext) -> None:
    for name, kind, seat in ORGANISATIONS:
        org = organisation_create(
            by=ctx.actor,
            name=name,
            kind=kind,
            board_seat=bool(seat),
            seat_title=seat,
            joined_on=dt.date(2012, 3, 1),
        )
        ctx.organisations[org.slug] = org
    for key, first, last, title, role, org_slug in PEOPLE:
        email = demo_email(first, last)
        user = user_create(
            by=ctx.actor,
            email=email,
            first_name=first,
            last_name=last,
            password=demo_password(key),
            job_title=title,
        )
        organisation = ctx.organisations[org_slug] if org_slug else None
        role_grant(by=ctx.actor, user=user, role=role, organisation=organisation)
        ctx.users[key] = user
        ctx.logins.append(
            DemoLogin(
                role=Role(role).label,
                name=f"{first} {last}",
                email=email,
                password=demo_password(key),
                organisation=organisation.name if organisation else "",
            )
        )
