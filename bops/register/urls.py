"""The public register: what anyone may see of a council's applications, and the comment form."""

from django.urls import path

from bops.register import views

app_name = "register"
_case = "planning-applications/<str:reference>"
urlpatterns = [
    path("planning-applications", views.search, name="search"),
    path("planning-applications.csv", views.export_csv, name="export"),
    path("planning-applications/map", views.applications_map, name="map"),
    path("planning-applications/feeds/new.atom", views.feed_new, name="feed-new"),
    path("planning-applications/feeds/decisions.atom", views.feed_decisions, name="feed-decisions"),
    path(_case, views.application, name="application"),
    path(f"{_case}/documents/<int:document_id>", views.document, name="document"),
    path(f"{_case}/comment", views.comment, name="comment"),
    path(f"{_case}/comment/sent", views.comment_sent, name="comment-sent"),
]
