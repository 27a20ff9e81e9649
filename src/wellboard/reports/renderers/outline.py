"""The report's sections in reading order, each with its heading level and a unique anchor.

The document's title is the only level-1 heading; top-level sections are level 2 and each nesting
adds one, up to 6, so headings never skip a level in any format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from wellboard.reports.document import ReportDocument, Section

MAX_LEVEL = 6
_NOT_ID = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Placed:
    section: Section
    level: int  # heading level: 2 for a top-level section
    anchor: str
    number: str  # "2.3", for the contents and for charts' and tables' ids


def _slug(text: str) -> str:
    return _NOT_ID.sub("-", text.lower()).strip("-")[:60]


def outline(doc: ReportDocument) -> list[Placed]:
    taken: set[str] = set()

    def anchor_for(section: Section, number: str) -> str:
        base = _slug(section.anchor) or f"section-{number.replace('.', '-')}"
        if not base[0].isalpha():
            base = f"s-{base}"
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        taken.add(anchor)
        return anchor

    def walk(sections: tuple[Section, ...], level: int, prefix: str) -> Iterator[Placed]:
        for index, section in enumerate(sections, start=1):
            number = f"{prefix}{index}"
            yield Placed(section, min(level, MAX_LEVEL), anchor_for(section, number), number)
            yield from walk(section.children, level + 1, f"{number}.")

    return list(walk(doc.sections, 2, ""))
