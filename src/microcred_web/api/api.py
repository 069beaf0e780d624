"""The JSON API (django-ninja). OpenAPI docs at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="microcred API",
    version="1",
    description="Public register of micro-credentials and platform services. See the README for stable paths.",
    docs_url="/docs",
)
