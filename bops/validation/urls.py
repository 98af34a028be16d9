from django.urls import path

from bops.validation import applicant_views, views

app_name = "validation"
_case = "applications/<str:reference>/validation"
urlpatterns = [
    # The officer's validation stage.
    path(_case, views.tasks, name="tasks"),
    path(f"{_case}/confirm", views.confirm, name="confirm"),
    path(f"{_case}/decision", views.decision, name="decision"),
    path(f"{_case}/requests", views.requests, name="requests"),
    path(f"{_case}/requests/new", views.request_new, name="request-new"),
    path(f"{_case}/requests/<int:request_id>", views.request_detail, name="request"),
    path(f"{_case}/requests/<int:request_id>/cancel", views.request_cancel, name="request-cancel"),
    path(f"{_case}/constraints/<int:constraint_id>/remove", views.constraint_remove, name="constraint-remove"),
    path(f"{_case}/<slug:slug>", views.task, name="task"),
    # The applicant's pages, reached by a signed link (links.py).
    path("respond/<str:token>", applicant_views.respond, name="respond"),
    path("respond/<str:token>/requests/<int:request_id>", applicant_views.respond_request, name="respond-request"),
    path("respond/<str:token>/new-link", applicant_views.new_link, name="respond-new-link"),
]
