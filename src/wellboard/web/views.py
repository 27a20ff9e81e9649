"""Site pages that belong to no partnership: the home page, about and accessibility."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from wellboard.partners.selectors import partnership_list_for_user


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    partnerships = list(partnership_list_for_user(user=request.user))
    if len(partnerships) == 1:
        return redirect("partnership-home", partnerships[0].slug)
    return render(request, "web/home.html", {"partnerships": partnerships})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")
