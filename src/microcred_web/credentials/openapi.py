"""The VC-API in the platform's OpenAPI document (``/api/openapi.json``, ``/api/docs``).

The VC-API views are plain Django views at ``/vc-api/…`` (ADR 0701): their paths, bodies and
status codes are what the W3C test suites and other clients use, so they stay as they are and
are *described* here, after the shapes of W3C VCALM (``oas.yaml``) and our own additions.
:func:`add_vc_api` merges this description into the schema django-ninja builds.
"""

from __future__ import annotations

import copy
from typing import Any, Final

_JSON: Final = "application/json"
_TAG: Final = "VC-API (W3C VCALM)"
_OBJECT: Final = {"type": "object", "additionalProperties": True}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {_JSON: {"schema": schema}}}


_PROBLEM_RESPONSE: Final = _json_body(_ref("VcApiProblems"), "Problem details (RFC 9457)")
_COMMON: Final = {
    "415": _json_body(_ref("VcApiProblems"), "The request body is not JSON (Content-Type)"),
}
_AUTH: Final = {
    "401": _json_body(_ref("VcApiProblems"), "No valid VC-API token (Authorization: Bearer …)"),
}
#: The per-client limit on the verify endpoints (ADR 0320; RFC 6585 §4, Retry-After RFC 9110 §10.2.3).
_RATE_LIMITED: Final = {
    "429": {
        **_json_body(
            _ref("VcApiProblems"), "Too many requests from this client (urn:microcred:problem:rate-limited)"
        ),
        "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
    },
}
_LIST_PARAMS: Final = [
    {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
    {"name": "list_id", "in": "path", "required": True, "schema": {"type": "string"}},
]
_PUBLISH: Final = {
    "tags": [_TAG],
    "summary": "Sign and publish a status list credential now",
    "description": "204, no body. Lists are also re-signed in the transaction that changes a bit.",
    "operationId": "vcapi_status_list_publish",
    "security": [{"VcApiToken": []}],
    "parameters": _LIST_PARAMS,
    "requestBody": {"required": False, "content": {_JSON: {"schema": _OBJECT}}},
    "responses": {
        "204": {"description": "Published"},
        **_AUTH,
        "404": _json_body(_ref("VcApiProblems"), "No such list of this token's institution"),
        **_COMMON,
    },
}

PATHS: Final[dict[str, Any]] = {
    "/vc-api/credentials/issue": {
        "post": {
            "tags": [_TAG],
            "summary": "Issue (sign) a VCDM 2.0 credential for the token's institution",
            "description": (
                "The credential's issuer must be the token's institution. A revocation "
                "BitstringStatusListEntry is added unless the credential carries credentialStatus "
                "or options.credentialStatus says otherwise (false or [] for none)."
            ),
            "operationId": "vcapi_issue",
            "security": [{"VcApiToken": []}],
            "requestBody": {"required": True, "content": {_JSON: {"schema": _ref("IssueRequest")}}},
            "responses": {
                "201": _json_body(_ref("IssueResponse"), "The signed credential"),
                "400": _PROBLEM_RESPONSE,
                **_AUTH,
                **_COMMON,
            },
        }
    },
    "/vc-api/credentials/verify": {
        "post": {
            "tags": [_TAG],
            "summary": "Verify a credential (JSON-LD with a Data Integrity proof, or vc+jwt)",
            "operationId": "vcapi_verify",
            "requestBody": {"required": True, "content": {_JSON: {"schema": _ref("VerifyRequest")}}},
            "responses": {
                "200": _json_body(_ref("VerifyResponse"), "Verified"),
                "400": _json_body(_ref("VerifyResponse"), "Not verified, or an unreadable request"),
                **_COMMON,
                **_RATE_LIMITED,
            },
        }
    },
    "/vc-api/presentations/verify": {
        "post": {
            "tags": [_TAG],
            "summary": "Verify a presentation and every credential in it",
            "operationId": "vcapi_verify_presentation",
            "requestBody": {
                "required": True,
                "content": {_JSON: {"schema": _ref("VerifyPresentationRequest")}},
            },
            "responses": {
                "200": _json_body(_ref("VerifyResponse"), "Verified"),
                "400": _json_body(_ref("VerifyResponse"), "Not verified, or an unreadable request"),
                **_COMMON,
                **_RATE_LIMITED,
            },
        }
    },
    "/vc-api/credentials/status": {
        "post": {
            "tags": [_TAG],
            "summary": "Revoke, suspend or unsuspend a credential issued by the token's institution",
            "operationId": "vcapi_status",
            "security": [{"VcApiToken": []}],
            "requestBody": {"required": True, "content": {_JSON: {"schema": _ref("StatusRequest")}}},
            "responses": {
                "200": _json_body(_ref("StatusResponse"), "The credential's status now"),
                "400": _PROBLEM_RESPONSE,
                **_AUTH,
                "404": _json_body(_ref("VcApiProblems"), "No such credential of this token's institution"),
                **_COMMON,
            },
        }
    },
    "/vc-api/status-lists": {
        "post": {
            "tags": [_TAG],
            "summary": "Create an empty status list (131,072 entries) and return its signed credential",
            "operationId": "vcapi_status_lists",
            "security": [{"VcApiToken": []}],
            "requestBody": {
                "required": False,
                "content": {
                    _JSON: {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "statusPurpose": {"type": "string", "enum": ["revocation", "suspension"]}
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": _json_body(_OBJECT, "The BitstringStatusListCredential (Location: its URL)"),
                "400": _PROBLEM_RESPONSE,
                **_AUTH,
                **_COMMON,
            },
        }
    },
    "/vc-api/status-lists/{slug}/{list_id}": {
        "get": {
            "tags": [_TAG],
            "summary": "A status list credential",
            "operationId": "vcapi_status_list",
            "parameters": _LIST_PARAMS,
            "responses": {
                "200": {
                    "description": "The signed BitstringStatusListCredential",
                    "content": {"application/vc": {"schema": _OBJECT}},
                },
                "404": _PROBLEM_RESPONSE,
            },
        }
    },
    "/vc-api/status-lists/{slug}/{list_id}/publish": {"post": _PUBLISH},
    "/status/{slug}/{list_id}/publish": {"post": {**_PUBLISH, "operationId": "status_list_publish"}},
}

SCHEMAS: Final[dict[str, Any]] = {
    "VcApiProblem": {
        "type": "object",
        "description": (
            "RFC 9457 problem detail. type is a registered W3C code (VCDM 2.0 §7.1, VC Data "
            "Integrity, Bitstring Status List) or one of ours under urn:microcred:problem:."
        ),
        "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "detail": {"type": "string"}},
        "required": ["type", "title", "detail"],
    },
    "VcApiProblems": {
        "type": "object",
        "properties": {"problemDetails": {"type": "array", "items": _ref("VcApiProblem")}},
        "required": ["problemDetails"],
    },
    "IssueRequest": {
        "type": "object",
        "properties": {
            "credential": _OBJECT,
            "options": {
                "type": "object",
                "additionalProperties": True,
                "description": "Unknown options are ignored.",
                "properties": {
                    "credentialId": {"type": "string"},
                    "cryptosuite": {"type": "string", "enum": ["eddsa-rdfc-2022", "eddsa-jcs-2022"]},
                    "credentialStatus": {
                        "description": "Status entries to add: an object {type, statusPurpose}, a list, "
                        "or false / [] for none",
                    },
                },
            },
        },
        "required": ["credential"],
    },
    "IssueResponse": {
        "type": "object",
        "properties": {"verifiableCredential": _OBJECT},
        "required": ["verifiableCredential"],
    },
    "VerifyRequest": {
        "type": "object",
        "properties": {
            "verifiableCredential": {
                "description": "A credential (JSON object), a compact vc+jwt, or an EnvelopedVerifiableCredential"
            },
            "options": {
                **_OBJECT,
                "description": "returnCredential is honoured; unknown options are ignored",
            },
        },
        "required": ["verifiableCredential"],
    },
    "VerifyPresentationRequest": {
        "type": "object",
        "properties": {
            "verifiablePresentation": _OBJECT,
            "options": {
                "type": "object",
                "additionalProperties": True,
                "properties": {"challenge": {"type": "string"}, "domain": {"type": "string"}},
            },
        },
        "required": ["verifiablePresentation"],
    },
    "VerifyResponse": {
        "type": "object",
        "properties": {
            "verified": {"type": "boolean"},
            "checks": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The checks performed (format, proof, key, trust, status, validity...)",
            },
            "problemDetails": {"type": "array", "items": _ref("VcApiProblem")},
            "results": _OBJECT,
            "warnings": {"type": "array", "items": _ref("VcApiProblem")},
            "credential": _OBJECT,
        },
        "required": ["verified", "problemDetails"],
    },
    "StatusRequest": {
        "type": "object",
        "properties": {
            "credentialId": {"type": "string"},
            "credentialStatus": {
                "description": "{type: BitstringStatusListEntry, statusPurpose: revocation|suspension} or a list"
            },
            "status": {"type": "boolean"},
            "reason": {"type": "string"},
        },
        "required": ["credentialId"],
    },
    "StatusResponse": {
        "type": "object",
        "properties": {
            "credentialId": {"type": "string"},
            "revoked": {"type": "boolean"},
            "suspended": {"type": "boolean"},
        },
    },
}


def add_vc_api(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` (an OpenAPI 3 document) with the VC-API paths, schemas and token scheme added."""
    schema.setdefault("paths", {}).update(copy.deepcopy(PATHS))
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {}).update(copy.deepcopy(SCHEMAS))
    components.setdefault("securitySchemes", {})["VcApiToken"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "A VC-API token of the issuing institution (shown once when created)",
    }
    return schema
