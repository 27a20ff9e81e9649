"""Indicators for the Healthy Stevenage demo, every figure real and saying where it comes from.

* The figures the community strategy (2012) itself quotes for Stevenage, as single observations with
  their source in words, linked to the strategy's priorities.
* When the reference data folder is present (``$WELLBOARD_REFERENCE_DATA`` or ``../shared/data``):
  - income and employment deprivation (English Indices of Deprivation 2025) and the shares of
    residents aged 0 to 15 and 60 and over (ONS mid-2015), with counts and denominators for
    Stevenage's LSOAs and wards, every district in England, Hertfordshire, England and by
    deprivation decile (``reference_figures``), so the ward map, the inequality page, the spine
    chart and the tartan rug have figures that Wellboard compares with England and Hertfordshire;
  - published Fingertips values for England and every district (smoking, physical inactivity,
    children's excess weight, children in low-income families, falls, self-harm and alcohol
    admissions), over several years;
  - the Fingertips campylobacter export, through the Fingertips importer.

Targets and the smoking trajectory are the partnership's own choices, invented for the demo and
labelled so. Without the reference data only the strategy's quoted figures are loaded.
"""

from __future__ import annotations

from pathlib import Path

from wellboard.core.access import Actor
from wellboard.demo import DemoContext, reference_figures
from wellboard.demo.indicator_data import (
    CAMPYLOBACTER,
    COMPUTED,
    ENGLAND,
    EXTRACTS,
    FINGERTIPS_VALUES,
    HERTS,
    HERTS_DISTRICTS,
    OGL,
    PUBLISHED,
    QUOTED,
    REGION,
    STEVENAGE,
    STRATEGY_2012,
)
from wellboard.demo.step_30_geography import reference_data_dir
from wellboard.geography.models import AreaType
from wellboard.geography.services import area_upsert
from wellboard.indicators.importers.fingertips import fingertips_import
from wellboard.indicators.models import Indicator, ValueType
from wellboard.indicators.selectors import areas_by_code
from wellboard.indicators.services import (
    ObservationInput,
    comparator_create,
    indicator_create,
    observations_save,
    target_create,
    trajectory_set,
)
from wellboard.strategy.models import Node


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


def _known(actor: Actor, rows: list[ObservationInput]) -> list[ObservationInput]:
    """The rows about areas Wellboard has loaded (a file may name areas that have since changed)."""
    known = areas_by_code(actor=actor, codes={r.area_code for r in rows})
    return [r for r in rows if r.area_code in known]


def _computed(ctx: DemoContext, actor: Actor, data: Path) -> dict[str, Indicator]:
    if not reference_figures.files_present(data):
        ctx.log(f"    deprivation and population files not found under {data}, so no figures were worked out")
        return {}
    figures = {
        **reference_figures.deprivation_domain_figures(data),
        **reference_figures.age_share_figures(data),
    }
    made = {}
    for spec in COMPUTED:
        indicator = indicator_create(
            by=actor,
            name=spec.name,
            short_name=spec.short_name,
            value_type=ValueType.PERCENTAGE,
            polarity=spec.polarity,
            definition=spec.definition,
            source=spec.source,
            frequency="When the source is updated",
            nodes=[n for n in [_node(ctx, spec.node)] if n is not None],
        )
        rows = _known(actor, figures[spec.key])
        report = observations_save(by=actor, indicator=indicator, rows=rows, source=spec.source[:200])
        ctx.log(f"    {spec.name}: {report.totals()['create']} figures")
        made[spec.key] = indicator
    return made


def _published(ctx: DemoContext, actor: Actor, data: Path) -> dict[str, Indicator]:
    made = {}
    for spec in PUBLISHED:
        path = data / EXTRACTS / spec.file
        if not path.is_file():
            continue
        indicator = indicator_create(
            by=actor,
            name=spec.name,
            short_name=spec.short_name,
            value_type=spec.value_type,
            polarity=spec.polarity,
            definition=f"{spec.definition} {FINGERTIPS_VALUES}",
            source=f"Office for Health Improvement and Disparities, Fingertips (published values). {OGL}",
            frequency="Annual",
            nodes=[n for n in [_node(ctx, spec.node)] if n is not None],
        )
        rows = _known(actor, reference_figures.fingertips_extract_rows(path))
        observations_save(by=actor, indicator=indicator, rows=rows, source="Fingertips")
        made[spec.file] = indicator
    if made:
        ctx.log(f"    Fingertips values for England and every district: {len(made)} indicators")
    return made


def _fingertips_export(ctx: DemoContext, actor: Actor, data: Path) -> None:
    path = data / CAMPYLOBACTER
    if not path.is_file():
        ctx.log(f"    reference data not found at {data}, so the Fingertips export was not imported")
        return
    report = fingertips_import(by=actor, data=path.read_bytes(), filename=path.name, dry_run=False)
    for line in report.notes[:1] + [n for n in report.notes if "reproduces" in n]:
        ctx.log(f"    Fingertips: {line}")


def _targets(actor: Actor, quoted: dict[str, Indicator], published: dict[str, Indicator]) -> None:
    """The partnership's targets, invented for the demo (the figures they are judged on are real)."""
    target_create(
        by=actor,
        indicator=quoted["Anti-social behaviour incidents"],
        area_code=STEVENAGE,
        period="2011/12",
        value=5_000,
        amber_tolerance=250,
        note="Target invented for the demo.",
    )
    target_create(
        by=actor,
        indicator=quoted["Young people with 5 or more GCSEs at A* to C"],
        area_code=STEVENAGE,
        period="2011",
        value=80.5,
        amber_tolerance=3.0,
        note="Target invented for the demo: reach the England average.",
    )
    smoking = published.get("smoking_adults.csv")
    if smoking is not None:
        trajectory_set(
            by=actor,
            indicator=smoking,
            area_code=STEVENAGE,
            points=[("2016", 20.0), ("2018", 15.0), ("2022", 12.0), ("2026", 10.0)],
            amber_tolerance=1.5,
            note="Ambition invented for the demo: down to 10% by 2026.",
        )
    falls = published.get("admissions_falls.csv")
    if falls is not None:
        target_create(
            by=actor,
            indicator=falls,
            area_code=STEVENAGE,
            period="2017/18",
            value=2_200.0,
            amber_tolerance=150.0,
            note="Target invented for the demo: no higher than 2,200 admissions per 100,000.",
        )


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
    data = ctx.shared.get("reference_data") or reference_data_dir()
    published: dict[str, Indicator] = {}
    if data.is_dir():
        _computed(ctx, analyst, data)
        published = _published(ctx, analyst, data)
        _fingertips_export(ctx, analyst, data)
    else:
        ctx.log(f"    reference data not found at {data}: only the strategy's own figures are loaded")
    _targets(analyst, quoted, published)
    ctx.log(f"    {Indicator.objects.filter(partnership=ctx.partnership).count()} indicators")
