"""What a Fingertips export does not say, inferred from what it does.

The export has no value-type, method, unit or polarity column. Wellboard infers them, says how in
the import report, and the analyst can change any of them on the indicator afterwards:

* value type, unit and multiplier from the indicator's name ("rate/100,000" is a crude rate per
  100,000; "%" or "proportion" a percentage; "life expectancy" years; "directly standardised" a
  DSR), and failing that from the data (value = count / denominator x 100 or x 100,000);
* for crude rates, whether the published limits are exact below 10 events (PHE's current rule) or
  Byar's at every count (older indicators): the variant that reproduces more published limits wins;
* polarity from the published "Compared to England" labels: when areas below England are called
  better, lower is better. With no Better/Worse labels the polarity is "neither".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from wellboard.geography.models import AreaType
from wellboard.indicators.calculations import observation_figures, relative_difference
from wellboard.indicators.importers.fingertips.reader import FingertipsRow
from wellboard.indicators.models import Method, Polarity, ValueType
from wellboard.indicators.selectors import ENGLAND_CODE

LIMIT_TOLERANCE = 2e-4  # relative; published limits are rounded in their last digits
LIMIT_TOLERANCE_TEXT = "2e-4"


def area_type_for(fingertips_type: str) -> str | None:
    """Wellboard's area type for a Fingertips "Area Type" (None when Wellboard has no such type)."""
    text = fingertips_type.lower()
    if "england" in text or "country" in text:
        return AreaType.COUNTRY
    if "region" in text:
        return AreaType.REGION
    if "sub-icb" in text or "ccg" in text:
        return "ccg"
    if "icb" in text:
        return "icb"
    if "county" in text or "counties" in text or "upper tier" in text:
        return AreaType.UTLA
    if "district" in text or "lower tier" in text:
        return AreaType.LTLA
    for keyword, area_type in (("ward", AreaType.WARD), ("msoa", AreaType.MSOA), ("lsoa", AreaType.LSOA)):
        if keyword in text:
            return area_type
    return None


@dataclass
class Definition:
    value_type: str
    method: str
    multiplier: int
    unit: str
    polarity: str
    reasons: list[str] = field(default_factory=list)


_PER = re.compile(r"(?:/|\bper\s+)\s*(100,?000|10,?000|1,?000|100)\b")
_RATE_SUFFIX = re.compile(
    r"\s*(?:-\s*)?(?:crude\s+)?(?:rate\s*)?(?:/|\bper\s+)\s*[\d,]+\s*(?:population)?\s*$", re.I
)


def short_name(name: str) -> str:
    """The name without a trailing 'rate/100,000' or '(%)'-style unit."""
    text = _RATE_SUFFIX.sub("", name)
    text = re.sub(r"\s*\((?:%|per cent|percentage)\)\s*$", "", text, flags=re.I)
    return text.strip(" -:") or name


def _from_name(name: str) -> tuple[str, int, str] | None:
    text = name.lower()
    per = _PER.search(text)
    multiplier = int(per.group(1).replace(",", "")) if per else 100_000
    unit = f"per {multiplier:,}"
    if "life expectancy" in text:
        return ValueType.LIFE_EXPECTANCY, 1, "years"
    if "directly standardised" in text or "directly age standardised" in text or re.search(r"\bdsr\b", text):
        return ValueType.DSR, multiplier, unit
    if "age-standardised rate" in text or "age standardised rate" in text:
        return ValueType.DSR, multiplier, unit
    if "standardised ratio" in text or re.search(r"\bsmr\b|\bsar\b|\bratio\b", text):
        return ValueType.RATIO, 100, ""
    if per and multiplier != 100:
        return ValueType.CRUDE_RATE, multiplier, unit
    if "%" in text or "percentage" in text or "proportion" in text or "prevalence" in text:
        return ValueType.PERCENTAGE, 100, "%"
    if "score" in text:
        return ValueType.SCORE, 1, ""
    if re.search(r"\bmean\b|\baverage\b", text):
        return ValueType.MEAN, 1, ""
    if "number of" in text or re.search(r"\bcount\b", text):
        return ValueType.COUNT, 1, ""
    return None


def _from_data(rows: Sequence[FingertipsRow]) -> tuple[str, int, str] | None:
    ratios = [
        r.value * r.denominator / r.count for r in rows if r.count and r.denominator and r.value is not None
    ]
    if not ratios:
        return None
    scale = float(np.median(ratios))
    usable = [r for r in rows if r.count and r.denominator]
    for multiplier in (100, 1_000, 10_000, 100_000):
        if abs(scale - multiplier) <= multiplier * 1e-3:
            if multiplier == 100 and all((r.count or 0) <= (r.denominator or 0) for r in usable):
                return ValueType.PERCENTAGE, 100, "%"
            return ValueType.CRUDE_RATE, multiplier, f"per {multiplier:,}"
    return None


_DEFAULT_METHOD: dict[str, str] = {
    ValueType.PERCENTAGE: Method.WILSON,
    ValueType.CRUDE_RATE: Method.BYARS_EXACT,
    ValueType.DSR: Method.DOBSON,
    ValueType.RATIO: Method.SMR,
    ValueType.LIFE_EXPECTANCY: Method.CHIANG,
    ValueType.MEAN: Method.STUDENT_T,
}


def with_published_limits(rows: Sequence[FingertipsRow]) -> list[FingertipsRow]:
    """Rows with a count, a denominator and both published 95% limits."""
    return [
        r
        for r in rows
        if r.count is not None
        and r.denominator is not None
        and r.lower95 is not None
        and r.upper95 is not None
    ]


def limits_reproduced(rows: Sequence[FingertipsRow], *, method: str, multiplier: int) -> np.ndarray:
    """For each row (with published limits), whether ``method`` gives both 95% limits within 2e-4."""
    if not rows:
        return np.zeros(0, dtype=bool)
    figures = observation_figures(
        method=method,
        multiplier=multiplier,
        count=np.array([r.count for r in rows], dtype=float),
        denominator=np.array([r.denominator for r in rows], dtype=float),
    )
    low = relative_difference(figures.lower95, [r.lower95 for r in rows])
    high = relative_difference(figures.upper95, [r.upper95 for r in rows])
    result: np.ndarray = (low <= LIMIT_TOLERANCE) & (high <= LIMIT_TOLERANCE)
    return result


def _rate_method(rows: Sequence[FingertipsRow], multiplier: int) -> tuple[str, str]:
    checked = with_published_limits(rows)
    small = [r for r in checked if (r.count or 0) < 10]
    if not small:
        return Method.BYARS_EXACT, ""
    exact = int(limits_reproduced(small, method=Method.BYARS_EXACT, multiplier=multiplier).sum())
    byars = int(limits_reproduced(small, method=Method.BYARS, multiplier=multiplier).sum())
    if byars > exact:
        return Method.BYARS, (
            f"Byar's method at every count, because it reproduces {byars} of the {len(small)} published "
            f"limits for counts below 10 (exact Poisson limits reproduce {exact})"
        )
    return Method.BYARS_EXACT, (
        f"exact Poisson limits below 10 events, because they reproduce {exact} of the {len(small)} "
        "published limits for counts below 10"
    )


def england_values(rows: Sequence[FingertipsRow]) -> dict[tuple[str, str, str, str], float]:
    """England's value for each (period, sex, age, indicator), the benchmark of 'Compared to England'."""
    return {
        (r.period.code, r.sex, r.age, r.indicator_id): r.value
        for r in rows
        if r.area_code == ENGLAND_CODE and not r.category_type and r.value is not None
    }


def published_label(text: str) -> str:
    """A published comparison as Wellboard's word: 'Better 95%' -> 'better'; '' if not compared."""
    word = text.strip().split(" ")[0].lower() if text.strip() else ""
    return word if word in ("better", "similar", "worse", "higher", "lower", "same") else ""


def _polarity(rows: Sequence[FingertipsRow]) -> tuple[str, str]:
    england = england_values(rows)
    votes = {Polarity.LOW_IS_GOOD: 0, Polarity.HIGH_IS_GOOD: 0}
    neutral = 0
    for r in rows:
        label = published_label(r.compared_to_england)
        benchmark = england.get((r.period.code, r.sex, r.age, r.indicator_id))
        if label in ("higher", "lower"):
            neutral += 1
        if label not in ("better", "worse") or benchmark is None or r.value is None or r.value == benchmark:
            continue
        below = r.value < benchmark
        votes[Polarity.LOW_IS_GOOD if below == (label == "better") else Polarity.HIGH_IS_GOOD] += 1
    low, high = votes[Polarity.LOW_IS_GOOD], votes[Polarity.HIGH_IS_GOOD]
    if low and not high:
        return (
            Polarity.LOW_IS_GOOD,
            f"lower is better: all {low} areas called better or worse than England say so",
        )
    if high and not low:
        return (
            Polarity.HIGH_IS_GOOD,
            f"higher is better: all {high} areas called better or worse than England say so",
        )
    if low or high:
        return Polarity.NEITHER, "neither: the published labels disagree about which direction is better"
    if neutral:
        return (
            Polarity.NEITHER,
            "neither: Fingertips compares this indicator as higher or lower, not better or worse",
        )
    return Polarity.NEITHER, "neither: the export has no 'better' or 'worse' labels to infer it from"


def infer_definition(name: str, rows: Sequence[FingertipsRow], *, polarity: str | None) -> Definition:
    """Value type, method, multiplier, unit and polarity of one indicator, with the reasons."""
    reasons: list[str] = []
    found = _from_name(name)
    if found is not None:
        reasons.append(f"value type {ValueType(found[0]).label.lower()} from the indicator's name")
    else:
        found = _from_data(rows)
        if found is not None:
            reasons.append(f"value type {ValueType(found[0]).label.lower()} from value = count / denominator")
        else:
            found = (ValueType.SCORE, 1, "")
            reasons.append("value type not recognised, so recorded as a score: set it on the indicator")
    value_type, multiplier, unit = found
    method = _DEFAULT_METHOD.get(value_type, Method.NONE)
    if value_type == ValueType.CRUDE_RATE:
        method, why = _rate_method(rows, multiplier)
        if why:
            reasons.append(why)
    if polarity:
        reasons.append(f"polarity '{polarity}' as given")
    else:
        polarity, why = _polarity(rows)
        reasons.append(f"polarity {why}")
    return Definition(value_type, method, multiplier, unit, polarity, reasons)
