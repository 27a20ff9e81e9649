"""The error bodies the API answers with, declared once so every operation can list them.

Every error the API gives, whatever raised it (a domain error, an unknown or missing token, input
that fails its schema), has the same body: ``detail`` says what went wrong, and ``errors`` gives
the messages by field when the input was at fault. Each operation declares the statuses it can
answer with ``response={200: …, **error_responses(401, 404, 422)}``, so the published OpenAPI
document lists every status a client can meet. ``JsonInteger`` reads a body's integers as the
description states them.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator, StrictInt

ERROR_MEANINGS = {
    401: "No token, or an unknown or revoked one",
    403: "Your role may see this but not do it",
    404: "It does not exist for you (another partnership's or organisation's record)",
    409: (
        "Someone saved a newer version, the record is approved and locked, or the request is well formed "
        "but the records as they are now refuse it (the messages are in errors, by field)"
    ),
    422: "The input is not valid: the messages are in errors, by field",
    429: "Too many requests from this token or address: wait the seconds Retry-After gives",
}
# Any operation can be refused for too many requests (the API's throttles, and wrong tokens).
ALWAYS = (429,)


class ErrorOut(Schema):
    """The body of every error answer."""

    detail: str = Field(description="What went wrong, in a sentence")
    errors: dict[str, list[str]] = Field(
        default={}, description="Messages by field (the field '' for the request as a whole)"
    )


class ConflictOut(ErrorOut):
    current_version: int | None = Field(
        default=None, description="The record's version now, when someone saved a newer one"
    )


def error_responses(*codes: int) -> dict[int, Any]:
    """The error statuses an operation can answer, each with its body's schema."""
    unknown = [code for code in codes if code not in ERROR_MEANINGS]
    if unknown:
        raise ValueError(f"No error body is declared for status {unknown}")
    return {code: ConflictOut if code == 409 else ErrorOut for code in (*codes, *ALWAYS)}


def _whole_number(value: Any) -> Any:
    """58.0 is an integer to JSON Schema, so a client may send it; true and "58" stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# A request body's integer, read as JSON Schema reads one: a whole number, written 58 or 58.0; never a
# boolean or a string (pydantic's lax mode would take true as 1 and "58" as 58, which the description
# refuses).
JsonInteger = Annotated[StrictInt, BeforeValidator(_whole_number)]
