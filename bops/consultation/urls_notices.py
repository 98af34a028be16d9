"""URLs of the consultation's notices pages (views_notices.py)."""

urlpatterns: list = []
