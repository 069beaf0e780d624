"""1EdTech Open Badges 3.0 (on W3C VCDM 2.0): composing credentials from a micro-credential spec.

Public API:

* :func:`achievement_from_spec` — the ``Achievement`` (OB 3.0 §B.1.3) with every EU element;
* :func:`compose_credential` — the unsigned ``OpenBadgeCredential`` of an award (§B.1.1);
* :class:`IssuerProfile` — the issuer ``Profile`` (§B.1.15);
* :func:`validate_ob3` / :func:`schema_problems` — the OB 3.0 JSON Schema (§9.1);
* :func:`identity_hash`, :func:`identity_matches`, :func:`new_salt` — salted identities (§B.2.4).
"""

from microcred.standards.ob3.achievement import IncompleteSpecError, achievement_from_spec, profile
from microcred.standards.ob3.constants import OB3_CONTEXTS, OB3_SCHEMA_URL
from microcred.standards.ob3.credential import (
    IssuerProfile,
    add_duration,
    compose_credential,
    new_credential_id,
    xsd_datetime,
)
from microcred.standards.ob3.identity import identity_hash, identity_matches, new_salt, normalise_email
from microcred.standards.ob3.schema import SchemaError, schema_problems, validate_ob3

__all__ = [
    "OB3_CONTEXTS",
    "OB3_SCHEMA_URL",
    "IncompleteSpecError",
    "IssuerProfile",
    "SchemaError",
    "achievement_from_spec",
    "add_duration",
    "compose_credential",
    "identity_hash",
    "identity_matches",
    "new_credential_id",
    "new_salt",
    "normalise_email",
    "profile",
    "schema_problems",
    "validate_ob3",
    "xsd_datetime",
]
