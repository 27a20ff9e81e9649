"""Domain errors raised by services and selectors; delivery layers turn them into responses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class WellboardError(Exception):
    """Base class: the message is written for the person who caused it."""


class NotFound(WellboardError):
    """The object does not exist *for this user*. Never says whether it exists for someone else."""

    def __init__(self, what: str = "page") -> None:
        super().__init__(f"We could not find that {what}.")


class PermissionDenied(WellboardError):
    """The user can see the object but may not do this to it (e.g. a viewer trying to edit)."""


class InvalidInput(WellboardError):
    """Input failed validation. ``errors`` maps a field name ('' for the whole form) to messages."""

    def __init__(self, errors: Mapping[str, Sequence[str]] | str) -> None:
        if isinstance(errors, str):
            errors = {"": [errors]}
        self.errors: dict[str, list[str]] = {k: list(v) for k, v in errors.items()}
        first = next((m for msgs in self.errors.values() for m in msgs), "The input is not valid.")
        super().__init__(first)


class StateConflict(InvalidInput):
    """Well-formed input that the records as they are now refuse: a period outside the strategy's
    dates or not started yet, a second update for a period without saying what to do with the first.
    Forms show it like any invalid input; the API answers 409, since the same request could succeed
    against other records, or later."""


class Conflict(WellboardError):
    """Someone else saved the record after this user opened it. Nothing was overwritten."""

    def __init__(self, *, what: str, expected_version: int, current_version: int) -> None:
        self.what = what
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            f"This {what} was changed by someone else while you were editing it "
            f"(you started from version {expected_version}; it is now version {current_version}). "
            "Nothing has been saved."
        )


class Locked(WellboardError):
    """The record is locked (approved, archived) and cannot be changed."""


class TooManyRequests(WellboardError):
    """Too many attempts from one address or token: the caller should wait ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(message)
