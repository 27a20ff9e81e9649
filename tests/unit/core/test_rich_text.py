"""Rich text is cleaned once and for all: what clean_rich_text returns cleans to itself, so a form
posted back unchanged changes nothing, and nothing that can run survives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.text import clean_rich_text

PIECES = st.sampled_from(
    [
        *("<p>", "</p>", "<script>", "</script>", "<b>", "</b>", "<img src=x onerror=1>"),
        *("<a href='javascript:x'>", "<a href='https://example.org'>", "</a>", "<ul><li>", "</li></ul>"),
        *("&amp;", "&", "<", ">", "\r\n", "\n\n", " ", "text", "é", "<x>", "<!-- c -->"),
    ]
)


@given(st.lists(PIECES, max_size=30).map("".join))
def test_cleaning_is_idempotent_and_nothing_runs(text: str) -> None:
    cleaned = clean_rich_text(text)
    assert clean_rich_text(cleaned) == cleaned
    assert "<script" not in cleaned
    assert "onerror" not in cleaned
    assert "javascript:" not in cleaned


def test_plain_text_becomes_paragraphs() -> None:
    assert clean_rich_text("One & two\r\nthree\r\n\r\nFour") == "<p>One &amp; two<br>three</p>\n<p>Four</p>"


def test_html_keeps_structure_and_links() -> None:
    assert clean_rich_text('<p>See <a href="https://example.org">the plan</a></p>') == (
        '<p>See <a href="https://example.org" rel="noopener noreferrer">the plan</a></p>'
    )


def test_blank_stays_blank() -> None:
    assert clean_rich_text("  \r\n ") == ""
