from django.urls import path

from bops.submissions import api
from bops.validation import api_urls as validation_api_urls

app_name = "api"
urlpatterns = [
    path("planning_applications", api.PlanningApplicationsView.as_view(), name="planning-applications"),
    path("submissions", api.SubmissionsView.as_view(), name="submissions"),
    path("submissions/<uuid:submission_id>", api.SubmissionDetailView.as_view(), name="submission"),
    *validation_api_urls.urlpatterns,
]
