"""Figures the trust suites leave behind for ``make security-report``: one JSON-lines file per suite
in the directory named by WELLBOARD_TRUST_REPORT_DIR (nothing is written when it is unset). Each test
appends one line, so parallel workers never overwrite each other; tests/trust/report.py adds them up."""

from __future__ import annotations

import json
import os
from pathlib import Path


def record(suite: str, **figures: int) -> None:
    where = os.environ.get("WELLBOARD_TRUST_REPORT_DIR")
    if not where:
        return
    folder = Path(where)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{suite}.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(figures, sort_keys=True) + "\n")
