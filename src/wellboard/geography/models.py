"""Areas with their ONS GSS codes, how they nest, and a partnership's custom areas.

Official areas are shared reference data: imported once by the deployment's operator and read by
every partnership. Custom areas (a hub's catchment, a group of wards) belong to one partnership.
Deprivation and population figures hang off areas and are reference data too.
"""

from __future__ import annotations

from django.db import models

from wellboard.geography import codes
from wellboard.partners.models import Partnership


class AreaType(models.TextChoices):
    COUNTRY = codes.COUNTRY, "Country"
    REGION = codes.REGION, "Region"
    UTLA = codes.UTLA, "County or unitary authority"
    LTLA = codes.LTLA, "District or unitary authority"
    WARD = codes.WARD, "Electoral ward"
    MSOA = codes.MSOA, "Middle layer super output area"
    LSOA = codes.LSOA, "Lower layer super output area"
    CCG = codes.CCG, "NHS sub-ICB location (formerly CCG)"
    ICB = codes.ICB, "NHS integrated care board"
    CUSTOM = codes.CUSTOM, "Custom area"

    @property
    def plural(self) -> str:
        """The label for several areas of the type: 'Districts or unitary authorities'."""
        return _AREA_TYPE_PLURALS[self]

    def counted(self, count: int) -> str:
        """The label for ``count`` areas of the type: singular for one, plural otherwise."""
        return self.label if count == 1 else self.plural


_AREA_TYPE_PLURALS = {
    AreaType.COUNTRY: "Countries",
    AreaType.REGION: "Regions",
    AreaType.UTLA: "Counties or unitary authorities",
    AreaType.LTLA: "Districts or unitary authorities",
    AreaType.WARD: "Electoral wards",
    AreaType.MSOA: "Middle layer super output areas",
    AreaType.LSOA: "Lower layer super output areas",
    AreaType.CCG: "NHS sub-ICB locations (formerly CCGs)",
    AreaType.ICB: "NHS integrated care boards",
    AreaType.CUSTOM: "Custom areas",
}


class Area(models.Model):
    code = models.CharField(max_length=40, unique=True, help_text="ONS GSS code, e.g. E07000243")
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=10, choices=AreaType.choices, db_index=True)
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="custom_areas",
        help_text="Set only for a partnership's own custom areas",
    )
    geography_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of the boundary set, e.g. 2011 or 2021 for LSOAs"
    )
    geometry = models.JSONField(null=True, blank=True, help_text="GeoJSON geometry (WGS84)")
    description = models.TextField(blank=True, help_text="What a custom area is for (custom areas only)")
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every edit of a custom area, to refuse stale saves"
    )

    class Meta:
        ordering = ["type", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_custom(self) -> bool:
        return self.partnership_id is not None

    @property
    def is_upper_tier(self) -> bool:
        """A county or a unitary authority (the latter is stored as a district)."""
        return codes.is_upper_tier(self.code, self.type)


class AreaLink(models.Model):
    """``child`` lies within ``parent`` (LSOA in ward, ward in district, district in county and region).

    ``first_year``/``last_year`` span the vintages of the ONS lookups that said so (a WD19 lookup is
    2019, a WD24 lookup 2024). Empty years mean "always" (custom area members, links made by
    ``area_upsert``). Selectors use them to pick one consistent set of children: for each parent and
    type of child, the latest vintage not after the year asked for.
    """

    child = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="child_links")
    source = models.CharField(max_length=200, blank=True, help_text="The lookup file this came from")
    first_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Earliest lookup vintage that links these areas"
    )
    last_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Latest lookup vintage that links these areas"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "parent"], name="area_link_unique")]

    def __str__(self) -> str:
        return f"{self.child.code} in {self.parent.code}"


class AreaChangeKind(models.TextChoices):
    UNCHANGED = "U", "Unchanged"
    SPLIT = "S", "Split into several"
    MERGED = "M", "Merged with others"
    REDRAWN = "X", "Redrawn irregularly"


class AreaChange(models.Model):
    """How an area of one boundary set became areas of the next (LSOA 2011 to LSOA 2021).

    ``predecessor`` and ``successor`` are the same area when the code carried over unchanged.
    """

    predecessor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="predecessor_links")
    kind = models.CharField(max_length=1, choices=AreaChangeKind.choices)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="area_change_unique")
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.code} -> {self.successor.code} ({self.kind})"


class DeprivationEdition(models.TextChoices):
    IMD2019 = "IMD2019", "English Indices of Deprivation 2019"
    IMD2025 = "IMD2025", "English Indices of Deprivation 2025"


class Deprivation(models.Model):
    """An area's Index of Multiple Deprivation score, rank (1 = most deprived) and decile.

    LSOA figures are MHCLG's own. Ward and district figures are ``derived`` by Wellboard: the
    population-weighted average of their LSOAs' scores, ranked among all areas of that type in
    England (see docs/geography.md).
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="deprivation")
    edition = models.CharField(max_length=10, choices=DeprivationEdition.choices)
    score = models.DecimalField(max_digits=7, decimal_places=3)
    rank = models.PositiveIntegerField(help_text="1 is the most deprived")
    ranked_areas = models.PositiveIntegerField(help_text="How many areas the rank is out of")
    decile = models.PositiveSmallIntegerField(help_text="1 is the most deprived 10%")
    population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Population used to weight LSOA scores (derived figures)"
    )
    derived = models.BooleanField(default=False, help_text="Computed by Wellboard from LSOA scores")
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["edition", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["area", "edition"], name="deprivation_area_edition_unique"),
            models.CheckConstraint(
                condition=models.Q(decile__gte=1, decile__lte=10), name="deprivation_decile_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.edition}: decile {self.decile}"


class Sex(models.TextChoices):
    PERSONS = "Persons", "Persons"
    MALES = "Males", "Males"
    FEMALES = "Females", "Females"


ALL_AGES = "All ages"


class Population(models.Model):
    """A population count for one area, year, sex and age band.

    ``age_band`` is the label ("7", "0-4", "90+", "All ages"); ``age_from``/``age_to`` make it
    queryable, with ``age_to`` empty for an open band (90+, All ages). Single years of age and
    five-year bands may both be stored for an area: selectors prefer single years and never add
    overlapping bands together.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(help_text="Mid-year estimate or census year")
    sex = models.CharField(max_length=7, choices=Sex.choices)
    age_band = models.CharField(max_length=12)
    age_from = models.PositiveSmallIntegerField()
    age_to = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty for an open band")
    count = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["area", "year", "sex", "age_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "sex", "age_band"], name="population_area_year_sex_band_unique"
            )
        ]
        indexes = [models.Index(fields=["year", "sex", "area"], name="population_year_sex_area")]

    def __str__(self) -> str:
        return f"{self.area.code} {self.year} {self.sex} {self.age_band}: {self.count}"
