"""URLs of the decisions stage."""

urlpatterns: list = []
