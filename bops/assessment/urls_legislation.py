"""URLs of the assessment legislation pages."""

urlpatterns: list = []
