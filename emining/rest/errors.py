"""JSON errors for the API: DRF's own, plus Django errors that would otherwise be HTML or 500."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # Domain errors from services reach the API as 400 with their translated messages.
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Http404):
        # Django's message names the model in English ("No Mineral matches..."): say it plainly.
        response.data = {"detail": str(exceptions.NotFound.default_detail)}
    elif isinstance(response.data, list):
        response.data = {"detail": response.data}
    return response


def json_error(message: str, *, status_code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"detail": message}, status=status_code)
