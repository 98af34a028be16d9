"""URLs of the assessment stage."""

urlpatterns: list = []
