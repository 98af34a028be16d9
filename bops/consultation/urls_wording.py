"""URLs of the administrators' pages for the council's wording of neighbour letters and consultee emails."""

from django.urls import path

from bops.consultation import views_wording

urlpatterns = [
    path("admin/wording", views_wording.wording_list, name="wording"),
    path("admin/wording/<str:kind>", views_wording.wording_edit, name="wording-edit"),
]
