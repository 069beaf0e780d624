"""Public read endpoints of the register (django-ninja router, mounted under /api/)."""

from ninja import Router

router = Router(tags=["register"])
