from django.urls import include, path

from bops.consultation import views

app_name = "consultation"
_case = "applications/<str:reference>/consultation"
urlpatterns = [
    path(_case, views.overview, name="overview"),
    path(f"{_case}/extend", views.extend, name="extend"),
    path("", include("bops.consultation.urls_neighbours")),
    path("", include("bops.consultation.urls_consultees")),
    path("", include("bops.consultation.urls_notices")),
    path("", include("bops.consultation.urls_comments")),
    path("", include("bops.consultation.urls_wording")),
]
