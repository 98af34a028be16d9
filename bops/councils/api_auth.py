"""Bearer API keys for the JSON API. A key works only on its own council's subdomain, and only for its scopes."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from bops.councils.api_keys import api_key_authenticate
from bops.councils.models import ApiKey


class CouncilApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[None, ApiKey] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise exceptions.AuthenticationFailed("Send the key as: Authorization: Bearer <key>")
        council = getattr(request._request, "council", None)
        if council is None:
            raise exceptions.AuthenticationFailed("Use your council's address for the API.")
        key = api_key_authenticate(council=council, raw=raw.strip())
        if key is None:
            raise exceptions.AuthenticationFailed("The key is not valid for this council, or has been revoked.")
        return None, key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class HasScope(BasePermission):
    """The view names its subject (`required_scope = "planning_application"`); reads need `:read`, the rest `:write`."""

    message = "The key does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        key = request.auth
        if not isinstance(key, ApiKey):
            raise exceptions.NotAuthenticated("Send an API key: Authorization: Bearer <key>")
        subject = getattr(view, "required_scope", None)
        if subject is None:
            return True
        action = "read" if request.method in ("GET", "HEAD", "OPTIONS") else "write"
        needed = f"{subject}:{action}"
        self.message = f"The key does not allow {needed}."
        return needed in key.scopes


class CouncilApiKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the OpenAPI schema describes the council API key: a bearer token."""

    target_class = "bops.councils.api_auth.CouncilApiKeyAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "A council API key, e.g. bops_…"}
