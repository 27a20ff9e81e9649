"""Fixtures shared by the whole suite. Each test runs in a transaction that is rolled back.

Timing never decides a test: the Hypothesis profile below, loaded for the whole suite, has no
deadline and no health check that measures how long generating or running an example takes, so a busy
machine makes the suite slower, never red. Performance is measured by the scripts in ``bench/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import hypothesis
import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import PartnershipFactory, make_person
from wellboard.core.access import Actor, Role
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.partners.selectors import actor_for

HYPOTHESIS_PROFILE = "wellboard"
hypothesis.settings.register_profile(
    HYPOTHESIS_PROFILE,
    deadline=None,
    # too_slow times example generation; data_too_large and large_base_example depend on how big the
    # random draws happen to be. None of them says anything about the code under test.
    suppress_health_check=[
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.data_too_large,
        hypothesis.HealthCheck.large_base_example,
    ],
)
hypothesis.settings.load_profile(HYPOTHESIS_PROFILE)

SHARED_DATA = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data").resolve()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def _test_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("var")


@pytest.fixture(autouse=True)
def _private_var_dir(settings: pytest.FixtureRequest, _test_var_dir: Path) -> None:
    # Uploads waiting for confirmation are kept under VAR_DIR: never the checkout's own var/.
    settings.VAR_DIR = _test_var_dir  # type: ignore[attr-defined]


# The page cache is shared by files between processes in production; a test keeps it in memory, in
# the same store as the default cache (same location), so each test process has its own and clearing
# either clears both. tests/unit/core/test_cache.py tries the files.
TEST_CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "wellboard-tests"}
    for alias in ("default", "pages")
}


@pytest.fixture(autouse=True)
def _empty_cache(settings: pytest.FixtureRequest) -> None:
    settings.CACHES = TEST_CACHES  # type: ignore[attr-defined]
    # Refreshing pages in the background after a change is tried by the tests that ask for it.
    settings.WELLBOARD_DATA_CHANGED_HOOKS = []  # type: ignore[attr-defined]
    # Each test's data is rolled back afterwards; cached page parts must not outlive it.
    cache.clear()


@pytest.fixture
def no_cache(settings: pytest.FixtureRequest) -> None:
    """For tests that count what a page costs to compute, not what it costs from the cache."""
    settings.WELLBOARD_CACHE_SECONDS = 0  # type: ignore[attr-defined]


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def partnership(db: None) -> Partnership:
    return PartnershipFactory(slug="test-town", name="Test Town Partnership")


@pytest.fixture
def other_partnership(db: None) -> Partnership:
    return PartnershipFactory(slug="elsewhere", name="Elsewhere Partnership")


@pytest.fixture
def council(partnership: Partnership) -> Organisation:
    return partnership.organisations.get(slug="test-council")


@pytest.fixture
def charity(partnership: Partnership) -> Organisation:
    return partnership.organisations.get(slug="test-charity")


@pytest.fixture
def coordinator(partnership: Partnership) -> User:
    return make_person(partnership, "coordinator", Role.COORDINATOR)


@pytest.fixture
def analyst(partnership: Partnership) -> User:
    return make_person(partnership, "analyst", Role.ANALYST)


@pytest.fixture
def approver(partnership: Partnership) -> User:
    return make_person(partnership, "approver", Role.APPROVER)


@pytest.fixture
def board_member(partnership: Partnership) -> User:
    return make_person(partnership, "board", Role.BOARD)


@pytest.fixture
def viewer(partnership: Partnership) -> User:
    return make_person(partnership, "viewer", Role.VIEWER)


@pytest.fixture
def council_contributor(partnership: Partnership, council: Organisation) -> User:
    return make_person(partnership, "council-worker", Role.CONTRIBUTOR, organisation=council)


@pytest.fixture
def charity_contributor(partnership: Partnership, charity: Organisation) -> User:
    return make_person(partnership, "charity-worker", Role.CONTRIBUTOR, organisation=charity)


@pytest.fixture
def outsider(other_partnership: Partnership) -> User:
    """Coordinator of another partnership: must see nothing of ``partnership``."""
    return make_person(other_partnership, "outsider", Role.COORDINATOR)


@pytest.fixture
def actor_of(partnership: Partnership) -> Callable[[User], Actor]:
    def build(user: User) -> Actor:
        actor = actor_for(user=user, partnership=partnership)
        assert actor is not None
        return actor

    return build


@pytest.fixture
def cli_actor(partnership: Partnership) -> Actor:
    return Actor.command_line(partnership.pk)


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    def build(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return build
