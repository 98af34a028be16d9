"""URLs of the consultation's consultees pages (views_consultees.py)."""

urlpatterns: list = []
