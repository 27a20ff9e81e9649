"""Rewrite the figures in docs/security.md from what the trust suites recorded.

``make security-report`` runs the suites with WELLBOARD_TRUST_REPORT_DIR set (each test appends a
line to its suite's JSON-lines file), then runs this script with that directory. The table between
the security-figures markers is replaced; the rest of the page is left as it is.

    python -m tests.trust.report REPORT_DIR [docs/security.md]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

START = "<!-- security-figures:start -->"
END = "<!-- security-figures:end -->"
HEADER = ("Suite", "What it does", "Figures", "Unexpected")

SUITES = {
    "authorisation-matrix": ("Every route, every actor, GET and POST", ("routes", "requests")),
    "mismatched-parents": (
        "Another hub's record under this hub's address, every actor, GET and POST",
        ("routes", "requests"),
    ),
    "hostile-markup": ("Hostile markup in every free-text field, every page read", ("pages", "payloads")),
    "formula-exports": (
        "Formula text in every free-text field, every CSV/XLSX export read",
        ("exports", "payloads"),
    ),
    "hostile-files": ("Hostile files through every importer", ("importers", "uploads")),
    "concurrency": ("Racing pairs of saves from the same version (PostgreSQL)", ("pairs",)),
    "api-fuzzing": ("Generated requests to every API operation, all checks", ("examples",)),
}

# Each test of the markup and formula suites reads the pages again with other text planted.
LABELS = {"pages": "page reads", "payloads": "payload placements"}


def totals(folder: Path) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        counts: Counter[str] = Counter()
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                counts.update(json.loads(line))
        found[path.stem] = counts
    return found


def _figures(suite: str, counts: Counter[str]) -> str:
    names = SUITES[suite][1]
    return ", ".join(f"{counts[name]:,} {LABELS.get(name, name)}" for name in names)


def table(found: dict[str, Counter[str]]) -> str:
    rows = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for suite, (what, _names) in SUITES.items():
        counts = found.get(suite)
        if counts is None:
            rows.append(f"| {suite} | {what} | not run | - |")
        else:
            rows.append(f"| {suite} | {what} | {_figures(suite, counts)} | {counts['unexpected']:,} |")
    return "\n".join(rows)


def rewrite(page: str, found: dict[str, Counter[str]]) -> str:
    before, start, rest = page.partition(START)
    _old, end, after = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"docs/security.md has no {START} … {END} markers")
    return f"{before}{START}\n{table(found)}\n{END}{after}"


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    folder = Path(argv[1])
    page = Path(argv[2]) if len(argv) == 3 else Path(__file__).resolve().parents[2] / "docs" / "security.md"
    page.write_text(rewrite(page.read_text(encoding="utf-8"), totals(folder)), encoding="utf-8")
    print(f"{page}: figures from {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
