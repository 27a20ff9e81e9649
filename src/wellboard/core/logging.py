"""A console log handler that writes to whatever ``sys.stderr`` is when it emits, not when it was set up
(so redirected or captured standard error keeps working)."""

from __future__ import annotations

import logging
import sys
from typing import IO, Any


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> IO[str]:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        """Ignored: the stream is always the current standard error."""
