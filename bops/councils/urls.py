from django.urls import path

from bops.councils import views

app_name = "councils"
urlpatterns = [
    path("admin/api-keys", views.api_keys, name="api-keys"),
    path("admin/api-keys/new", views.api_key_new, name="api-key-new"),
    path("admin/api-keys/<int:key_id>/revoke", views.api_key_revoke_view, name="api-key-revoke"),
    path("admin/os-maps", views.os_maps_key, name="os-maps-key"),
    path("admin/os-maps/remove", views.os_maps_key_remove, name="os-maps-key-remove"),
]
