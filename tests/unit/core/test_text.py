import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.text import in_sentence, natural_key, plural_noun, unique_slug


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


# ---------------------------------------------------------------- natural order


def test_natural_key_reads_numbers_as_numbers() -> None:
    assert sorted(["A12", "A2", "A1", "a3"], key=natural_key) == ["A1", "A2", "a3", "A12"]
    assert sorted(["2.1", "1.10", "1.2", "2", "1", "1.1"], key=natural_key) == [
        "1",
        "1.1",
        "1.2",
        "1.10",
        "2",
        "2.1",
    ]
    assert sorted(["B1", "A10", "10", "A9"], key=natural_key) == ["10", "A9", "A10", "B1"]


@given(st.lists(st.integers(min_value=0, max_value=10**6), unique=True))
def test_references_with_a_number_sort_by_the_number(numbers: list[int]) -> None:
    refs = [f"A{n}" for n in numbers]
    assert sorted(refs, key=natural_key) == [f"A{n}" for n in sorted(numbers)]


@given(st.lists(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=4), unique_by=tuple))
def test_dotted_references_sort_like_their_numbers(paths: list[list[int]]) -> None:
    refs = [".".join(str(n) for n in path) for path in paths]
    expected = [".".join(str(n) for n in path) for path in sorted(paths)]
    assert sorted(refs, key=natural_key) == expected


@given(st.text(max_size=12), st.text(max_size=12))
def test_natural_key_is_equal_only_for_the_same_text_apart_from_case(a: str, b: str) -> None:
    assert (natural_key(a) == natural_key(b)) == (a.casefold() == b.casefold())


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
