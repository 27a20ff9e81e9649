from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

import wellboard


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": "Wellboard",
        "SITE_VERSION": wellboard.__version__,
        "DEBUG": settings.DEBUG,
    }
