import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.text import in_sentence, plural_noun, unique_slug


def test_unique_slug_counts_up_and_avoids_reserved_words() -> None:
    assert unique_slug("So Active!", set()) == "so-active"
    assert unique_slug("So Active", {"so-active"}) == "so-active-2"
    assert unique_slug("So Active", {"so-active", "so-active-2"}) == "so-active-3"
    assert unique_slug("New", set(), reserved={"new"}) == "new-1"
    assert unique_slug("!!!", set()) == "item"


@given(
    st.text(max_size=120), st.sets(st.text(max_size=10), max_size=5), st.integers(min_value=5, max_value=80)
)
def test_unique_slug_is_never_taken_and_fits(text: str, taken: set[str], max_length: int) -> None:
    slug = unique_slug(text, taken, max_length=max_length)
    assert slug not in taken
    assert len(slug) <= max_length


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Befriending calls made", "befriending calls made"),
        ("Healthy Hub visitors", "Healthy Hub visitors"),
        ("So Active participants", "So Active participants"),
        ("Pop-up Play sessions", "Pop-up Play sessions"),
        ("NHS referrals", "NHS referrals"),
        ("GP appointments", "GP appointments"),
        ("Visitors", "visitors"),
        ("already lower", "already lower"),
        ("", ""),
    ],
)
def test_in_sentence_lowers_only_ordinary_first_words(label: str, expected: str) -> None:
    assert in_sentence(label) == expected


@given(st.text(max_size=40))
def test_in_sentence_changes_at_most_the_first_letter(label: str) -> None:
    result = in_sentence(label)
    assert result[1:] == label[1:]
    assert result.lower() == label.lower()


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("Priority", "Priorities"),
        ("priority", "priorities"),
        ("Theme", "Themes"),
        ("Pillar", "Pillars"),
        ("Recommendation", "Recommendations"),
        ("Local authority", "Local authorities"),
        ("Key", "Keys"),
        ("Day", "Days"),
        ("Box", "Boxes"),
        ("Branch", "Branches"),
        ("Focus", "Focuses"),
        ("", ""),
    ],
)
def test_plural_noun_follows_the_regular_rules(noun: str, expected: str) -> None:
    assert plural_noun(noun) == expected
