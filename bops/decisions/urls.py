"""URLs of the decisions stage: review, determination and the decision notice, appeals."""

from django.urls import path

from bops.decisions import views

app_name = "decisions"
_case = "applications/<str:reference>"
urlpatterns = [
    path(f"{_case}/review", views.review, name="review"),
    path(f"{_case}/review/committee", views.committee, name="committee"),
    path(f"{_case}/decision", views.decision, name="decision"),
    path(f"{_case}/decision/notice.pdf", views.notice_pdf, name="notice-pdf"),
    path(f"{_case}/appeals", views.appeals, name="appeals"),
    path(f"{_case}/appeals/<int:appeal_id>", views.appeal_update, name="appeal-update"),
]
