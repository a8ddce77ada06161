"""Bearer tokens for API clients: issued for a username and password, stored hashed (knox),
expiring after API_TOKEN_TTL_HOURS, revoked by logging out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from emining.audit import record_event
from emining.request_utils import client_ip
from emining.rest.views import StrictRequestsMixin
from emining.sign_in_lockout import lockout_message


class SignInLockedOut(exceptions.APIException):
    """Too many failed sign-ins for this account or address (see emining/sign_in_lockout.py)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self):
        super().__init__(detail=lockout_message())
        self.wait = int(settings.AXES_COOLOFF_TIME.total_seconds())


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username or email"), max_length=254)
    password = serializers.CharField(
        label=_("Password"), max_length=128, style={"input_type": "password"}, trim_whitespace=False
    )

    def validate(self, attrs):
        # Django's request, not DRF's: the lock-out (axes) marks it, as on the other doors.
        http_request = self.context["request"]._request
        user = authenticate(http_request, username=attrs["username"], password=attrs["password"])
        if getattr(http_request, "axes_locked_out", False):
            raise SignInLockedOut
        if user is None:
            raise serializers.ValidationError(
                _("Unable to sign in with these credentials."), code="authorization"
            )
        attrs["user"] = user
        return attrs


TokenResponse = inline_serializer(
    "TokenResponse", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
)


class ObtainTokenView(StrictRequestsMixin, APIView):
    """`POST {"username", "password"}` → `{"token", "expiry"}`. Throttled per client address."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_scope = "token"

    @extend_schema(request=CredentialsSerializer, responses={200: TokenResponse})
    def post(self, request):
        serializer = CredentialsSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        with transaction.atomic():
            instance, token = AuthToken.objects.create(user)
            record_event(
                action="api_token.created",
                actor=user,
                target=user,
                data={"token_key": instance.token_key},
                ip_address=client_ip(request),
            )
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_200_OK)


class RevokeTokenView(StrictRequestsMixin, APIView):
    """`POST` with the bearer token revokes that token (logs the client out)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        token = request.auth
        if not isinstance(token, AuthToken):
            return Response(
                {"detail": _("Log out with the bearer token you want to revoke.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        with transaction.atomic():
            record_event(
                action="api_token.revoked",
                actor=request.user,
                target=request.user,
                data={"token_key": token.token_key},
                ip_address=client_ip(request),
            )
            token.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class CurrentUserSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    agency = serializers.CharField(
        source="agency.slug", read_only=True, default=None, allow_null=True
    )
    preferred_language = serializers.CharField()


class CurrentUserView(StrictRequestsMixin, APIView):
    """Who the API thinks you are: a quick check that a token works."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: CurrentUserSerializer})
    def get(self, request):
        return Response(CurrentUserSerializer(request.user).data)
