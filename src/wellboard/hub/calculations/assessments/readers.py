"""Who reads a programme's results, and how: true figures for the people who run it, the
partnership's disclosure control for everyone else."""

from __future__ import annotations

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.core.periods import Period
from wellboard.hub.calculations.assessments.disclosure import disclosed
from wellboard.hub.calculations.assessments.figures import programme_results
from wellboard.hub.calculations.assessments.results import Programme, ProgrammeResults
from wellboard.hub.policy import runs_initiative, sees_initiative_outcomes
from wellboard.hub.selectors import assigned_hub_ids, hub_get
from wellboard.partners.models import Partnership
from wellboard.strategy.models import Initiative


def programme_for_results(
    *, actor: Actor, hub_slug: str = "", initiative: Initiative | None = None
) -> Programme:
    """The programme whose results ``actor`` may read; anyone else is told it does not exist."""
    if initiative is not None:
        if initiative.partnership_id != actor.partnership_id or not sees_initiative_outcomes(
            actor, initiative.lead_organisation_id
        ):
            raise NotFound("initiative")
        return Programme(initiative=initiative)
    return Programme(hub=hub_get(actor=actor, slug=hub_slug))


def runs_programme(actor: Actor, programme: Programme) -> bool:
    """Records the programme (and so sees its true figures): its hub's workers or lead organisation."""
    if actor.via_cli:
        return True
    if programme.hub is not None:
        return programme.hub.pk in assigned_hub_ids(actor=actor)
    initiative = programme.initiative
    return initiative is not None and runs_initiative(actor, initiative.lead_organisation_id)


def results_for_reader(
    *, actor: Actor, programme: Programme, period: Period | None = None
) -> ProgrammeResults:
    """The results as ``actor`` may see them: true figures for the people who run the programme,
    the partnership's disclosure control for everyone else."""
    results = programme_results(programme, period=period)
    if runs_programme(actor, programme):
        return results
    code = Partnership.objects.filter(pk=programme.partnership_id).values_list("disclosure_rule", flat=True)
    return disclosed(results, rule=str(code.first() or ""))
