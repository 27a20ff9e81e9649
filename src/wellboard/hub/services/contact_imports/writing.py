"""What both ways of writing an import's visits share: its counts, the areas its LSOAs lie in, and
fresh referral references."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from wellboard.core.access import Actor
from wellboard.geography.selectors import deprivation_deciles, parent_codes
from wellboard.hub.codes import referral_reference
from wellboard.hub.models import Hub, Referral
from wellboard.hub.services.contact_imports.checks import Row

KEY_CHUNK = 500
_EDITIONS = ("IMD2025", "IMD2019")

# One service referred to from a visit: (the visit's position in its batch, the services).
BatchReferrals = list[tuple[int, tuple[int, ...]]]

# The columns an imported visit is written with, in this order, on either database.
COLUMNS = (
    "hub_id",
    "site_id",
    "date",
    "client_key",
    "sex",
    "age_band",
    "lsoa",
    "ward",
    "deprivation_decile",
    "route",
    "needs",
    "exercise_reason",
    "partner_id",
    "recorded_by_id",
    "version",
    "created_at",
    "updated_at",
)


@dataclass
class Counts:
    created: int = 0
    unchanged: int = 0
    referrals_created: int = 0
    referrals_unchanged: int = 0


@dataclass
class Target:
    """Where and by whom the visits are written, and what is known of their areas so far."""

    by: Actor
    hub: Hub
    stamp: dt.datetime
    counts: Counts = field(default_factory=Counts)
    # LSOA code -> (ward code, deprivation decile)
    areas: dict[str, tuple[str, int | None]] = field(default_factory=lambda: {"": ("", None)})

    @property
    def user_id(self) -> int | None:
        return self.by.user.pk if self.by.user is not None else None

    def learn_areas(self, lsoas: Iterable[str]) -> None:
        """The ward and deprivation decile of each LSOA not seen before, where the geography app
        knows them."""
        new = sorted(set(lsoas) - self.areas.keys())
        if not new:
            return
        wards = parent_codes(child_codes=new, type="ward")
        deciles: dict[str, int] = {}
        for edition in reversed(_EDITIONS):  # the newest edition wins where both have the area
            deciles.update(deprivation_deciles(areas=new, edition=edition))
        for code in new:
            self.areas[code] = (wards.get(code, ""), deciles.get(code))


def new_references(count: int) -> list[str]:
    """``count`` referral references used nowhere yet."""
    chosen: set[str] = set()
    while len(chosen) < count:
        fresh = {referral_reference() for _ in range(count - len(chosen))} - chosen
        taken: set[str] = set()
        ordered = sorted(fresh)
        for start in range(0, len(ordered), KEY_CHUNK):
            taken.update(
                Referral.objects.filter(reference__in=ordered[start : start + KEY_CHUNK]).values_list(
                    "reference", flat=True
                )
            )
        chosen |= fresh - taken
    return sorted(chosen)


def index_order(row: Row) -> tuple[dt.date, str]:
    """Rows in the order of the contact identity indexes, so each index is written page by page."""
    return row[1], row[2]
