"""Small text helpers shared by services and selectors."""

from __future__ import annotations

import html
import re
from collections.abc import Collection

import nh3
from django.utils.text import slugify


def unique_slug(
    text: str, taken: Collection[str], *, max_length: int = 80, reserved: Collection[str] = ()
) -> str:
    """A slug for ``text`` that is not in ``taken``: 'so-active', then 'so-active-2', 'so-active-3'…

    ``reserved`` words (route segments such as 'new') are never returned as they are.
    """
    base = slugify(text)[:max_length].strip("-") or "item"
    if base in reserved:
        base = f"{base}-1"
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug


_DIGITS = re.compile(r"([0-9]+)")

NaturalKey = tuple[tuple[int, int, str], ...]


def natural_key(text: str) -> NaturalKey:
    """A sort key that reads each run of digits as a number, as people do: A1, A2, A12 (not A1, A12,
    A2) and 1.2 before 1.10. Letters compare without case; numbers come before letters.

    Two texts have the same key only if they are the same apart from case.
    """
    key: list[tuple[int, int, str]] = []
    for index, part in enumerate(_DIGITS.split(text.casefold())):
        if index % 2:
            key.append((0, int(part), part))  # the digits themselves break ties such as 1 and 01
        elif part:
            key.append((1, 0, part))
    return tuple(key)


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: 'Befriending calls made' becomes 'befriending calls made'.

    The first letter is lowered only when it starts an ordinary word: names and acronyms keep their
    capitals ('Healthy Hub visitors', 'So Active participants', 'NHS referrals' stay as they are),
    recognised by a capital inside the first word or at the start of the second.
    """
    words = label.split(" ", 2)
    first = words[0]
    if not first[:1].isupper() or any(c.isupper() for c in first[1:]):
        return label
    if len(words) > 1 and words[1][:1].isupper():
        return label
    lowered = first[0].lower()
    return lowered + label[1:] if len(lowered) == 1 else label


def plural_noun(noun: str) -> str:
    """The plural of a singular English noun or noun phrase that ends in its noun ('Priority',
    'Theme', 'Local authority'): regular rules only, for names people choose such as a strategy's
    level names."""
    if not noun or not noun[-1:].isalpha():
        return noun
    lower = noun.lower()
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return noun[:-1] + ("IES" if noun.isupper() else "ies")
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return noun + ("ES" if noun.isupper() else "es")
    return noun + ("S" if noun.isupper() else "s")


# What a coordinator's rich text (a report's foreword, highlights, lessons) may hold: structure and
# emphasis, lists, links and simple tables. Everything else (scripts, styles, event handlers,
# images, frames) is removed by nh3; links get rel="noopener noreferrer".
RICH_TEXT_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "caption",
    }
)
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _paragraphs(text: str, *, escape: bool) -> str:
    """Text as paragraphs: a blank line starts a new one; a single line break is kept."""
    quote = html.escape if escape else (lambda line: line)
    blocks = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n".join(
        "<p>" + "<br>".join(quote(line.strip()) for line in p.split("\n")) + "</p>" for p in blocks
    )


def _nh3(text: str) -> str:
    return nh3.clean(
        text,
        tags=set(RICH_TEXT_TAGS),
        attributes={k: set(v) for k, v in RICH_TEXT_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def clean_rich_text(text: str) -> str:
    """Rich text safe to show as HTML. Plain text (no tags) becomes paragraphs; HTML keeps only
    ``RICH_TEXT_TAGS``. Cleaning what it returns gives it back unchanged, so a form posted back
    unchanged changes nothing."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        return _nh3(_paragraphs(text, escape=True))
    cleaned = _nh3(text)
    if cleaned and not _TAG.search(cleaned):
        # Nothing of the markup was kept: its (already escaped) text as paragraphs.
        cleaned = _nh3(_paragraphs(cleaned, escape=False))
    return cleaned
