"""Indicators for the Healthy Stevenage demo.

Three kinds of figures, each labelled for what it is:

* the figures the community strategy (2012) itself quotes for Stevenage, as single observations
  with their source in words, linked to the strategy's priorities;
* illustrative series with counts and denominators (smoking prevalence, falls admissions and, where
  the wards are loaded, children in low-income families by ward), so trends, comparisons, ward
  maps, deprivation breakdowns and RAG against targets have something to show. Every one says
  "Illustrative data for the demo: not real figures" in its definition and notes;
* the real Fingertips campylobacter export, when the reference data folder is present.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from wellboard.core.access import Actor
from wellboard.demo import DemoContext
from wellboard.geography.models import AreaType
from wellboard.geography.services import area_upsert
from wellboard.indicators.importers.fingertips import fingertips_import
from wellboard.indicators.models import Indicator, IndicatorKind, Polarity, ValueType
from wellboard.indicators.selectors import areas_by_code, areas_within
from wellboard.indicators.services import (
    ObservationInput,
    comparator_create,
    indicator_create,
    observations_save,
    target_create,
    trajectory_set,
)
from wellboard.strategy.models import Node

ILLUSTRATIVE = "Illustrative data for the demo: not real figures."
STRATEGY_2012 = "As reported in the SoStevenage community strategy (2012)"
ENGLAND, REGION, HERTS, STEVENAGE = "E92000001", "E12000006", "E10000015", "E07000243"
HERTS_DISTRICTS = {
    "E07000095": "Broxbourne",
    "E07000096": "Dacorum",
    "E07000098": "Hertsmere",
    "E07000099": "North Hertfordshire",
    "E07000102": "Three Rivers",
    "E07000103": "Watford",
    "E07000240": "St Albans",
    "E07000241": "Welwyn Hatfield",
    "E07000242": "East Hertfordshire",
    STEVENAGE: "Stevenage",
}
DECILES = [
    "Most deprived decile",
    "Second most deprived decile",
    "Third more deprived decile",
    "Fourth more deprived decile",
    "Fifth more deprived decile",
    "Fifth less deprived decile",
    "Fourth less deprived decile",
    "Third less deprived decile",
    "Second least deprived decile",
    "Least deprived decile",
]
LIFESTYLES = "Encourage healthy lifestyle choices"
CAMPYLOBACTER = Path("fingertips") / "fingertips_export_campylobacter_93356.csv"


@dataclass(frozen=True)
class Quoted:
    """An indicator the community strategy quotes, with the figures it gives."""

    name: str
    value_type: str
    polarity: str
    node: str  # the strategy priority's title (or theme's)
    figures: tuple[tuple[str, str, str, float], ...]  # (area code, period, sex, value)
    definition: str
    kind: str = IndicatorKind.POPULATION


QUOTED = [
    Quoted("Adults who smoke", ValueType.PERCENTAGE, Polarity.LOW_IS_GOOD, LIFESTYLES,
           ((STEVENAGE, "2012", "Persons", 27.6),), "Percentage of adults who smoke."),
    Quoted("Adults at risk from drinking too much alcohol", ValueType.PERCENTAGE, Polarity.LOW_IS_GOOD,
           LIFESTYLES, ((STEVENAGE, "2012", "Persons", 22.7),),
           "Percentage of adults whose drinking puts their health at risk."),
    Quoted("Children who are obese", ValueType.PERCENTAGE, Polarity.LOW_IS_GOOD,
           LIFESTYLES, ((STEVENAGE, "2012", "Persons", 18.4),),
           "Percentage of children who are obese."),
    Quoted("Adults who are obese", ValueType.PERCENTAGE, Polarity.LOW_IS_GOOD, LIFESTYLES,
           ((STEVENAGE, "2012", "Persons", 26.0),), "Percentage of adults who are obese."),
    Quoted("Young people with 5 or more GCSEs at A* to C", ValueType.PERCENTAGE, Polarity.HIGH_IS_GOOD,
           "Increase skills and employability",
           ((STEVENAGE, "2008", "Persons", 56.8), (STEVENAGE, "2011", "Persons", 77.0),
            (HERTS, "2011", "Persons", 83.0), (ENGLAND, "2011", "Persons", 80.5)),
           "Percentage of pupils gaining five or more GCSEs at grades A* to C."),
    Quoted("Anti-social behaviour incidents", ValueType.COUNT, Polarity.LOW_IS_GOOD, "Help people feel safe",
           ((STEVENAGE, "2010/11", "Persons", 5177), (STEVENAGE, "2011/12", "Persons", 4810)),
           "Anti-social behaviour incidents recorded in Stevenage in the year."),
    Quoted("Residents who are physically active", ValueType.PERCENTAGE, Polarity.HIGH_IS_GOOD,
           LIFESTYLES,
           ((STEVENAGE, "2008", "Persons", 9.8), (STEVENAGE, "2012", "Persons", 11.6)),
           "Percentage of residents who said they are physically active on a regular basis (Health Survey "
           "for England; the later figure is the most recent survey the strategy quotes)."),
    Quoted("Adults who eat healthily", ValueType.PERCENTAGE, Polarity.HIGH_IS_GOOD,
           LIFESTYLES,
           ((STEVENAGE, "2008", "Persons", 22.4), (STEVENAGE, "2012", "Persons", 27.2)),
           "Percentage of adults who said they eat healthily (Health Survey for England)."),
    Quoted("Gap in life expectancy between the most and least deprived areas", ValueType.LIFE_EXPECTANCY,
           Polarity.LOW_IS_GOOD, "Healthy people",
           ((STEVENAGE, "2012", "Male", 5.9), (STEVENAGE, "2012", "Female", 8.0)),
           "How many years shorter life expectancy is in the most deprived areas of Stevenage than in the "
           "least deprived."),
    Quoted("Households on the council housing waiting list", ValueType.COUNT, Polarity.LOW_IS_GOOD,
           "Grow the local economy and improve housing", ((STEVENAGE, "2012", "Persons", 7209),),
           "People on Stevenage Borough Council's housing waiting list."),
    Quoted("Children living in poverty", ValueType.PERCENTAGE, Polarity.LOW_IS_GOOD,
           "Understand and address child poverty", ((STEVENAGE, "2012", "Persons", 20.0),),
           "Estimated percentage of children in Stevenage living in poverty."),
]  # fmt: skip


def _node(ctx: DemoContext, title: str) -> Node | None:
    """The strategy node with this title (from step 20), or None if the strategy is not loaded."""
    shared = ctx.shared.get("nodes") or {}
    found = next((n for n in shared.values() if n.title == title), None)
    if found is None:
        found = Node.objects.filter(strategy__partnership=ctx.partnership, title=title).first()
    return found


def _areas(ctx: DemoContext, actor: Actor) -> None:
    """England, the region, Hertfordshire and its districts: created if the geography step has not."""
    known = areas_by_code(actor=actor, codes=[ENGLAND, REGION, HERTS, *HERTS_DISTRICTS])
    wanted = [
        (ENGLAND, "England", AreaType.COUNTRY, ()),
        (REGION, "East of England", AreaType.REGION, (ENGLAND,)),
        (HERTS, "Hertfordshire", AreaType.UTLA, (REGION,)),
        *((code, name, AreaType.LTLA, (HERTS,)) for code, name in HERTS_DISTRICTS.items()),
    ]
    for code, name, area_type, parents in wanted:
        if code not in known:
            area_upsert(code=code, name=name, type=area_type, parents=parents, source="Wellboard demo")


def _quoted(ctx: DemoContext, actor: Actor) -> dict[str, Indicator]:
    made = {}
    for spec in QUOTED:
        node = _node(ctx, spec.node)
        indicator = indicator_create(
            by=actor,
            name=spec.name,
            value_type=spec.value_type,
            polarity=spec.polarity,
            kind=spec.kind,
            definition=spec.definition,
            source=STRATEGY_2012,
            frequency="Annual",
            nodes=[node] if node is not None else [],
        )
        rows = [
            ObservationInput(area_code=area, period=period, sex=sex, value=value, note=STRATEGY_2012)
            for area, period, sex, value in spec.figures
        ]
        observations_save(by=actor, indicator=indicator, rows=rows, source="strategy 2012")
        made[spec.name] = indicator
    return made


def _share(base: float, year: int, step: float, wobble: int) -> float:
    """A smooth made-up proportion with a little year-to-year noise (deterministic)."""
    return base + step * (year - 2013) + 0.004 * (((year * 7 + wobble) % 5) - 2)


def _smoking(ctx: DemoContext, actor: Actor) -> Indicator:
    indicator = indicator_create(
        by=actor,
        name="Smoking prevalence in adults (illustrative)",
        short_name="Smoking prevalence (illustrative)",
        value_type=ValueType.PERCENTAGE,
        polarity=Polarity.LOW_IS_GOOD,
        definition=f"Percentage of adults aged 18 and over who smoke, from a yearly survey. {ILLUSTRATIVE}",
        source="Illustrative survey series made up for the demo",
        frequency="Annual",
        nodes=[n for n in [_node(ctx, LIFESTYLES)] if n is not None],
    )
    rows: list[ObservationInput] = []
    areas = {ENGLAND: (0.185, -0.0055, 150_000), HERTS: (0.165, -0.005, 9_000)}
    for index, code in enumerate(HERTS_DISTRICTS):
        areas[code] = (0.12 + 0.012 * index, -0.004, 900 + 40 * index)
    areas[STEVENAGE] = (0.245, -0.008, 2_500)
    for code, (base, step, sample) in areas.items():
        for year in range(2013, 2023):
            share = _share(base, year, step, int(code[-3:]) % 5)
            rows.append(_counted(code, str(year), round(sample * share), sample))
    for year in range(2013, 2023):
        for sex, lift in (("Male", 0.03), ("Female", -0.03)):
            share = _share(0.245 + lift, year, -0.008, 1)
            rows.append(_counted(STEVENAGE, str(year), round(1250 * share), 1250, sex=sex))
    for rank, label in enumerate(DECILES, start=1):
        share = 0.30 - 0.018 * (rank - 1)
        rows.append(
            _counted(
                STEVENAGE,
                "2022",
                round(400 * share),
                400,
                category_type="Deprivation decile (IMD2019)",
                category=label,
            )
        )
    observations_save(by=actor, indicator=indicator, rows=rows, source="demo")
    trajectory_set(
        by=actor,
        indicator=indicator,
        area_code=STEVENAGE,
        points=[("2018", 21.0), ("2022", 17.0), ("2026", 13.0)],
        amber_tolerance=1.5,
        note="Partnership ambition: halve the gap with England by 2026 (illustrative).",
    )
    return indicator


def _counted(
    area: str,
    period: str,
    count: int,
    denominator: int,
    *,
    sex: str = "Persons",
    category_type: str = "",
    category: str = "",
) -> ObservationInput:
    return ObservationInput(
        area_code=area,
        period=period,
        sex=sex,
        category_type=category_type,
        category=category,
        count=count,
        denominator=denominator,
        note=ILLUSTRATIVE,
    )


def _falls(ctx: DemoContext, actor: Actor) -> Indicator:
    indicator = indicator_create(
        by=actor,
        name="Emergency hospital admissions for falls, people aged 65 and over (illustrative)",
        short_name="Falls admissions, 65+ (illustrative)",
        value_type=ValueType.CRUDE_RATE,
        polarity=Polarity.LOW_IS_GOOD,
        definition=f"Emergency admissions for falls per 100,000 residents aged 65 and over. {ILLUSTRATIVE}",
        source="Illustrative series made up for the demo",
        frequency="Annual (financial year)",
        nodes=[n for n in [_node(ctx, "Healthy people")] if n is not None],
    )
    rows = []
    populations = {ENGLAND: 10_000_000, HERTS: 190_000}
    for index, code in enumerate(HERTS_DISTRICTS):
        populations[code] = 15_000 + 1_500 * index
    populations[STEVENAGE] = 13_500
    for code, population in populations.items():
        for offset, year in enumerate(range(2013, 2023)):
            base = 0.021 if code == ENGLAND else 0.019 + (0.004 if code == STEVENAGE else 0.0)
            rate = base + 0.0004 * offset + 0.0004 * (((offset * 3 + int(code[-3:])) % 4) - 1.5)
            rows.append(
                _counted(code, f"{year}/{(year + 1) % 100:02d}", round(population * rate), population)
            )
    observations_save(by=actor, indicator=indicator, rows=rows, source="demo")
    target_create(
        by=actor,
        indicator=indicator,
        area_code=STEVENAGE,
        period="2022/23",
        value=2_200.0,
        amber_tolerance=150.0,
        note="Illustrative target: no higher than 2,200 admissions per 100,000.",
    )
    return indicator


def _wards(ctx: DemoContext, actor: Actor) -> None:
    stevenage = areas_by_code(actor=actor, codes=[STEVENAGE]).get(STEVENAGE)
    wards = ctx.shared.get("stevenage_wards") or (
        areas_within(parent=stevenage, type=AreaType.WARD) if stevenage else []
    )
    if not wards:
        ctx.log("    no Stevenage wards are loaded, so the ward-level illustrative indicator was skipped")
        return
    indicator = indicator_create(
        by=actor,
        name="Children in low-income families (illustrative)",
        value_type=ValueType.PERCENTAGE,
        polarity=Polarity.LOW_IS_GOOD,
        definition=f"Percentage of children under 16 living in low-income families. {ILLUSTRATIVE}",
        source="Illustrative ward figures made up for the demo",
        frequency="Annual",
        nodes=[n for n in [_node(ctx, "Understand and address child poverty")] if n is not None],
    )
    rows = []
    total_children = total_poor = 0
    for index, ward in enumerate(sorted(wards, key=lambda w: w.code)):
        children = 1_200 + 90 * (index % 5)
        poor = round(children * (0.08 + 0.021 * ((index * 7) % 13)))
        total_children += children
        total_poor += poor
        rows.append(_counted(ward.code, "2022", poor, children))
    rows.append(_counted(STEVENAGE, "2022", total_poor, total_children))
    observations_save(by=actor, indicator=indicator, rows=rows, source="demo")


def _fingertips(ctx: DemoContext, actor: Actor) -> None:
    root = Path(
        os.environ.get("WELLBOARD_REFERENCE_DATA") or Path(settings.BASE_DIR) / ".." / "shared" / "data"
    )
    path = root / CAMPYLOBACTER
    if not path.is_file():
        ctx.log(f"    reference data not found at {root}, so the Fingertips export was not imported")
        return
    report = fingertips_import(by=actor, data=path.read_bytes(), filename=path.name, dry_run=False)
    for line in report.notes[:1] + [n for n in report.notes if "reproduces" in n]:
        ctx.log(f"    Fingertips: {line}")


def load(ctx: DemoContext) -> None:
    analyst = ctx.actor_for("analyst")
    _areas(ctx, analyst)
    comparator_create(by=analyst, name="England", kind="area", area_codes=[ENGLAND], is_default=True)
    comparator_create(by=analyst, name="Hertfordshire", kind="area", area_codes=[HERTS])
    comparator_create(
        by=analyst,
        name="Hertfordshire districts",
        kind="group",
        area_codes=list(HERTS_DISTRICTS),
        description="The ten districts of Hertfordshire, combined.",
    )
    quoted = _quoted(ctx, analyst)
    target_create(
        by=analyst,
        indicator=quoted["Anti-social behaviour incidents"],
        area_code=STEVENAGE,
        period="2011/12",
        value=5_000,
        amber_tolerance=250,
        note="Illustrative target for the demo.",
    )
    target_create(
        by=analyst,
        indicator=quoted["Young people with 5 or more GCSEs at A* to C"],
        area_code=STEVENAGE,
        period="2011",
        value=80.5,
        amber_tolerance=3.0,
        note="Illustrative target for the demo: reach the England average.",
    )
    _smoking(ctx, analyst)
    _falls(ctx, analyst)
    _wards(ctx, analyst)
    _fingertips(ctx, analyst)
    ctx.log(f"    {Indicator.objects.filter(partnership=ctx.partnership).count()} indicators")
