"""Emails about returns. They carry a link and say what to do; never figures or personal data.

The only personal detail is the recipient's own first name. Reasons written by approvers are not
copied into emails (they may quote figures): the link opens the return, where the reason is shown
to people signed in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from wellboard.partners.models import User


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def return_url(
    *, partnership_slug: str, collection_slug: str, organisation_slug: str, period_start: str
) -> str:
    return absolute(
        reverse(
            "return-detail",
            kwargs={
                "slug": partnership_slug,
                "collection": collection_slug,
                "organisation": organisation_slug,
                "period": period_start,
            },
        )
    )


def collection_url(*, partnership_slug: str, collection_slug: str) -> str:
    return absolute(
        reverse("collection-detail", kwargs={"slug": partnership_slug, "collection": collection_slug})
    )


def send(*, template: str, recipient: User, context: dict[str, Any]) -> None:
    """Render ``returns/email/<template>.txt`` (first line is the subject) and send it to one person."""
    text = render_to_string(
        f"returns/email/{template}.txt", {"name": recipient.first_name or "there", **context}
    )
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [recipient.email])
