"""The platform's URLs plus ``/bench/trivial`` (benchmark processes only, ``bench.settings``)."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from microcred_web.config.urls import urlpatterns as platform


def trivial(request: HttpRequest) -> JsonResponse:
    """A JSON answer that reads nothing: the ceiling of the server and its middleware."""
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/trivial", trivial), *platform]
