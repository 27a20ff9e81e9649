"""Pure helpers for hub records: the coded lists a contact is made of, the pseudonymous client key,
ages into bands, dates as people type them, and the check that keeps personal details out of text.

Nothing here touches the database or the settings: the key is passed in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable

AGE_BANDS: tuple[tuple[str, str], ...] = (
    ("0-15", "0 to 15"),
    ("16-24", "16 to 24"),
    ("25-34", "25 to 34"),
    ("35-44", "35 to 44"),
    ("45-54", "45 to 54"),
    ("55-64", "55 to 64"),
    ("65-74", "65 to 74"),
    ("75+", "75 and over"),
)
# A young people's hub records single years of age, since its bands would be one band wide.
YOUNG_AGES: tuple[tuple[str, str], ...] = tuple((str(age), str(age)) for age in range(11, 17))
NEEDS: tuple[tuple[str, str], ...] = (
    ("mental-health", "Mental health"),
    ("physical-activity", "Physical activity"),
    ("weight", "Weight"),
    ("smoking", "Smoking"),
    ("alcohol", "Alcohol"),
    ("drugs", "Drugs"),
    ("money", "Money"),
    ("housing", "Housing"),
    ("employment", "Employment"),
    ("loneliness", "Loneliness"),
    ("carer", "Caring for someone"),
    ("long-term-condition", "Long-term condition"),
    ("other", "Other"),
)
EXERCISE_REASONS: tuple[tuple[str, str], ...] = (
    ("back-pain", "Back pain"),
    ("cardiac", "Cardiac"),
    ("diabetes", "Diabetes"),
    ("musculoskeletal", "Musculoskeletal"),
    ("weight-loss", "Weight loss"),
    ("falls", "Falls"),
    ("mental-health", "Mental health"),
    ("respiratory", "Respiratory"),
    ("other", "Other"),
)

LOCAL_ID_MAX = 100


def client_key(local_id: str, key: bytes) -> str:
    """The pseudonymous client key: HMAC-SHA256 of the hub's local identifier (trimmed, case kept
    apart from surrounding spaces) under ``key``, as 64 hexadecimal characters. The same person at
    the same hub always gets the same key; without the key it cannot be turned back or recomputed."""
    if not key:
        raise ValueError("A pseudonym key is needed to make client keys")
    text = local_id.strip()
    if not text:
        raise ValueError("A local identifier is needed to make a client key")
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def age_band_for(age: int) -> str:
    """The band an age in whole years falls in."""
    if age < 0:
        raise ValueError("An age cannot be negative")
    if age <= 15:
        return "0-15"
    if age <= 24:
        return "16-24"
    if age >= 75:
        return "75+"
    low = (age - 25) // 10 * 10 + 25
    return f"{low}-{low + 9}"


def parse_date(text: str) -> dt.date | None:
    """A date typed as 2025-03-31 or 31/03/2025 (day first, as in the UK); None if it is neither."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def split_codes(text: str) -> list[str]:
    """A semicolon list ("mental-health; weight") as codes, each once, in the order given."""
    return list(dict.fromkeys(part.strip().lower() for part in text.split(";") if part.strip()))


# Patterns of personal details that must never reach a hub record's text: an NHS number (ten digits,
# however spaced), a UK postcode, and a phone number (eleven digits starting 0, or +44).
NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
PHONE = re.compile(r"(?<![\d+])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\d)")


def personal_details_in(text: str) -> list[str]:
    """What kinds of personal detail ``text`` looks like it holds: 'an NHS number', 'a postcode',
    'a phone number'. Empty when it holds none of them."""
    found = []
    if NHS_NUMBER.search(text):
        found.append("an NHS number")
    if POSTCODE.search(text):
        found.append("a postcode")
    if PHONE.search(text):
        found.append("a phone number")
    return found


def refusal_for_personal_details(label: str, text: str) -> str:
    """The message refusing ``text`` in the field ``label``, or '' when it is safe to keep."""
    found = personal_details_in(text)
    if not found:
        return ""
    return f"{label} looks like it holds {' and '.join(found)}: hub records never keep personal details"


# What else a person's identifier must not be: the hub's own number for someone is never their email
# address or their date of birth (dates as people write them: 31/03/1980, 31-03-1980, 1980-03-31,
# 31.03.80, 31 March 1980).
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
DATE_WRITTEN = re.compile(
    r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})(?!\d)"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?[\s-]*(?:{_MONTHS})[a-z]*\.?[\s-]*\d{{2,4}}\b",
    re.IGNORECASE,
)
# One search finds whether an identifier needs a closer look: almost every one needs none.
_IDENTIFIER_SUSPECT = re.compile(
    "|".join(p.pattern for p in (NHS_NUMBER, PHONE, EMAIL, DATE_WRITTEN)) + "|" + POSTCODE.pattern,
    re.IGNORECASE,
)


def refusal_for_identifier(label: str, text: str) -> str:
    """The message refusing a person's identifier that looks like personal details (an NHS number,
    a postcode, a phone number, an email address or a date of birth), or '' when it does not."""
    if not _IDENTIFIER_SUSPECT.search(text):
        return ""
    found = personal_details_in(text)
    if EMAIL.search(text):
        found.append("an email address")
    if DATE_WRITTEN.search(text):
        found.append("a date of birth")
    if not found:
        return ""
    return (
        f"{label} looks like {' and '.join(found)}: use the hub's own reference for the person "
        "(a membership number, say), never personal details"
    )


def codes_of(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [code for code, _ in pairs]


# Letters and digits that cannot be mistaken for one another when read over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def referral_reference() -> str:
    """A new referral reference such as ``R-7KQ2-MX9D``: random, so it says nothing about the person,
    the hub or the order referrals were made in, and short enough to read out."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"R-{chars[:4]}-{chars[4:]}"


def referral_references(count: int) -> list[str]:
    """``count`` new references at once, as ``referral_reference`` makes them one by one (each
    character drawn evenly from the alphabet), for an import that refers thousands of visits."""
    size = len(REFERENCE_ALPHABET)
    usable = 256 - 256 % size  # bytes at or above this would favour the first letters
    letters: list[str] = []
    while len(letters) < count * 8:
        raw = secrets.token_bytes((count * 8 - len(letters)) * 9 // 8 + 16)
        letters += [REFERENCE_ALPHABET[b % size] for b in raw if b < usable]
    text = "".join(letters)
    return [f"R-{text[i : i + 4]}-{text[i + 4 : i + 8]}" for i in range(0, count * 8, 8)]
