"""URLs of the assessment against legislation (GPDO) of a case."""

from django.urls import path

from bops.assessment import views_legislation

urlpatterns = [
    path("applications/<str:reference>/assessment/legislation", views_legislation.assess, name="legislation"),
]
