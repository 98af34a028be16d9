"""URLs of the assessment stage (namespace "assessment"): sections and recommendation, legislation, libraries."""

from django.urls import include, path

urlpatterns = [
    path("", include("bops.assessment.urls_sections")),
    path("", include("bops.assessment.urls_legislation")),
    path("", include("bops.assessment.urls_libraries")),
]
