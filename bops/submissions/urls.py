from django.urls import path

from bops.submissions import views

app_name = "submissions"
urlpatterns = [
    path("admin/submissions", views.submissions, name="list"),
    path("admin/submissions/<uuid:submission_id>", views.submission, name="detail"),
    path("admin/submissions/<uuid:submission_id>/retry", views.retry, name="retry"),
]
