"""The JSON API (django-ninja). OpenAPI docs at /api/docs. Each app contributes a router."""

from ninja import NinjaAPI

from microcred_web.catalogue.api import router as studio_router
from microcred_web.register.api import router as register_router

api = NinjaAPI(
    title="microcred API",
    version="1",
    description="Public register of micro-credentials and platform services. See the README for stable paths.",
    docs_url="/docs",
)
api.add_router("/", register_router)
api.add_router("/studio/", studio_router)
api.add_router("/recognition/", "microcred_web.recognition.api.router")
