"""URLs of the consultation's neighbours pages (views_neighbours.py)."""

urlpatterns: list = []
