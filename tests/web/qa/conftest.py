"""The studio's fixtures (MUNI and its designer, QA reviewer and administrator)."""

from tests.web.catalogue.conftest import muni, staff

__all__ = ["muni", "staff"]
