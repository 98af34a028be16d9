from django.urls import path

from bops.validation import api

urlpatterns = [
    path(
        "planning_applications/<str:reference>/validation_requests",
        api.ValidationRequestsView.as_view(),
        name="validation-requests",
    ),
    path(
        "planning_applications/<str:reference>/validation_requests/<int:request_id>",
        api.ValidationRequestView.as_view(),
        name="validation-request",
    ),
    path(
        "planning_applications/<str:reference>/validation_requests/<int:request_id>/response",
        api.ValidationRequestResponseView.as_view(),
        name="validation-request-response",
    ),
]
