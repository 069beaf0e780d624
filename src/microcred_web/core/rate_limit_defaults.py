"""The per-client rate limits' scopes and default rates (ADR 0320; documented in the README).

A module of its own, importing nothing, so the settings (which add ``MICROCRED_RATE_LIMITS``
from the environment) and ``core.rate_limits`` read the one table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

DEFAULT_RATE_LIMITS: Final[Mapping[str, str]] = {
    "verify": "30/m",
    "vc_api_verify": "60/m",
    # a batch checks up to 50 credentials (ADR 1450): a tenth of the single verifier's rate
    "verify_batch": "6/m",
    "register_search": "120/m",
    "register_export": "10/m",
    # the pilot's public figures walk every cohort (issue 11 item 5)
    "pilot_figures": "60/m",
    # the OpenID4VCI token, nonce and credential endpoints (ADR 1360): a wallet needs a handful
    "wallet": "30/m",
}
