from django.urls import path

from bops.maps import views

app_name = "maps"
# Only the tile route: the path @opensystemslab/map builds from osProxyEndpoint="<origin>/map-tiles".
urlpatterns = [
    path("map-tiles/maps/raster/v1/zxy/<str:layer>/<int:z>/<int:x>/<int:y>.png", views.tile, name="tile"),
]
