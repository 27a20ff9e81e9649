"""The words of history pages: what each audited action did, and how fields are labelled."""

from __future__ import annotations

# What each kind of event did, after the name of whoever did it. ``{object}`` is the record's name
# as it was then; ``{period}`` the period the record is for. Every ``action`` passed to
# ``audit_record`` needs an entry (a test checks), so history never shows a code.
EVENT_DESCRIPTIONS: dict[str, str] = {
    # partners
    "partnership.create": "created the partnership",
    "partnership.update": "changed the partnership's settings",
    "organisation.create": "added the organisation",
    "organisation.update": "changed the organisation's details",
    "membership.update": "changed the organisation's membership",
    "user.create": "created an account for {object}",
    "role.grant": "gave the role “{object}”",
    "role.revoke": "removed the role “{object}”",
    "invitation.create": "sent an invitation",
    "invitation.accept": "accepted an invitation",
    "api_token.create": "created the API token “{object}”",
    "api_token.revoke": "revoked the API token “{object}”",
    # geography
    "area.create": "defined the custom area",
    "area.update": "changed the custom area",
    "area.delete": "deleted the custom area",
    # indicators
    "indicator.create": "added the indicator",
    "indicator.update": "changed the indicator",
    "observation.save": "loaded figures for the indicator",
    "observation.update": "changed figures for the indicator",
    "observation.recalculate": "recalculated figures for the indicator",
    "comparator.create": "added the comparator “{object}”",
    "comparator.update": "changed the comparator “{object}”",
    "comparator.delete": "removed the comparator “{object}”",
    "target.create": "set the target “{object}”",
    "target.update": "changed the target “{object}”",
    "target.delete": "removed the target “{object}”",
    # returns
    "collection.create": "created the collection",
    "collection.update": "changed the collection",
    "measure.create": "added the measure “{object}”",
    "measure.update": "changed the measure “{object}”",
    "return.create": "started the return",
    "return.update": "changed the return",
    "return.submit": "submitted the return",
    "return.approve": "approved the return",
    "return.send_back": "sent the return back for changes",
    "return.unapprove": "withdrew the return's approval",
    # strategy
    "strategy.create": "created the strategy",
    "strategy.update": "changed the strategy",
    "node.create": "added “{object}” to the strategy",
    "node.update": "changed “{object}”",
    "node.delete": "deleted “{object}”",
    "action.create": "created the action",
    "action.update": "changed the action",
    "action.delete": "deleted the action",
    "milestone.create": "added the milestone “{object}”",
    "milestone.update": "changed the milestone “{object}”",
    "milestone.delete": "deleted the milestone “{object}”",
    "progress_update.post": "posted the progress update for {period}",
    "progress_update.replace": "replaced the progress update for {period}",
    "initiative.create": "added the initiative",
    "initiative.update": "changed the initiative",
    "initiative.delete": "deleted the initiative",
    # hub
    "hub.create": "added the hub",
    "hub.update": "changed the hub",
    "hub_site.create": "added the site “{object}”",
    "hub_partner.create": "added the partner “{object}”",
    "hub_worker.assign": "assigned a hub worker",
    "contact.create": "recorded a visit",
    "contact.import": "imported hub visits",
    "hub_month.create": "entered a month's hub figures",
    "hub_month.update": "changed a month's hub figures",
    "referral.create": "referred a visit on",
    "referral.status": "changed a referral's status",
    "referral.link_sent": "sent a referral's status link",
    "referral.read": "looked at referrals",
    "hub_site.update": "changed a hub site",
    "hub_site.delete": "removed a hub site",
    "hub_session.create": "added an opening session",
    "hub_session.update": "changed an opening session",
    "hub_session.delete": "removed an opening session",
    "hub_worker.unassign": "removed a hub worker",
    "hub_partner.delete": "removed a hub partner",
    "contact.update": "corrected a visit",
    "contact.read": "looked at contact records",
    "outcome_assessment.create": "recorded a wellbeing assessment",
    "outcome_assessment.update": "corrected a wellbeing assessment",
    "outcome_assessment.read": "looked at wellbeing assessments",
    # service directory
    "service.create": "added the service",
    "service.update": "changed the service",
    "service.verify": "marked the service as verified",
    "service_organisation.create": "added “{object}” to the directory's organisations",
    "service_organisation.update": "changed the directory's organisation “{object}”",
    "taxonomy_term.create": "added the taxonomy term “{object}”",
    "taxonomy_term.update": "changed the taxonomy term “{object}”",
    "directory_settings.update": "changed the directory's settings",
    # reports
    "report.create": "started the report",
    "report.update": "changed the report's narrative",
    "report.publish": "published the report",
}
UNKNOWN_EVENT = "made a change"

# Bookkeeping people need not read: the row's number, its edit counter, the tenant it belongs to.
HIDDEN_FIELDS = frozenset({"id", "version", "partnership", "depth", "password", "token_hash"})
# A field that only repeats another one shown beside it.
REPEATS = {"period_start": "period", "period_end": "period", "author_label": "author"}
# Labels for fields whose names say little to people (model verbose names are used otherwise).
FIELD_LABELS = {
    "rag": "RAG rating",
    "smart_target": "SMART target",
    "slug": "Short name in web addresses",
    "position": "Order",
    "kind": "Type",
    "node": "Part of the strategy",
    "nodes": "Parts of the strategy",
    "parent": "Sits under",
    "ref": "Reference",
    "level_names": "Names of the strategy's levels",
    "fortnight_anchor": "First day of a fortnight",
    "due_rule": "How the due date is counted",
    "due_days": "Days to return figures after a period ends",
    "reminder_days": "Days before the due date that contributors are reminded",
    "returned_reason": "Why it was sent back",
    "comment": "Comment for the approver",
    "members": "Areas it is made of",
    "stale_after_days": "Days an entry stays up to date",
    "last_verified": "Last verified",
    "oruk_id": "Open Referral id",
    "taxonomy_terms": "Taxonomy terms",
    "locations": "Places",
    "phones": "Phone numbers",
}
EMPTY = "Not set"
