"""URLs of the officers' responses pages (views_comments.py): comments and consultee responses, and redaction."""

from django.urls import path

from bops.consultation import views_comments as views

_responses = "applications/<str:reference>/consultation/responses"
urlpatterns = [
    path(_responses, views.responses, name="responses"),
    path(f"{_responses}/new", views.comment_new, name="comment-new"),
    path(f"{_responses}/comments/<int:comment_id>/redact", views.comment_redact, name="comment-redact"),
    path(
        f"{_responses}/consultees/<int:response_id>/redact",
        views.consultee_response_redact,
        name="consultee-response-redact",
    ),
]
