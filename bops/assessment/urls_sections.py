"""URLs of the assessment sections pages."""

urlpatterns: list = []
