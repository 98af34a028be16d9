"""URLs of the consultation's neighbours pages (views_neighbours.py)."""

from django.urls import path

from bops.consultation import views_neighbours as views

_page = "applications/<str:reference>/consultation/neighbours"
urlpatterns = [
    path(_page, views.neighbours_page, name="neighbours"),
    path(f"{_page}/search", views.neighbours_add_search, name="neighbours-add-search"),
    path(f"{_page}/area", views.neighbours_add_area, name="neighbours-add-area"),
    path(f"{_page}/<int:neighbour_id>/remove", views.neighbour_remove, name="neighbour-remove"),
    path(f"{_page}/letters", views.neighbour_letters_send, name="neighbour-letters-send"),
    path(f"{_page}/letters/<int:letter_id>.pdf", views.neighbour_letters_pdf, name="neighbour-letters-pdf"),
]
