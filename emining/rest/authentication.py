"""Bearer-token authentication: knox's hashed, expiring tokens, refusing malformed ones early."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework import exceptions

# knox issues hex tokens; anything else (NUL bytes, other scripts, absurd lengths) is refused
# before it reaches the database, which would reject some of it with an error of its own.
TOKEN_SHAPE = re.compile(r"[0-9a-fA-F]{8,256}")


class BearerTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, token):
        text = token.decode("utf-8", "replace") if isinstance(token, bytes) else str(token)
        if not TOKEN_SHAPE.fullmatch(text):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(token)


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Documents the scheme in the OpenAPI schema (Swagger UI's "Authorize" button)."""

    target_class = "emining.rest.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token from POST /api/v1/auth/token/ (hashed at rest, expiring).",
        }
