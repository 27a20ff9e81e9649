from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.text import unique_slug


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
