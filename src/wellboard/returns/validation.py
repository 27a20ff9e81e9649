"""The rules a return's figures must meet, written once for every way figures arrive.

Figures arrive from the web form, an uploaded workbook, a CSV file or the API, always as raw values
keyed by *field names* (see ``field_name``). ``validate_figures`` turns them into clean numbers and
GOV.UK-style messages keyed by the same names, so each channel can show a message beside the right
field, cell or JSON key.

Two strengths: saving a draft only refuses what can never be right (text in a number, negative
counts, out of range); submitting also needs every required figure, comments where the rules ask
for one, breakdowns that add up, and no unexplained jump from the previous period.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from wellboard.core.numbers import NOT_ASCII_DIGITS, NotANumber, parse_decimal
from wellboard.core.text import in_sentence
from wellboard.returns.models import (
    FIGURE_DECIMAL_PLACES,
    FIGURE_LARGEST,
    FIGURE_LIMIT,
    Measure,
    MeasureValueType,
)

RawValue = str | int | float | Decimal | None
RETURN_COMMENT = "return_comment"
OUTLIER_MIN_HISTORY = 4
OUTLIER_SCORE = Decimal("3.5")


def field_name(
    code: str, part: str = "value", breakdown: int | None = None, category: int | None = None
) -> str:
    """``calls``, ``calls__den``, ``calls__comment``, ``calls__b0c2``, ``calls__b0c2__den``."""
    name = code
    if breakdown is not None and category is not None:
        name += f"__b{breakdown}c{category}"
    if part == "denominator":
        name += "__den"
    elif part == "comment":
        name += "__comment"
    return name


@dataclass(frozen=True)
class Slot:
    """One place a value can be entered: a measure's total or one breakdown category."""

    measure: Measure
    breakdown: str = ""
    category: str = ""
    breakdown_index: int | None = None
    category_index: int | None = None

    @property
    def is_total(self) -> bool:
        return not self.breakdown

    def name(self, part: str = "value") -> str:
        return field_name(self.measure.code, part, self.breakdown_index, self.category_index)

    @property
    def label(self) -> str:
        if self.is_total:
            return self.measure.label
        return f"{self.measure.label} ({self.breakdown}: {self.category})"


def slots_for(measure: Measure) -> list[Slot]:
    slots = [Slot(measure)]
    for bi, breakdown in enumerate(measure.breakdowns or []):
        for ci, category in enumerate(breakdown.get("categories", [])):
            slots.append(Slot(measure, str(breakdown["name"]), str(category), bi, ci))
    return slots


def slot_for(measure: Measure, breakdown: str, category: str) -> Slot | None:
    """Find a slot by the names people type (case and surrounding space ignored)."""
    want = (breakdown.strip().lower(), category.strip().lower())
    for slot in slots_for(measure):
        if (slot.breakdown.lower(), slot.category.lower()) == want:
            return slot
    return None


@dataclass(frozen=True)
class CleanFigure:
    value: Decimal | None
    denominator: Decimal | None = None


@dataclass
class Validated:
    figures: dict[tuple[str, str, str], CleanFigure] = field(default_factory=dict)  # (code, breakdown, cat)
    comments: dict[str, str] = field(default_factory=dict)  # by measure code
    errors: dict[str, list[str]] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)  # warnings for the approver

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


class NumberTooLarge(ValueError):
    """A number, but one beyond what a figure can hold (see ``FIGURE_LIMIT``)."""

    def __init__(self, value: Decimal) -> None:
        super().__init__("too large")
        self.negative = value < 0


def parse_number(raw: RawValue) -> Decimal | None:
    """A number as people type it ("1,204", " 12.5 ", 3.0); None for blank (``parse_decimal``).

    Raises ``NumberTooLarge`` for a number whose size is a trillion or more (infinity included), and
    ``NotANumber`` (a ValueError) for anything that is not a number: a boolean, words, or digits
    other than 0 to 9.
    """
    if isinstance(raw, float | Decimal) and math.isinf(raw):
        raise NumberTooLarge(Decimal(raw))
    if isinstance(raw, str) and raw.strip().lstrip("+-").lower() in {"inf", "infinity"}:
        raise NumberTooLarge(Decimal(raw.strip()))  # too large to hold, rather than not a number
    value = parse_decimal(raw)
    if value is not None and abs(value) >= FIGURE_LIMIT:
        raise NumberTooLarge(value)
    return value


def _format(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def _range_message(label: str, low: Decimal | None, high: Decimal | None, unit: str = "") -> str:
    if low is not None and high is not None:
        return f"{label} must be between {_format(low)}{unit} and {_format(high)}{unit}"
    if low is not None:
        return f"{label} must be {_format(low)}{unit} or more"
    return f"{label} must be {_format(high or FIGURE_LARGEST)}{unit} or less"


def _unit(measure: Measure) -> str:
    return f" {measure.unit}" if measure.unit and measure.unit != "%" else measure.unit


def _check_number(
    result: Validated,
    name: str,
    label: str,
    raw: RawValue,
    *,
    whole: bool,
    measure: Measure | None = None,
) -> Decimal | None:
    """A figure 0 or more, within what can be stored; ``measure`` (for a total that is not a rate)
    lets a number too large to store be told the measure's own range instead."""
    try:
        value = parse_number(raw)
    except NumberTooLarge as exc:
        if exc.negative:
            result.add(name, f"{label} must be 0 or more")
        elif measure is not None and measure.max_value is not None:
            low = measure.min_value if measure.min_value is not None else Decimal(0)
            result.add(name, _range_message(label, low, measure.max_value, _unit(measure)))
        else:
            result.add(name, _range_message(label, Decimal(0), FIGURE_LARGEST))
        return None
    except NotANumber as exc:
        if exc.reason == NOT_ASCII_DIGITS:
            result.add(name, f"{label} {NOT_ASCII_DIGITS}, like 12")
        else:
            result.add(name, f"{label} must be a number, like 12")
        return None
    if value is None:
        return None
    if value < 0:
        result.add(name, f"{label} must be 0 or more")
        return None
    if whole and value != value.to_integral_value():
        result.add(name, f"{label} must be a whole number")
        return None
    if value.normalize().as_tuple().exponent < -FIGURE_DECIMAL_PLACES:  # type: ignore[operator]
        result.add(name, f"{label} must have no more than {FIGURE_DECIMAL_PLACES} decimal places")
        return None
    return value


def validate_figures(
    measures: Sequence[Measure],
    raw: Mapping[str, RawValue],
    *,
    existing: Mapping[tuple[str, str, str], CleanFigure] | None = None,
    existing_comments: Mapping[str, str] | None = None,
    previous: Mapping[str, Decimal | None] | None = None,
    history: Mapping[str, Sequence[Decimal]] | None = None,
    submitting: bool = False,
) -> Validated:
    """Check ``raw`` (field name → typed value) against each measure's rules.

    ``existing`` holds the figures already saved: a field missing from ``raw`` keeps its saved value
    (an upload that omits a column never blanks it). ``previous`` is each measure's total for the
    previous period (for change and cumulative checks); ``history`` its earlier totals (for outliers).
    """
    existing = existing or {}
    existing_comments = existing_comments or {}
    previous = previous or {}
    history = history or {}
    result = Validated()
    known = {RETURN_COMMENT}
    for measure in measures:
        kind = measure.kind
        label = measure.label
        slots = slots_for(measure)
        for slot in slots:
            key = (measure.code, slot.breakdown, slot.category)
            saved = existing.get(key, CleanFigure(None, None))
            known.add(slot.name())
            slot_label = slot.label if slot.is_total else f"{label}, {slot.breakdown} {slot.category},"
            value_label = slot_label
            if kind.has_denominator:
                value_label = f"The numerator for {in_sentence(slot_label)}"
            value = (
                _check_number(
                    result,
                    slot.name(),
                    value_label,
                    raw[slot.name()],
                    whole=measure.integer_only,
                    measure=measure if slot.is_total and not kind.has_denominator else None,
                )
                if slot.name() in raw
                else saved.value
            )
            denominator: Decimal | None = None
            if kind.has_denominator:
                den_name = slot.name("denominator")
                known.add(den_name)
                den_label = f"The denominator for {in_sentence(slot_label)}"
                denominator = (
                    _check_number(result, den_name, den_label, raw[den_name], whole=True)
                    if den_name in raw
                    else saved.denominator
                )
                if denominator is not None and denominator == 0 and value not in (None, Decimal(0)):
                    result.add(den_name, f"{den_label} must be more than 0")
                elif value is not None and denominator is not None and value > denominator:
                    result.add(
                        slot.name(),
                        f"The numerator for {in_sentence(slot_label)} must not be more than the denominator",
                    )
                if submitting and (value is None) != (denominator is None):
                    missing = den_name if denominator is None else slot.name()
                    result.add(missing, "Enter both the numerator and the denominator")
            result.figures[key] = CleanFigure(value, denominator)

            shown = _shown(measure, value, denominator)
            if shown is not None and slot.is_total and slot.name() not in result.errors:
                low, high = measure.min_value, measure.max_value
                if (low is not None and shown < low) or (high is not None and shown > high):
                    result.add(slot.name(), _range_message(label, low, high, _unit(measure)))

        comment_name = field_name(measure.code, "comment")
        known.add(comment_name)
        comment = raw.get(comment_name)
        comment_text = (
            str(comment).strip() if comment is not None else existing_comments.get(measure.code, "")
        )
        if len(comment_text) > 2000:
            result.add(comment_name, "The comment must be 2,000 characters or fewer")
        result.comments[measure.code] = comment_text

        total = result.figures[(measure.code, "", "")]
        if not submitting:
            continue
        total_name = field_name(measure.code)
        if measure.required and total.value is None and total_name not in result.errors:
            result.add(total_name, f"Enter {in_sentence(label)}")
        if measure.comment_required and not comment_text:
            result.add(comment_name, f"Enter a comment about {in_sentence(label)}")
        _check_breakdowns(result, measure, slots)
        shown_total = _shown(measure, total.value, total.denominator)
        before = previous.get(measure.code)
        if shown_total is not None and before is not None and total_name not in result.errors:
            if measure.cumulative and not kind.has_denominator and shown_total < before:
                result.add(
                    total_name,
                    f"{label} is a running total, so it cannot be lower than last period's {_format(before)}",
                )
            change = percentage_change(before, shown_total)
            if (
                measure.change_threshold is not None
                and change is not None
                and abs(change) > measure.change_threshold
                and not comment_text
            ):
                result.add(
                    comment_name,
                    f"Explain why {in_sentence(label)} changed by more than {measure.change_threshold}% "
                    "since the last period",
                )
        if shown_total is not None and is_outlier(shown_total, history.get(measure.code, ())):
            result.flags.append(
                f"{label} ({_format(shown_total)}) is unusual compared with this "
                "organisation's earlier returns"
            )
    unknown = sorted(k for k in raw if k not in known)
    for name in unknown:
        result.add("", f"'{name}' is not a measure in this collection")
    comment = raw.get(RETURN_COMMENT)
    if comment is not None and len(str(comment)) > 5000:
        result.add(RETURN_COMMENT, "The comment must be 5,000 characters or fewer")
    return result


def _shown(measure: Measure, value: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if measure.kind.has_denominator:
        if not denominator:
            return None
        return value / denominator * measure.multiplier
    return value


def _check_breakdowns(result: Validated, measure: Measure, slots: Iterable[Slot]) -> None:
    """Each breakdown, once any of its categories is filled in, must be complete and add up."""
    if measure.kind == MeasureValueType.NUMBER and not measure.breakdowns:
        return
    total = result.figures[(measure.code, "", "")]
    by_breakdown: dict[int, list[Slot]] = {}
    for slot in slots:
        if slot.breakdown_index is not None:
            by_breakdown.setdefault(slot.breakdown_index, []).append(slot)
    for group in by_breakdown.values():
        figures = [result.figures[(measure.code, s.breakdown, s.category)] for s in group]
        if all(f.value is None for f in figures):
            continue
        if any(s.name() in result.errors for s in group):
            continue
        blank = [s for s, f in zip(group, figures, strict=True) if f.value is None]
        for slot in blank:
            result.add(slot.name(), f"Enter {in_sentence(measure.label)} for {slot.category} (0 if none)")
        if blank or total.value is None:
            continue
        breakdown = group[0].breakdown
        parts_sum = sum((f.value for f in figures if f.value is not None), Decimal(0))
        if parts_sum != total.value:
            result.add(
                group[0].name(),
                f"{measure.label} by {in_sentence(breakdown)} adds up to {_format(parts_sum)}, "
                f"but the total is {_format(total.value)}",
            )
        if measure.kind.has_denominator:
            den_sum = sum((f.denominator or Decimal(0) for f in figures), Decimal(0))
            if total.denominator is not None and den_sum != total.denominator:
                result.add(
                    group[0].name("denominator"),
                    f"The denominators for {in_sentence(measure.label)} by {in_sentence(breakdown)} add up "
                    f"to {_format(den_sum)}, but the total denominator is {_format(total.denominator)}",
                )


def percentage_change(before: Decimal, after: Decimal) -> Decimal | None:
    """Change from ``before`` to ``after`` in percent; None when ``before`` is 0 (any change is infinite)."""
    if before == 0:
        return None
    return (after - before) / abs(before) * 100


def is_outlier(value: Decimal, history: Sequence[Decimal]) -> bool:
    """Iglewicz and Hoaglin's modified z-score above 3.5 against at least four earlier figures.

    Uses the median and the median absolute deviation, so one earlier outlier does not hide the next.
    When the earlier figures barely vary (MAD of 0), a value more than 50% away from their median
    counts as unusual.
    """
    if len(history) < OUTLIER_MIN_HISTORY:
        return False
    median = statistics.median(history)
    mad = statistics.median([abs(h - median) for h in history])
    if mad == 0:
        if median == 0:
            return value != 0
        return abs(value - median) / abs(median) > Decimal("0.5")
    score = Decimal("0.6745") * abs(value - median) / mad
    return score > OUTLIER_SCORE
