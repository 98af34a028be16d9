from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "bops.notifications"
    label = "notifications"
