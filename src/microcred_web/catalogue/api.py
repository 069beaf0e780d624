"""Authenticated endpoints for authoring and the QA workflow (django-ninja router, under /api/studio/)."""

from ninja import Router

router = Router(tags=["studio"])
