from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "bops.register"
    label = "register"
