from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "bops.maps"
    label = "maps"
