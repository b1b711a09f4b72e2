"""Response headers Django has no setting for."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``) to every response, so that
    neither the portal nor anything injected into it can use the camera, the microphone, the
    location... of a citizen's phone."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
