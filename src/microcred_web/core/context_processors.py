from typing import Any

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    return {"PLATFORM_NAME": settings.PLATFORM_NAME, "PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL}
