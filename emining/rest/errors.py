"""Every API error as one shape: RFC 9457 problem details (`application/problem+json`).

    {"type": "about:blank", "title": "Bad request", "status": 400,
     "detail": "Some values are not valid; see the errors by field.", "code": "invalid",
     "errors": {"region": ["There is no region “x”."], "evaluation_criteria.0.weight": [...]}}

`detail` is always one sentence in the caller's language; `errors` (validation only) maps each
field, nested fields as dotted paths, to its messages; `code` is DRF's machine-readable code.
The schema documents this body once (`PROBLEM_SCHEMA`) for 400/401/403/404/409/429.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Service errors with this code refuse a workflow step the project's state does not allow.
CONFLICT_CODES = {"invalid_transition"}

TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Authentication required"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Server error"),
    503: gettext_lazy("Service unavailable"),
}


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = gettext_lazy("The request conflicts with the current state of the record.")
    default_code = "conflict"


def problem(status: int, detail: str, *, code: str = "", errors: dict | None = None) -> dict:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": str(TITLES.get(status, TITLES[500 if status >= 500 else 400])),
        "status": status,
        "detail": str(detail),
    }
    if code:
        body["code"] = code
    if errors:
        body["errors"] = errors
    return body


def problem_response(
    status: int, detail: str, *, code: str = "", headers: dict | None = None
) -> JsonResponse:
    """A problem outside DRF (Django's error handlers, middleware) in the same shape."""
    response = JsonResponse(
        problem(status, detail, code=code), status=status, content_type=PROBLEM_CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as {"field.0.subfield": [messages]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for path, messages in _flatten(value, name).items():
                flat.setdefault(path, []).extend(messages)
    elif isinstance(errors, list) and any(isinstance(item, dict | list) for item in errors):
        for index, value in enumerate(errors):
            for path, messages in _flatten(value, f"{prefix}.{index}" if prefix else str(index)):
                flat.setdefault(path, []).extend(messages)
    elif isinstance(errors, list):
        flat[prefix or "detail"] = [str(message) for message in errors]
    elif errors not in (None, ""):
        flat[prefix or "detail"] = [str(errors)]
    return {path: messages for path, messages in flat.items() if messages}


def _codes(exc: exceptions.APIException) -> set[str]:
    found: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif value:
            found.add(str(value))

    walk(exc.get_codes())
    return found


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        # Domain errors from services reach the API with their translated messages.
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        codes = {error.code for error in exc.error_list} if hasattr(exc, "error_list") else set()
        if codes & CONFLICT_CODES:
            return Conflict(" ".join(exc.messages))
        return exceptions.ValidationError(detail)
    if isinstance(exc, Http404):
        # Django's message names the model in English ("No Mineral matches..."): say it plainly.
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args[:1])
    return exc


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    code = ""
    if isinstance(exc, exceptions.APIException):
        codes = _codes(exc)
        code = codes.pop() if len(codes) == 1 else exc.default_code
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(response.data)
        general = errors.pop("non_field_errors", []) + errors.pop("detail", [])
        detail = " ".join(general) or _("Some values are not valid; see the errors by field.")
        body = problem(status, detail, code="invalid", errors=errors or None)
    else:
        data = response.data
        detail = data.get("detail", "") if isinstance(data, dict) else " ".join(map(str, data))
        body = problem(status, str(detail) or str(TITLES.get(status, "")), code=code)
    if status == 401 and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
