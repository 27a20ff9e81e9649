"""The hub app's writers: hubs and their workers; contacts."""

from wellboard.hub.services.hubs import (
    hub_create,
    hub_partner_add,
    hub_site_add,
    hub_update,
    hub_worker_assign,
)

__all__ = ["hub_create", "hub_partner_add", "hub_site_add", "hub_update", "hub_worker_assign"]
