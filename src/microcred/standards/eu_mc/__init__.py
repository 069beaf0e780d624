"""EU Council Recommendation of 16 June 2022 on micro-credentials (2022/C 243/02), Annex I."""

from microcred.standards.eu_mc.conformance import (
    ConformanceReport,
    Finding,
    Severity,
    check_document,
    check_spec,
)
from microcred.standards.eu_mc.elements import ELEMENTS, Element

__all__ = ["ELEMENTS", "ConformanceReport", "Element", "Finding", "Severity", "check_document", "check_spec"]
