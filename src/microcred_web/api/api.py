"""The JSON API (django-ninja). OpenAPI docs at /api/docs. Each app contributes a router."""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from microcred_web.catalogue.api import router as studio_router
from microcred_web.credentials.openapi import add_vc_api
from microcred_web.pilot.openapi import add_pilot_api
from microcred_web.register.api import router as register_router


class MicrocredApi(NinjaAPI):
    """The ninja API, whose OpenAPI document also describes the VC-API (plain views at /vc-api/)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        add_vc_api(schema)
        add_pilot_api(schema)
        return schema


api = MicrocredApi(
    title="microcred API",
    version="1",
    description="Public register of micro-credentials and platform services. See the README for stable paths.",
    docs_url="/docs",
)
api.add_router("/", register_router)
api.add_router("/studio/", studio_router)
api.add_router("/recognition/", "microcred_web.recognition.api.router")
api.add_router("/skills/", "microcred_web.skills.api.router")
