"""Progress updates for any quarter of the strategy that has started, and a second update for a
period: refused unless the poster says whether it replaces the first or is added beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.factories.strategy import StrategyFactory, StrategyWorld
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.models import AuditEvent
from wellboard.partners.models import User
from wellboard.strategy.forms.actions import ProgressUpdateForm, quarter_choices
from wellboard.strategy.models import ProgressUpdate
from wellboard.strategy.services import progress_update_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ActorOf = Callable[[User], Actor]


def post(actor: Actor, world: StrategyWorld, period: str = "2026/27 Q2", **kwargs: object) -> ProgressUpdate:
    arguments: dict[str, object] = {"narrative": "Sixty sessions", "rag": "amber", **kwargs}
    return progress_update_post(by=actor, action=world.council_action, period=period, **arguments)  # type: ignore[arg-type]


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


# ---------------------------------------------------------------- which periods


def test_any_started_quarter_of_the_strategy_can_be_reported_on(
    world: StrategyWorld, cli_actor: Actor
) -> None:
    first = post(cli_actor, world, "2024/25 Q1", narrative="Planning began")  # eleven quarters back
    assert (first.period, first.period_start) == ("2024/25 Q1", dt.date(2024, 4, 1))


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2023/24 Q4", "2023/24 Q4 is outside the strategy, which runs from 1 April 2024 to 31 March 2028"),
        ("2027/28 Q1", "2027/28 Q1 has not started yet: choose a period that has"),
    ],
)
def test_periods_outside_the_strategy_or_not_started_are_refused(
    world: StrategyWorld, cli_actor: Actor, period: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        post(cli_actor, world, period)
    assert excinfo.value.errors["period"][0].startswith(message)
    assert not ProgressUpdate.objects.exists()


def test_quarter_choices_run_from_the_strategy_start_to_now_newest_first(world: StrategyWorld) -> None:
    codes = [p.code for p in quarter_choices(strategy=world.strategy, today=dt.date(2026, 11, 23))]
    assert codes[0] == "2026/27 Q3"
    assert codes[-1] == "2024/25 Q1"
    assert len(codes) == 11


def test_quarter_choices_stop_at_the_strategy_end_and_are_empty_before_it_starts(partnership: object) -> None:
    ended = StrategyFactory.build(start_date=dt.date(2020, 1, 15), end_date=dt.date(2020, 8, 31))
    codes = [p.code for p in quarter_choices(strategy=ended, today=dt.date(2026, 11, 23))]
    assert codes == ["2020/21 Q2", "2020/21 Q1", "2019/20 Q4"]
    future = StrategyFactory.build(start_date=dt.date(2027, 4, 1), end_date=dt.date(2030, 3, 31))
    assert quarter_choices(strategy=future, today=dt.date(2026, 11, 23)) == []


def test_form_refuses_a_future_period_with_the_same_words_as_the_service(world: StrategyWorld) -> None:
    form = ProgressUpdateForm(
        {"period": "2027/28 Q1", "narrative": "x", "rag": "red"}, strategy=world.strategy, existing={}
    )
    assert not form.is_valid()
    assert form.errors["period"] == ["2027/28 Q1 has not started yet: choose a period that has"]


# ---------------------------------------------------------------- a second update for a period


def test_a_second_update_for_a_period_must_say_replace_or_add(world: StrategyWorld, cli_actor: Actor) -> None:
    post(cli_actor, world)
    with pytest.raises(InvalidInput) as excinfo:
        post(cli_actor, world, narrative="Seventy sessions")
    assert excinfo.value.errors == {
        "mode": ["There is already an update for 2026/27 Q2: choose whether to replace it or add another"]
    }
    with pytest.raises(InvalidInput, match="replace the existing update or add another"):
        post(cli_actor, world, narrative="Seventy sessions", mode="overwrite")
    assert ProgressUpdate.objects.count() == 1


def test_add_posts_another_update_for_the_period(world: StrategyWorld, cli_actor: Actor) -> None:
    post(cli_actor, world)
    post(cli_actor, world, narrative="Also a new park", mode="add")
    assert sorted(ProgressUpdate.objects.values_list("narrative", flat=True)) == [
        "Also a new park",
        "Sixty sessions",
    ]


def test_replace_puts_the_new_text_in_place_audited_with_what_it_replaced(
    world: StrategyWorld, cli_actor: Actor, council_contributor: User, actor_of: ActorOf
) -> None:
    first = post(cli_actor, world)
    replaced = post(
        actor_of(council_contributor),
        world,
        narrative="Seventy sessions",
        rag="green",
        mode="replace",
        replaces=first.pk,
        expected_version=1,
    )
    assert replaced.pk == first.pk
    assert (replaced.narrative, replaced.rag, replaced.version) == ("Seventy sessions", "green", 2)
    assert replaced.author == council_contributor
    assert ProgressUpdate.objects.count() == 1
    event = AuditEvent.objects.get(action="progress_update.replace")
    assert event.before is not None
    assert event.after is not None
    assert (event.before["narrative"], event.after["narrative"]) == ("Sixty sessions", "Seventy sessions")
    world.council_action.refresh_from_db()
    assert world.council_action.rag == "green"


def test_replace_without_an_id_replaces_the_latest_update_of_the_period(
    world: StrategyWorld, cli_actor: Actor
) -> None:
    post(cli_actor, world)
    latest = post(cli_actor, world, narrative="Second", mode="add")
    replaced = post(cli_actor, world, narrative="Second, corrected", mode="replace", expected_version=1)
    assert replaced.pk == latest.pk
    assert sorted(ProgressUpdate.objects.values_list("narrative", flat=True)) == [
        "Second, corrected",
        "Sixty sessions",
    ]


def test_replace_that_changes_nothing_writes_nothing(world: StrategyWorld, cli_actor: Actor) -> None:
    first = post(cli_actor, world)
    before = audit_actions()
    same = post(cli_actor, world, mode="replace", replaces=first.pk, expected_version=1)
    assert same.version == 1
    assert audit_actions() == before


def test_replace_of_an_update_changed_meanwhile_is_a_conflict(world: StrategyWorld, cli_actor: Actor) -> None:
    first = post(cli_actor, world)
    post(cli_actor, world, narrative="Someone else's", mode="replace", replaces=first.pk, expected_version=1)
    with pytest.raises(Conflict):
        post(cli_actor, world, narrative="Mine", mode="replace", replaces=first.pk, expected_version=1)
    assert ProgressUpdate.objects.get().narrative == "Someone else's"


def test_replace_without_the_version_read_is_refused_and_changes_nothing(
    world: StrategyWorld, cli_actor: Actor
) -> None:
    first = post(cli_actor, world)
    with pytest.raises(InvalidInput) as refused:
        post(cli_actor, world, narrative="Mine", mode="replace", replaces=first.pk)
    assert list(refused.value.errors) == ["expected_version"]
    assert "Give the version of the update you read" in str(refused.value)
    assert ProgressUpdate.objects.get().narrative == first.narrative


def test_replace_only_an_update_of_the_same_action_and_period(world: StrategyWorld, cli_actor: Actor) -> None:
    other_period = post(cli_actor, world, "2026/27 Q1")
    with pytest.raises(InvalidInput, match="There is no update for 2026/27 Q2 to replace"):
        post(cli_actor, world, mode="replace", replaces=other_period.pk, expected_version=1)
    with pytest.raises(InvalidInput, match="There is no update for 2026/27 Q2 to replace"):
        post(cli_actor, world, mode="replace", expected_version=1)
    assert ProgressUpdate.objects.get().period == "2026/27 Q1"


def test_replacing_an_earlier_period_leaves_the_actions_rag(world: StrategyWorld, cli_actor: Actor) -> None:
    earlier = post(cli_actor, world, "2026/27 Q1", rag="red")
    post(cli_actor, world, "2026/27 Q2", rag="amber")
    post(cli_actor, world, "2026/27 Q1", rag="green", mode="replace", replaces=earlier.pk, expected_version=1)
    world.council_action.refresh_from_db()
    assert world.council_action.rag == "amber"
