"""The results API in the platform's OpenAPI document (``/api/docs``): it is a plain view, like
the VC-API, so its description is written here and added to ninja's schema."""

from __future__ import annotations

import copy
from typing import Any

from microcred.pilot.rows import COLUMNS
from microcred.recognition.values import SUPERVISION_ORDER

_SUPERVISION = {"type": "string", "enum": list(SUPERVISION_ORDER)}
_PROBLEM = {
    "type": "object",
    "properties": {
        "row": {
            "type": "integer",
            "description": "the item's position in results, from 1; 0 = the whole body",
        },
        "column": {"type": "string"},
        "code": {"type": "string", "examples": ["grade.not_in_scheme"]},
        "params": {"type": "object", "additionalProperties": {"type": "string"}},
        "message": {"type": "string", "description": "in the language of Accept-Language (en, vi, lo)"},
    },
}
_ITEM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["external_id", "given_names", "email"],
    "properties": {
        **{c: {"type": "string"} for c in COLUMNS},
        "grade": {"type": ["string", "number"], "description": "in the specification's grading scheme"},
        "passed": {
            "type": ["boolean", "string"],
            "description": "may confirm the grade, never contradict it",
        },
        "assessed_on": {"type": "string", "format": "date"},
        "supervision_applied": _SUPERVISION,
    },
}
PATHS: dict[str, Any] = {
    "/api/pilot/offerings/{id}/results": {
        "post": {
            "tags": ["pilot"],
            "summary": "Enrol learners and record their results in an offering (all or nothing; ADR 1001)",
            "operationId": "pilot_results",
            "security": [{"VcApiToken": []}],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["results"],
                            "properties": {
                                "supervision_applied": _SUPERVISION,
                                "results": {"type": "array", "items": _ITEM},
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "Every item written",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    k: {"type": "integer"}
                                    for k in ("offering", "import", "rows", "created", "updated")
                                }
                                | {"grading_table_version": {"type": "string"}},
                            }
                        }
                    },
                },
                "400": {
                    "description": "Nothing written: every problem",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"problems": {"type": "array", "items": _PROBLEM}},
                            }
                        }
                    },
                },
                "401": {"description": "No live token"},
                "403": {"description": "The token lacks the scope results"},
                "404": {"description": "No such offering at the token's institution"},
                "415": {"description": "The body is not application/json"},
            },
        }
    }
}


def add_pilot_api(schema: dict[str, Any]) -> dict[str, Any]:
    schema.setdefault("paths", {}).update(copy.deepcopy(PATHS))
    return schema
