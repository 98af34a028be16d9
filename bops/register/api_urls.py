"""The register's JSON APIs: the ODP public API the Digital Planning Register reads, and BOPS's own shapes."""

from django.urls import path

from bops.register import api_bops, api_odp

app_name = "register-api"
_odp = "api/@next/public/applications"
_v2 = "api/v2/public/planning_applications"
urlpatterns = [
    path(_odp, api_odp.ApplicationsView.as_view(), name="odp-applications"),
    path(f"{_odp}/<str:reference>", api_odp.ApplicationView.as_view(), name="odp-application"),
    path(f"{_odp}/<str:reference>/documents", api_odp.DocumentsView.as_view(), name="odp-documents"),
    path(f"{_odp}/<str:reference>/publicComments", api_odp.PublicCommentsView.as_view(), name="odp-public-comments"),
    path(
        f"{_odp}/<str:reference>/specialistComments",
        api_odp.SpecialistCommentsView.as_view(),
        name="odp-specialist-comments",
    ),
    path(
        f"{_odp}/<str:reference>/specialistComments/<int:specialist_id>",
        api_odp.SpecialistView.as_view(),
        name="odp-specialist",
    ),
    path(f"{_v2}/search", api_bops.PublicSearchView.as_view(), name="v2-search"),
    path(f"{_v2}/<str:reference>", api_bops.PublicShowView.as_view(), name="v2-show"),
    path(f"{_v2}/<str:reference>/documents", api_bops.PublicDocumentsView.as_view(), name="v2-documents"),
    path(f"{_v2}/<str:reference>/comments/public", api_bops.PublicCommentsView.as_view(), name="v2-public-comments"),
    path(
        f"{_v2}/<str:reference>/comments/specialist",
        api_bops.PublicSpecialistCommentsView.as_view(),
        name="v2-specialist-comments",
    ),
    path("api/v2/planning_applications/<str:reference>", api_bops.KeyedApplicationView.as_view(), name="v2-keyed"),
    path(
        "api/v1/planning_applications/<str:application_id>/neighbour_responses",
        api_bops.NeighbourResponsesView.as_view(),
        name="v1-neighbour-responses",
    ),
]
