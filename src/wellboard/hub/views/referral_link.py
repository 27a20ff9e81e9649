"""The page a receiving service opens from its status link, without an account.

It shows the referral's reference, the service's name and the status, and nothing else; the service
says what happened with a plain, CSRF-protected form. A link that has expired or been altered gets
a page that names nothing. Each address may try only so many bad links, and post only so often, in
a window: past that it is asked to wait (429), so links cannot be guessed by trying many.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wellboard.core import clock
from wellboard.core.audit import audit_request_event, request_address
from wellboard.core.errors import Conflict, InvalidInput, Locked
from wellboard.hub.forms import ReferralStatusForm
from wellboard.hub.models import Referral, ReferralStatus
from wellboard.hub.services import referral_status_set_via_link
from wellboard.hub.services.referrals import (
    LINK_CLOSED,
    LINK_INVALID,
    LINK_STATUSES,
    ReferralLinkInvalid,
    next_statuses,
    referral_from_link,
)

WINDOW_SECONDS = 900
BAD_LINKS_ALLOWED = 20
POSTS_ALLOWED = 30
STALE = (
    "The status changed while you had this page open, so nothing was saved. "
    "Check the status below and, if you need to, choose again."
)
BUSY = "Too many attempts from this address. Wait a quarter of an hour and try again."


def _key(request: HttpRequest, kind: str) -> str:
    return f"referral-link-{kind}:{request_address(request) or 'unknown'}"


def _over(request: HttpRequest, kind: str, allowed: int) -> bool:
    return int(cache.get(_key(request, kind), 0)) >= allowed


def _count(request: HttpRequest, kind: str) -> None:
    key = _key(request, kind)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, WINDOW_SECONDS)


def _refused(request: HttpRequest, *, title: str, message: str, status: int) -> HttpResponse:
    response = render(
        request, "hub/referral_link_refused.html", {"title": title, "message": message}, status=status
    )
    if status == 429:
        response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def _statuses_for(referral: Referral) -> tuple[str, ...]:
    return tuple(s for s in next_statuses(referral.status) if s in LINK_STATUSES)


def _page(
    request: HttpRequest,
    referral: Referral,
    form: ReferralStatusForm | None,
    *,
    status: int = 200,
    notice: str = "",
) -> HttpResponse:
    closed = referral.status == ReferralStatus.CLOSED
    return render(
        request,
        "hub/referral_link.html",
        {
            "reference": referral.reference,
            "service_name": referral.service.name,
            "status_label": referral.get_status_display(),
            "closed": closed,
            "closed_message": LINK_CLOSED,
            "saved": request.method == "GET" and request.GET.get("saved") == "1",
            "notice": notice,
            "form": None if closed else form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def referral_status_link_view(request: HttpRequest, token: str) -> HttpResponse:
    if _over(request, "bad", BAD_LINKS_ALLOWED) or (
        request.method == "POST" and _over(request, "post", POSTS_ALLOWED)
    ):
        return _refused(request, title="Too many attempts", message=BUSY, status=429)
    try:
        referral = referral_from_link(token)
    except ReferralLinkInvalid:
        _count(request, "bad")
        audit_request_event(request, action="referral_link.refused", subject="referral status link")
        return _refused(request, title="This link is not valid", message=LINK_INVALID, status=404)
    initial = {"on": clock.today(), "version": referral.version}
    if referral.status == ReferralStatus.CLOSED:
        # Just closed through this link: say thank you; otherwise the link is spent.
        just_saved = request.method == "GET" and request.GET.get("saved") == "1"
        return _page(request, referral, None, status=200 if just_saved else 410)
    statuses = _statuses_for(referral)
    if request.method != "POST":
        return _page(request, referral, ReferralStatusForm(statuses=statuses, initial=initial))
    _count(request, "post")
    form = ReferralStatusForm(request.POST, statuses=statuses, initial=initial)
    # A page opened before the status last changed offered other choices: say so rather than
    # refusing the choice it made.
    if str(request.POST.get("version", "")).strip() not in ("", str(referral.version)):
        fresh = ReferralStatusForm(statuses=statuses, initial=initial)
        return _page(request, referral, fresh, status=409, notice=STALE)
    if form.is_valid():
        try:
            referral_status_set_via_link(
                token=token,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                expected_version=form.cleaned_data["version"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        except ReferralLinkInvalid:
            return _refused(request, title="This link is not valid", message=LINK_INVALID, status=404)
        except (Locked, Conflict):
            referral.refresh_from_db()
            fresh = ReferralStatusForm(
                statuses=_statuses_for(referral), initial={**initial, "version": referral.version}
            )
            return _page(
                request,
                referral,
                fresh,
                status=409,
                notice=STALE,
            )
        else:
            return redirect(f"{request.path}?saved=1")
    return _page(request, referral, form, status=400)
