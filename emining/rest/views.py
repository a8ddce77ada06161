"""What every API view does before its own work."""

from __future__ import annotations

from rest_framework.exceptions import MethodNotAllowed


class StrictRequestsMixin:
    """A method the view does not offer is a 405 before anything else (DRF would first ask
    for credentials and permissions, answering 401 or 403 to a TRACE); and a write's body is
    parsed even when the action takes no input, so that a malformed or absurdly nested body
    is refused (400) rather than silently ignored."""

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        if method in ("post", "put", "patch"):
            request.data  # noqa: B018 - parsing is the point
