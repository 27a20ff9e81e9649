"""Checks that a page reads as words: no Python reprs, event codes, ISO moments or period codes."""

from __future__ import annotations

import html
import re

RAW_PATTERNS = {
    "a Python dict": re.compile(r"\{'"),
    "a Python list": re.compile(r"\['"),
    "None": re.compile(r"\bNone\b"),
    "nan": re.compile(r"\bnan\b"),
    "an event code": re.compile(
        r"\b[a-z_]+\.(create|update|delete|approve|submit|send_back|post|grant|revoke|save|recalculate"
        r"|unapprove|accept)\b"
    ),
    "an ISO moment": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),
    "microseconds": re.compile(r"\d{2}:\d{2}:\d{2}\.\d+"),
    "a period code": re.compile(r"\d{4}-\d{2}-\d{2}/2W|\b\d{4}-W\d{2}\b"),
    "a field name": re.compile(r"\b[a-z]+_[a-z_]+\b"),
}


def visible_text(page: str) -> str:
    """The words a reader sees in a page's main content (tags, scripts and attributes removed)."""
    main = re.search(r"(?s)<main\b.*?</main>", page)
    body = main.group(0) if main else page
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", body)
    return " ".join(html.unescape(re.sub(r"(?s)<[^>]+>", " ", body)).split())


def assert_reads_as_words(page: str) -> str:
    """Fail with what looks raw; return the page's visible text for further checks."""
    text = visible_text(page)
    found = {name: m.group(0) for name, pattern in RAW_PATTERNS.items() if (m := pattern.search(text))}
    assert not found, f"raw values on the page: {found}\n{text[:2000]}"
    return text
