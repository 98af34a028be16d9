"""URLs of the assessment libraries pages."""

urlpatterns: list = []
