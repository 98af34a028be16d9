"""Placeholder: the JSON API for validation requests is being written (see the helper's brief)."""

from rest_framework.views import APIView


class ValidationRequestsView(APIView):
    pass


class ValidationRequestView(APIView):
    pass


class ValidationRequestResponseView(APIView):
    pass
