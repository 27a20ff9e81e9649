"""How a figure compares with its benchmark, and how each outcome is drawn.

Colour is never the only signal: every outcome also has a word, a short label, a marker shape
and a CSS class for tables, so the charts, the tartan rug and the tables all say the same thing.
Fills sit beside a dark outline (see ``OUTLINE``) so each mark's edge has at least 3:1 contrast
with the white background whatever its fill; text on a coloured cell uses ``TEXT_COLOURS``,
chosen for at least 4.5:1 contrast with the fill.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Significance(StrEnum):
    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"
    LOWER = "lower"
    NOT_COMPARED = "not_compared"


ORDER = [
    Significance.BETTER,
    Significance.SIMILAR,
    Significance.WORSE,
    Significance.HIGHER,
    Significance.LOWER,
    Significance.NOT_COMPARED,
]


@dataclass(frozen=True)
class Look:
    """How one outcome is shown: its word, its fill, the text on that fill and its marker shape."""

    label: str
    colour: str
    text_colour: str
    shape: str


# GOV.UK palette colours, close to the Fingertips convention (green, amber, red; blues where
# neither direction is better; grey where there is no comparison). Vega-Lite point shapes, so a
# marker's meaning survives greyscale printing and colour blindness.
LOOKS = {
    Significance.BETTER: Look("Better", "#00703c", "#ffffff", "triangle-up"),
    Significance.SIMILAR: Look("Similar", "#ffdd00", "#0b0c0c", "circle"),
    Significance.WORSE: Look("Worse", "#d4351c", "#ffffff", "triangle-down"),
    Significance.HIGHER: Look("Higher", "#5694ca", "#0b0c0c", "square"),
    Significance.LOWER: Look("Lower", "#003078", "#ffffff", "diamond"),
    Significance.NOT_COMPARED: Look("Not compared", "#b1b4b6", "#0b0c0c", "cross"),
}
LABELS = {outcome: look.label for outcome, look in LOOKS.items()}
COLOURS = {outcome: look.colour for outcome, look in LOOKS.items()}
TEXT_COLOURS = {outcome: look.text_colour for outcome, look in LOOKS.items()}
SHAPES = {outcome: look.shape for outcome, look in LOOKS.items()}

OUTLINE = "#0b0c0c"

_ALIASES = {
    "better": Significance.BETTER,
    "similar": Significance.SIMILAR,
    "same": Significance.SIMILAR,
    "not significantly different": Significance.SIMILAR,
    "worse": Significance.WORSE,
    "higher": Significance.HIGHER,
    "lower": Significance.LOWER,
    "not compared": Significance.NOT_COMPARED,
    "not_compared": Significance.NOT_COMPARED,
    "": Significance.NOT_COMPARED,
}


def significance_of(value: object) -> Significance:
    """Read an outcome however a caller spells it ("Better", "better", "Better 95%", None)."""
    if isinstance(value, Significance):
        return value
    if value is None:
        return Significance.NOT_COMPARED
    raw = getattr(value, "value", value)
    text = str(raw).strip().lower()
    if text in _ALIASES:
        return _ALIASES[text]
    first = text.split()[0] if text.split() else ""
    return _ALIASES.get(first, Significance.NOT_COMPARED)


def significance_label(value: object) -> str:
    return LABELS[significance_of(value)]


def significance_sentence(value: object, comparator: str) -> str:
    """'Better than England', 'Similar to England', 'Not compared with England'."""
    outcome = significance_of(value)
    if outcome is Significance.SIMILAR:
        return f"Similar to {comparator}"
    if outcome is Significance.NOT_COMPARED:
        return f"Not compared with {comparator}"
    return f"{LABELS[outcome]} than {comparator}"


# Who compared a figure, as the charts' rows carry it (``compared_by``): Wellboard itself, by the
# figure's confidence interval, or a publisher (e.g. "Fingertips") whose verdict came with a figure
# Wellboard could not test.
WELLBOARD = "Wellboard"


def attribution(compared_by: str) -> str:
    """'as published by Fingertips' for a comparison Wellboard did not make itself; '' otherwise."""
    return f"as published by {compared_by}" if compared_by and compared_by != WELLBOARD else ""


def attributed(text: str, compared_by: str) -> str:
    """A comparison's words with who made it when that was not Wellboard: 'Worse than England, as
    published by Fingertips'."""
    by = attribution(compared_by)
    return f"{text}, {by}" if by else text


def significance_css_class(value: object) -> str:
    """The class for a coloured cell or tag (defined in wellboard.css)."""
    return f"wb-sig wb-sig--{significance_of(value).value.replace('_', '-')}"


def colour_scale(outcomes: list[Significance] | None = None) -> dict[str, list[str]]:
    """A Vega-Lite scale mapping outcome labels to colours, in the legend's order."""
    chosen = outcomes if outcomes is not None else ORDER
    return {"domain": [LABELS[o] for o in chosen], "range": [COLOURS[o] for o in chosen]}


def shape_scale(outcomes: list[Significance] | None = None) -> dict[str, list[str]]:
    chosen = outcomes if outcomes is not None else ORDER
    return {"domain": [LABELS[o] for o in chosen], "range": [SHAPES[o] for o in chosen]}


def outcomes_present(values: list[Significance]) -> list[Significance]:
    """The outcomes that occur, in the standard order, so legends list only what is drawn."""
    seen = set(values)
    return [o for o in ORDER if o in seen]
