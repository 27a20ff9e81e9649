"""The demo's indicators as data: the figures the community strategy quotes, the indicators
Wellboard works out from the reference files, and the published Fingertips series it loads
(``step_40_indicators`` loads them). Each says where its figures come from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wellboard.indicators.models import IndicatorKind, Polarity, ValueType

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
LIFESTYLES = "Encourage healthy lifestyle choices"
MENTAL_HEALTH = "Support good mental health"
CHILD_POVERTY = "Understand and address child poverty"
CAMPYLOBACTER = Path("fingertips") / "fingertips_export_campylobacter_93356.csv"
EXTRACTS = Path("fingertips") / "trafford_dashboard_phe_extracts"
OGL = "Open Government Licence v3.0"


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


@dataclass(frozen=True)
class Computed:
    """An indicator whose figures Wellboard works out from the reference files, with counts."""

    key: str  # which of ``reference_figures``' results
    name: str
    short_name: str
    polarity: str
    node: str
    definition: str
    source: str


DEPRIVATION_SOURCE = (
    "MHCLG, English Indices of Deprivation 2025 (domain scores by LSOA) and ONS mid-2015 LSOA "
    f"populations (IoD2019 denominators); counts and limits worked out by Wellboard. {OGL}"
)
POPULATION_SOURCE = f"ONS mid-2015 LSOA population estimates, as MHCLG's IoD2019 denominators. {OGL}"
DECILE_NOTE = (
    " By deprivation decile: England's deciles for England and Hertfordshire; for each Hertfordshire "
    "district its own LSOAs ranked by IMD score and cut into ten near-equal groups (local deciles)."
)
COMPUTED = [
    Computed(
        "income", "Income deprivation", "Income deprivation", Polarity.LOW_IS_GOOD,
        "Help residents to manage their money",
        "Percentage of residents who are income deprived, as the English Indices of Deprivation 2025 "
        "measure it. Each LSOA's income domain score is that proportion; times the LSOA's mid-2015 "
        "population (carried to 2021 LSOAs: a split LSOA's people shared equally between its parts) it "
        "gives a count that adds up to wards, districts, the county and England." + DECILE_NOTE,
        DEPRIVATION_SOURCE,
    ),
    Computed(
        "employment", "Employment deprivation", "Employment deprivation", Polarity.LOW_IS_GOOD,
        "Increase skills and employability",
        "Percentage of working-age residents (18 to 59 or 64) who are involuntarily out of work, as the "
        "English Indices of Deprivation 2025 employment domain measures it, counted as for income "
        "deprivation against the mid-2015 working-age population." + DECILE_NOTE,
        DEPRIVATION_SOURCE,
    ),
    Computed(
        "children", "Residents aged 0 to 15", "Children aged 0 to 15", Polarity.NEITHER, CHILD_POVERTY,
        "Percentage of residents who are children aged 0 to 15 (mid-2015, excluding prisoners), by "
        "LSOA, ward, district, county and England." + DECILE_NOTE.replace("IMD score", "IMD2019 score"),
        POPULATION_SOURCE,
    ),
    Computed(
        "older", "Residents aged 60 and over", "Aged 60 and over", Polarity.NEITHER, "Healthy people",
        "Percentage of residents aged 60 and over (mid-2015, excluding prisoners), by LSOA, ward, "
        "district, county and England." + DECILE_NOTE.replace("IMD score", "IMD2019 score"),
        POPULATION_SOURCE,
    ),
]  # fmt: skip


@dataclass(frozen=True)
class Published:
    """Published Fingertips values for England and every district, from one extract file."""

    file: str
    name: str
    short_name: str
    value_type: str
    polarity: str
    node: str
    definition: str


FINGERTIPS_VALUES = (
    "Published values only: Fingertips gave no confidence limits, counts or denominators with them, so "
    "Wellboard cannot test them itself; the comparison with England shown for each figure is the one "
    "Fingertips published."
)
PUBLISHED = [
    Published("smoking_adults.csv", "Smoking prevalence in adults (current smokers, APS)",
              "Adults who smoke (APS)", ValueType.PERCENTAGE, Polarity.LOW_IS_GOOD, LIFESTYLES,
              "Percentage of adults aged 18 and over who smoke, from the Annual Population Survey."),
    Published("physically_inactive.csv", "Physically inactive adults", "Physically inactive adults",
              ValueType.PERCENTAGE, Polarity.LOW_IS_GOOD, LIFESTYLES,
              "Percentage of adults doing less than 30 minutes of moderate physical activity a week "
              "(Active Lives survey)."),
    Published("excess_weight_year6.csv", "Children aged 10 to 11 who have excess weight",
              "Excess weight, Year 6", ValueType.PERCENTAGE, Polarity.LOW_IS_GOOD, LIFESTYLES,
              "Percentage of children in Year 6 who are overweight or obese (National Child Measurement "
              "Programme)."),
    Published("low_income_families.csv", "Children in low income families", "Children in low income families",
              ValueType.PERCENTAGE, Polarity.LOW_IS_GOOD, CHILD_POVERTY,
              "Percentage of children under 16 living in families in receipt of out-of-work benefits or "
              "tax credits with reported income below 60% of the median."),
    Published("admissions_falls.csv", "Emergency hospital admissions due to falls in people aged 65 and over",
              "Falls admissions, 65+", ValueType.DSR, Polarity.LOW_IS_GOOD, "Healthy people",
              "Emergency admissions for falls per 100,000 residents aged 65 and over, age standardised."),
    Published("admissions_self_harm.csv", "Emergency hospital admissions for intentional self-harm",
              "Self-harm admissions", ValueType.DSR, Polarity.LOW_IS_GOOD, MENTAL_HEALTH,
              "Emergency admissions for intentional self-harm per 100,000 residents, age standardised."),
    Published("alcohol_related_admissions.csv", "Alcohol-related hospital admissions (narrow measure)",
              "Alcohol-related admissions", ValueType.DSR, Polarity.LOW_IS_GOOD, LIFESTYLES,
              "Admissions where the main reason was an alcohol-related condition, per 100,000 residents, "
              "age standardised."),
]  # fmt: skip
