"""A year of invented visits to the demo's hubs, December 2025 to November 2026, imported as the hubs'
own CSV files through the same importer as `wellboard hub import-contacts` and the import page.

The people are invented (identifiers like HH-00042, kept only as client keys) and the visits follow
the Healthy Hub's write-up: 55% of visitors women, about half aged 45 to 64; two in five visits a
partner appointment, one in twenty an exercise referral, one in thirty a walk-in or self-referral,
the rest activities and classes; a third of walk-ins needing mental health support; exercise
referrals 42% for weight loss, 18% diabetes, 17% musculoskeletal, 15% cardiac and 8% back pain.
Visits happen only on the days and in the weeks each hub is open (its sessions; school terms for
the school hubs), more in January and spring, fewer in August and at Christmas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

from wellboard.core.access import Actor
from wellboard.core.importing import ImportReport
from wellboard.demo.step_60_hub.activity import SEASON
from wellboard.demo.step_60_hub.hubs import TERM_TIME, DemoHub
from wellboard.hub.importers import contacts_import
from wellboard.hub.models import Hub, HubKind

YEAR_START = dt.date(2025, 12, 1)
YEAR_END = dt.date(2026, 11, 21)  # the Saturday before the demo's date
BANK_HOLIDAYS = frozenset(
    dt.date.fromisoformat(day)
    for day in (
        "2025-12-25",
        "2025-12-26",
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-05-25",
        "2026-08-31",
    )
)
SCHOOL_HOLIDAYS = tuple(
    (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    for first, last in (
        ("2025-12-20", "2026-01-04"),
        ("2026-02-14", "2026-02-22"),
        ("2026-03-28", "2026-04-12"),
        ("2026-05-23", "2026-05-31"),
        ("2026-07-22", "2026-09-03"),
        ("2026-10-24", "2026-11-01"),
    )
)
COLUMNS = (
    "date",
    "client_id",
    "sex",
    "age",
    "age_band",
    "lsoa",
    "route",
    "needs",
    "exercise_reason",
    "partner_organisation",
)

Weights = tuple[tuple[str, ...], tuple[int, ...]]
SEXES: Weights = ("female", "male", "not-stated"), (55, 44, 1)
MAIN_AGES: Weights = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"), (5, 9, 14, 26, 25, 15, 6)
MAIN_ROUTES: Weights = (
    ("partner-appointment", "activity", "exercise-referral", "walk-in", "self-referral", "gp-referral"),
    (410, 500, 50, 20, 13, 7),
)
SCHOOL_ROUTES: Weights = ("activity", "walk-in", "self-referral", "partner-appointment"), (50, 22, 10, 18)
EXERCISE_REASONS: Weights = (
    ("weight-loss", "diabetes", "musculoskeletal", "cardiac", "back-pain"),
    (42, 18, 17, 15, 8),
)
WALK_IN_NEEDS: Weights = (
    ("mental-health", "physical-activity", "smoking", "weight", "loneliness", "money", "carer"),
    (35, 22, 14, 12, 8, 5, 4),
)
YOUNG_NEEDS: Weights = ("mental-health", "physical-activity", "weight", "carer", "drugs"), (45, 25, 12, 10, 8)
# What a referral for each reason also says about the person's needs.
REASON_NEEDS = {"weight-loss": "weight", "diabetes": "long-term-condition", "cardiac": "long-term-condition"}
# The need a partner appointment is about, by the partner's name; the busiest partners first.
PARTNER_NEEDS = {
    "Mind in Mid Herts": ("mental-health", 20),
    "Stevenage Citizens Advice": ("money", 15),
    "Hertfordshire Stop Smoking Service": ("smoking", 12),
    "The Living Room": ("alcohol", 8),
    "Home-Start Stevenage": ("carer", 6),
    "Carers in Hertfordshire": ("carer", 5),
    "CAMHS": ("mental-health", 12),
    "Kooth": ("mental-health", 10),
    "Herts Young Carers": ("carer", 6),
    "ADASH": ("drugs", 4),
}
OTHER_PARTNER_WEIGHT = 3
MAIN_VISITS_PER_DAY = 12  # about 3,600 visits in the year
SCHOOL_VISITS_PER_SESSION = (2, 7)


@dataclass(frozen=True)
class Person:
    client_id: str
    sex: str
    age: str  # a band at the main hub, whole years at the school hubs
    lsoa: str


def _pick(rng: random.Random, weights: Weights) -> str:
    return rng.choices(weights[0], weights=weights[1])[0]


def _in_holidays(day: dt.date) -> bool:
    return any(first <= day <= last for first, last in SCHOOL_HOLIDAYS)


def open_days(spec: DemoHub) -> Iterator[tuple[dt.date, int]]:
    """Each day the hub is open in the demo's year, with how many of its sessions run that day."""
    day = max(YEAR_START, spec.opened)
    while day <= YEAR_END:
        if day not in BANK_HOLIDAYS:
            sessions = sum(
                1
                for weekday, _opens, _closes, note in spec.sessions
                if weekday == day.weekday() and not (note == TERM_TIME and _in_holidays(day))
            )
            if sessions:
                yield day, sessions
        day += dt.timedelta(days=1)


def _season(day: dt.date) -> float:
    return SEASON[(day.month - 4) % 12]  # SEASON starts in April


def _people(rng: random.Random, prefix: str, count: int, *, school: bool, lsoas: list[str]) -> list[Person]:
    return [
        Person(
            client_id=f"{prefix}-{n:05d}",
            sex=_pick(rng, SEXES),
            age=str(rng.randint(11, 16)) if school else _pick(rng, MAIN_AGES),
            lsoa=rng.choice(lsoas) if lsoas and rng.random() < 0.85 else "",
        )
        for n in range(1, count + 1)
    ]


def _partner_choice(partners: list[str]) -> Weights:
    return tuple(partners), tuple(PARTNER_NEEDS.get(name, ("", OTHER_PARTNER_WEIGHT))[1] for name in partners)


def _needs(rng: random.Random, route: str, *, reason: str, partner: str, school: bool) -> list[str]:
    if route == "activity":
        return ["physical-activity"]
    if route == "exercise-referral":
        return ["physical-activity", *([REASON_NEEDS[reason]] if reason in REASON_NEEDS else [])]
    if route == "partner-appointment":
        need = PARTNER_NEEDS.get(partner, ("", 0))[0]
        return [need] if need else []
    # The main need in the write-up's proportions, and now and then a second one that is not mental
    # health, so a third of people still come about their mental health.
    first = _pick(rng, YOUNG_NEEDS if school else WALK_IN_NEEDS)
    second = _pick(rng, YOUNG_NEEDS if school else WALK_IN_NEEDS)
    return [first, second] if second not in (first, "mental-health") and rng.random() < 0.2 else [first]


class Visits:
    """The visits of one hub, each once: a visit is known by its day, person, route and partner."""

    def __init__(
        self, rng: random.Random, people: list[Person], partners: list[str], *, school: bool
    ) -> None:
        self.rng = rng
        self.people = people
        # Some people come often, most now and then.
        self.regularity = [1.0 / (rank + 1) ** 0.6 for rank in range(len(people))]
        self.partners = _partner_choice(partners) if partners else None
        self.school = school
        self.referred: set[str] = set()
        self.seen: set[tuple[dt.date, str, str, str]] = set()
        self.rows: list[dict[str, str]] = []

    def add(self, day: dt.date, routes: Weights) -> None:
        person = self.rng.choices(self.people, weights=self.regularity)[0]
        route = _pick(self.rng, routes)
        if route == "exercise-referral" and person.client_id in self.referred:
            route = "activity"  # a person is referred once, then comes to the classes
        if route == "partner-appointment" and self.partners is None:
            route = "activity"
        partner = _pick(self.rng, self.partners) if route == "partner-appointment" and self.partners else ""
        identity = (day, person.client_id, route, partner)
        if identity in self.seen:
            return
        self.seen.add(identity)
        reason = _pick(self.rng, EXERCISE_REASONS) if route == "exercise-referral" else ""
        if reason:
            self.referred.add(person.client_id)
        needs = _needs(self.rng, route, reason=reason, partner=partner, school=self.school)
        self.rows.append(
            {
                "date": day.isoformat(),
                "client_id": person.client_id,
                "sex": person.sex,
                "age": person.age if self.school else "",
                "age_band": "" if self.school else person.age,
                "lsoa": person.lsoa,
                "route": route,
                "needs": ";".join(needs),
                "exercise_reason": reason,
                "partner_organisation": partner,
            }
        )


def main_hub_visits(spec: DemoHub, partners: list[str], lsoas: list[str]) -> list[dict[str, str]]:
    """About twelve visits a day, six days a week, by some 1,400 people."""
    rng = random.Random(f"{spec.slug}-2026")  # noqa: S311 (invented people, the same every time)
    visits = Visits(rng, _people(rng, "HH", 1400, school=False, lsoas=lsoas), partners, school=False)
    for day, _sessions in open_days(spec):
        expected = MAIN_VISITS_PER_DAY * _season(day) * (0.5 if day.weekday() == 5 else 1.0)
        for _ in range(round(expected * rng.uniform(0.8, 1.2))):
            visits.add(day, MAIN_ROUTES)
    return visits.rows


def school_hub_visits(
    spec: DemoHub, partners: list[str], lsoas: list[str], *, prefix: str
) -> list[dict[str, str]]:
    """A handful of young people at each session, many of them coming back week after week."""
    rng = random.Random(f"{spec.slug}-2026")  # noqa: S311 (invented people, the same every time)
    people = _people(rng, prefix, 160 if spec.kind == HubKind.YOUNG_PEOPLE else 60, school=True, lsoas=lsoas)
    visits = Visits(rng, people, partners, school=True)
    low, high = SCHOOL_VISITS_PER_SESSION
    for day, sessions in open_days(spec):
        for _ in range(sessions * rng.randint(low, high)):
            visits.add(day, SCHOOL_ROUTES)
    return visits.rows


def as_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def import_visits(by: Actor, hub: Hub, rows: list[dict[str, str]]) -> ImportReport:
    """Import the rows as the hub's CSV file would be; a demo whose own file is refused is a bug."""
    report = contacts_import(
        by=by, hub=hub, data=as_csv(rows), filename=f"{hub.slug}-visits.csv", dry_run=False
    )
    if not report.applied:
        problems = "; ".join(str(r) for r in report.rejections[:5])
        raise RuntimeError(f"The demo's visits to {hub.name} were refused: {problems}")
    return report
