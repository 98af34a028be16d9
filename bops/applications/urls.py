from django.urls import path

from bops.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("workload", views.team_workload, name="workload"),
    path("applications/new", views.new, name="new"),
    path("applications/<str:reference>", views.case, name="case"),
    path("applications/<str:reference>/assign", views.assign, name="assign"),
    path("applications/<str:reference>/documents/<int:document_id>", views.document, name="document"),
    path("applications/<str:reference>/<str:event>", views.close, name="close"),
    path("admin/application-types", views.types, name="types"),
    path("admin/application-types/<str:code>", views.type_edit, name="type-edit"),
]
