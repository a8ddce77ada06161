"""The OpenAPI schema says what the API does: one error body, the errors each operation can
answer, which operations are public, and operation ids without the version prefix.

A postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) rather than a decorator
on every view, so that a new endpoint is documented the same way without anyone remembering.
"""

from __future__ import annotations

import re

from emining.rest.errors import PROBLEM_CONTENT_TYPE

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error, as RFC 9457 problem details. `detail` is in the caller's language.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "`about:blank`: the status says it all."},
        "title": {"type": "string", "description": "The status, in words."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What went wrong, in one or two sentences."},
        "code": {
            "type": "string",
            "description": "A machine-readable reason: `invalid`, `not_found`, "
            "`not_authenticated`, `authentication_failed`, `permission_denied`, `conflict`, "
            "`throttled`, `locked_out`, `parse_error`, ...",
        },
        "errors": {
            "type": "object",
            "description": "Validation errors by field; nested fields as dotted paths "
            "(`evaluation_criteria.0.weight`).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}

ERROR_DESCRIPTIONS = {
    "400": "The input is not valid (see `errors`) or a rule refused it.",
    "401": "No valid credentials: a missing, malformed, expired or revoked token.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such record (or not visible to you), or no such page.",
    "409": "The current status of the project or bid does not allow this step.",
    "429": "Too many requests, or sign-in paused after failed attempts: see `Retry-After`.",
}

# Workflow steps: refused with 409 when the project's status does not allow them.
WORKFLOW_ACTIONS = re.compile(
    r"/(submit|return|publish|close|open|evaluate|award|cancel|revise|withdraw|confirm|shortlist)/$"
)
TOKEN_PATH = "/api/v1/auth/token/"  # noqa: S105 - a path, not a secret
NOT_EMPTY = {"page", "page_size", "format"}
# Reads for signed-in callers only (the rest of the reads are open to everyone).
SIGNED_IN_READS = ("/api/v1/me/", "/api/v1/matches/")


def _is_public(path: str, method: str) -> bool:
    """Anyone may read the catalogue and the projects they may see, and ask for a token."""
    if path == TOKEN_PATH:
        return True
    return method == "get" and path not in SIGNED_IN_READS


def _error_codes(path: str, method: str, operation: dict) -> list[str]:
    public = _is_public(path, method)
    takes_input = bool(operation.get("requestBody")) or any(
        parameter.get("in") == "query" for parameter in operation.get("parameters", [])
    )
    codes = ["429"]
    if takes_input or method in ("post", "put", "patch"):
        codes.append("400")
    if path != TOKEN_PATH:
        codes.append("401")  # also on public reads: a bad token is refused, not ignored
    if not public:
        codes.append("403")
    query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    if "{" in path or {"page", "format"} & query:
        codes.append("404")  # no such record, page past the end, or an unknown format
    if method == "post" and WORKFLOW_ACTIONS.search(path):
        codes.append("409")
    return sorted(codes)


def _json_only(operation: dict) -> None:
    body = operation.get("requestBody")
    if body:
        body["content"] = {
            media: spec for media, spec in body["content"].items() if media == "application/json"
        }


def document_errors_and_access(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code in _error_codes(path, method, operation):
                existing = responses.get(code, {})
                responses[code] = {
                    "description": existing.get("description") or ERROR_DESCRIPTIONS[code],
                    "content": {PROBLEM_CONTENT_TYPE: {"schema": problem_ref}},
                }
                if code == "429":
                    responses[code]["headers"] = {
                        "Retry-After": {
                            "schema": {"type": "integer"},
                            "description": "Seconds to wait before trying again.",
                        }
                    }
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter["name"] not in NOT_EMPTY:
                    # An empty filter (`?kind=`) means "any", as the HTML forms send it.
                    parameter["allowEmptyValue"] = True
            if _is_public(path, method):
                operation["security"] = []
            _json_only(operation)
    return result
