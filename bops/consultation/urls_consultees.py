"""URLs of the consultation's consultees pages: the directory and a case's consultees (views_consultees.py),
and the consultee's own pages, opened by a signed link (consultee_views.py)."""

from django.urls import path

from bops.consultation import consultee_views, views_consultees

_case = "applications/<str:reference>/consultation/consultees"
urlpatterns = [
    path("admin/consultees", views_consultees.directory, name="directory"),
    path("admin/consultees/new", views_consultees.directory_edit, name="directory-new"),
    path("admin/consultees/<int:consultee_id>", views_consultees.directory_edit, name="directory-edit"),
    path("admin/consultees/<int:consultee_id>/active", views_consultees.directory_active, name="directory-active"),
    path(_case, views_consultees.case_consultees, name="consultees"),
    path(f"{_case}/add", views_consultees.case_consultee_add, name="consultee-add"),
    path(f"{_case}/send", views_consultees.case_consultees_send, name="consultees-send"),
    path(f"{_case}/<int:case_consultee_id>/remove", views_consultees.case_consultee_remove, name="consultee-remove"),
    path(
        f"{_case}/<int:case_consultee_id>/response",
        views_consultees.case_consultee_response,
        name="consultee-response",
    ),
    path("consultee/<str:token>", consultee_views.portal, name="consultee-portal"),
    path(
        "consultee/<str:token>/documents/<int:document_id>", consultee_views.portal_document, name="consultee-document"
    ),
    path("consultee/<str:token>/new-link", consultee_views.portal_new_link, name="consultee-new-link"),
]
