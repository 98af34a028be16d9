"""The public register: what anyone may see of a council's applications, and the comment form."""

from django.urls import path

from bops.register import views

app_name = "register"
_case = "planning-applications/<str:reference>"
urlpatterns = [
    path(_case, views.application, name="application"),
    path(f"{_case}/documents/<int:document_id>", views.document, name="document"),
    path(f"{_case}/comment", views.comment, name="comment"),
    path(f"{_case}/comment/sent", views.comment_sent, name="comment-sent"),
]
